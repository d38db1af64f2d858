"""kube-scheduler's unschedulable pool and back-off (k/k pkg/scheduler/internal/queue/scheduling_queue.go).

A pod that fits no node waits in the pool. It is tried again

* when a cluster event could make it fit (the scheduler calls `cluster_changed()`
  for a node added, a node's labels, taints, allocatable or `spec.unschedulable`
  changed, or a pod leaving a node) — once its back-off has passed: 1 s after the
  first failed attempt, doubling up to 10 s (podInitialBackoffDuration,
  podMaxBackoffDuration);
* and in any case once it has waited longer than 5 minutes
  (podMaxInUnschedulablePodsDuration), at the next run of
  flushUnschedulablePodsLeftover, every 30 s of the scheduler's life.

Simplification: the real queue asks each plugin's queueing hint whether an event
can help this pod; here every event of those kinds retries every pooled pod, and
a retry that ends with the same verdict records nothing (a real cluster would not
have retried). The 5-minute retries do record their FailedScheduling event again,
as kubectl describe shows on a long-Pending pod ("x3 over 10m").

Timers carry the pod's uid and the time they were set for, so a stale one is
ignored; the 5-minute flush is steady work (clock.py) that settle() does not wait for.
"""

from __future__ import annotations

from collections.abc import Callable
from math import floor
from typing import Any

from ..clock import Clock

INITIAL_BACKOFF = 1.0            # podInitialBackoffDuration
MAX_BACKOFF = 10.0               # podMaxBackoffDuration
MAX_IN_UNSCHEDULABLE = 300.0     # podMaxInUnschedulablePodsDuration
FLUSH_PERIOD = 30.0              # wait.Until(p.flushUnschedulablePodsLeftover, 30*time.Second, ...)


def backoff(attempts: int) -> float:
    """calculateBackoffDuration: 1 s after the first attempt, doubling, at most 10 s."""
    return min(INITIAL_BACKOFF * 2.0 ** max(attempts - 1, 0), MAX_BACKOFF)


def next_flush(since: float) -> float:
    """The first 30 s flush tick at which a pod pooled at `since` has waited longer than 5 minutes."""
    return (floor((since + MAX_IN_UNSCHEDULABLE) / FLUSH_PERIOD) + 1) * FLUSH_PERIOD


class Pooled:
    """One unschedulable pod: its verdict, the resourceVersion it was given for, its request (reused while
    the pod is unchanged), how many attempts failed, when the last one did and so when its back-off ends,
    and what woke it."""

    __slots__ = ("attempts", "flushed", "message", "ready_at", "req", "retry_at", "rv", "since")

    def __init__(self, message: str, rv: int, req: Any, attempts: int, since: float) -> None:
        self.message = message
        self.rv = rv
        self.req = req
        self.attempts = attempts
        self.since = since
        self.ready_at = since + backoff(attempts)   # (worked out once: every cluster event looks at every pod)
        self.retry_at: float | None = None   # a back-off retry timer is set for this time
        self.flushed = False                 # the next attempt is the 5-minute retry


class UnschedulablePool:
    def __init__(self, clock: Clock, enqueue: Callable[[str], None]) -> None:
        self.clock = clock
        self._enqueue = enqueue
        # uid -> its entry; the scheduler reads and pops it directly on its hot paths (every pod write)
        self.pods: dict[str, Pooled] = {}

    def failed(self, uid: str, message: str, rv: int, req: Any) -> None:
        """An attempt found no node: (re)enter the pool and wait for an event or the 5-minute flush."""
        now = self.clock.now
        before = self.pods.get(uid)
        attempts = before.attempts + 1 if before is not None else 1
        self.pods[uid] = Pooled(message, rv, req, attempts, now)
        self.clock.call_steady_at(next_flush(now), self._flush, uid, now)

    def cluster_changed(self) -> None:
        """moveAllToActiveOrBackoffQueue: retry each pooled pod now, or when its back-off ends."""
        now = self.clock.now
        for uid, pooled in self.pods.items():
            ready_at = pooled.ready_at
            if ready_at <= now:
                self._enqueue(uid)
            elif pooled.retry_at != ready_at:
                pooled.retry_at = ready_at
                self.clock.call_at(ready_at, self._retry, uid, ready_at)

    def _retry(self, uid: str, ready_at: float) -> None:
        pooled = self.pods.get(uid)
        if pooled is not None and pooled.retry_at == ready_at:
            pooled.retry_at = None
            self._enqueue(uid)

    def _flush(self, uid: str, since: float) -> None:
        pooled = self.pods.get(uid)
        if pooled is not None and pooled.since == since:
            pooled.flushed = True
            self._enqueue(uid)
