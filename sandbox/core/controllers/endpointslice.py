"""The EndpointSlice controller and the legacy Endpoints controller.

Both turn a Service's selector into the addresses of the pods it matches
(k/k pkg/controller/endpointslice and pkg/controller/endpoint):

* EndpointSlices (`<service>-<suffix>`, at most 100 endpoints each) list every
  matching pod that has an IP and is not Succeeded/Failed, with conditions
  `ready` (Ready and not terminating), `serving` (Ready) and `terminating`.
* Endpoints (named like the Service) list Ready pods in `addresses`, the others
  in `notReadyAddresses`, and leave terminating pods out.

Incremental: Services are indexed by one of their selector pairs, so a pod
change enqueues only the Services that select it (before or after a label
change), and only when something endpoints show (IP, node, readiness,
termination) changed. A sync rewrites only the slices whose content changed.
"""

from __future__ import annotations

import socket
from typing import Any

from ..labels import map_matches
from ..objects import KObject, ObjectMeta, owner_reference, pod_is_ready
from ..quantity import decimal
from .base import Context, Controller

MAX_ENDPOINTS_PER_SLICE = 100
SERVICE_NAME_LABEL = "kubernetes.io/service-name"
MANAGED_BY_LABEL = "endpointslice.kubernetes.io/managed-by"
MANAGED_BY = "endpointslice-controller.k8s.io"
PortSet = tuple[tuple[str, int, str], ...]  # (name, target port number, protocol) of each Service port

# What an endpoint shows of a pod: (ip, nodeName, ready condition, terminating), or None if not an endpoint.
PodState = tuple[str, str, bool, bool]


def pod_endpoint_state(pod: KObject) -> PodState | None:
    ip = pod.status.get("podIP")
    if not ip or pod.status.get("phase") in ("Succeeded", "Failed"):
        return None
    return ip, pod.spec.get("nodeName", ""), pod_is_ready(pod), pod.metadata.deletion_timestamp is not None


class ServiceSelectorIndex:
    """Services keyed by (namespace, one selector pair); a pod finds its Services through its labels."""

    def __init__(self) -> None:
        #: (namespace, label, value) -> Service key -> selector; empty when no Service has a selector.
        #: Read it, do not edit it (a plain attribute, not __bool__: every pod write looks at it).
        self.by_pair: dict[tuple[str, str, str], dict[str, dict[str, str]]] = {}
        self._pair_of: dict[str, tuple[str, str, str]] = {}
        #: namespace -> how many Services with a selector it has (read it, do not edit it)
        self.in_namespace: dict[str, int] = {}

    def set(self, key: str, namespace: str, selector: dict[str, str]) -> None:
        self.remove(key)
        first = min(selector.items())
        pair = (namespace, first[0], first[1])
        self.by_pair.setdefault(pair, {})[key] = selector
        self._pair_of[key] = pair
        self.in_namespace[namespace] = self.in_namespace.get(namespace, 0) + 1

    def remove(self, key: str) -> None:
        pair = self._pair_of.pop(key, None)
        if pair is not None:
            bucket = self.by_pair[pair]
            del bucket[key]
            if not bucket:
                del self.by_pair[pair]
            namespace = pair[0]
            self.in_namespace[namespace] -= 1
            if not self.in_namespace[namespace]:
                del self.in_namespace[namespace]

    def selecting(self, namespace: str, labels: dict[str, str]) -> list[str]:
        keys: list[str] = []
        if namespace not in self.in_namespace:
            return keys   # (most pod writes: the cluster's Services select in other namespaces)
        for k, v in labels.items():
            for key, selector in self.by_pair.get((namespace, k, v), {}).items():
                if map_matches(selector, labels):
                    keys.append(key)
        return keys


def fixed_ports(svc: KObject) -> PortSet | None:
    """The resolved ports when no targetPort is named (the same for every pod), else None."""
    out = []
    for port in svc.spec.get("ports", []):
        target = port.get("targetPort", port.get("port"))
        number = decimal(target) if isinstance(target, str) else target
        if number is None:
            return None
        out.append((port.get("name", ""), number, port.get("protocol", "TCP")))
    return tuple(out)


