"""policy/v1 kinds: PodDisruptionBudget."""

from __future__ import annotations

from typing import Any

from .base import IntOrString, K8sModel, LabelSelector, ObjectMeta, Str


class PodDisruptionBudgetSpec(K8sModel):
    minAvailable: IntOrString = None
    selector: LabelSelector | None = None
    maxUnavailable: IntOrString = None
    unhealthyPodEvictionPolicy: Str = None


class PodDisruptionBudget(K8sModel):
    apiVersion: Str = None
    kind: Str = None
    metadata: ObjectMeta | None = None
    spec: PodDisruptionBudgetSpec | None = None
    status: Any = None
