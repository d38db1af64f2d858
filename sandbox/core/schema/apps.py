"""apps/v1 kinds: Deployment, ReplicaSet, DaemonSet."""

from __future__ import annotations

from typing import Any

from .base import Bool, Int32, IntOrString, K8sModel, LabelSelector, ObjectMeta, Str
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
