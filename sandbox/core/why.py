"""Why: the chain of causes behind an object, and everything one input set off.

Reads only the audit log's causes (see audit.py): each entry names the entry, or the
root (a learner's command, a lesson's line), whose effect made its actor act. A chain
walks from an object's newest change down to its root; a tree walks from a root (or
any entry) up to all it caused. Entries alike with the same cause — the same kind of
actor, verb, kind and event, each the n-th such entry about its own object — fold into
one link with a count ("and 2 more pods like it"): two pods the ReplicaSet created fold,
the kubelet's first and second update of one pod do not.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .audit import AuditEntry, AuditLog, root_index
from .clock import NO_CAUSE

MAX_TREE_DEPTH = 16


@dataclass(frozen=True)
class Root:
    """An input from outside the cluster: `label` is "who: line"."""

    index: int
    label: str
    position: int  # the log's length when it started


@dataclass(frozen=True)
class Link:
    entry: AuditEntry
    like_it: int = 0  # other entries with the same cause and the same shape


@dataclass(frozen=True)
class Chain:
    links: list[Link]          # newest first: the object's own change, then what caused it, ...
    root: Root | None          # where it starts; None: the cluster's bootstrap (or a direct API call)


@dataclass
class Tree:
    link: Link
    children: list[Tree] = field(default_factory=list)


def shape(entry: AuditEntry) -> tuple[str, str, str, str | None]:
    """What makes two entries alike: the actor's kind (`kubelet/node-1` and `kubelet/node-2` alike), verb,
    object kind and event reason."""
    return entry.actor.split("/", 1)[0], entry.verb, entry.kind, entry.event_reason


def root_of(audit: AuditLog, cause: int) -> Root | None:
    index = root_index(cause)
    if index is None or index >= len(audit.roots):
        return None
    position, label = audit.roots[index]
    return Root(index, label, position)


def newest_about(audit: AuditLog, kind: str, namespace: str, name: str) -> AuditEntry | None:
    """The newest change to the object (a Kubernetes Event about it only if nothing else names it)."""
    event: AuditEntry | None = None
    for seq in range(len(audit) - 1, -1, -1):
        entry = audit[seq]
        if entry.name == name and entry.kind == kind and entry.namespace == namespace:
            if not entry.is_event:
                return entry
            event = event or entry
    return event


def chain_from(audit: AuditLog, entry: AuditEntry) -> Chain:
    """`entry`, its cause, that one's cause, ... down to the root."""
    entries = [entry]
    while entries[-1].cause >= 0:
        entries.append(audit[entries[-1].cause])
    caused = _caused_by(audit, {e.cause for e in entries}, start=_start(audit, entries[-1].cause, entries[-1].seq))
    links = []
    for entry in entries:
        group = next(g for g in alike(audit, caused.get(entry.cause, [entry.seq])) if entry in g)
        links.append(Link(entry, len(group) - 1))
    return Chain(links, root_of(audit, entries[-1].cause))


def chain_for(audit: AuditLog, kind: str, namespace: str, name: str) -> Chain | None:
    """The chain behind the object's newest change; None if the log never named it."""
    entry = newest_about(audit, kind, namespace, name)
    return chain_from(audit, entry) if entry is not None else None


def tree(audit: AuditLog, cause: int) -> list[Tree]:
    """Everything `cause` (an entry's seq or a root) set off, alike siblings folded into their first.
    Kubernetes Events are left out: each repeats a change that is in the tree already."""
    caused = _caused_by(audit, None, start=_start(audit, cause, len(audit)))
    return _subtrees(audit, caused, cause, 0)


def _subtrees(audit: AuditLog, caused: dict[int, list[int]], cause: int, depth: int) -> list[Tree]:
    if depth >= MAX_TREE_DEPTH:
        return []
    seqs = [seq for seq in caused.get(cause, ()) if not audit[seq].is_event]
    return [Tree(Link(group[0], len(group) - 1), _subtrees(audit, caused, group[0].seq, depth + 1))
            for group in alike(audit, seqs)]


def alike(audit: AuditLog, seqs: Iterable[int]) -> list[list[AuditEntry]]:
    """Entries with one cause in groups of alike ones, in order of each group's first entry: the same
    shape, and the same count of earlier same-shaped entries about their own object."""
    groups: dict[tuple[tuple[str, str, str, str | None], int], list[AuditEntry]] = {}
    seen: dict[tuple[tuple[str, str, str, str | None], str, str, str], int] = {}
    for seq in seqs:
        entry = audit[seq]
        key = shape(entry)
        about = (key, entry.kind, entry.namespace, entry.name)
        nth = seen.get(about, 0)
        seen[about] = nth + 1
        groups.setdefault((key, nth), []).append(entry)
    return list(groups.values())


def _start(audit: AuditLog, cause: int, fallback: int) -> int:
    """Where a scan for what `cause` set off may begin: nothing is caused before its cause."""
    if cause >= 0:
        return cause
    root = root_of(audit, cause)
    return root.position if root is not None else (0 if cause == NO_CAUSE else fallback)


def _caused_by(audit: AuditLog, causes: set[int] | None, *, start: int) -> dict[int, list[int]]:
    """cause -> seqs it caused, for `causes` (all when None), scanning the log from `start`."""
    found: dict[int, list[int]] = {}
    for seq in range(start, len(audit)):
        cause = audit.cause_of(seq)
        if causes is None or cause in causes:
            found.setdefault(cause, []).append(seq)
    return found
