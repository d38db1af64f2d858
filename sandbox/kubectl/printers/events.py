"""Kubernetes Events, built from the audit log and aggregated as the EventCorrelator does:
identical events (same object, type, reason, message, source) become one with a count.
Events live one hour on a real cluster (the API server's --event-ttl); so here."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from operator import attrgetter

from ...core.audit import AuditEntry, AuditLog

EVENT_TTL = 3600.0


@dataclass
class Event:
    kind: str
    namespace: str
    name: str
    type: str
    reason: str
    message: str
    source: str
    count: int
    first: float
    last: float

    @property
    def object_ref(self) -> str:
        return f"{self.kind.lower()}/{self.name}"


def source_component(actor: str) -> str:
    """`kubelet/node-2` reports as the `kubelet` component, as Event.source.component does."""
    return actor.split("/", 1)[0] if actor.startswith("kubelet/") else actor


def recent(audit: AuditLog, now: float) -> list[AuditEntry]:
    """Entries of the last hour: the log is in time order, so a binary search skips older ones."""
    entries = audit.since(0)
    return entries[bisect_left(entries, now - EVENT_TTL, key=attrgetter("time")):]


def aggregate(entries: Iterable[AuditEntry], now: float) -> list[Event]:
    events: dict[tuple[str, ...], Event] = {}
    for e in entries:
        if e.event_reason is None:
            continue
        key = (e.kind, e.namespace, e.name, e.event_type or "", e.event_reason, e.reason, source_component(e.actor))
        found = events.get(key)
        if found is None:
            # Events about cluster-scoped objects (nodes) are recorded in the default namespace.
            events[key] = Event(e.kind, e.namespace or "default", e.name, e.event_type or "Normal",
                                e.event_reason, e.reason, key[-1], 1, e.time, e.time)
        else:
            found.count += 1
            found.last = e.time
    return [ev for ev in events.values() if now - ev.last <= EVENT_TTL]


def events_for(audit: AuditLog, now: float, kind: str, namespace: str, name: str) -> list[Event]:
    mine = (e for e in recent(audit, now) if e.event_reason is not None and e.name == name and e.kind == kind
            and e.namespace == namespace)
    return sorted(aggregate(mine, now), key=lambda ev: (ev.first, ev.last))
