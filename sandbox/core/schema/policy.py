"""policy/v1 kinds: PodDisruptionBudget."""

from __future__ import annotations

from typing import Any, Optional

from .base import IntOrString, K8sModel, LabelSelector, ObjectMeta, Str


class PodDisruptionBudgetSpec(K8sModel):
    minAvailable: IntOrString = None
    selector: Optional[LabelSelector] = None
    maxUnavailable: IntOrString = None
    unhealthyPodEvictionPolicy: Str = None


class PodDisruptionBudget(K8sModel):
    apiVersion: Str = None
    kind: Str = None
    metadata: Optional[ObjectMeta] = None
    spec: Optional[PodDisruptionBudgetSpec] = None
    status: Any = None
