"""The audit log: every change to the cluster, who made it and why.

The event-log pane, `kubectl get events`, explain views and the determinism
check all read this one log. An entry whose `event_reason` is set is also a
Kubernetes Event about the object it names (Scheduled, SuccessfulCreate, ...).

Every entry records its cause: the seq of the entry whose effect made its actor act
(the write whose watch event queued the key being reconciled, or the change a timer was
set in reaction to), a root, or NO_CAUSE. A root is an input from outside the cluster —
a learner's command, a lesson's line — recorded in `roots` with the log position it
started at; causes name it as `root_cause(index)`, a negative number, so one integer
per entry carries the whole chain (`sim why` walks it).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

from .clock import NO_CAUSE, Clock

if TYPE_CHECKING:
    from .objects import KObject


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
    #: what set this change off: an earlier entry's seq, a root (is_root), or NO_CAUSE
    cause: int = NO_CAUSE

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


def root_cause(index: int) -> int:
    """The cause value that names root number `index` (its input's own entries carry it)."""
    return -2 - index


def root_index(cause: int) -> int | None:
    """Which root a cause value names, or None if it names an entry (or nothing)."""
    return -2 - cause if cause <= -2 else None


#: A reason formatted when read: (template, *args) with `{}` fields, as str.format takes them. Texts that
#: name one pod ("Created pod: web-x") cost a string each; most are never read, so the log keeps their parts.
LazyText = tuple[Any, ...]


def lazy_text(template: str, *args: object) -> LazyText:
    """`template.format(*args)`, formatted only when an entry is read (the template must be a shared text)."""
    return (template, *args)


def _text(reason: str | LazyText) -> str:
    return reason if type(reason) is str else reason[0].format(*reason[1:])


def _entry(seq: int, row: tuple[Any, ...]) -> AuditEntry:
    time, head, name, reason, cause = row
    actor, verb, kind, namespace, event_type, event_reason = head
    return tuple.__new__(AuditEntry, (seq, time, actor, verb, kind, namespace, name, _text(reason),
                                      event_type, event_reason, cause))


class AuditLog:
    """The log keeps each entry as a plain tuple without its sequence number (its index) and
    hands out AuditEntry objects when read. Why: CPython's garbage collector stops tracking a
    plain tuple of strings and numbers once it has looked at it, but never a tuple subclass, so
    a million AuditEntry objects would be re-scanned by every collection; the row is smaller too.

    A row is (time, head, name, reason, cause): the head (actor, verb, kind, namespace, event type and
    reason) is one shared tuple for every entry that repeats it, and a reason may be a LazyText. At
    150,000 pods the log holds 1.5 million entries: this halves what each costs."""

    def __init__(self, clock: Clock | None = None) -> None:
        self._rows: list[tuple[Any, ...]] = []
        #: the clock whose `cause` each new entry records
        self.clock = clock if clock is not None else Clock()
        #: inputs from outside the cluster, in order: (log length when it started, who and what: "you: kubectl ...")
        self.roots: list[tuple[int, str]] = []
        self._heads: dict[tuple[str | None, ...], tuple[str | None, ...]] = {}   # each head, once

    def append(self, time: float, actor: str, verb: str, kind: str, namespace: str, name: str,
               reason: str | LazyText, event_type: str | None = None, event_reason: str | None = None) -> int:
        """Record one entry, caused by what runs now (the clock's cause); returns its seq."""
        head = (actor, verb, kind, namespace, event_type, event_reason)
        rows = self._rows
        rows.append((time, self._heads.setdefault(head, head), name, reason, self.clock.cause))
        return len(rows) - 1

    def event(self, obj: KObject, event_type: str, event_reason: str, message: str | LazyText, *,
              actor: str) -> None:
        """Record a Kubernetes Event about `obj` (Normal/Warning, reason, message), now. The store hands this
        method out as its record_event: a pod's start-up records six, so it is one call, not two."""
        meta = obj.metadata
        head = (actor, "event", obj.kind, meta.namespace, event_type, event_reason)
        clock = self.clock
        self._rows.append((clock.now, self._heads.setdefault(head, head), meta.name, message, clock.cause))

    def add_root(self, label: str) -> int:
        """An input from outside starts (`label`: "you: kubectl scale ..."); returns the cause value naming it."""
        self.roots.append((len(self._rows), label))
        return root_cause(len(self.roots) - 1)

    def detach_rows(self) -> list[tuple[Any, ...]]:
        """Take the rows out (a checkpoint pickles the rest and shares the rows itself; see checkpoint.py)."""
        rows, self._rows = self._rows, []
        return rows

    def attach_rows(self, rows: list[tuple[Any, ...]]) -> None:
        self._rows = rows

    def __getitem__(self, seq: int) -> AuditEntry:
        return _entry(seq, self._rows[seq])

    def cause_of(self, seq: int) -> int:
        return int(self._rows[seq][4])

    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self) -> Iterator[AuditEntry]:
        return (_entry(seq, row) for seq, row in enumerate(self._rows))

    def since(self, seq: int) -> list[AuditEntry]:
        """Entries appended after the first `seq` (for panes that follow the log)."""
        rows = self._rows
        return [_entry(i, rows[i]) for i in range(len(rows))[seq:]]

    def events(self) -> list[AuditEntry]:
        return [_entry(seq, row) for seq, row in enumerate(self._rows) if row[1][5] is not None]

    def text(self) -> str:
        return "\n".join(_entry(seq, row).line() for seq, row in enumerate(self._rows))
