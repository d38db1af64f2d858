"""The API server's own endpoints (k/k pkg/controlplane/reconcilers: endpointsadapter.go, lease.go).

Every kube-apiserver writes its address into the Endpoints and the EndpointSlice
of the `kubernetes` Service in `default`: its advertise address (the
control-plane node's InternalIP) with port 6443 named `https`. The EndpointSlice
controller does not, since that Service has no selector. The Endpoints carry
`endpointslice.kubernetes.io/skip-mirror: "true"`, so the mirroring controller
leaves them alone; the slice is named `kubernetes` and labelled only
`kubernetes.io/service-name: kubernetes`, its endpoint `ready: true`. Changed or
deleted by hand, both are written back (the real reconciler looks every 10 s;
here at once).

The addresses are those of the nodes that run a kube-apiserver static pod
(`component=kube-apiserver` in kube-system), as each apiserver adds its own,
looked up when the Service, its endpoints or the set of nodes change (a deleted
mirror pod does not stop the static pod it stands for, so pod writes are not watched).
"""

from __future__ import annotations

from typing import Any

from ..objects import KObject, ObjectMeta
from .base import Context, Controller

NAMESPACE, NAME = "default", "kubernetes"
KEY = f"{NAMESPACE}/{NAME}"
PORTS = [{"name": "https", "port": 6443, "protocol": "TCP"}]
SKIP_MIRROR = {"endpointslice.kubernetes.io/skip-mirror": "true"}
SLICE_LABELS = {"kubernetes.io/service-name": NAME}
APISERVER_LABEL = ("component", "kube-apiserver")


class APIServerEndpoints(Controller):
    name = "kube-apiserver"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        for kind in ("Service", "Endpoints", "EndpointSlice"):
            self.store.watch(kind, self._on_object)
        self.store.watch("Node", self._on_node, events=("ADDED", "DELETED"))

    def _on_object(self, _event: str, obj: KObject, _old: object) -> None:
        if obj.metadata.name == NAME and obj.metadata.namespace == NAMESPACE:
            self.enqueue(KEY)

    def _on_node(self, _event: str, _node: KObject, _old: object) -> None:
        self.enqueue(KEY)

    def sync(self, key: str) -> None:
        svc = self.store.try_get("Service", NAMESPACE, NAME)
        ips = self._addresses() if svc is not None else []
        endpoints = {"subsets": [{"addresses": [{"ip": ip} for ip in ips], "ports": PORTS}]} if ips else None
        slice_body = {"addressType": "IPv4", "endpoints": [{"addresses": [ip], "conditions": {"ready": True}}
                                                           for ip in ips], "ports": PORTS} if ips else None
        why = f"the kube-apiserver serves at {', '.join(f'{ip}:6443' for ip in ips)}" if ips else \
            "no kube-apiserver address to publish"
        self._write("Endpoints", endpoints, SKIP_MIRROR, why)
        self._write("EndpointSlice", slice_body, SLICE_LABELS, why)

    def _addresses(self) -> list[str]:
        ips = []
        for pod in self.store.list("Pod", "kube-system", [(APISERVER_LABEL[0], "=", (APISERVER_LABEL[1],))]):
            node = self.store.try_get("Node", "", pod.spec.get("nodeName", ""))
            ip = next((a.get("address") for a in (node.status.get("addresses") or ()) if a.get("type") == "InternalIP"),
                      None) if node is not None else None
            if ip and ip not in ips:
                ips.append(ip)
        return sorted(ips)

    def _write(self, kind: str, body: dict[str, Any] | None, labels: dict[str, str], why: str) -> None:
        current = self.store.try_get(kind, NAMESPACE, NAME)
        if body is None:
            if current is not None:
                self.store.delete(current, self.name, why)
            return
        if current is None:
            meta = ObjectMeta(NAME, NAMESPACE, labels=dict(labels))
            self.store.create(KObject(kind, meta, body=body), self.name, why)
        elif current.body != body or current.metadata.labels != labels:
            current.body = body
            current.metadata.labels = dict(labels)
            self.store.update(current, self.name, why)
