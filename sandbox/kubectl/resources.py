"""Resource types as kubectl knows them: names, plurals, short names, groups (api-resources)."""

from __future__ import annotations

from dataclasses import dataclass

from ..core.objects import API_VERSIONS, CLUSTER_SCOPED
from .errors import CommandError


@dataclass(frozen=True)
class ResourceType:
    """A kind as kubectl names it: plural and short names (`pods`, `po`)."""

    kind: str
    plural: str
    short_names: tuple[str, ...] = ()

    @property
    def api_version(self) -> str:
        return API_VERSIONS[self.kind]

    @property
    def group(self) -> str:
        return self.api_version.split("/")[0] if "/" in self.api_version else ""

    @property
    def namespaced(self) -> bool:
        return self.kind not in CLUSTER_SCOPED

    @property
    def singular(self) -> str:
        return self.kind.lower()

    @property
    def qualified(self) -> str:
        """`deployment.apps`: the prefix of `-o name` and of `created` messages."""
        return f"{self.singular}.{self.group}" if self.group else self.singular

    @property
    def qualified_plural(self) -> str:
        """`deployments.apps`: the resource named in server errors."""
        return f"{self.plural}.{self.group}" if self.group else self.plural


# In `kubectl api-resources` order (core group first, then by group name).
RESOURCE_TYPES: list[ResourceType] = [
    ResourceType("ConfigMap", "configmaps", ("cm",)),
    ResourceType("Endpoints", "endpoints", ("ep",)),
    ResourceType("Event", "events", ("ev",)),
    ResourceType("Namespace", "namespaces", ("ns",)),
    ResourceType("Node", "nodes", ("no",)),
    ResourceType("Pod", "pods", ("po",)),
    ResourceType("Secret", "secrets", ()),
    ResourceType("Service", "services", ("svc",)),
    ResourceType("DaemonSet", "daemonsets", ("ds",)),
    ResourceType("Deployment", "deployments", ("deploy",)),
    ResourceType("ReplicaSet", "replicasets", ("rs",)),
    ResourceType("StatefulSet", "statefulsets", ("sts",)),
    ResourceType("HorizontalPodAutoscaler", "horizontalpodautoscalers", ("hpa",)),
    ResourceType("CronJob", "cronjobs", ("cj",)),
    ResourceType("Job", "jobs", ()),
    ResourceType("EndpointSlice", "endpointslices", ()),
    ResourceType("IngressClass", "ingressclasses", ()),
    ResourceType("Ingress", "ingresses", ("ing",)),
    ResourceType("NetworkPolicy", "networkpolicies", ("netpol",)),
    ResourceType("DestinationRule", "destinationrules", ("dr",)),
    ResourceType("VirtualService", "virtualservices", ("vs",)),
    ResourceType("PodDisruptionBudget", "poddisruptionbudgets", ("pdb",)),
]

BY_KIND: dict[str, ResourceType] = {rt.kind: rt for rt in RESOURCE_TYPES}


def _aliases() -> dict[str, ResourceType]:
    table: dict[str, ResourceType] = {}
    for rt in RESOURCE_TYPES:
        names = [rt.plural, rt.singular, rt.kind, *rt.short_names]
        if rt.group:
            names += [rt.qualified, rt.qualified_plural]
        for name in names:
            table[name.lower()] = rt
    return table


ALIASES = _aliases()

# `kubectl get all`: the "all" category, in kubectl's order.
ALL_CATEGORY = ("Pod", "Service", "DaemonSet", "Deployment", "ReplicaSet", "StatefulSet", "HorizontalPodAutoscaler",
                "CronJob", "Job")


def resolve(name: str) -> ResourceType:
    rt = ALIASES.get(name.lower())
    if rt is None:
        raise CommandError(f'error: the server doesn\'t have a resource type "{name}"')
    return rt


def type_names() -> list[str]:
    """Every word that names a type, for completion."""
    return sorted(ALIASES)
