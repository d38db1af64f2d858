"""Typed lines run in a thread, so a slow one (`sim wait 30d`, a large apply, a scale to thousands
of pods) leaves the app live: the screen still draws, esc stops a wait, ctrl+q quits at once.

The runner sits in the command row. While a line runs it stands in for the command line and
says, in its label, what runs, how far a wait has got and what the keys do. It waits for the
thread in its own message queue, so the screen's queue (drawing, keys) keeps moving while
Textual's test pilot still waits for the line to finish; the label is a child with a queue of
its own, since a widget repaints from its own queue. A line runs in a Textual
thread worker (https://textual.textualize.io/guide/workers/#thread-workers): Python cannot
stop a thread from outside, so the simulation checks the worker's cancelled flag between
timers and syncs (core/interrupt.py) and ends when the app quits.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from time import monotonic
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static
from textual.worker import WorkerCancelled, get_current_worker

from ...core import interrupt
from ...kubectl.ages import human_duration

if TYPE_CHECKING:
    from textual.timer import Timer

    from ...kubectl.result import CommandResult
    from ...kubectl.session import Session

class CommandRunner(Widget):
    DEFAULT_CSS = """
    CommandRunner { height: 1; width: 1fr; background: $panel; }
    CommandRunner.-hidden { display: none; }
    CommandRunner > Static { padding: 0 1; color: $warning; }
    """

    class Run(Message):
        """Run `line` in a thread; `finished` is called with the outcome once the screen has seen its output."""

        def __init__(self, line: str, finished: Callable[[CommandResult | Exception | None], None]) -> None:
            super().__init__()
            self.line = line
            self.finished = finished

    def __init__(self, session: Session, *, id: str | None = None) -> None:
        super().__init__(classes="-hidden", id=id)
        self.session = session
        self.line: str | None = None
        self._started = 0.0
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Static("", markup=False)

    @property
    def running(self) -> bool:
        return self.line is not None

    async def on_command_runner_run(self, message: Run) -> None:
        self.line, self._started = message.line, monotonic()
        self.remove_class("-hidden")
        self._show()
        # On the screen's timer: this widget's own queue waits for the line. Wall time paces this label only.
        self._timer = self.screen.set_interval(0.25, self._show)
        worker = self.run_worker(lambda: self._run(message.line), thread=True, group="command",
                                 exit_on_error=False)
        try:
            outcome = await worker.wait()
        except WorkerCancelled:  # the app is quitting
            self.line = None
            return
        finally:
            self._timer.stop()
        # What the line printed was posted to the screen from the thread; let the screen take it first.
        # Still running meanwhile: a reset it posted must not rebuild the screen (and this widget) under it.
        seen = asyncio.Event()
        self.screen.call_later(seen.set)
        await seen.wait()
        self.line = None
        self.add_class("-hidden")
        message.finished(outcome)  # the last thing: the screen may rebuild itself from here

    def _run(self, line: str) -> CommandResult | Exception | None:
        """In the worker's thread: run the line; the simulation stops if the worker is cancelled (the app quits)."""
        worker = get_current_worker()
        with interrupt.stop_when(lambda: worker.is_cancelled):
            try:
                return self.session.run(line, source="typed")
            except interrupt.Interrupted:
                return None
            except Exception as error:  # the session promises not to raise; the app reports it and goes on
                return error

    def _show(self) -> None:
        self.query_one(Static).update(running_words(self.line or "", self.session, monotonic() - self._started))


def running_words(line: str, session: Session, elapsed: float) -> str:
    """`running: sim wait 30d · 3h12m of 30d · 4s · esc stops the wait · ctrl+q quits`."""
    parts = [f"running: {line}"]
    waiting = session.waiting
    if waiting is not None:
        start, target = waiting
        done = min(max(session.sim.now - start, 0.0), target - start)  # a float read: safe while the thread runs
        parts.append(f"{human_duration(done)} of {human_duration(target - start)}")
    parts.append(f"{elapsed:.0f}s")
    if waiting is not None and session.wait_can_stop():
        parts.append("esc stops the wait")
    parts.append("ctrl+q quits")
    return " · ".join(parts)