def service_ports_for_pod(svc: KObject, pod: KObject) -> PortSet:
    """The Service's ports resolved against the pod: (name, targetPort number, protocol).

    A named targetPort resolves through the pod's containerPorts; a pod lacking it has no such port.
    """
    out = []
    for port in svc.spec.get("ports", []):
        target = port.get("targetPort", port.get("port"))
        if isinstance(target, str):
            number = decimal(target)
            target = number if number is not None else _named_port(pod, target)
            if target is None:
                continue
        out.append((port.get("name", ""), int(target), port.get("protocol", "TCP")))
    return tuple(out)


def _named_port(pod: KObject, name: str) -> int | None:
    for container in pod.spec.get("containers", []):
        for cport in container.get("ports", []):
            if cport.get("name") == name:
                return int(cport["containerPort"])
    return None


def endpoint_hostname(svc: KObject, pod: KObject) -> str:
    """A pod with a hostname whose subdomain is this Service (a StatefulSet's) gets a DNS name through it
    (k/k pkg/controller/util/endpoint: the endpoint's hostname)."""
    hostname = pod.spec.get("hostname") or ""
    return hostname if hostname and pod.spec.get("subdomain") == svc.name else ""


def _target_ref(pod: KObject) -> dict[str, str]:
    return {"kind": "Pod", "name": pod.name, "namespace": pod.namespace, "uid": pod.uid}


class _ServiceEndpointsController(Controller):
    """Shared watch plumbing: Services by selector, pods by what their endpoint shows."""

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.services = ServiceSelectorIndex()
        # namespace -> pod uid -> what the watch last saw of the pod's endpoint (the informer's cache), for
        # the pods some Service selects
        self._pod_state: dict[str, dict[str, PodState | None]] = {}
        self.store.watch("Service", self._on_service)

    def _on_service(self, event: str, svc: KObject, _old: object) -> None:
        key = svc.key()
        watched = svc.namespace in self.services.in_namespace
        selector = svc.spec.get("selector")
        if event == "DELETED" or not selector:
            self.services.remove(key)
        else:
            self.services.set(key, svc.namespace, selector)
        self.enqueue(key)
        self._follow_pods(svc.namespace, watched)

    def _follow_pods(self, namespace: str, watched: bool) -> None:
        """Pod writes matter only in namespaces where a Service selects pods: the store reports those alone, as
        an informer narrowed by namespace would, so the pods of a large cluster without Services and of the
        namespaces without them cost nothing. A namespace left without such Services forgets its pods' states
        (a sync computes a state it does not remember)."""
        wanted = namespace in self.services.in_namespace
        if wanted and not watched:
            self.store.watch("Pod", self._on_pod, namespace=namespace)
        elif watched and not wanted:
            self.store.unwatch("Pod", self._on_pod, namespace=namespace)
            self._pod_state.pop(namespace, None)

    def _on_pod(self, event: str, pod: KObject, old_labels: dict[str, str] | None) -> None:
        meta = pod.metadata
        keys = self.services.selecting(meta.namespace, meta.labels)
        if old_labels is not None:
            keys += self.services.selecting(meta.namespace, old_labels)
        states = self._pod_state.get(meta.namespace)
        if not keys:
            # No Service selects the pod: nothing to enqueue, and no need to remember its state.
            # _state() computes it should a Service come later.
            if states:
                states.pop(meta.uid, None)
            return
        if states is None:
            states = self._pod_state[meta.namespace] = {}
        if event == "DELETED":
            before, now = states.pop(meta.uid, None), None
        else:
            before, now = states.get(meta.uid), pod_endpoint_state(pod)
            states[meta.uid] = now
        if before == now and old_labels is None:
            return
        for key in keys:
            self.enqueue(key)

    def _state(self, pod: KObject) -> PodState | None:
        """What the watch last saw of the pod (the informer cache), else computed."""
        states = self._pod_state.get(pod.metadata.namespace)
        uid = pod.metadata.uid
        return states[uid] if states is not None and uid in states else pod_endpoint_state(pod)

    def _service_and_pods(self, key: str) -> tuple[str, str, KObject | None, list[KObject]]:
        ns, name = key.split("/", 1)
        svc = self.store.try_get("Service", ns, name)
        if svc is None or not svc.spec.get("selector"):
            return ns, name, svc, []
        reqs = [(k, "=", (v,)) for k, v in svc.spec["selector"].items()]
        return ns, name, svc, self.store.list("Pod", ns, reqs)


