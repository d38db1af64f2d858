"""Pod garbage collection of orphaned pods (k/k pkg/controller/podgc gcOrphaned).

Pods bound to a Node that no longer exists can never be stopped by a kubelet,
so once the node has stayed gone for the quarantine period (40 s) they are
force-deleted, Terminating or not. (The real collector also removes terminated
pods past --terminated-pod-gc-threshold, 12,500; the sandbox leaves those alone.)
"""

from __future__ import annotations

from ..objects import KObject, set_condition
from .base import Context, Controller

QUARANTINE = 40.0


class PodGarbageCollector(Controller):
    name = "pod-garbage-collector"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.store.watch("Node", self._on_node)

    def _on_node(self, event: str, node: KObject, _old: object) -> None:
        if event == "DELETED":
            self.enqueue_after(QUARANTINE, node.name)

    def sync(self, key: str) -> None:
        if self.store.try_get("Node", "", key) is not None:
            return  # the node came back within the quarantine period
        now = self.clock.now
        for pod in self.store.pods_on_node(key):
            set_condition(pod.status, "DisruptionTarget", "True", now, reason="DeletionByPodGC",
                          message="PodGC: node no longer exists")
            self.store.delete(pod, self.name, f"node {key} no longer exists: orphaned pod force-deleted")
