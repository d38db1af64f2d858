"""Deleting objects the way the API server does.

A pod bound to a node is deleted gracefully: it gets a deletionTimestamp and
shows Terminating until its kubelet stops the containers and removes it (which
never happens while the node is down). Anything else goes at once; its
dependents are then removed by the garbage collector (background cascading).
"""

from __future__ import annotations

from .objects import KObject
from .store import Store


def delete_object(store: Store, obj: KObject, actor: str, reason: str, *,
                  grace_period: int | None = None) -> None:
    if obj.kind == "Pod":
        delete_pod(store, obj, actor, reason, grace_period=grace_period)
    else:
        store.delete(obj, actor, reason)


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
