"""Service routing as kube-proxy does it: a Service port to one ready endpoint.

Endpoints come from the Service's EndpointSlices (what kube-proxy watches),
never from its selector directly, so a Service without a ready pod, or whose
endpoint controller has not caught up, has nowhere to send traffic. kube-proxy
picks at random; the sandbox picks round-robin per Service so runs repeat.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..controllers.endpointslice import SERVICE_NAME_LABEL, service_ports_for_pod
from ..objects import KObject
from ..store import Store
from .counters import Counters


@dataclass(frozen=True)
class Endpoint:
    pod: KObject
    ip: str
    port: int | None


def service_port(svc: KObject, *, port: int | None = None, node_port: int | None = None) -> dict[str, Any] | None:
    """The Service port entry a connection targets, by port or by nodePort."""
    entries: list[dict[str, Any]] = svc.spec.get("ports", [])
    for entry in entries:
        if (port is not None and entry.get("port") == port) or \
                (node_port is not None and entry.get("nodePort") == node_port):
            return entry
    return None


def target_port(svc: KObject, spec: dict[str, Any], pod: KObject) -> int | None:
    """The pod's port number for the Service port entry `spec` (a named targetPort resolved on the pod)."""
    for name, number, _protocol in service_ports_for_pod(svc, pod):
        if name == spec.get("name", ""):
            return number
    return None


def ready_endpoints(store: Store, svc: KObject, port_name: str | None) -> list[Endpoint]:
    """Ready endpoints of the Service, with the port number behind `port_name` (None: any)."""
    out: list[Endpoint] = []
    for slc in store.list("EndpointSlice", svc.namespace, [(SERVICE_NAME_LABEL, "=", (svc.name,))]):
        number = None
        for port in slc.body.get("ports") or []:
            if port_name is None or port.get("name", "") == port_name:
                number = port["port"]
                break
        if port_name is not None and number is None:
            continue
        for ep in slc.body.get("endpoints") or []:
            if not ep.get("conditions", {}).get("ready", True):
                continue
            pod = store.by_uid(ep.get("targetRef", {}).get("uid", ""))
            if pod is not None:
                out.append(Endpoint(pod, ep["addresses"][0], number))
    return out


class RoundRobin(Counters):
    """Per-key counters: the deterministic stand-in for kube-proxy's random choice."""

    def pick(self, key: str, items: list[Any]) -> Any:
        return items[self.take(key, len(items)) % len(items)]
