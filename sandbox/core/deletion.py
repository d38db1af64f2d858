"""Deleting objects the way the API server does.

A pod bound to a node is deleted gracefully: it gets a deletionTimestamp and
shows Terminating until its kubelet stops the containers and removes it (which
never happens while the node is down). Anything else goes at once and the
garbage collector removes its dependents (background cascading, kubectl's
default) — unless the object has finalizers: then it only gets a
deletionTimestamp and stays until the last finalizer is removed. Deleting with
propagationPolicy Orphan or Foreground adds the `orphan` or `foregroundDeletion`
finalizer, which the garbage collector takes off once it has released the
dependents, or once the blocking dependents are gone (k/k
staging/src/k8s.io/apiserver/pkg/registry/generic/registry/store.go, updateForGracefulDeletionAndFinalizers).
"""

from __future__ import annotations

from .objects import FOREGROUND_FINALIZER, ORPHAN_FINALIZER, KObject
from .store import Store

BACKGROUND, FOREGROUND, ORPHAN = "Background", "Foreground", "Orphan"
PROPAGATION_FINALIZERS = {ORPHAN: ORPHAN_FINALIZER, FOREGROUND: FOREGROUND_FINALIZER}


def delete_object(store: Store, obj: KObject, actor: str, reason: str, *, grace_period: int | None = None,
                  propagation: str = BACKGROUND) -> None:
    if obj.kind == "Pod":
        delete_pod(store, obj, actor, reason, grace_period=grace_period)
        return
    meta = obj.metadata
    finalizer = PROPAGATION_FINALIZERS.get(propagation)
    if finalizer is None and not meta.finalizers:
        store.delete(obj, actor, reason)
        return
    if meta.deletion_timestamp is not None and (finalizer is None or finalizer in meta.finalizers):
        return   # already being deleted
    if meta.deletion_timestamp is None:
        meta.deletion_timestamp = store.clock.now
        meta.deletion_grace_period_seconds = 0
    if finalizer is not None and finalizer not in meta.finalizers:
        meta.finalizers = (*meta.finalizers, finalizer)
    store.update(obj, actor, reason, verb="delete")


def remove_finalizer(store: Store, obj: KObject, finalizer: str, actor: str, reason: str) -> None:
    """Take a finalizer off; an object being deleted goes once its last finalizer is off."""
    meta = obj.metadata
    meta.finalizers = tuple(f for f in meta.finalizers if f != finalizer)
    if meta.deletion_timestamp is not None and not meta.finalizers:
        store.delete(obj, actor, reason)
    else:
        store.update(obj, actor, reason)


def delete_pod(store: Store, pod: KObject, actor: str, reason: str, *, grace_period: int | None = None,
               event: tuple[str, str, str] | None = None) -> None:
    """Graceful deletion: Terminating for up to the grace period, or at once if unscheduled or grace 0."""
    meta = pod.metadata
    if meta.deletion_timestamp is not None:
        return
    grace = pod.spec.get("terminationGracePeriodSeconds", 30) if grace_period is None else grace_period
    if not pod.spec.get("nodeName") or grace == 0:
        store.delete(pod, actor, reason, event=event)
        return
    meta.deletion_timestamp = store.clock.now + grace
    meta.deletion_grace_period_seconds = grace
    store.update(pod, actor, reason, verb="delete", event=event)
