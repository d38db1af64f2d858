"""Who watches a session: the TUI, the tutor, the timeline.

An observer overrides what it needs. The session calls observers in the order they
subscribed, after the fact: a command has run, time has moved, the cluster was
replaced (reset or restore) — and once before: a line that may change the cluster
is about to run (the timeline keeps the state from before it). `next_wakeup` lets an observer that acts at a simulated
moment (a lesson's scripted event, a goal held for 60 s) have time stop there, so
even one long `sim wait` passes through that moment.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from .result import CommandResult

#: Where a command line came from: typed on the command line, a key (or menu) in the app,
#: a lesson's setup or scripted event, a `kubesandbox run` script.
Source = Literal["typed", "key", "lesson", "script"]


@dataclass(frozen=True)
class CommandStart:
    """A line about to run, as the session resolved it (the command and its parsed flags)."""

    line: str
    command: str
    args: list[str]
    flags: dict[str, Any] = field(default_factory=dict)
    source: Source = "typed"
    key: str = ""
    actor: str = "you"
    stdin: str | None = None


class SessionObserver:
    def command_starting(self, start: CommandStart) -> None:
        """A line that may change the cluster (see kubectl/inputs.py) is about to run on `session.sim`."""

    def command_ran(self, result: CommandResult) -> None:
        """A line ran (whatever its source); `result` carries the line, source, key and output."""

    def time_advanced(self, now: float) -> None:
        """Simulated time moved forward to `now` (at every tick in the app; at each wake-up in a long wait)."""

    def cluster_replaced(self) -> None:
        """`session.sim` now holds another state (reset, restore): anything drawn from the old one is stale."""

    def next_wakeup(self) -> float | None:
        """The next simulated time this observer must see, or None."""
        return None

    def holds_time(self) -> bool:
        """True while simulated time must not move (a lesson waits for the learner's prediction)."""
        return False
