"""The order controllers' queues run in (core/drain.py): passes in the controllers' order,
each queue running the keys it holds when the pass reaches it, and only queues with keys visited."""

from __future__ import annotations

import pytest

from sandbox.core.controllers.base import Context, Controller
from sandbox.core.simulation import Simulation

Then = dict[str, list[tuple[str, str]]]   # key -> (recorder, key) pairs it queues when it syncs


class Recorder(Controller):
    """Logs each sync; `then` says what a key queues in which recorder (by name) when it syncs."""

    def __init__(self, ctx: Context, name: str, log: list[str], then: Then) -> None:
        super().__init__(ctx)
        self.name, self.log, self.then = name, log, then
        self.peers: dict[str, Recorder] = {}
        self.fail_once: set[str] = set()

    def sync(self, key: str) -> None:
        if key in self.fail_once:
            self.fail_once.discard(key)
            raise RuntimeError(f"{key} failed")
        self.log.append(f"{self.name}:{key}")
        for peer, new_key in self.then.get(key, []):
            self.peers[peer].enqueue(new_key)


def recorders(sim: Simulation, log: list[str], then: Then, names: str) -> dict[str, Recorder]:
    made = {name: Recorder(sim.ctx, name, log, then) for name in names}
    for recorder in made.values():
        recorder.peers = made
    return made


def test_a_pass_runs_queues_in_order_and_keys_queued_behind_it_wait_for_the_next_pass():
    sim, log = Simulation(), []
    then = {"a1": [("c", "c2"), ("a", "a2"), ("b", "b1")], "c1": [("a", "a3")], "b1": [("c", "c3")]}
    r = recorders(sim, log, then, "abc")
    sim.controllers = [r["a"], r["b"], r["c"]]
    r["c"].enqueue("c1")
    r["a"].enqueue("a1")
    sim.advance(0)
    # Pass 1: a runs a1 (queues c2, a2, b1); b is ahead, so it runs b1 (queues c3); c runs what it holds now.
    # Pass 2: a's keys queued after it ran (a2, and a3 from c1).
    assert log == ["a:a1", "b:b1", "c:c1", "c:c2", "c:c3", "a:a2", "a:a3"]
    assert not sim.pending()


def test_a_controller_the_simulation_does_not_run_keeps_its_keys_and_holds_up_nobody():
    sim, log = Simulation(), []
    r = recorders(sim, log, {"a1": [("b", "b1"), ("c", "c1")]}, "abc")
    sim.controllers = [r["a"], r["b"], r["c"]]
    sim.controllers = [r["a"], r["c"]]   # as tests do that run only some controllers
    r["a"].enqueue("a1")
    sim.advance(0)
    assert log == ["a:a1", "c:c1"]
    assert len(r["b"].queue) == 1


def test_keys_left_in_a_queue_when_a_sync_fails_run_at_the_next_drain():
    sim, log = Simulation(), []
    r = recorders(sim, log, {}, "ab")
    sim.controllers = [r["a"], r["b"]]
    for key in ("a1", "a2", "a3"):
        r["a"].enqueue(key)
    r["b"].enqueue("b1")
    r["a"].fail_once.add("a2")
    with pytest.raises(RuntimeError, match="a2 failed"):
        sim.advance(0)
    sim.advance(0)
    assert log == ["a:a1", "a:a3", "b:b1"]
    assert not sim.pending()
