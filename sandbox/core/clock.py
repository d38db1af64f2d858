"""Simulated time and the timer queue.

Like SimPy's event queue: a heap of (time, sequence, action, args); the
sequence number makes timers due at the same moment run in the order they
were set, so runs are deterministic. Actions are bound methods with plain
arguments (keys, not objects) so a snapshot can deep-copy the queue.
"""

from __future__ import annotations

import heapq
from typing import Any, Callable

Action = Callable[..., None]


class Clock:
    __slots__ = ("now", "_heap", "_seq")

    def __init__(self, now: float = 0.0) -> None:
        self.now = now
        self._heap: list[tuple[float, int, Action, tuple[Any, ...]]] = []
        self._seq = 0

    def call_at(self, when: float, action: Action, *args: Any) -> None:
        """Run `action(*args)` at simulated time `when` (never in the past)."""
        self._seq += 1
        heapq.heappush(self._heap, (max(when, self.now), self._seq, action, args))

    def call_later(self, delay: float, action: Action, *args: Any) -> None:
        self.call_at(self.now + delay, action, *args)

    def next_due(self) -> float | None:
        return self._heap[0][0] if self._heap else None

    def pop_due(self, until: float) -> tuple[Action, tuple[Any, ...]] | None:
        """Take the next timer due at or before `until`, moving time to it."""
        if not self._heap or self._heap[0][0] > until:
            return None
        when, _, action, args = heapq.heappop(self._heap)
        self.now = when
        return action, args

    def pending(self) -> int:
        return len(self._heap)
