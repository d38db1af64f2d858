"""Istio traffic routing: VirtualService routes to DestinationRule subsets (networking.istio.io/v1).

Where routing happens, as in Istio: a VirtualService without `gateways` (or listing `mesh`)
is applied by the *client's* Envoy sidecar. So `route()` applies only when istiod has a
Ready pod in istio-system (it pushes the config) and the calling pod has an `istio-proxy`
sidecar; requests from outside the cluster or from pods without a sidecar go through
kube-proxy to every ready endpoint of the Service, and the VirtualService does nothing
for them (no ingress gateway is simulated). The serving pods need no sidecar: the
client's proxy picks the subset by the pods' labels.

Per request: the first http route whose `match` fits (uri exact/prefix/regex, headers) is
used; no route matching answers 404. Its destinations are weighted: weight/Σweights each,
weight 0 never, a single destination takes everything; a route with several destinations
and a total weight of 0 is invalid config (Istio: "total destination weight = 0"), which
istiod does not push, so that VirtualService is ignored. The choice is deterministic:
smooth weighted round robin (nginx's algorithm) over a precomputed cycle, at a position
kept per (VirtualService uid, route index) in `MeshState`, which the Simulation owns so
snapshots carry it. A subset with no ready pod answers 503 "no healthy upstream" — Envoy
does not fall back to another subset.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from math import gcd
from typing import Any

from ..labels import Requirement, requirements_of
from ..objects import KObject, pod_is_ready
from ..store import Store
from .counters import MeshState
from .sidecar import ISTIO_NAMESPACE, ISTIOD, has_sidecar

# Longest weighted cycle kept; larger weight sums are scaled down (at most 0.1 % off).
MAX_CYCLE = 1000
NO_HEALTHY_UPSTREAM = "no healthy upstream"


@dataclass
class MeshRoute:
    """The route's choice: subset (None for the whole host), its ready pods, and the status."""

    subset: str | None
    pods: list[KObject]
    status: int
    rule: str


def mesh_ready(store: Store) -> bool:
    """istiod runs: its Deployment exists and one of its pods is Ready."""
    istiod = store.try_get("Deployment", ISTIO_NAMESPACE, ISTIOD)
    if istiod is None:
        return False
    selector = requirements_of(istiod.spec.get("selector") or {})
    if not selector:
        return False
    return any(pod_is_ready(p) and p.metadata.deletion_timestamp is None
               for p in store.list("Pod", ISTIO_NAMESPACE, selector))


def route(store: Store, service: KObject, request_index: int, *, client: KObject | None = None,
          path: str = "/", headers: dict[str, str] | None = None, state: MeshState | None = None) -> MeshRoute | None:
    """Mesh routing of one request from `client` to `service`; None when the mesh does not route it.

    The weighted pick is at `state`'s position for the route when a state is given, else at
    `request_index` (the caller's own per-route counter).
    """
    if client is None or not has_sidecar(client):
        return None
    vs = virtual_service_for(store, service)
    if vs is None or not mesh_ready(store):
        return None
    found = _http_route(vs, path, headers or {})
    if found is None:
        return MeshRoute(None, [], 404, f"virtualservice/{vs.name}: no http route matches {path}")
    index, http = found
    destinations = http.get("route") or []
    weights = _weights(destinations)
    if weights is None:
        return None
    cycle = _cycle_of(tuple(weights))
    position = state.take(f"{vs.uid}/{index}", len(cycle)) if state is not None else request_index
    pick = cycle[position % len(cycle)]
    where = f"virtualservice/{vs.name} http[{index}]" + (f" ({http['name']})" if http.get("name") else "")
    if len(destinations) > 1:
        where += f" weight {weights[pick]}/{sum(weights)}"
    return _destination(store, vs, service, destinations[pick].get("destination") or {}, where)


def virtual_service_for(store: Store, service: KObject) -> KObject | None:
    """The oldest VirtualService, bound to the mesh, whose hosts name this Service."""
    best: KObject | None = None
    for vs in store.list("VirtualService"):
        gateways = vs.spec.get("gateways")
        if gateways and "mesh" not in gateways:
            continue
        if any(_host_matches(h, service, vs.namespace) for h in vs.spec.get("hosts") or ()):
            if best is None or (vs.metadata.creation_timestamp, vs.namespace, vs.name) < \
                    (best.metadata.creation_timestamp, best.namespace, best.name):
                best = vs
    return best


def _fqdn(host: str, namespace: str) -> str:
    """Short names are read in the namespace of the rule that uses them, as Istio does."""
    if "." not in host:
        return f"{host}.{namespace}.svc.cluster.local"
    if host.count(".") == 1:
        return f"{host}.svc.cluster.local"
    if host.endswith(".svc"):
        return f"{host}.cluster.local"
    return host


def _host_matches(host: str, service: KObject, rule_namespace: str) -> bool:
    target = f"{service.name}.{service.namespace}.svc.cluster.local"
    if host.startswith("*"):
        return target.endswith(host[1:])
    return _fqdn(host, rule_namespace) == target


