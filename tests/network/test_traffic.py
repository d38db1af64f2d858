"""Traffic streams: N requests/s for T simulated seconds, counted per version per second."""

from __future__ import annotations

import pytest

from sandbox.core.errors import BadRequest, NotFound
from sandbox.core.network.traffic import NO_VERSION, Outcome
from sandbox.core.scenario import cluster
from sandbox.core.simulation import Simulation
from tests.builders import MESH_NS, mesh_deployment, namespace_manifest, pod_manifest, run, service, webserver_shop


class FakeSender:
    """Answers in a fixed cycle of outcomes and records what was sent (deep-copies with the sim)."""

    def __init__(self, outcomes: list[Outcome]) -> None:
        self.outcomes = outcomes
        self.sent: list[tuple[float, str, str | None, dict | None]] = []
        self.clock = None

    def __call__(self, url: str, from_pod: str | None, headers: dict | None) -> Outcome:
        self.sent.append((self.clock.now, url, from_pod, headers))
        return self.outcomes[(len(self.sent) - 1) % len(self.outcomes)]


def sim_with(outcomes: list[Outcome]) -> tuple[Simulation, FakeSender]:
    sim = cluster(seed=2, workers=1, system_workloads=False)
    sender = FakeSender(outcomes)
    sender.clock = sim.clock
    sim.traffic.send = sender
    return sim, sender


def test_stream_sends_rate_requests_each_second_for_its_duration():
    sim, sender = sim_with([Outcome(200, "v1")])
    sim.create(pod_manifest("frontend", "node:20", container="app"))
    stream = sim.traffic_start("http://webserver", 10, 5, from_pod="frontend", headers={"Host": "shop"})
    sim.advance(60)
    (stats,) = sim.traffic_streams()
    assert stats.id == stream and not stats.running
    assert [b["v1"] for b in stats.buckets] == [(10, 0)] * 5
    assert stats.totals == {"v1": (50, 0)}
    assert sorted({t for t, *_ in sender.sent}) == [0, 1, 2, 3, 4]
    assert sender.sent[0][1:] == ("http://webserver", "frontend", {"Host": "shop"})


def test_stream_counts_successes_and_errors_per_version():
    outcomes = [Outcome(200, "v1"), Outcome(200, "v2"), Outcome(500, "v2"), Outcome(None, None), Outcome(503, None)]
    sim, _ = sim_with(outcomes)
    sim.traffic_start("http://webserver", 5, 2)
    sim.advance(2)
    (stats,) = sim.traffic_streams()
    assert stats.buckets == [{"v1": (1, 0), "v2": (1, 1), NO_VERSION: (0, 2)}] * 2
    assert stats.totals == {NO_VERSION: (0, 4), "v1": (2, 0), "v2": (2, 2)}


def test_fractional_rate_spreads_requests_over_seconds():
    sim, _ = sim_with([Outcome(200, "v1")])
    sim.traffic_start("http://webserver", 2.5, 4)
    sim.advance(4)
    assert [b["v1"][0] for b in sim.traffic_streams()[0].buckets] == [2, 3, 2, 3]


def test_stopped_stream_sends_nothing_more():
    sim, sender = sim_with([Outcome(200, "v1")])
    stream = sim.traffic_start("http://webserver", 4, 100)
    sim.advance(2.5)
    sim.traffic_stop(stream)
    sim.advance(10)
    stats = sim.traffic_streams()[0]
    assert stats.elapsed == len(stats.buckets) == 3 and len(sender.sent) == 12 and not stats.running
    with pytest.raises(NotFound):
        sim.traffic_stop(99)


def test_stream_is_running_until_its_last_second():
    sim, _ = sim_with([Outcome(200, "v1")])
    sim.traffic_start("http://webserver", 1, 3)
    sim.advance(1.5)
    assert sim.traffic_streams()[0].running
    sim.advance(5)
    assert not sim.traffic_streams()[0].running


def test_stream_from_a_missing_pod_is_not_found():
    sim, _ = sim_with([Outcome(200, "v1")])
    with pytest.raises(NotFound, match='pods "ghost" not found'):
        sim.traffic_start("http://webserver", 1, 1, from_pod="default/ghost")


