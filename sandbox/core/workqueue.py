"""A controller's work queue: FIFO of keys, each queued at most once (client-go style).

Each key keeps the cause it was first queued with (the clock's current cause then: the
write whose watch event queued it). client-go coalesces a key added while it waits; so
does this queue, and it keeps the earliest cause — the change that made the key dirty —
not whichever write happened to come last. Popping a key makes its cause current, so the
controller's writes while reconciling it name that cause without being told.
"""

from __future__ import annotations

from collections import deque
from heapq import heappush

from .clock import Clock


class Backlog:
    """Which of the queues that share it hold keys.

    The simulation drains the queues after every timer (hundreds of thousands of them at
    scale); the backlog lets it see "nothing to do" (`ready` and `after` empty) without asking
    every controller. A drain runs the queues in passes, each in the controllers' order (a queue's `slot`);
    `ready` and `after` name the queues with keys, so a pass visits only those: `ready` the
    ones still ahead of the pass (slot above `running`), `after` the ones it has passed.
    """

    __slots__ = ("after", "ready", "running")

    def __init__(self) -> None:
        self.ready: list[int] = []   # heap of slots
        self.after: list[int] = []   # heap of slots for the next pass
        self.running = -1            # the slot whose keys are being synced now (-1: none)

    def mark(self, slot: int) -> None:
        """Queue `slot` has keys now, and had none."""
        heappush(self.ready if slot > self.running else self.after, slot)


class WorkQueue:
    __slots__ = ("_backlog", "_clock", "_order", "_queued", "slot")

    def __init__(self, clock: Clock, backlog: Backlog | None = None) -> None:
        self._order: deque[str] = deque()
        self._queued: dict[str, int] = {}  # key -> cause; looked up only, so order stays the deque's
        self._clock = clock
        self._backlog = backlog if backlog is not None else Backlog()
        #: this queue's place in the order the backlog's queues are drained (the simulation numbers them)
        self.slot = 0

    def add(self, key: str) -> None:
        """Queue `key` (caused by what runs now) unless it waits already."""
        if key not in self._queued:
            self.add_caused(key, self._clock.cause)

    def add_caused(self, key: str, cause: int) -> None:
        """Queue `key` for a cause noted earlier (a wake-up batched to the end of an instant)."""
        if key not in self._queued:
            backlog = self._backlog
            if not self._order and self.slot != backlog.running:
                backlog.mark(self.slot)   # (the running queue is looked at again when it has run)
            self._queued[key] = cause
            self._order.append(key)

    def pop(self) -> str:
        """The next key; its cause becomes the clock's current cause."""
        key = self._order.popleft()
        self._clock.cause = self._queued.pop(key)
        return key

    def __len__(self) -> int:
        return len(self._order)

    def __bool__(self) -> bool:
        return bool(self._order)
