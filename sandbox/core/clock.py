"""Simulated time, the timer queue, and the cause of what runs now.

Like SimPy's event queue: timers run in order of (time, sequence); the sequence
number makes timers due at the same moment run in the order they were set, so
runs are deterministic. Actions are bound methods with plain arguments (keys,
not objects) so a snapshot can copy the queue.

The queue is a calendar: a heap of the distinct times that have timers, and for
each time a FIFO of its timers (sequence, cause, action, args). A large cluster
sets hundreds of thousands of timers for a handful of instants (every pod's
pull ends at the same moment); one heap of them all would compare hundreds of
thousands of equal times on every push and pop.

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
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

Action = Callable[..., None]
Timer = tuple[int, int, Action, tuple[Any, ...]]   # (sequence, cause, action, args)

#: the cause of what no recorded change or input set off (the cluster's bootstrap, a direct API call)
NO_CAUSE = -1


class Clock:
    __slots__ = ("_busy", "_cancelled", "_seq", "_size", "_slots", "_steady", "_times", "cause", "now", "until")

    def __init__(self, now: float = 0.0) -> None:
        self.now = now
        self.cause = NO_CAUSE
        self._times: list[float] = []                 # heap of the times in _slots
        self._slots: dict[float, deque[Timer]] = {}   # time -> its timers, in the order set
        self._size = 0                                # timers queued (cancelled ones included)
        self._seq = 0
        self._cancelled: set[int] = set()  # membership only
        self._steady: set[int] = set()     # handles of pending steady timers; membership only
        self._busy = 0                     # pending timers that are neither steady nor cancelled
        #: how far the running advance goes (its pop_due limit): work may be batched up to here, not beyond
        self.until = now

    def call_at(self, when: float, action: Action, *args: Any) -> int:
        """Run `action(*args)` at simulated time `when` (never in the past); returns a handle for cancel()."""
        self._seq += 1
        when = max(when, self.now)
        slot = self._slots.get(when)
        if slot is None:
            slot = self._slots[when] = deque()
            heapq.heappush(self._times, when)
        slot.append((self._seq, self.cause, action, args))
        self._size += 1
        self._busy += 1
        return self._seq

    def call_later(self, delay: float, action: Action, *args: Any) -> int:
        return self.call_at(self.now + delay, action, *args)

    def call_steady_at(self, when: float, action: Action, *args: Any) -> int:
        """Like call_at, for steady work that settle() need not wait for (see the module docstring)."""
        handle = self.call_at(when, action, *args)
        self._busy -= 1
        self._steady.add(handle)
        return handle

    def cancel(self, handle: int) -> None:
        """Drop a pending timer that is no longer wanted, so settle() does not wait for it."""
        if handle in self._cancelled:
            return
        self._cancelled.add(handle)
        if handle not in self._steady:
            self._busy -= 1

    def next_due(self) -> float | None:
        self._drop_cancelled()
        return self._times[0] if self._times else None

    def next_due_besides(self, action: Action) -> float | None:
        """When the next timer whose action is not `action` is due (a scan: for rare callers)."""
        due = [when for when, slot in self._slots.items()
               if any(act != action and seq not in self._cancelled for seq, _cause, act, _args in slot)]
        return min(due, default=None)

    def pop_due(self, until: float) -> tuple[Action, tuple[Any, ...]] | None:
        """Take the next timer due at or before `until`, moving time to it and making its cause current."""
        if self._cancelled:   # (asked first: once per timer, and hardly any is ever cancelled)
            self._drop_cancelled()
        self.until = until
        times = self._times
        if not times or times[0] > until:
            return None
        when = times[0]
        slot = self._slots[when]
        seq, cause, action, args = slot.popleft()
        if not slot:
            heapq.heappop(times)
            del self._slots[when]
        self._size -= 1
        if seq in self._steady:
            self._steady.discard(seq)
        else:
            self._busy -= 1
        self.now = when
        self.cause = cause
        return action, args

    def pending(self) -> int:
        self._drop_cancelled()
        return self._size - len(self._cancelled)

    def clear(self) -> None:
        """Drop every timer (a simulation being taken apart; see Simulation.dispose)."""
        self._times.clear()
        self._slots.clear()
        self._size = 0

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
        times, slots, cancelled = self._times, self._slots, self._cancelled
        while times:
            slot = slots[times[0]]
            while slot and slot[0][0] in cancelled:
                seq = slot.popleft()[0]
                self._size -= 1
                cancelled.discard(seq)
                self._steady.discard(seq)
            if slot:
                return
            del slots[heapq.heappop(times)]
