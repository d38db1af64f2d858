"""The audit log: every change to the cluster, who made it and why.

The event-log pane, `kubectl get events`, explain views and the determinism
check all read this one log. An entry whose `event_reason` is set is also a
Kubernetes Event about the object it names (Scheduled, SuccessfulCreate, ...).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple


class AuditEntry(NamedTuple):
    """One change (or Kubernetes Event). A tuple: the log holds millions at scale."""

    seq: int
    time: float
    actor: str
    verb: str
    kind: str
    namespace: str
    name: str
    reason: str
    event_type: str | None = None
    event_reason: str | None = None

    @property
    def is_event(self) -> bool:
        return self.event_reason is not None

    def object_ref(self) -> str:
        name = f"{self.kind.lower()}/{self.name}"
        return f"{self.namespace}/{name}" if self.namespace else name

    def line(self) -> str:
        """One stable text line; the determinism check compares these."""
        tag = f" [{self.event_type} {self.event_reason}]" if self.event_reason else ""
        return f"{self.time:10.3f} {self.actor} {self.verb} {self.object_ref()}{tag}: {self.reason}"

    def __repr__(self) -> str:
        return f"<AuditEntry {self.line()}>"


_new_entry = tuple.__new__


class AuditLog:
    def __init__(self) -> None:
        self._entries: list[AuditEntry] = []

    def append(self, time: float, actor: str, verb: str, kind: str, namespace: str, name: str,
               reason: str, event_type: str | None = None, event_reason: str | None = None) -> AuditEntry:
        entry = _new_entry(AuditEntry, (len(self._entries), time, actor, verb, kind, namespace, name, reason,
                                        event_type, event_reason))
        self._entries.append(entry)
        return entry

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[AuditEntry]:
        return iter(self._entries)

    def since(self, seq: int) -> list[AuditEntry]:
        """Entries appended after the first `seq` (for panes that follow the log)."""
        return self._entries[seq:]

    def events(self) -> list[AuditEntry]:
        return [e for e in self._entries if e.event_reason is not None]

    def text(self) -> str:
        return "\n".join(e.line() for e in self._entries)
