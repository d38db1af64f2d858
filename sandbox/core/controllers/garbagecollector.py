"""The garbage collector (k/k pkg/controller/garbagecollector): dependents follow their owner.

* Background (kubectl's default): the owner is gone at once; its dependents,
  found through the owner index, are deleted after it.
* Orphan: the owner carries the `orphan` finalizer. The collector removes the
  owner's reference from each dependent — they keep running without an owner,
  until a controller whose selector matches adopts them — then the finalizer,
  and the owner goes (garbagecollector.go orphanDependents).
* Foreground: the owner stays, with its deletionTimestamp and the
  `foregroundDeletion` finalizer, while the collector deletes its dependents —
  in the foreground again when a dependent has dependents of its own (a
  Deployment's ReplicaSets), so the tree goes bottom-up. Once no dependent with
  `blockOwnerDeletion` is left, the finalizer comes off and the owner goes
  (processDeletingDependentsItem, attemptToDeleteItem).

Simplification: dependents are the objects with a controller ownerReference (the
store's owner index); the real collector follows every ownerReference.
"""

from __future__ import annotations

from ..deletion import BACKGROUND, FOREGROUND, delete_object, remove_finalizer
from ..objects import FOREGROUND_FINALIZER, ORPHAN_FINALIZER, KObject, controller_ref
from .base import Context, Controller

OWNER_KINDS = ("Deployment", "ReplicaSet", "DaemonSet", "StatefulSet", "Job", "CronJob", "Service", "Node",
               "Namespace")
DEPENDENT_KINDS = ("ReplicaSet", "Pod", "EndpointSlice", "Job")
_GC_FINALIZERS = (ORPHAN_FINALIZER, FOREGROUND_FINALIZER)


class GarbageCollector(Controller):
    name = "generic-garbage-collector"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self._owners: dict[str, str] = {}   # uid of a deleted owner -> "kind/name" for the reason text
        self._waiting: dict[str, bool] = {}  # uids of owners in foreground deletion with dependents left
        for kind in OWNER_KINDS:
            self.store.watch(kind, self._on_owner, events=("MODIFIED", "DELETED"))
        for kind in DEPENDENT_KINDS:
            self.store.watch(kind, self._on_dependent, events=("DELETED",))

    def _on_owner(self, event: str, obj: KObject, _old: object) -> None:
        if event == "DELETED":
            self._owners[obj.uid] = f"{obj.kind.lower()}/{obj.name}"
            self._waiting.pop(obj.uid, None)
            self.enqueue(obj.uid)
        elif obj.metadata.deletion_timestamp is not None and \
                any(f in _GC_FINALIZERS for f in obj.metadata.finalizers):
            self.enqueue(obj.uid)

    def _on_dependent(self, _event: str, obj: KObject, _old: object) -> None:
        if not self._waiting:
            return   # no owner waits for its dependents: the usual case, nothing to look up
        ref = controller_ref(obj)
        if ref is not None and ref["uid"] in self._waiting:
            self.enqueue(ref["uid"])

    def sync(self, key: str) -> None:
        owner = self.store.by_uid(key)
        if owner is None:
            name = self._owners.pop(key, "its owner")
            for child in self.store.children(key):
                delete_object(self.store, child, self.name, f"owner {name} was deleted")
            return
        if owner.metadata.deletion_timestamp is None:
            return
        if ORPHAN_FINALIZER in owner.metadata.finalizers:
            self._orphan(owner)
        elif FOREGROUND_FINALIZER in owner.metadata.finalizers:
            self._foreground(owner)

    def _orphan(self, owner: KObject) -> None:
        what = f"{owner.kind.lower()}/{owner.name}"
        for child in self.store.children(owner.uid):
            child.metadata.owner_references = [r for r in child.metadata.owner_references if r.get("uid") != owner.uid]
            self.store.update(child, self.name, f"orphaned: its owner {what} is deleted with propagationPolicy "
                                                "Orphan, so its ownerReference is removed and it keeps running")
        remove_finalizer(self.store, owner, ORPHAN_FINALIZER, self.name,
                         f"dependents of {what} orphaned: the orphan finalizer is removed and the owner goes")

    def _foreground(self, owner: KObject) -> None:
        what = f"{owner.kind.lower()}/{owner.name}"
        for child in self.store.children(owner.uid):
            if child.metadata.deletion_timestamp is None:
                policy = FOREGROUND if self.store.children(child.uid) else BACKGROUND
                delete_object(self.store, child, self.name,
                              f"its owner {what} is being deleted in the foreground", propagation=policy)
        blocking = [c for c in self.store.children(owner.uid) if _blocks(c, owner.uid)]
        if blocking:
            self._waiting[owner.uid] = True
            return
        self._waiting.pop(owner.uid, None)
        remove_finalizer(self.store, owner, FOREGROUND_FINALIZER, self.name,
                         f"no dependent of {what} blocks its deletion any more: the foregroundDeletion finalizer "
                         "is removed and the owner goes")


def _blocks(dependent: KObject, owner_uid: str) -> bool:
    """An ownerReference with blockOwnerDeletion holds a foreground deletion back."""
    return any(r.get("uid") == owner_uid and r.get("blockOwnerDeletion") for r in dependent.metadata.owner_references)