class EndpointSliceController(_ServiceEndpointsController):
    name = "endpointslice-controller"

    def sync(self, key: str) -> None:
        ns, name, svc, pods = self._service_and_pods(key)
        if svc is None or not svc.spec.get("selector"):
            # A deleted Service's slices go with it (the garbage collector follows their ownerReference);
            # a Service that lost its selector no longer has managed slices.
            if svc is not None:
                for stale in self._slices(ns, name):
                    self.store.delete(stale, self.name, f"service {name} has no selector any more")
            return
        desired = self._desired(svc, pods) or {(): {}}   # no endpoints: one placeholder slice
        existing = self._slices(ns, name)
        for ports, endpoints in desired.items():
            self._reconcile_group(svc, ports, endpoints, [s for s in existing if _slice_ports(s) == ports])
        for stale in existing:
            if _slice_ports(stale) not in desired:
                self.store.delete(stale, self.name, f"no endpoints of service {name} use ports "
                                                    f"{_ports_text(_slice_ports(stale))} any more")

    def _slices(self, ns: str, name: str) -> list[KObject]:
        return self.store.list("EndpointSlice", ns, [(SERVICE_NAME_LABEL, "=", (name,)),
                                                     (MANAGED_BY_LABEL, "=", (MANAGED_BY,))])

    def _desired(self, svc: KObject, pods: list[KObject]) -> dict[PortSet, dict[str, dict[str, Any]]]:
        """Endpoints by resolved port set, each keyed by pod uid, in pod-name order."""
        publish_not_ready = bool(svc.spec.get("publishNotReadyAddresses"))
        groups: dict[PortSet, dict[str, dict[str, Any]]] = {}
        fixed = fixed_ports(svc)
        for pod in sorted(pods, key=lambda p: p.metadata.name):
            state = self._state(pod)
            if state is None:
                continue
            ip, node, serving, terminating = state
            endpoint: dict[str, Any] = {
                "addresses": [ip],
                "conditions": {"ready": publish_not_ready or (serving and not terminating),
                               "serving": serving, "terminating": terminating},
                "targetRef": _target_ref(pod),
            }
            hostname = endpoint_hostname(svc, pod)
            if hostname:
                endpoint["hostname"] = hostname
            if node:
                endpoint["nodeName"] = node
            ports = fixed if fixed is not None else service_ports_for_pod(svc, pod)
            groups.setdefault(ports, {})[pod.metadata.uid] = endpoint
        return groups

    def _reconcile_group(self, svc: KObject, ports: PortSet, wanted: dict[str, dict[str, Any]],
                         slices: list[KObject]) -> None:
        """Keep endpoints in the slice they are in, fill free room, then open new slices."""
        placed: set[str] = set()   # membership only
        plans: list[tuple[KObject | None, list[dict[str, Any]]]] = []
        for existing in slices:
            kept: list[dict[str, Any]] = []
            for ep in existing.body.get("endpoints") or []:
                uid = ep["targetRef"]["uid"]
                if uid in wanted and uid not in placed:
                    kept.append(wanted[uid])
                    placed.add(uid)
            plans.append((existing, kept))
        fresh = [ep for uid, ep in wanted.items() if uid not in placed]
        for _, kept in plans:
            room = MAX_ENDPOINTS_PER_SLICE - len(kept)
            if fresh and room > 0:
                kept.extend(fresh[:room])
                fresh = fresh[room:]
        while fresh:
            plans.append((None, fresh[:MAX_ENDPOINTS_PER_SLICE]))
            fresh = fresh[MAX_ENDPOINTS_PER_SLICE:]
        if not plans:
            plans.append((None, []))
        for i, (slc, endpoints) in enumerate(plans):
            if slc is not None and not endpoints and (wanted or i > 0):
                self.store.delete(slc, self.name, f"slice of service {svc.name} has no endpoints left")
            else:
                self._write(svc, ports, slc, endpoints)

    def _write(self, svc: KObject, ports: PortSet, slc: KObject | None, endpoints: list[dict[str, Any]]) -> None:
        body = {"addressType": "IPv4", "endpoints": endpoints,
                "ports": [_port_dict(p) for p in ports]}
        if not ports:
            del body["ports"]
        labels = {**svc.metadata.labels, SERVICE_NAME_LABEL: svc.name, MANAGED_BY_LABEL: MANAGED_BY}
        ready = sum(1 for ep in endpoints if ep["conditions"]["ready"])
        why = f"service {svc.name}: {ready} ready of {len(endpoints)} endpoints"
        if slc is None:
            meta = ObjectMeta("", svc.namespace, labels=labels, generate_name=f"{svc.name}-",
                              owner_references=[owner_reference(svc)])
            self.store.create(KObject("EndpointSlice", meta, body=body), self.name, why)
        elif slc.body != body or slc.metadata.labels != labels:
            slc.body = body
            slc.metadata.labels = labels
            self.store.update(slc, self.name, why)


