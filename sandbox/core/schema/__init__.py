"""The manifest schema: one strict pydantic model per kind, and the API group each kind is served in."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from . import apps, autoscaling, batch, core, discovery, istio, networking, policy


@dataclass(frozen=True)
class KindInfo:
    model: type[BaseModel]
    group: str               # "" for the core group
    versions: tuple[str, ...]  # apiVersions the kind is served in, preferred first

    @property
    def qualified(self) -> str:
        """`Deployment.apps`, `Pod`: how the API server names the kind in "is invalid" errors."""
        return f"{self.model.__name__}.{self.group}" if self.group else self.model.__name__


def _kinds() -> dict[str, KindInfo]:
    table = {
        (core, "", ("v1",)): ("Pod", "Service", "Namespace", "Node", "ConfigMap", "Secret", "Endpoints", "Event"),
        (apps, "apps", ("apps/v1",)): ("Deployment", "ReplicaSet", "DaemonSet", "StatefulSet"),
        (batch, "batch", ("batch/v1",)): ("Job", "CronJob"),
        (networking, "networking.k8s.io", ("networking.k8s.io/v1",)): ("Ingress", "IngressClass", "NetworkPolicy"),
        (discovery, "discovery.k8s.io", ("discovery.k8s.io/v1",)): ("EndpointSlice",),
        (policy, "policy", ("policy/v1",)): ("PodDisruptionBudget",),
        (autoscaling, "autoscaling", ("autoscaling/v2",)): ("HorizontalPodAutoscaler",),
        # The Istio CRDs serve v1 (preferred since Istio 1.22), v1beta1 and v1alpha3.
        (istio, "networking.istio.io", ("networking.istio.io/v1", "networking.istio.io/v1beta1",
                                        "networking.istio.io/v1alpha3")): ("VirtualService", "DestinationRule"),
    }
    return {kind: KindInfo(getattr(module, kind), group, versions)
            for (module, group, versions), kinds in table.items() for kind in kinds}


KINDS: dict[str, KindInfo] = _kinds()
