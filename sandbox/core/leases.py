"""Node heartbeats, kept the way the kube-node-lease Leases behave but lazily.

A running kubelet renews its Lease every `period` seconds. Writing 5,000
renewals every 10 s would dominate a large simulation, so renewals are implied
while the kubelet runs and computed on read; only starts and stops are stored,
and watchers hear of those (a stopped kubelet is exactly a lease that stops
being renewed). This is the one simplification: renewals are not in the audit log.
"""

from __future__ import annotations

from collections.abc import Callable

from .clock import Clock

LeaseWatcher = Callable[[str], None]


class NodeLeases:
    def __init__(self, clock: Clock, period: float) -> None:
        self.clock = clock
        self.period = period
        self._started: dict[str, float] = {}
        self._stopped_at: dict[str, float] = {}
        #: the nodes whose kubelet renews now (read only): the kubelet asks at every timer of every pod
        self.running: set[str] = set()
        self._watchers: list[LeaseWatcher] = []
        #: bumped by every start, stop and forget: which machines run, as a cheap cache key
        self.version = 0

    def start(self, node: str) -> None:
        """The node's kubelet starts (or comes back) and renews at once."""
        self._started[node] = self.clock.now
        self._stopped_at.pop(node, None)
        self.running.add(node)
        self._notify(node)

    def stop(self, node: str) -> None:
        """The kubelet stops renewing; the last renewal stays where it was."""
        if node in self._started and node not in self._stopped_at:
            self._stopped_at[node] = self.renew_time(node)  # type: ignore[assignment]
            self.running.discard(node)
            self._notify(node)

    def forget(self, node: str) -> None:
        self._started.pop(node, None)
        self._stopped_at.pop(node, None)
        self.running.discard(node)
        self.version += 1

    def renewing(self, node: str) -> bool:
        return node in self.running

    def renew_time(self, node: str) -> float | None:
        """When the lease was last renewed, as of now; None if it never was."""
        if node in self._stopped_at:
            return self._stopped_at[node]
        start = self._started.get(node)
        if start is None:
            return None
        return start + ((self.clock.now - start) // self.period) * self.period

    def watch(self, watcher: LeaseWatcher) -> None:
        self._watchers.append(watcher)

    def _notify(self, node: str) -> None:
        self.version += 1
        for watcher in self._watchers:
            watcher(node)
