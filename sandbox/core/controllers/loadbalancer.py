"""A MetalLB-style load-balancer provider for LoadBalancer Services.

Without a provider a LoadBalancer Service keeps EXTERNAL-IP `<pending>` (its
nodePorts work all the same). With the `metallb` addon running (a Ready pod of
its controller), each LoadBalancer Service gets the lowest free address of the
pool 172.18.255.200-172.18.255.250 on kind's docker network, as MetalLB's
layer-2 mode hands them out, with MetalLB's event `IPAllocated`. Simplification:
the pool is fixed here instead of read from an IPAddressPool object.
"""

from __future__ import annotations

import ipaddress

from ..objects import KObject, pod_is_ready
from .base import Context, Controller

POOL_FIRST, POOL_LAST = "172.18.255.200", "172.18.255.250"
METALLB_NAMESPACE = "metallb-system"
METALLB_SELECTOR = [("app", "=", ("metallb",)), ("component", "=", ("controller",))]


class LoadBalancerController(Controller):
    name = "metallb-controller"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.addresses: dict[str, str] = {}      # ip -> Service uid (the request engine reads it)
        self._ip_of: dict[str, str] = {}         # Service uid -> ip
        first, last = int(ipaddress.ip_address(POOL_FIRST)), int(ipaddress.ip_address(POOL_LAST))
        self._pool = [str(ipaddress.ip_address(n)) for n in range(first, last + 1)]
        self.store.watch("Service", self._on_service)
        self.store.watch("Pod", self._on_pod, namespace=METALLB_NAMESPACE)  # only MetalLB's own pods matter

    def _on_service(self, event: str, svc: KObject, _old: object) -> None:
        if event == "DELETED":
            self._release(svc.uid)
        elif svc.spec.get("type") == "LoadBalancer" or svc.uid in self._ip_of:
            self.enqueue(svc.key())

    def _on_pod(self, _event: str, pod: KObject, old_labels: dict[str, str] | None) -> None:
        labels = old_labels or pod.metadata.labels
        if pod.metadata.namespace == METALLB_NAMESPACE and labels.get("app") == "metallb":
            for svc in self.store.list("Service"):
                if svc.spec.get("type") == "LoadBalancer" and svc.uid not in self._ip_of:
                    self.enqueue(svc.key())

    def running(self) -> bool:
        return any(pod_is_ready(p) and p.metadata.deletion_timestamp is None
                   for p in self.store.list("Pod", METALLB_NAMESPACE, METALLB_SELECTOR))

    def sync(self, key: str) -> None:
        ns, name = key.split("/", 1)
        svc = self.store.try_get("Service", ns, name)
        if svc is None:
            return
        if svc.spec.get("type") != "LoadBalancer":
            if svc.uid in self._ip_of:
                self._release(svc.uid)
                svc.status["loadBalancer"] = {}
                self.store.update(svc, self.name, "service is no longer of type LoadBalancer: address released",
                                  verb="update-status")
            return
        if svc.uid in self._ip_of or not self.running():
            return
        ip = next((a for a in self._pool if a not in self.addresses), None)
        if ip is None:
            self.store.record_event(svc, "Warning", "AllocationFailed",
                                    "Failed to allocate IP for \"" + key + "\": no available IPs", actor=self.name)
            return
        self.addresses[ip] = svc.uid
        self._ip_of[svc.uid] = ip
        svc.status["loadBalancer"] = {"ingress": [{"ip": ip, "ipMode": "VIP"}]}
        self.store.update(svc, self.name, f"assigned {ip} from the address pool", verb="update-status",
                          event=("Normal", "IPAllocated", f'Assigned IP ["{ip}"]'))

    def _release(self, uid: str) -> None:
        ip = self._ip_of.pop(uid, None)
        if ip is not None:
            del self.addresses[ip]
