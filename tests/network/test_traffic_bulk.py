"""Traffic streams add repeating seconds in bulk, with exactly the result of sending every request.

The bulk path (sandbox/core/network/traffic.py) must be invisible: the same buckets, totals,
request-engine counters, access-log lines and request numbers as a run that sends every
request (forced here by a sender that is not the engine's own), through cluster changes made
by commands and by timers. And it must be what makes a month of traffic cheap.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from sandbox.core.scenario import cluster
from sandbox.core.simulation import Simulation
from sandbox.kubectl import Session
from tests.builders import MESH_NS as NS
from tests.builders import webserver_shop

SHOP = Path(__file__).resolve().parents[2] / "assets" / "shop"
NODE_PORT = "http://172.18.0.2:31080"


class Counted:
    """Counts the requests that really go through the engine."""

    def __init__(self, sim: Simulation) -> None:
        self.calls = 0
        self.curl = sim.requests.curl
        sim.requests.curl = self

    def __call__(self, *args, **kwargs):
        self.calls += 1
        return self.curl(*args, **kwargs)


class OneByOne:
    """Sends through the engine's sender, but is not it: a sender the streams do not recognise is never
    used in bulk. (A class, not a lambda: the session's timeline pickles the simulation.)"""

    def __init__(self, sender) -> None:
        self.sender = sender

    def __call__(self, url: str, from_pod: str | None, headers: dict | None):
        return self.sender(url, from_pod, headers)


def one_by_one(sim: Simulation) -> None:
    sim.traffic.send = OneByOne(sim.traffic.send)


def observed(sim: Simulation) -> tuple:
    log = sim.requests.access_log
    lines = {uid: {name: list(kept) for name, kept in per_pod.items()} for uid, per_pod in log._logs.items()}
    return (sim.traffic_streams(), [dict(c.values) for c in sim.requests.counters()], log.requests, lines,
            sim.requests.sent, [entry.line() for entry in sim.audit])


def shop_session() -> Session:
    session = Session(seed=3)
    session.run(f"kubectl apply -f {SHOP}")
    session.run("sim wait 2m")
    # nginx 1.25 fails 3 requests in 10 per pod: outcomes depend on per-pod counters, not only on the cluster
    session.run("kubectl set image deployment/webserver-v1 nginx=nginx:1.25 -n shop")
    session.run("sim wait 1m")
    return session


SHOP_SCRIPT = [
    f"sim traffic start {NODE_PORT} --rate 3 --duration 3h",
    "sim wait 0.5s",
    f"sim traffic start {NODE_PORT} --rate 0.5 --duration 2h",
    "sim wait 2000s",
    f"curl {NODE_PORT}",
    "sim wait 100s",
    "kubectl scale deployment webserver-v1 -n shop --replicas=3",
    "sim wait 1500s",
    "sim node fail node-2",          # the node lifecycle's timers change the cluster while streams run
    "sim wait 1500s",
    "sim wait 4000s",
]


def test_bulk_streams_through_the_shop_equal_sending_every_request():
    results = []
    for bulk in (True, False):
        session = shop_session()
        counted = Counted(session.sim)
        if not bulk:
            one_by_one(session.sim)
        for line in SHOP_SCRIPT:
            assert session.run(line).exit_code in (0, 7), line
        results.append((observed(session.sim), counted.calls))
    (bulk, bulk_calls), (exact, exact_calls) = results
    assert bulk == exact
    first, second = bulk[0]
    assert (first.elapsed, sum(map(sum, first.totals.values()))) == (9101, 3 * 9101)
    assert (second.elapsed, sum(map(sum, second.totals.values())), second.running) == (7200, 3600, False)
    assert bulk_calls < exact_calls / 2, "the bulk path should have skipped most seconds"


def test_a_stream_beside_probes_from_a_meshed_pod_follows_the_weights_exactly(monkeypatch):
    """istiod's readiness probe fires every 10 s: too short a window to add repeats in (so this cluster's
    stream is mostly sent request by request), and the result must be exact all the same."""
    # Shorter access logs: the few requests a v2 pod gets would otherwise need hours of real seconds
    # before a limit to refill its 1,000 lines (the bulk path leaves that tail to real requests).
    monkeypatch.setattr("sandbox.core.network.accesslog.MAX_LINES", 40)
    monkeypatch.setattr("sandbox.core.network.traffic.MAX_LINES", 40)
    results = []
    for bulk in (True, False):
        sim = cluster(seed=4, workers=2)
        client = webserver_shop(sim, {"v1": 90, "v2": 10})
        counted = Counted(sim)
        if not bulk:
            one_by_one(sim)
        sim.traffic_start("http://webserver", 7.5, 7200, from_pod=f"{NS}/{client.name}")
        for _ in range(4):
            sim.advance(1800)
        results.append((observed(sim), counted.calls))
    (bulk, bulk_calls), (exact, exact_calls) = results
    assert bulk == exact
    assert bulk[0][0].totals == {"v1": (48600, 0), "v2": (5400, 0)}
    assert bulk_calls <= exact_calls


def test_streams_share_one_rate_limit():
    session = shop_session()
    assert session.run(f"sim traffic start {NODE_PORT} --rate 600").ok
    result = session.run(f"sim traffic start {NODE_PORT} --rate 600")
    assert result.exit_code == 1
    assert result.output == ("error: invalid rate 600: streams send at most 1000 requests per second in all, and "
                             "running streams send 600 (a sandbox limit; stop one first)")
    assert len(session.sim.traffic_streams()) == 1


def test_a_month_of_traffic_at_the_highest_rate_finishes(tmp_path):
    """The issue's hang: `--rate 1000 --duration 30d` then `sim wait 30d` (2.6 billion requests).

    The time bound is the harness's (a subprocess timeout), not an assertion on elapsed time."""
    script = tmp_path / "month.sh"
    script.write_text(f"kubectl apply -f {SHOP}\nsim wait 2m\n"
                      f"sim traffic start {NODE_PORT} --rate 1000 --duration 30d\nsim wait 30d\nsim traffic\n")
    done = subprocess.run([sys.executable, "-m", "sandbox", "run", str(script)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2592000000" in done.stdout.splitlines()[-1]


@pytest.mark.parametrize("rate", [0.0004, float("nan"), True, 1001])
def test_rates_the_sandbox_cannot_send_exactly_are_refused(rate):
    from sandbox.core.errors import BadRequest

    sim = cluster(seed=1, workers=1, system_workloads=False)
    with pytest.raises(BadRequest):
        sim.traffic_start("http://x", rate, 10)
