"""The manifest schema: one strict pydantic model per kind, and the API group each kind is served in.

A kind's module of models is imported the first time its model is asked for (and the models build
their validators on first use, see base.K8sModel): `kubectl create deployment` then pays for the apps
and core models only, and a command that validates nothing for none.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantic import BaseModel


@dataclass(frozen=True)
class KindInfo:
    kind: str
    module: str              # the module of sandbox.core.schema that defines the kind's model
    group: str               # "" for the core group
    versions: tuple[str, ...]  # apiVersions the kind is served in, preferred first

    @property
    def model(self) -> type[BaseModel]:
        model: type[BaseModel] = getattr(importlib.import_module(f"{__name__}.{self.module}"), self.kind)
        return model

    @property
    def qualified(self) -> str:
        """`Deployment.apps`, `Pod`: how the API server names the kind in "is invalid" errors (each
        model is named after its kind, so naming it needs no model built)."""
        return f"{self.kind}.{self.group}" if self.group else self.kind


def _kinds() -> dict[str, KindInfo]:
    table = {
        ("core", "", ("v1",)): ("Pod", "Service", "Namespace", "Node", "ConfigMap", "Secret", "Endpoints", "Event"),
        ("apps", "apps", ("apps/v1",)): ("Deployment", "ReplicaSet", "DaemonSet", "StatefulSet"),
        ("batch", "batch", ("batch/v1",)): ("Job", "CronJob"),
        ("networking", "networking.k8s.io", ("networking.k8s.io/v1",)): ("Ingress", "IngressClass", "NetworkPolicy"),
        ("discovery", "discovery.k8s.io", ("discovery.k8s.io/v1",)): ("EndpointSlice",),
        ("policy", "policy", ("policy/v1",)): ("PodDisruptionBudget",),
        ("autoscaling", "autoscaling", ("autoscaling/v2",)): ("HorizontalPodAutoscaler",),
        # The Istio CRDs serve v1 (preferred since Istio 1.22), v1beta1 and v1alpha3.
        ("istio", "networking.istio.io", ("networking.istio.io/v1", "networking.istio.io/v1beta1",
                                          "networking.istio.io/v1alpha3")): ("VirtualService", "DestinationRule"),
    }
    return {kind: KindInfo(kind, module, group, versions)
            for (module, group, versions), kinds in table.items() for kind in kinds}


KINDS: dict[str, KindInfo] = _kinds()
