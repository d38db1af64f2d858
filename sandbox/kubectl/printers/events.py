"""Kubernetes Events, built from the audit log and aggregated as the EventCorrelator does:
identical events (same object, type, reason, message, source) become one with a count.
Events live one hour on a real cluster (the API server's --event-ttl); here an Event
aggregates its occurrences of the last hour.

At scale the audit log holds millions of entries, so Events are kept in an index built
incrementally (`EventIndex.update` reads only the entries appended since the last call)
and keyed by object and by namespace: `describe` and `get events -n NS` never scan the log.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from operator import attrgetter
from typing import TypeVar

from ...core.audit import AuditEntry, AuditLog

EVENT_TTL = 3600.0
PRUNE_EVERY = EVENT_TTL / 4     # expired Events are dropped from the index this often (simulated time)

ObjectKey = tuple[str, str, str]                 # kind, namespace as recorded ("" for nodes), name
_Key = TypeVar("_Key")                            # an index key: ObjectKey or a namespace


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
    #: the node a kubelet reported from (Event.source.host)
    host: str = ""

    @property
    def object_ref(self) -> str:
        return f"{self.kind.lower()}/{self.name}"


def source_component(actor: str) -> str:
    """`kubelet/node-2` reports as the `kubelet` component, as Event.source.component does."""
    return actor.split("/", 1)[0] if actor.startswith("kubelet/") else actor


def source_host(actor: str) -> str:
    """`kubelet/node-2` reports from host `node-2` (Event.source.host); controllers name no host."""
    return actor.split("/", 1)[1] if actor.startswith("kubelet/") else ""


def aggregate(entries: Iterable[AuditEntry], now: float) -> list[Event]:
    """The EventCorrelator's aggregation of the given entries into Events (newest last)."""
    events: dict[tuple[str, ...], Event] = {}
    for e in entries:
        key = (e.kind, e.namespace, e.name, e.event_type or "", e.event_reason or "", e.reason, e.actor)
        found = events.get(key)
        if found is None:
            # Events about cluster-scoped objects (nodes) are recorded in the default namespace.
            events[key] = Event(e.kind, e.namespace or "default", e.name, e.event_type or "Normal",
                                e.event_reason or "", e.reason, source_component(e.actor), 1, e.time, e.time,
                                source_host(e.actor))
        else:
            found.count += 1
            found.last = e.time
    return [ev for ev in events.values() if now - ev.last <= EVENT_TTL]


class EventIndex:
    """The audit log's Event entries of the last hour, by object and by namespace.

    Only references to the log's own entries are kept (no new objects per entry: building
    millions of them would cost seconds in allocation and garbage collection); each read
    aggregates the few entries it needs. Lists are in time order, as the log is.
    """

    def __init__(self) -> None:
        self._audit: AuditLog | None = None
        self._seen = 0
        self._pruned = 0.0
        self._by_object: dict[ObjectKey, list[AuditEntry]] = {}
        self._by_namespace: dict[str, list[AuditEntry]] = {}

    def update(self, audit: AuditLog, now: float) -> EventIndex:
        # A restored snapshot brings a different log object: start over from it.
        if audit is not self._audit or len(audit) < self._seen:
            self.__init__()  # type: ignore[misc]
            self._audit = audit
        self._add(audit.since(self._seen))
        self._seen = len(audit)
        if now - self._pruned >= PRUNE_EVERY:
            self._prune(now)
        return self

    def _add(self, entries: list[AuditEntry]) -> None:
        by_object, by_namespace = self._by_object, self._by_namespace
        for e in entries:
            if e.event_reason is not None:
                key = (e.kind, e.namespace, e.name)
                found = by_object.get(key)
                if found is None:
                    by_object[key] = [e]
                else:
                    found.append(e)
                ns = e.namespace or "default"
                listed = by_namespace.get(ns)
                if listed is None:
                    by_namespace[ns] = [e]
                else:
                    listed.append(e)

    def _prune(self, now: float) -> None:
        self._pruned = now
        _drop_expired(self._by_object, now)
        _drop_expired(self._by_namespace, now)

    def for_object(self, kind: str, namespace: str, name: str, now: float) -> list[Event]:
        """The object's live Events, oldest first (describe's Events section)."""
        entries = self._by_object.get((kind, namespace, name)) or []
        live = entries[_first_live(entries, now):]
        return sorted(aggregate(live, now), key=lambda ev: (ev.first, ev.last))

    def in_namespace(self, namespace: str | None, now: float) -> list[Event]:
        """Live Events of one namespace (None: all), unordered."""
        groups = self._by_namespace.values() if namespace is None else [self._by_namespace.get(namespace) or []]
        return [ev for entries in groups for ev in aggregate(entries[_first_live(entries, now):], now)]


def _first_live(entries: list[AuditEntry], now: float) -> int:
    return bisect_left(entries, now - EVENT_TTL, key=attrgetter("time"))


def _drop_expired(index: dict[_Key, list[AuditEntry]], now: float) -> None:
    for key in list(index):
        entries = index[key]
        del entries[:_first_live(entries, now)]
        if not entries:
            del index[key]


def events_for(audit: AuditLog, now: float, kind: str, namespace: str, name: str) -> list[Event]:
    """One object's Events from a log (a fresh index: for one-off use and tests)."""
    return EventIndex().update(audit, now).for_object(kind, namespace, name, now)
