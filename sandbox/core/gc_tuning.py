"""Garbage-collector settings for a process that holds a simulated cluster.

The store keeps millions of long-lived objects (pods with their status dicts,
controllers' caches, the audit log). With CPython's default thresholds
(700, 10, 10) the cyclic collector scans that whole heap again every time it
has grown by a quarter, and the young generations are collected every 700
allocations: about half the wall time of the 150,000-pod benchmark. Almost
everything the simulation drops (a deleted pod, a replaced status dict) is a
tree freed by reference counting, so collecting cycles rarely matters here.

Call relax_gc() once at start-up, before building the cluster: the app entry
point and the benchmarks both do, so the benchmark measures what users get. The
Textual app imports much more on its way up; it calls freeze_imports() when it
starts running, so those modules are not scanned either.

The simulation runs its work (Simulation.settle, advance_to) inside collector_paused():
no collection runs meanwhile, and what a large piece of work built goes to the oldest
generation without the one young scan that would only find it alive. The collector is
paused for the whole process, so in the app what the interface threw away in cycles
while a long command ran is collected after it, or, when the command built a large
cluster, only by a full collection (which these thresholds make rare): a few objects
of the interface's, beside the cluster's hundreds of megabytes.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# The youngest generation is collected every 100,000 net allocations instead of 700, the middle
# one every 1,000 of those (100 million), and a full collection is considered only every 100 of
# these, so a growing store is not re-scanned again and again. Short-lived cycles (exceptions with
# their frames, say) still die in the youngest generation. The middle threshold was 50 (5 million
# allocations): building the 150,000-pod cluster then scanned its whole young heap once, ~0.9 s of
# 16 s, to free nothing, since what survives 100,000 allocations here is the store itself.
THRESHOLDS = (100_000, 1000, 100)


def relax_gc() -> None:
    """Move what exists now (modules, classes) out of the collector's sight and raise the thresholds."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)


def freeze_imports() -> None:
    """Move what was made since relax_gc() (the modules imported since, say) out of the collector's sight.

    Without a collection first: one now would scan all of it, ~20 ms of the TUI's start (and the
    youngest generation's first collection, or the one at exit, would otherwise pay it), to free a
    few thousand objects of import-time garbage, which instead stay for the life of the process.
    """
    gc.freeze()


# A drain that leaves this many new tracked objects (the collector's youngest count) has built long-lived
# cluster state: a few thousand pods. Smaller drains are left to the collector as usual.
PROMOTE_FROM = 200_000

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the simulation's work without cyclic collections; nested uses pause once.

    What a large drain builds is the cluster's new state (pods, their status, the audit log), alive for
    as long as the cluster is. The collector would scan each of those objects once as young (0.7-1 s of
    the 150,000-pod build) only to find them alive. Instead, when the work leaves at least PROMOTE_FROM
    new objects, they are moved to the oldest generation unscanned (gc.freeze, then gc.unfreeze, which
    puts the frozen objects there). Reference counting frees them as before; a cycle among them is found
    by a full collection rather than a young one, which is what becomes of any object that survives one
    young collection here anyway (see THRESHOLDS)."""
    global _depth, _was_enabled
    with _lock:
        _depth += 1
        if _depth == 1:
            _was_enabled = gc.isenabled()
            gc.disable()
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                if gc.get_count()[0] >= PROMOTE_FROM:
                    gc.freeze()
                    gc.unfreeze()
                if _was_enabled:
                    gc.enable()
