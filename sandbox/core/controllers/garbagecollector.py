"""The garbage collector: when an owner is deleted, delete its dependents.

Background cascading deletion, the kubectl default: the owner goes at once and
its dependents (found through the owner index) follow.
"""

from __future__ import annotations

from ..deletion import delete_object
from ..objects import KObject
from .base import Context, Controller

OWNER_KINDS = ("Deployment", "ReplicaSet", "DaemonSet", "StatefulSet", "Job", "CronJob", "Service", "Node", "Namespace")


class GarbageCollector(Controller):
    name = "generic-garbage-collector"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self._owners: dict[str, str] = {}  # uid -> "Kind name" for the reason text
        for kind in OWNER_KINDS:
            self.store.watch(kind, self._on_owner)

    def _on_owner(self, event: str, obj: KObject, _old: object) -> None:
        if event == "DELETED":
            self._owners[obj.uid] = f"{obj.kind.lower()}/{obj.name}"
            self.enqueue(obj.uid)

    def sync(self, key: str) -> None:
        owner = self._owners.pop(key, "its owner")
        for child in self.store.children(key):
            delete_object(self.store, child, self.name, f"owner {owner} was deleted")
