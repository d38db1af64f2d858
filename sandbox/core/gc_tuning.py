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
"""

from __future__ import annotations

import gc

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
