"""The shape every controller shares: a name (the audit actor), a work queue of
keys, and `sync(key)`, which reconciles one key and may requeue it."""

from __future__ import annotations

import random
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field

from ..clock import Clock
from ..config import ClusterConfig
from ..leases import NodeLeases
from ..store import Store, WatchHandler
from ..workqueue import Backlog, WorkQueue


@dataclass
class Context:
    """What a controller may touch: the API (store), time, randomness, leases, settings."""

    store: Store
    clock: Clock
    rng: random.Random
    leases: NodeLeases
    config: ClusterConfig
    # shared by every controller's queue: how many keys wait in all of them
    backlog: Backlog = field(default_factory=Backlog)


# client-go's DefaultControllerRateLimiter, per item: a failing key is retried after 5 ms, doubling to 1000 s.
RETRY_BASE, RETRY_MAX = 0.005, 1000.0


class Controller(ABC):
    #: the actor written in the audit log, e.g. "replicaset-controller"
    name: str = "controller"

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.store = ctx.store
        self.clock = ctx.clock
        self.queue = WorkQueue(ctx.clock, ctx.backlog)
        #: enqueue(key): queue `key` for sync (the queue's own add: watch handlers call it for most writes)
        self.enqueue: Callable[[str], None] = self.queue.add
        self._failures: dict[str, int] = {}
        self._watching: dict[str, bool] = {}   # kind -> whether watch_while() watches it now

    def watch_while(self, wanted: bool, kind: str, handler: WatchHandler) -> None:
        """Hear writes to `kind` only while `wanted` (the controller has something they could matter to):
        otherwise the store does not call `handler` at all, for the 150,000 pod writes of a large cluster.
        Watching again puts the handler after the others; that suits handlers that only queue keys, since
        each controller drains its own queue, in the simulation's controller order."""
        if wanted != self._watching.get(kind, False):
            self._watching[kind] = wanted
            if wanted:
                self.store.watch(kind, handler)
            else:
                self.store.unwatch(kind, handler)

    def enqueue_after(self, delay: float, key: str) -> None:
        """Requeue `key` after `delay` simulated seconds (client-go's AddAfter)."""
        self.clock.call_later(delay, self.enqueue, key)

    def retry_later(self, key: str) -> None:
        """The sync of `key` failed: requeue it with exponential back-off (workqueue.AddRateLimited)."""
        failures = self._failures.get(key, 0)
        self._failures[key] = failures + 1
        self.enqueue_after(min(RETRY_BASE * 2 ** min(failures, 64), RETRY_MAX), key)

    def forget(self, key: str) -> None:
        """The sync of `key` succeeded: its back-off starts over (workqueue.Forget)."""
        self._failures.pop(key, None)

    @abstractmethod
    def sync(self, key: str) -> None:
        """Reconcile one key. Must not raise for objects that no longer exist."""
