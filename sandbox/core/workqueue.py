"""A controller's work queue: FIFO of keys, each queued at most once (client-go style)."""

from __future__ import annotations

from collections import deque


class WorkQueue:
    __slots__ = ("_order", "_queued")

    def __init__(self) -> None:
        self._order: deque[str] = deque()
        self._queued: set[str] = set()  # membership only; never iterated, so order stays deterministic

    def add(self, key: str) -> None:
        if key not in self._queued:
            self._queued.add(key)
            self._order.append(key)

    def pop(self) -> str:
        key = self._order.popleft()
        self._queued.discard(key)
        return key

    def __len__(self) -> int:
        return len(self._order)

    def __bool__(self) -> bool:
        return bool(self._order)