def _http_route(vs: KObject, path: str, headers: dict[str, str]) -> tuple[int, dict[str, Any]] | None:
    lowered = {k.lower(): v for k, v in headers.items()}
    for index, http in enumerate(vs.spec.get("http") or []):
        matches = http.get("match")
        if not matches or any(_request_matches(m, path, lowered) for m in matches):
            return index, http
    return None


def _request_matches(match: dict[str, Any], path: str, headers: dict[str, str]) -> bool:
    uri = match.get("uri")
    if uri is not None and not _string_matches(uri, path, match.get("ignoreUriCase", False)):
        return False
    for name, rule in (match.get("headers") or {}).items():
        value = headers.get(name.lower())
        if value is None or not _string_matches(rule, value, False):
            return False
    for name, rule in (match.get("withoutHeaders") or {}).items():
        value = headers.get(name.lower())
        if value is not None and (not rule or _string_matches(rule, value, False)):
            return False
    return True


def _string_matches(rule: dict[str, Any], value: str, ignore_case: bool) -> bool:
    """Istio's StringMatch: exact, prefix (a plain string prefix) or regex (RE2, whole string)."""
    if ignore_case:
        value = value.lower()
    if "exact" in rule:
        exact: str = rule["exact"]
        return value == (exact.lower() if ignore_case else exact)
    if "prefix" in rule:
        return value.startswith(rule["prefix"].lower() if ignore_case else rule["prefix"])
    if "regex" in rule:
        try:
            return re.fullmatch(rule["regex"], value) is not None
        except re.error:
            return False
    return True


def _weights(destinations: list[dict[str, Any]]) -> list[int] | None:
    """Each destination's weight (missing = 0); None when the route is invalid and not pushed."""
    if not destinations:
        return None
    if len(destinations) == 1:
        return [1]
    weights = [d.get("weight") or 0 for d in destinations]
    if any(not isinstance(w, int) or w < 0 for w in weights) or sum(weights) == 0:
        return None
    return weights


@lru_cache(maxsize=256)
def _cycle_of(weights: tuple[int, ...]) -> tuple[int, ...]:
    """One full cycle of smooth weighted round robin: each index appears weight times, spread evenly."""
    total = sum(weights)
    if total > MAX_CYCLE:
        weights = tuple(max(1, round(w * MAX_CYCLE / total)) if w else 0 for w in weights)
    divisor = 0
    for w in weights:
        divisor = gcd(divisor, w)
    weights = tuple(w // divisor for w in weights)
    total = sum(weights)
    current = [0] * len(weights)
    cycle = []
    for _ in range(total):
        for i, w in enumerate(weights):
            current[i] += w
        best = max(range(len(weights)), key=lambda i: (current[i], -i))
        current[best] -= total
        cycle.append(best)
    return tuple(cycle)


def _destination(store: Store, vs: KObject, service: KObject, destination: dict[str, Any], where: str) -> MeshRoute:
    host = str(destination.get("host") or "")
    target = _service_for_host(store, host, vs.namespace) or (service if not host else None)
    subset = destination.get("subset")
    if target is None:
        return MeshRoute(subset, [], 503, f"{where}: destination host {host} is not a known service "
                                          f"({NO_HEALTHY_UPSTREAM})")
    selector: list[Requirement] = [(k, "=", (str(v),)) for k, v in (target.spec.get("selector") or {}).items()]
    if not selector:
        return MeshRoute(subset, [], 503, f"{where}: service {target.name} has no selector ({NO_HEALTHY_UPSTREAM})")
    if subset is not None:
        labels = _subset_labels(store, target, vs.namespace, subset)
        if labels is None:
            return MeshRoute(subset, [], 503, f"{where}: subset {subset} is not defined in any DestinationRule "
                                              f"for {target.name} ({NO_HEALTHY_UPSTREAM})")
        selector = selector + [(k, "=", (str(v),)) for k, v in labels.items()]
    pods = [p for p in store.list("Pod", target.namespace, selector)
            if pod_is_ready(p) and p.metadata.deletion_timestamp is None]
    label = f"subset {subset}" if subset else f"host {target.name}"
    if not pods:
        return MeshRoute(subset, [], 503, f"{where} → {label}: {NO_HEALTHY_UPSTREAM} (no ready endpoint; "
                                          "Envoy does not fall back to another subset)")
    return MeshRoute(subset, pods, 200, f"{where} → {label}")


def _service_for_host(store: Store, host: str, namespace: str) -> KObject | None:
    parts = _fqdn(host, namespace).split(".")
    if len(parts) < 2 or not host:
        return None
    return store.try_get("Service", parts[1], parts[0])


def _subset_labels(store: Store, service: KObject, namespace: str, subset: str) -> dict[str, str] | None:
    """Labels of the named subset in the oldest DestinationRule for the service's host."""
    rules = store.list("DestinationRule", namespace)
    if service.namespace != namespace:
        rules += store.list("DestinationRule", service.namespace)
    for rule in rules:
        if not _host_matches(str(rule.spec.get("host") or ""), service, rule.namespace):
            continue
        for entry in rule.spec.get("subsets") or ():
            if entry.get("name") == subset:
                return {str(k): str(v) for k, v in (entry.get("labels") or {}).items()}
    return None
