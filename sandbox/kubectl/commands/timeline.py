"""The timeline's verbs: `sim undo|redo|history|rewind|checkout|diff` (see kubectl/timeline.py).

    sim undo                 the cluster as it was just before your last command
    sim redo                 forward again, to where you were
    sim history [--all]      the points of this branch (--all: of every branch)
    sim rewind N             back (or forward) to point N of this branch
    sim rewind 2m            back two minutes of simulated time
    sim checkout BRANCH      to the newest point of another branch
    sim diff [A] [B]         what differs between two points (default: before your last command, and now)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from ..ages import clock_text, human_duration
from ..durations import parse_duration
from ..errors import error
from ..parse import parse_flags
from ..printers.diff import diff_clusters
from ..printers.tabwriter import table
from ..result import CommandResult
from ..timeline import MAIN, Node, TimelineError
from . import done

if TYPE_CHECKING:
    from ..session import Session

_POINT = re.compile(r"\d+")
T = TypeVar("T")


def undo(session: Session, args: list[str]) -> CommandResult:
    _no_args("sim undo", args)
    timeline = session.timeline
    node = _move(timeline.undo)
    return done(f"undid `{node.line}`: the cluster is as it was just before it ran "
                f"({_at(session)}, point {timeline.current_point()}; sim redo brings it back)")


def redo(session: Session, args: list[str]) -> CommandResult:
    _no_args("sim redo", args)
    node = _move(session.timeline.redo)
    return done(f"redid `{node.line}`: the cluster is back at point {session.timeline.current_point()} "
                f"({_at(session)})")


def rewind(session: Session, args: list[str]) -> CommandResult:
    if len(args) != 1:
        raise error("usage: sim rewind N (a point: sim history lists them) | sim rewind DURATION (2m: back "
                    "two minutes of simulated time)")
    timeline = session.timeline
    if _POINT.fullmatch(args[0]):
        node = _move(lambda: timeline.rewind_to_point(int(args[0])))
        what = "the start" if node.id == 0 else f"`{node.line}`"
        return done(f"rewound to point {args[0]}, after {what} ({_at(session)})")
    if args[0].startswith("-"):
        raise error(f'cannot rewind to "{args[0]}": points are numbered from 0 (sim history lists them)')
    seconds = parse_duration(args[0])
    _move(lambda: timeline.rewind_by(seconds))  # a malformed duration raised above: nothing moved
    return done(f"rewound {human_duration(seconds)}: {_at(session)}, point {timeline.current_point()}")


def checkout(session: Session, args: list[str]) -> CommandResult:
    if len(args) != 1:
        raise error("usage: sim checkout BRANCH (sim history --all lists the branches)")
    node = _move(lambda: session.timeline.checkout(args[0]))
    return done(f"on branch {args[0]}: its newest point {session.timeline.current_point()}"
                + (f", after `{node.line}`" if node.line else "") + f" ({_at(session)})")


def history(session: Session, args: list[str]) -> CommandResult:
    parsed = parse_flags("sim history", args, ("all",))
    if parsed.args:
        raise error("usage: sim history [--all]")
    timeline = session.timeline
    names = sorted(timeline.branches, key=lambda b: (b != MAIN, b)) if parsed["all"] else [timeline.branch]
    blocks = [_branch(session, name) for name in names]
    return done("\n\n".join(blocks))


def _branch(session: Session, branch: str) -> str:
    timeline = session.timeline
    fork = timeline.fork_point(branch)
    head = f"branch {branch}" + (" (current)" if branch == timeline.branch else "")
    if fork is not None:
        head += f", left main after point {fork}"
    rows = [["POINT", "TIME", "SOURCE", "COMMAND"]]
    for row in timeline.history(branch):
        node = row.node
        number = "" if row.index is None else str(row.index)
        line = node.line or "(start)"
        if row.index is None:
            line = f"  {node.actor or 'lesson'}: {line}"
        if row.current:
            line += f"   ← now ({clock_text(session.sim.now)})"
        rows.append([("* " if row.current else "") + number, clock_text(node.start), _source(node), line])
    return head + "\n" + table(rows)


def _source(node: Node) -> str:
    if node.id == 0:
        return "-"
    return f"key {node.key}" if node.source == "key" and node.key else node.source


def diff(session: Session, args: list[str]) -> CommandResult:
    parsed = parse_flags("sim diff", args, ("status",))
    if len(parsed.args) > 2 or not all(_POINT.fullmatch(a) for a in parsed.args):
        raise error("usage: sim diff [A] [B] [--status] (points: sim history lists them; "
                    "default: before your last command, and now)")
    timeline = session.timeline
    current = timeline.current_point()
    if len(parsed.args) == 0:
        if current == 0:
            raise error("nothing to compare: no command has run yet (sim diff A B compares two points)")
        a, b = current - 1, None
    elif len(parsed.args) == 1:
        a, b = int(parsed.args[0]), None
    else:
        a, b = int(parsed.args[0]), int(parsed.args[1])
    try:
        before, after = timeline.state_of_point(a), timeline.state_of_point(b)
    except TimelineError as err:
        raise error(str(err)) from None
    text = diff_clusters(before, after, f"POINT-{a}", "NOW" if b is None else f"POINT-{b}",
                         status=parsed["status"])
    # kubectl diff exits 1 when it finds differences; here a difference is an answer, not a failure.
    return done(text or f"no differences between point {a} and {'now' if b is None else f'point {b}'}"
                + ("" if parsed["status"] else " (spec and metadata; --status compares status too)"))


def _move(step: Callable[[], T]) -> T:
    try:
        return step()
    except TimelineError as err:
        raise error(str(err)) from None


def _no_args(usage: str, args: list[str]) -> None:
    if args:
        raise error(f"usage: {usage} (it takes no arguments)")


def _at(session: Session) -> str:
    return f"simulated time {clock_text(session.sim.now)}"
