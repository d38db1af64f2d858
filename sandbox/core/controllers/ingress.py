"""Ingress controllers at work: who writes an Ingress's ADDRESS, and when.

An Ingress does nothing by itself. For each Ingress the controller behind its
IngressClass (spec.ingressClassName — which the DefaultIngressClass admission
plugin fills in at creation when a class is marked
`ingressclass.kubernetes.io/is-default-class: "true"`) writes
`status.loadBalancer.ingress[].ip` — but only while that controller has a Ready
pod. An Ingress that names no class is served only by a controller that watches
class-less Ingresses (network/ingress.py watches_classless). The address is its
Service's LoadBalancer IP when it has one, else the IPs
of the nodes its pods run on (they listen there through hostPorts, like kind's
ingress-nginx). When its last pod goes, the address is cleared, as ingress-nginx
does on shutdown (--update-status-on-shutdown). The controller's events read as
ingress-nginx's: `Sync  Scheduled for sync`.
"""

from __future__ import annotations

from typing import Any

from ..ingress_classes import (
    CONTROLLER_KINDS,
    ControllerKind,
    default_class,
    serving_controller,
)
from ..objects import KObject
from .base import Context, Controller

_NAME_LABEL = "app.kubernetes.io/name"
_CONTROLLER_NAMES = [dict(kind.selector)[_NAME_LABEL] for kind in CONTROLLER_KINDS]


class DefaultIngressClass:
    """The DefaultIngressClass admission plugin: name the default class on a new Ingress (on create only).

    A class rather than a closure so that a snapshot of the simulation can be pickled (the timeline's checkpoints).
    """

    def __init__(self, store: Any) -> None:
        self.store = store

    def __call__(self, ingress: KObject) -> None:
        if not ingress.spec.get("ingressClassName") and \
                "kubernetes.io/ingress.class" not in ingress.metadata.annotations:
            cls = default_class(self.store)
            if cls is not None:
                ingress.spec["ingressClassName"] = cls.name


class IngressController(Controller):
    """Stands for every simulated ingress controller; writes with each one's own name."""

    name = "ingress-controller"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self._synced: dict[str, tuple[str, int]] = {}   # ingress uid -> (controller, generation) last synced
        self.store.watch("Ingress", self._on_ingress)
        self.store.watch("IngressClass", self._on_anything)
        # Only pods labelled as an ingress controller matter (see _on_pod): not the app pods of a large cluster.
        self.store.watch("Pod", self._on_pod, label=_NAME_LABEL)
        self.store.watch("Service", self._on_service)

    def _on_ingress(self, event: str, ing: KObject, _old: object) -> None:
        if event == "DELETED":
            self._synced.pop(ing.uid, None)
        else:
            self.enqueue(ing.key())

    def _on_anything(self, _event: str, _obj: KObject, _old: object) -> None:
        for ing in self.store.list("Ingress"):
            self.enqueue(ing.key())

    def _on_pod(self, event: str, pod: KObject, old_labels: dict[str, str] | None) -> None:
        labels = old_labels or pod.metadata.labels
        if labels.get(_NAME_LABEL) in _CONTROLLER_NAMES or pod.metadata.labels.get(_NAME_LABEL) in _CONTROLLER_NAMES:
            self._on_anything(event, pod, old_labels)

    def _on_service(self, event: str, svc: KObject, old: object) -> None:
        if svc.metadata.labels.get("app.kubernetes.io/name") in _CONTROLLER_NAMES:
            self._on_anything(event, svc, old)

    def sync(self, key: str) -> None:
        ns, name = key.split("/", 1)
        ing = self.store.try_get("Ingress", ns, name)
        if ing is None:
            return
        kind, pods = serving_controller(self.store, ing)
        addresses = self._addresses(kind, pods) if kind and pods else []
        wanted = {"ingress": [{"ip": ip} for ip in addresses]} if addresses else {}
        if kind and pods and self._synced.get(ing.uid) != (kind.controller, ing.metadata.generation):
            self._synced[ing.uid] = (kind.controller, ing.metadata.generation)
            self.store.record_event(ing, "Normal", "Sync", "Scheduled for sync", actor=kind.actor)
        if ing.status.get("loadBalancer") == wanted:
            return
        ing.status["loadBalancer"] = wanted
        if addresses:
            why = f"{kind.controller} runs: ADDRESS {','.join(addresses)}"   # type: ignore[union-attr]
        else:
            why = "no running controller for its class: ADDRESS cleared"
        self.store.update(ing, kind.actor if kind else self.name, why, verb="update-status")

    def _addresses(self, kind: ControllerKind, pods: list[KObject]) -> list[str]:
        reqs = [(k, "=", (v,)) for k, v in kind.selector]
        for svc in self.store.list("Service", pods[0].namespace, reqs):
            lb = [entry["ip"] for entry in (svc.status.get("loadBalancer") or {}).get("ingress") or [] if "ip" in entry]
            if svc.spec.get("type") == "LoadBalancer" and lb:
                return lb
        ips = []
        for pod in pods:
            ip = pod.status.get("hostIP")
            if not ip:
                node = self.store.try_get("Node", "", pod.spec.get("nodeName", ""))
                ip = next((a["address"] for a in ((node.status.get("addresses") or []) if node else [])
                           if a.get("type") == "InternalIP"), None)
            if ip and ip not in ips:
                ips.append(ip)
        return sorted(ips, key=lambda a: tuple(int(p) for p in a.split(".")))


