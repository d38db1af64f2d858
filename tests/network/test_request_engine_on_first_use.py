"""The request engine and traffic streams are built on first use, and building them late changes nothing.

A cluster that sends no request does not import the network's modules (start-up time); these tests pin
what makes that safe: a new engine holds nothing an unused one would not, so the same seed and the same
calls give the same answers, access logs and audit log whenever it was built, and a snapshot's kubelet
probes through the snapshot's engine.
"""

from __future__ import annotations

from sandbox.core.scenario import cluster
from sandbox.core.simulation import Simulation
from tests.builders import cluster_state, deployment, pods, service

WHOAMI = "traefik/whoami:v1.10.3"
CURL = "curlimages/curl:8.5.0"


def _probed_web_and_client(sim: Simulation) -> None:
    """whoami pods behind a Service with an httpGet readiness probe (the kubelet probes through the engine)."""
    web = deployment("web", 2, WHOAMI, ports=[{"containerPort": 80}])
    web["spec"]["template"]["spec"]["containers"][0]["readinessProbe"] = {
        "httpGet": {"path": "/health", "port": 80}, "periodSeconds": 5}
    sim.apply(web)
    sim.apply(service("web"))
    client = deployment("client", 1, CURL)
    client["spec"]["template"]["spec"]["containers"][0]["command"] = ["sleep", "infinity"]
    sim.apply(client)
    sim.settle()


def _requests(sim: Simulation) -> list[tuple[int | None, str]]:
    [client] = pods(sim, "default", app="client")
    traces = [sim.curl(["-s", "http://web/"], from_pod=client) for _ in range(3)]
    stream = sim.traffic_start("http://web/", 4, 5, from_pod=client.name)
    sim.advance(10)
    [web] = sorted(pods(sim, "default", app="web"), key=lambda p: p.name)[:1]
    log = sim.container_log(web, web.spec["containers"][0], 0, None, None)
    answers: list[tuple[int | None, str]] = [(t.status, t.body) for t in traces]
    return [*answers, (stream, repr(sim.traffic_streams())), *((None, line) for line in log)]


def test_a_cluster_that_sends_nothing_builds_no_request_engine():
    sim = cluster(seed=3)
    sim.advance(30)
    assert sim.traffic_streams() == []
    assert sim.network.engine is None and sim.network.streams is None


def test_an_engine_built_late_answers_as_one_built_at_start():
    early, late = cluster(seed=5), cluster(seed=5)
    assert early.requests is early.requests  # built now, once
    assert early.traffic.requests is early.requests
    _probed_web_and_client(early)
    _probed_web_and_client(late)
    assert late.network.engine is not None  # the readiness probes built it, through the kubelet
    assert _requests(early) == _requests(late)
    assert cluster_state(early) == cluster_state(late)


def test_a_snapshots_kubelet_probes_through_the_snapshots_engine():
    sim = cluster(seed=7)
    copy = sim.snapshot()  # taken before either has an engine
    _probed_web_and_client(sim)
    _probed_web_and_client(copy)
    kubelet, copied = (next(c for c in s.controllers if type(c).__name__ == "Kubelet") for s in (sim, copy))
    assert copied.prober.network() is copy.requests
    assert kubelet.prober.network() is sim.requests
    assert copy.requests is not sim.requests
    assert _requests(copy) == _requests(sim)
