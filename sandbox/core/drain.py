"""The order the controllers' work queues run in within one instant.

A drain runs the queues in passes, each in the controllers' order: a queue runs the keys it holds as the
pass reaches it (keys queued meanwhile wait for the next pass), so work is fair and deterministic. The
shared Backlog (workqueue.py) names the queues holding keys by their number, so a pass visits only those.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from heapq import heappop, heappush
from typing import TYPE_CHECKING

from .interrupt import Interrupted, stop_question

if TYPE_CHECKING:
    from .controllers.base import Controller
    from .workqueue import Backlog

# Work-queue syncs one drain may run before the controllers are declared stuck.
MAX_SYNCS_PER_DRAIN = 10_000_000


class ControllersDidNotSettle(RuntimeError):
    pass


def number_queues(controllers: Sequence[Controller], left_out: Sequence[Controller], backlog: Backlog) -> None:
    """Number each controller's queue by its place, the ones `left_out` (a test that runs only some) past the
    end, where a drain passes over them; the backlog names the queues holding keys by the new numbers."""
    every = [*controllers, *left_out]
    for slot, controller in enumerate(every):
        controller.queue.slot = slot
    backlog.ready, backlog.after = [slot for slot, c in enumerate(every) if c.queue], []


def drain_queues(controllers: Sequence[Controller], backlog: Backlog) -> None:
    """Run the queues in passes until none holds keys (the caller makes each key's cause current)."""
    budget = MAX_SYNCS_PER_DRAIN
    stop = stop_question()
    while backlog.ready or backlog.after:
        if not backlog.ready:   # a pass has ended: the queues it has passed run in the next
            if budget <= 0:
                raise ControllersDidNotSettle("controllers kept requeueing work without settling")
            backlog.ready, backlog.after = backlog.after, backlog.ready
        slot = heappop(backlog.ready)
        if slot < len(controllers):   # (past the end: a controller the simulation does not run)
            budget -= run_queue(controllers[slot], backlog, stop)


def run_queue(controller: Controller, backlog: Backlog, stop: Callable[[], bool] | None) -> int:
    """Sync the keys `controller`'s queue holds now; how many. Keys queued while it ran wait for the next
    pass; keys a stop or a failed sync left run first at the next drain."""
    queue, sync = controller.queue, controller.sync
    keys = len(queue)
    backlog.running = queue.slot
    finished = False
    try:
        for _ in range(keys):
            if stop is not None and stop():   # between syncs, as between timers
                raise Interrupted
            sync(queue.pop())
        finished = True
    finally:
        backlog.running = -1
        if queue:
            heappush(backlog.after if finished else backlog.ready, queue.slot)
    return keys
