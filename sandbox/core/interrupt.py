"""Stopping long work from outside: whoever runs the simulation in a thread may ask it to stop.

The app runs a slow line (a large apply, a scale to thousands of pods, building a big cluster)
in a thread so the screen stays live. Python cannot stop a thread from outside, so when the
learner quits, the simulation must stop by itself: `advance` and the controllers' work queues
call `check()` between timers and between syncs, and it raises `Interrupted` once the check set
with `stop_when` for this thread says so. The state left behind is not meant to be used again
(the program is quitting): a wait the learner stops (esc) ends at a slice boundary instead
(kubectl/session.py), where the cluster is whole.

The check is per thread (a context variable), so a simulation run elsewhere is never stopped
by another thread's request.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextvars import ContextVar

_stop_asked: ContextVar[Callable[[], bool] | None] = ContextVar("stop_asked", default=None)


class Interrupted(BaseException):
    """The work was asked to stop. A BaseException, like KeyboardInterrupt: no `except Exception`
    on the way (the command layer's promise never to raise) may turn it into an error message."""


@contextlib.contextmanager
def stop_when(asked: Callable[[], bool]) -> Iterator[None]:
    """Within this block, on this thread, the simulation stops (raises Interrupted) once `asked()` is true."""
    token = _stop_asked.set(asked)
    try:
        yield
    finally:
        _stop_asked.reset(token)


def check() -> None:
    """Raise Interrupted if this thread's work was asked to stop."""
    asked = _stop_asked.get()
    if asked is not None and asked():
        raise Interrupted


def stop_question() -> Callable[[], bool] | None:
    """This thread's question set with `stop_when` (None if there is none). A loop that checks hundreds of
    thousands of times looks it up once, then raises Interrupted itself once the answer is yes."""
    return _stop_asked.get()
