"""The shape every controller shares: a name (the audit actor), a work queue of
keys, and `sync(key)`, which reconciles one key and may requeue it."""

from __future__ import annotations

import random
from abc import ABC, abstractmethod
from dataclasses import dataclass, field

from ..clock import Clock
from ..config import ClusterConfig
from ..leases import NodeLeases
from ..store import Store
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


class Controller(ABC):
    #: the actor written in the audit log, e.g. "replicaset-controller"
    name: str = "controller"

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.store = ctx.store
        self.clock = ctx.clock
        self.queue = WorkQueue(ctx.clock, ctx.backlog)

    def enqueue(self, key: str) -> None:
        self.queue.add(key)

    def enqueue_after(self, delay: float, key: str) -> None:
        """Requeue `key` after `delay` simulated seconds (client-go's AddAfter)."""
        self.clock.call_later(delay, self.enqueue, key)

    @abstractmethod
    def sync(self, key: str) -> None:
        """Reconcile one key. Must not raise for objects that no longer exist."""
