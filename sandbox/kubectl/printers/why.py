"""`sim why` as text: a chain newest first, a tree of effects, why-not findings.

Each link reads like the event log: time, actor, verb and object, and the actor's reason.
"""

from __future__ import annotations

from ...core.audit import AuditEntry
from ...core.why import Chain, Link, Root, Tree
from ..ages import clock_text

MAX_TREE_LINES = 200


def link_text(link: Link) -> str:
    entry = link.entry
    text = f"{clock_text(entry.time)}  {entry.actor} {_what(entry)}: {entry.reason}"
    return text + like_it(link)


def like_it(link: Link) -> str:
    if not link.like_it:
        return ""
    noun = link.entry.kind.lower() + ("s" if link.like_it > 1 else "")
    return f"  (and {link.like_it} more {noun} like it)"


def root_text(root: Root | None) -> str:
    if root is None:
        return "it goes back to the cluster as its scenario built it: no command set it off"
    return f"started by {root.label}"


def chain_text(title: str, chain: Chain) -> str:
    lines = [title]
    lines += [f"  {link_text(link)}" for link in chain.links]
    lines.append(f"  ↳ {root_text(chain.root)}")
    return "\n".join(lines)


def tree_text(title: str, trees: list[Tree]) -> str:
    lines = [title]
    _branches(trees, "", lines)
    if len(lines) > MAX_TREE_LINES + 1:
        hidden = len(lines) - MAX_TREE_LINES - 1
        lines = [*lines[: MAX_TREE_LINES + 1], f"… and {hidden} more lines"]
    if len(lines) == 1:
        lines.append("  (nothing: it changed nothing, and nothing reacted to it)")
    return "\n".join(lines)


def _branches(trees: list[Tree], indent: str, lines: list[str]) -> None:
    for i, tree in enumerate(trees):
        last = i == len(trees) - 1
        lines.append(f"{indent}{'└─' if last else '├─'} {link_text(tree.link)}")
        _branches(tree.children, indent + ("   " if last else "│  "), lines)


def _what(entry: AuditEntry) -> str:
    ref = f"{entry.kind.lower()}/{entry.name}"
    if entry.is_event:
        return f"{entry.event_type} {entry.event_reason} {ref}"
    return f"{entry.verb} {ref}"
