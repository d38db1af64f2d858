"""A controller's work queue: FIFO of keys, each queued at most once (client-go style)."""

from __future__ import annotations

from collections import deque


class Backlog:
    """How many keys wait in all the queues that share it.

    The simulation drains the queues after every timer (hundreds of thousands of them at
    scale); one shared count lets it see "nothing to do" without asking every controller.
    """

    __slots__ = ("count",)

    def __init__(self) -> None:
        self.count = 0


class WorkQueue:
    __slots__ = ("_backlog", "_order", "_queued")

    def __init__(self, backlog: Backlog | None = None) -> None:
        self._order: deque[str] = deque()
        self._queued: set[str] = set()  # membership only; never iterated, so order stays deterministic
        self._backlog = backlog if backlog is not None else Backlog()

    def add(self, key: str) -> None:
        if key not in self._queued:
            self._queued.add(key)
            self._order.append(key)
            self._backlog.count += 1

    def pop(self) -> str:
        key = self._order.popleft()
        self._queued.discard(key)
        self._backlog.count -= 1
        return key

    def __len__(self) -> int:
        return len(self._order)

    def __bool__(self) -> bool:
        return bool(self._order)
