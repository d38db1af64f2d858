"""apps/v1 kinds: Deployment, ReplicaSet, DaemonSet, StatefulSet."""

from __future__ import annotations

from typing import Annotated, Any

from .base import Bool, Go, Int32, IntOrString, K8sModel, LabelSelector, LooseList, ObjectMeta, Str
from .core import PodTemplateSpec


class RollingUpdateDeployment(K8sModel):
    maxUnavailable: IntOrString = None
    maxSurge: IntOrString = None


class DeploymentStrategy(K8sModel):
    type: Str = None
    rollingUpdate: RollingUpdateDeployment | None = None


class DeploymentSpec(K8sModel):
    replicas: Int32 = None
    selector: LabelSelector | None = None
    template: PodTemplateSpec | None = None
    strategy: DeploymentStrategy | None = None
    minReadySeconds: Int32 = None
    revisionHistoryLimit: Int32 = None
    paused: Bool = None
    progressDeadlineSeconds: Int32 = None


class Deployment(K8sModel):
    apiVersion: Str = None
    kind: Str = None
    metadata: ObjectMeta | None = None
    spec: DeploymentSpec | None = None
    status: Any = None


class ReplicaSetSpec(K8sModel):
    replicas: Int32 = None
    minReadySeconds: Int32 = None
    selector: LabelSelector | None = None
    template: PodTemplateSpec | None = None


class ReplicaSet(K8sModel):
    apiVersion: Str = None
    kind: Str = None
    metadata: ObjectMeta | None = None
    spec: ReplicaSetSpec | None = None
    status: Any = None


class RollingUpdateDaemonSet(K8sModel):
    maxUnavailable: IntOrString = None
    maxSurge: IntOrString = None


class DaemonSetUpdateStrategy(K8sModel):
    type: Str = None
    rollingUpdate: RollingUpdateDaemonSet | None = None


class DaemonSetSpec(K8sModel):
    selector: LabelSelector | None = None
    template: PodTemplateSpec | None = None
    updateStrategy: DaemonSetUpdateStrategy | None = None
    minReadySeconds: Int32 = None
    revisionHistoryLimit: Int32 = None


class DaemonSet(K8sModel):
    apiVersion: Str = None
    kind: Str = None
    metadata: ObjectMeta | None = None
    spec: DaemonSetSpec | None = None
    status: Any = None


class RollingUpdateStatefulSetStrategy(K8sModel):
    partition: Int32 = None
    maxUnavailable: IntOrString = None


class StatefulSetUpdateStrategy(K8sModel):
    type: Str = None
    rollingUpdate: RollingUpdateStatefulSetStrategy | None = None


class StatefulSetPersistentVolumeClaimRetentionPolicy(K8sModel):
    whenDeleted: Str = None
    whenScaled: Str = None


class StatefulSetOrdinals(K8sModel):
    start: Int32 = None


class StatefulSetSpec(K8sModel):
    replicas: Int32 = None
    selector: LabelSelector | None = None
    template: PodTemplateSpec | None = None
    volumeClaimTemplates: Annotated[LooseList, Go("[]v1.PersistentVolumeClaim")] = None
    serviceName: Str = None
    podManagementPolicy: Str = None
    updateStrategy: StatefulSetUpdateStrategy | None = None
    revisionHistoryLimit: Int32 = None
    minReadySeconds: Int32 = None
    persistentVolumeClaimRetentionPolicy: StatefulSetPersistentVolumeClaimRetentionPolicy | None = None
    ordinals: StatefulSetOrdinals | None = None


class StatefulSet(K8sModel):
    apiVersion: Str = None
    kind: Str = None
    metadata: ObjectMeta | None = None
    spec: StatefulSetSpec | None = None
    status: Any = None
