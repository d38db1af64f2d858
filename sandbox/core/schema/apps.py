"""apps/v1 kinds: Deployment, ReplicaSet, DaemonSet."""

from __future__ import annotations

from typing import Any, Optional

from .base import Bool, Int32, IntOrString, K8sModel, LabelSelector, ObjectMeta, Str
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
