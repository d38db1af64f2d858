"""The audit log: every change to the cluster, who made it and why.

The event-log pane, `kubectl get events`, explain views and the determinism
check all read this one log. An entry whose `event_reason` is set is also a
Kubernetes Event about the object it names (Scheduled, SuccessfulCreate, ...).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any, NamedTuple


def shared_text(text: str) -> str:
    """The one copy of a reason or message that many entries repeat ("Started container app").

    The log holds millions of entries at scale: equal texts built by f-strings would each keep
    their own string. Use it only for texts that repeat (not ones naming a single pod).
    """
    return sys.intern(text)


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


def _entry(seq: int, row: tuple[Any, ...]) -> AuditEntry:
    return tuple.__new__(AuditEntry, (seq, *row))


class AuditLog:
    """The log keeps each entry as a plain tuple without its sequence number (its index) and
    hands out AuditEntry objects when read. Why: CPython's garbage collector stops tracking a
    plain tuple of strings and numbers once it has looked at it, but never a tuple subclass, so
    a million AuditEntry objects would be re-scanned by every collection; the row is smaller too."""

    def __init__(self) -> None:
        self._rows: list[tuple[Any, ...]] = []

    def append(self, time: float, actor: str, verb: str, kind: str, namespace: str, name: str,
               reason: str, event_type: str | None = None, event_reason: str | None = None) -> None:
        self._rows.append((time, actor, verb, kind, namespace, name, reason, event_type, event_reason))

    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self) -> Iterator[AuditEntry]:
        return (_entry(seq, row) for seq, row in enumerate(self._rows))

    def since(self, seq: int) -> list[AuditEntry]:
        """Entries appended after the first `seq` (for panes that follow the log)."""
        rows = self._rows
        return [_entry(i, rows[i]) for i in range(len(rows))[seq:]]

    def events(self) -> list[AuditEntry]:
        return [_entry(seq, row) for seq, row in enumerate(self._rows) if row[8] is not None]

    def text(self) -> str:
        return "\n".join(_entry(seq, row).line() for seq, row in enumerate(self._rows))
