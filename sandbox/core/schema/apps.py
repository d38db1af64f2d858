"""apps/v1 kinds: Deployment, ReplicaSet, DaemonSet, StatefulSet."""

from __future__ import annotations

from typing import Any, Optional

from .base import Bool, Int32, IntOrString, K8sModel, LabelSelector, LooseList, ObjectMeta, Str
from .core import PodTemplateSpec


class RollingUpdateDeployment(K8sModel):
    maxUnavailable: IntOrString = None
    maxSurge: IntOrString = None


class DeploymentStrategy(K8sModel):
    type: Str = None
    rollingUpdate: Optional[RollingUpdateDeployment] = None


class DeploymentSpec(K8sModel):
    replicas: Int32 = None
    selector: Optional[LabelSelector] = None
    template: Optional[PodTemplateSpec] = None
    strategy: Optional[DeploymentStrategy] = None
    minReadySeconds: Int32 = None
    revisionHistoryLimit: Int32 = None
    paused: Bool = None
    progressDeadlineSeconds: Int32 = None


class Deployment(K8sModel):
    apiVersion: Str = None
    kind: Str = None
    metadata: Optional[ObjectMeta] = None
    spec: Optional[DeploymentSpec] = None
    status: Any = None


class ReplicaSetSpec(K8sModel):
    replicas: Int32 = None
    minReadySeconds: Int32 = None
    selector: Optional[LabelSelector] = None
    template: Optional[PodTemplateSpec] = None


class ReplicaSet(K8sModel):
    apiVersion: Str = None
    kind: Str = None
    metadata: Optional[ObjectMeta] = None
    spec: Optional[ReplicaSetSpec] = None
    status: Any = None


class RollingUpdateDaemonSet(K8sModel):
    maxUnavailable: IntOrString = None
    maxSurge: IntOrString = None


class DaemonSetUpdateStrategy(K8sModel):
    type: Str = None
    rollingUpdate: Optional[RollingUpdateDaemonSet] = None


class DaemonSetSpec(K8sModel):
    selector: Optional[LabelSelector] = None
    template: Optional[PodTemplateSpec] = None
    updateStrategy: Optional[DaemonSetUpdateStrategy] = None
    minReadySeconds: Int32 = None
    revisionHistoryLimit: Int32 = None


class DaemonSet(K8sModel):
    apiVersion: Str = None
    kind: Str = None
    metadata: Optional[ObjectMeta] = None
    spec: Optional[DaemonSetSpec] = None
    status: Any = None


class RollingUpdateStatefulSetStrategy(K8sModel):
    partition: Int32 = None
    maxUnavailable: IntOrString = None


class StatefulSetUpdateStrategy(K8sModel):
    type: Str = None
    rollingUpdate: Optional[RollingUpdateStatefulSetStrategy] = None


class StatefulSetPersistentVolumeClaimRetentionPolicy(K8sModel):
    whenDeleted: Str = None
    whenScaled: Str = None


class StatefulSetOrdinals(K8sModel):
    start: Int32 = None


class StatefulSetSpec(K8sModel):
    replicas: Int32 = None
    selector: Optional[LabelSelector] = None
    template: Optional[PodTemplateSpec] = None
    volumeClaimTemplates: LooseList("[]v1.PersistentVolumeClaim") = None
    serviceName: Str = None
    podManagementPolicy: Str = None
    updateStrategy: Optional[StatefulSetUpdateStrategy] = None
    revisionHistoryLimit: Int32 = None
    minReadySeconds: Int32 = None
    persistentVolumeClaimRetentionPolicy: Optional[StatefulSetPersistentVolumeClaimRetentionPolicy] = None
    ordinals: Optional[StatefulSetOrdinals] = None


class StatefulSet(K8sModel):
    apiVersion: Str = None
    kind: Str = None
    metadata: Optional[ObjectMeta] = None
    spec: Optional[StatefulSetSpec] = None
    status: Any = None
