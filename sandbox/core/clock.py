"""Simulated time, the timer queue, and the cause of what runs now.

Like SimPy's event queue: a heap of (time, sequence, cause, action, args); the
sequence number makes timers due at the same moment run in the order they
were set, so runs are deterministic. Actions are bound methods with plain
arguments (keys, not objects) so a snapshot can copy the queue.

A *steady* timer repeats work whose outcome does not change the cluster while
nothing else does (a probe that keeps passing, a kubelet reporting the same
failure again, the scheduler's periodic retry of a pod that still fits
nowhere). It runs like any timer, but `busy()` does not count it, so
Simulation.settle() can stop once only steady work is left instead of running
to its cap.

`cause` is what the code running now follows from: the audit seq of a change, a
learner's input (a negative root id, see audit.py), or NO_CAUSE. The audit log stamps
it on every entry; a timer keeps the cause it was set with and makes it current again
when it fires, so the kubelet's pull finishing names the bind that started it.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

Action = Callable[..., None]

#: the cause of what no recorded change or input set off (the cluster's bootstrap, a direct API call)
NO_CAUSE = -1


class Clock:
    __slots__ = ("_busy", "_cancelled", "_heap", "_seq", "_steady", "cause", "now", "until")

    def __init__(self, now: float = 0.0) -> None:
        self.now = now
        self.cause = NO_CAUSE
        self._heap: list[tuple[float, int, int, Action, tuple[Any, ...]]] = []
        self._seq = 0
        self._cancelled: set[int] = set()  # membership only
        self._steady: set[int] = set()     # handles of pending steady timers; membership only
        self._busy = 0                     # pending timers that are neither steady nor cancelled
        #: how far the running advance goes (its pop_due limit): work may be batched up to here, not beyond
        self.until = now

    def call_at(self, when: float, action: Action, *args: Any) -> int:
        """Run `action(*args)` at simulated time `when` (never in the past); returns a handle for cancel()."""
        self._busy += 1
        self._seq += 1   # (not through _push: the hot path, hundreds of thousands of timers at scale)
        heapq.heappush(self._heap, (max(when, self.now), self._seq, self.cause, action, args))
        return self._seq

    def call_later(self, delay: float, action: Action, *args: Any) -> int:
        return self.call_at(self.now + delay, action, *args)

    def call_steady_at(self, when: float, action: Action, *args: Any) -> int:
        """Like call_at, for steady work that settle() need not wait for (see the module docstring)."""
        handle = self._push(when, action, args)
        self._steady.add(handle)
        return handle

    def _push(self, when: float, action: Action, args: tuple[Any, ...]) -> int:
        self._seq += 1
        heapq.heappush(self._heap, (max(when, self.now), self._seq, self.cause, action, args))
        return self._seq

    def cancel(self, handle: int) -> None:
        """Drop a pending timer that is no longer wanted, so settle() does not wait for it."""
        if handle in self._cancelled:
            return
        self._cancelled.add(handle)
        if handle not in self._steady:
            self._busy -= 1

    def next_due(self) -> float | None:
        self._drop_cancelled()
        return self._heap[0][0] if self._heap else None

    def next_due_besides(self, action: Action) -> float | None:
        """When the next timer whose action is not `action` is due (a scan: for rare callers)."""
        due = [when for when, seq, _cause, act, _args in self._heap if act != action and seq not in self._cancelled]
        return min(due, default=None)

    def pop_due(self, until: float) -> tuple[Action, tuple[Any, ...]] | None:
        """Take the next timer due at or before `until`, moving time to it and making its cause current."""
        if self._cancelled:   # (asked first: once per timer, and hardly any is ever cancelled)
            self._drop_cancelled()
        self.until = until
        if not self._heap or self._heap[0][0] > until:
            return None
        when, seq, cause, action, args = heapq.heappop(self._heap)
        if seq in self._steady:
            self._steady.discard(seq)
        else:
            self._busy -= 1
        self.now = when
        self.cause = cause
        return action, args

    def pending(self) -> int:
        self._drop_cancelled()
        return len(self._heap) - len(self._cancelled)

    def busy(self) -> bool:
        """Whether a timer other than steady work is pending."""
        return self._busy > 0

    @contextmanager
    def caused_by(self, cause: int) -> Iterator[None]:
        """Run a block with `cause` current (for the rare paths outside the store's watch notifications)."""
        outer, self.cause = self.cause, cause
        try:
            yield
        finally:
            self.cause = outer

    def _drop_cancelled(self) -> None:
        heap, cancelled = self._heap, self._cancelled
        while heap and heap[0][1] in cancelled:
            seq = heapq.heappop(heap)[1]
            cancelled.discard(seq)
            self._steady.discard(seq)