def _slice_ports(slc: KObject) -> PortSet:
    return tuple((p.get("name", ""), p["port"], p.get("protocol", "TCP")) for p in slc.body.get("ports") or [])


def _port_dict(port: tuple[str, int, str]) -> dict[str, Any]:
    return {"name": port[0], "port": port[1], "protocol": port[2]}


def _ports_text(ports: PortSet) -> str:
    return ",".join(f"{p[1]}/{p[2]}" for p in ports) or "<none>"


def _ip_key(ip: str) -> bytes:
    """Numeric order of IPv4 addresses (10.244.1.9 before 10.244.1.10)."""
    try:
        return socket.inet_aton(ip)
    except OSError:
        return b""


class EndpointsController(_ServiceEndpointsController):
    """The legacy v1 Endpoints object: ready addresses, notReadyAddresses, no terminating pods."""

    name = "endpoint-controller"

    def sync(self, key: str) -> None:
        ns, name, svc, pods = self._service_and_pods(key)
        current = self.store.try_get("Endpoints", ns, name)
        if svc is None:
            if current is not None:
                self.store.delete(current, self.name, f"service {name} was deleted")
            return
        if not svc.spec.get("selector"):
            return   # Endpoints of a Service without a selector are the user's to write
        subsets = self._subsets(svc, pods)
        body = {"subsets": subsets} if subsets else {}
        ready = sum(len(s.get("addresses", ())) for s in subsets)
        why = f"service {name}: {ready} ready addresses"
        if current is None:
            meta = ObjectMeta(name, ns, labels=dict(svc.metadata.labels))
            self.store.create(KObject("Endpoints", meta, body=body), self.name, why)
        elif current.body != body or current.metadata.labels != svc.metadata.labels:
            current.body = body
            current.metadata.labels = dict(svc.metadata.labels)
            self.store.update(current, self.name, why)

    def _subsets(self, svc: KObject, pods: list[KObject]) -> list[dict[str, Any]]:
        publish_not_ready = bool(svc.spec.get("publishNotReadyAddresses"))
        groups: dict[PortSet, dict[str, list[dict[str, Any]]]] = {}
        fixed = fixed_ports(svc)
        for pod in pods:
            state = self._state(pod)
            if state is None or state[3]:
                continue
            ip, node, ready, _ = state
            address: dict[str, Any] = {"ip": ip}
            hostname = endpoint_hostname(svc, pod)
            if hostname:
                address["hostname"] = hostname
            if node:
                address["nodeName"] = node
            address["targetRef"] = _target_ref(pod)
            ports = fixed if fixed is not None else service_ports_for_pod(svc, pod)
            group = groups.setdefault(ports, {"addresses": [], "notReadyAddresses": []})
            group["addresses" if ready or publish_not_ready else "notReadyAddresses"].append(address)
        subsets = []
        for ports, group in groups.items():
            subset: dict[str, Any] = {}
            for field in ("addresses", "notReadyAddresses"):
                if group[field]:
                    subset[field] = sorted(group[field], key=lambda a: (_ip_key(a["ip"]), a["targetRef"]["uid"]))
            subset["ports"] = [{k: v for k, v in _port_dict(p).items() if v != ""} for p in ports]
            subsets.append(subset)
        return subsets
