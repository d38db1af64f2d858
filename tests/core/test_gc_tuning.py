"""The collector pause around the simulation's work (core/gc_tuning.py).

CPython's gc API: gc.freeze() moves every tracked object to the permanent generation, gc.unfreeze() moves
those to the oldest one; gc.get_objects(generation=N) lists a generation's objects.
"""

import gc

import pytest

from sandbox.core import gc_tuning
from sandbox.core.gc_tuning import collector_paused
from sandbox.core.scenario import cluster
from tests.builders import deployment


@pytest.fixture
def collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def in_oldest_generation(obj: object) -> bool:
    return any(o is obj for o in gc.get_objects(generation=2))


def test_no_collection_runs_inside_and_nesting_pauses_once(collector_on):
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()   # the inner exit does not resume what the outer paused
    assert gc.isenabled()


def test_the_collector_resumes_after_an_error_and_stays_off_if_it_was(collector_on):
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("a command failed half way")
    assert gc.isenabled()
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()


def test_what_a_large_drain_built_goes_to_the_oldest_generation_unscanned(collector_on, monkeypatch):
    monkeypatch.setattr(gc_tuning, "PROMOTE_FROM", 1000)
    gc.collect()
    with collector_paused():
        built = [[i] for i in range(5000)]
    assert in_oldest_generation(built[-1])
    with collector_paused():
        few = [[i] for i in range(10)]
    assert not in_oldest_generation(few[-1])   # a small drain is left to the young collections


def build_and_drop(check: bool = False) -> None:
    sim = cluster(seed=2, workers=20, system_workloads=False)
    sim.create(deployment("web", 200, cpu="10m", memory="16Mi"))
    sim.settle()
    if check:
        assert in_oldest_generation(sim.list("Pod", "default")[0]) and gc.isenabled()
    sim.dispose()


def test_a_cluster_built_in_one_settle_skips_the_young_scan_and_frees_as_before(collector_on, monkeypatch):
    """The state a settle builds is moved, not leaked: a cluster dropped afterwards is freed by reference
    counting, with nothing left for a full collection to find."""
    monkeypatch.setattr(gc_tuning, "PROMOTE_FROM", 10_000)
    build_and_drop()   # (once first: what it imports on first use leaves garbage of its own)
    gc.collect()
    build_and_drop(check=True)
    assert gc.collect() == 0