@pytest.mark.parametrize("rate,duration", [(0, 5), (-1, 5), (10, 0), ("fast", 5)])
def test_bad_rate_or_duration_is_rejected_and_starts_nothing(rate, duration):
    sim, _ = sim_with([Outcome(200, "v1")])
    with pytest.raises(BadRequest):
        sim.traffic_start("http://webserver", rate, duration)
    assert sim.traffic_streams() == []


def test_snapshot_restore_replays_a_running_stream_identically():
    sim, _ = sim_with([Outcome(200, "v1"), Outcome(500, "v2")])
    sim.traffic_start("http://webserver", 3, 10)
    sim.advance(4)
    snap = sim.snapshot()
    at_snapshot = sim.traffic_streams()
    sim.advance(3)
    first = sim.traffic_streams()
    assert len(first[0].buckets) == 8 and first[0].running  # seconds 0 to 7
    sim.restore(snap)
    assert sim.traffic_streams() == at_snapshot and len(at_snapshot[0].buckets) == 5
    sim.advance(3)
    assert sim.traffic_streams() == first


# ---- end to end, through the real request engine ------------------------------

def shop_sim(weights: dict[str, int]):
    sim = cluster(seed=4, workers=2)
    client = webserver_shop(sim, weights)
    return sim, f"{MESH_NS}/{client.name}"


def test_stream_from_a_meshed_pod_follows_the_virtualservice_weights():
    sim, client = shop_sim({"v1": 90, "v2": 10})
    sim.traffic_start("http://webserver", 100, 10, from_pod=client)
    sim.advance(10)
    assert sim.traffic_streams()[0].totals == {"v1": (900, 0), "v2": (100, 0)}


def test_stream_denied_by_network_policy_counts_errors_without_a_version():
    sim, client = shop_sim({"v1": 100, "v2": 0})
    sim.apply({"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
               "metadata": {"name": "deny-web", "namespace": "shop"},
               "spec": {"podSelector": {"matchLabels": {"app": "webserver"}}, "policyTypes": ["Ingress"]}})
    sim.traffic_start("http://webserver", 5, 2, from_pod=client)
    sim.advance(2)
    assert sim.traffic_streams()[0].totals == {NO_VERSION: (0, 10)}


def test_switching_the_service_selector_moves_traffic_without_a_mesh():
    sim = cluster(seed=4, workers=2)
    sim.create(namespace_manifest(MESH_NS))
    run(sim, mesh_deployment("webserver-v1", {"app": "webserver", "version": "v1"}, "nginx:1.24"))
    run(sim, mesh_deployment("webserver-v2", {"app": "webserver", "version": "v2"}, "nginx:1.25"))
    sim.create(service("webserver", selector={"app": "webserver", "version": "v1"}, namespace=MESH_NS))
    client = run(sim, mesh_deployment("frontend", {"app": "frontend"}, "node:20", replicas=1))[0]
    sim.traffic_start("http://webserver", 10, 2, from_pod=f"{MESH_NS}/{client.name}")
    sim.advance(2)
    sim.patch("Service", MESH_NS, "webserver", {"spec": {"selector": {"version": "v2"}}})
    sim.settle()
    sim.traffic_start("http://webserver", 10, 2, from_pod=f"{MESH_NS}/{client.name}")
    sim.advance(2)
    before, after = (s.totals for s in sim.traffic_streams())
    assert list(before) == ["v1"] and list(after) == ["v2"]
    assert sum(after["v2"]) == 20


def test_snapshot_restore_while_a_real_stream_runs_keeps_the_request_engine():
    """A restored simulation sends stream requests through its own request engine (not a copy's)."""
    sim, client = shop_sim({"v1": 100, "v2": 0})
    sim.traffic_start("http://webserver", 5, 30, from_pod=client)
    sim.advance(5)
    snap = sim.snapshot()
    sim.advance(5)
    sim.restore(snap)
    sim.advance(20)
    (stats,) = sim.traffic_streams()
    assert len(stats.buckets) == 26 and stats.totals["v1"] == (130, 0)  # seconds 0..25, both ends
    assert sim.traffic.send.requests is sim.requests


def test_a_snapshot_is_detached_from_its_simulation():
    sim, _ = sim_with([Outcome(200, "v1")])
    snap = sim.snapshot()
    sim.create(namespace_manifest("later"))
    assert snap.try_get("Namespace", "", "later") is None
    assert snap.store.clock is snap.clock and snap.clock is not sim.clock
