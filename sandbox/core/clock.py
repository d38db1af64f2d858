"""Simulated time and the timer queue.

Like SimPy's event queue: a heap of (time, sequence, action, args); the
sequence number makes timers due at the same moment run in the order they
were set, so runs are deterministic. Actions are bound methods with plain
arguments (keys, not objects) so a snapshot can deep-copy the queue.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from typing import Any

Action = Callable[..., None]


class Clock:
    __slots__ = ("_cancelled", "_heap", "_seq", "now", "until")

    def __init__(self, now: float = 0.0) -> None:
        self.now = now
        self._heap: list[tuple[float, int, Action, tuple[Any, ...]]] = []
        self._seq = 0
        self._cancelled: set[int] = set()  # membership only
        #: how far the running advance goes (its pop_due limit): work may be batched up to here, not beyond
        self.until = now

    def call_at(self, when: float, action: Action, *args: Any) -> int:
        """Run `action(*args)` at simulated time `when` (never in the past); returns a handle for cancel()."""
        self._seq += 1
        heapq.heappush(self._heap, (max(when, self.now), self._seq, action, args))
        return self._seq

    def call_later(self, delay: float, action: Action, *args: Any) -> int:
        return self.call_at(self.now + delay, action, *args)

    def cancel(self, handle: int) -> None:
        """Drop a timer that is no longer wanted, so settle() does not wait for it."""
        self._cancelled.add(handle)

    def next_due(self) -> float | None:
        self._drop_cancelled()
        return self._heap[0][0] if self._heap else None

    def next_due_besides(self, action: Action) -> float | None:
        """When the next timer whose action is not `action` is due (a scan: for rare callers)."""
        due = [when for when, seq, act, _ in self._heap if act != action and seq not in self._cancelled]
        return min(due, default=None)

    def pop_due(self, until: float) -> tuple[Action, tuple[Any, ...]] | None:
        """Take the next timer due at or before `until`, moving time to it."""
        self._drop_cancelled()
        self.until = until
        if not self._heap or self._heap[0][0] > until:
            return None
        when, _, action, args = heapq.heappop(self._heap)
        self.now = when
        return action, args

    def pending(self) -> int:
        self._drop_cancelled()
        return len(self._heap) - len(self._cancelled)

    def _drop_cancelled(self) -> None:
        heap, cancelled = self._heap, self._cancelled
        while heap and heap[0][1] in cancelled:
            cancelled.discard(heapq.heappop(heap)[1])
