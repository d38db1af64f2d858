"""`sim traffic start|stop` and the listing: streams run in simulated time, counted per version."""

from __future__ import annotations

from sandbox.kubectl import Session
from tests.builders import fails, run_ok


def node_port_url(session: Session) -> str:
    ip = session.sim.store.get("Node", "", "node-1").status["addresses"][0]["address"]
    return f"http://{ip}:31080"


def test_traffic_start_reports_the_stream_and_runs_in_simulated_time(shop):
    out = run_ok(shop, f"sim traffic start {node_port_url(shop)} --rate 4 --duration 5s")
    assert out.startswith("traffic stream ") and "4 requests/s" in out and "from outside the cluster" in out
    stream = shop.sim.traffic_streams()[-1]
    shop.sim.advance(10)
    stream = next(s for s in shop.sim.traffic_streams() if s.id == stream.id)
    assert stream.elapsed == 5 and not stream.running
    assert sum(ok + err for ok, err in stream.totals.values()) == 20


def test_traffic_listing_shows_totals_per_answering_version(shop):
    run_ok(shop, "sim traffic start http://webserver.shop --rate 2 --duration 3s --from deploy/frontend -n shop")
    shop.sim.advance(5)
    out = run_ok(shop, "sim traffic")
    header, *rows = out.splitlines()
    assert header.split()[:3] == ["ID", "URL", "RATE"] and "SUCCESS" in header
    row = next(r for r in rows if "http://webserver.shop" in r)
    assert "shop/frontend-" in row and "v1" in row and "100%" in row and "done" in row


def test_traffic_from_a_deployment_uses_one_of_its_ready_pods(shop):
    run_ok(shop, "sim traffic start http://webserver.shop --duration 1s --from deploy/frontend -n shop")
    stream = shop.sim.traffic_streams()[-1]
    pod = shop.sim.store.get("Pod", "shop", stream.from_pod.split("/")[1])
    assert pod.metadata.labels["app"] == "frontend"


def test_traffic_stop_ends_a_stream_and_unknown_ids_fail(shop):
    run_ok(shop, f"sim traffic start {node_port_url(shop)} --duration 60s")
    stream_id = shop.sim.traffic_streams()[-1].id
    assert run_ok(shop, f"sim traffic stop {stream_id}") == f"traffic stream {stream_id} stopped"
    shop.sim.advance(3)
    assert not shop.sim.traffic_streams()[-1].running
    assert "not found" in fails(shop, "sim traffic stop 999")
    assert fails(shop, "sim traffic stop one").startswith("error: usage: sim traffic stop ID")


def test_traffic_bad_flags_fail_without_starting_a_stream():
    session = Session(seed=0)
    assert fails(session, "sim traffic start http://x --rate") .startswith("Error: flag needs an argument: --rate")
    assert fails(session, "sim traffic start http://x --rate=0").startswith("error: rate must be above 0")
    assert fails(session, "sim traffic start http://x --bogus 1").startswith("Error: unknown flag: --bogus")
    assert fails(session, "sim traffic start http://x -H nocolon").startswith('error: invalid header "nocolon"')
    assert "not found" in fails(session, "sim traffic start http://x --from nope")
    assert fails(session, "sim traffic start").startswith("error: usage: sim traffic")
    assert session.sim.traffic_streams() == []


def test_traffic_header_reaches_the_request():
    session = Session(seed=0)
    run_ok(session, 'sim traffic start http://10.0.0.1 --duration 1s -H "Host: shop.example"')
    assert session.sim.traffic.stats()[0].url == "http://10.0.0.1"
    assert session.sim.traffic._streams[1].headers == {"Host": "shop.example"}


def test_other_sim_verbs_still_reject_flags():
    session = Session(seed=0)
    assert fails(session, "sim wait -x").startswith("Error: unknown shorthand flag: 'x' in -x")
    assert run_ok(session, "sim wait 1s").startswith("waited 1s")


def test_traffic_is_completed():
    session = Session(seed=0)
    assert "traffic" in session.complete("sim tr")
    assert session.complete("sim traffic ") == ["start", "stop"]
    assert "--rate" in session.complete("sim traffic start http://x --")
    assert "deploy/coredns" not in session.complete("sim traffic start http://x --from ")  # kube-system only


def test_traffic_from_a_deployment_follows_its_pods_through_a_rollout():
    """`--from deploy/NAME` picks, each second, a Ready pod of the Deployment as it is then (as
    `kubectl exec deploy/NAME` would pick one), so replacing the client's pods does not break the stream."""
    session = Session(seed=0)
    for line in ("kubectl create deployment web --image=nginx:1.25 --replicas=2",
                 "kubectl expose deployment web --port=80",
                 "kubectl create deployment client --image=nginx:1.25"):
        run_ok(session, line)
    session.advance(30)
    run_ok(session, "sim traffic start http://web --from deploy/client --rate 2 --duration 300s")
    first = session.sim.traffic_streams()[-1].from_pod
    session.advance(5)
    run_ok(session, "kubectl set image deployment/client nginx=nginx:1.24")
    session.advance(60)
    stream = session.sim.traffic_streams()[-1]
    assert session.sim.store.try_get("Pod", "default", first.split("/")[1]) is None  # the first client pod is gone
    now_from = session.sim.store.get("Pod", "default", stream.from_pod.split("/")[1])
    assert now_from.spec["containers"][0]["image"] == "nginx:1.24"  # a pod of the new ReplicaSet sends now
    assert all(errors == 0 for bucket in stream.buckets[-10:] for _ok, errors in bucket.values())


def test_traffic_from_a_deployment_without_ready_pods_fails_its_requests():
    session = Session(seed=0)
    for line in ("kubectl create deployment web --image=nginx:1.25", "kubectl expose deployment web --port=80",
                 "kubectl create deployment client --image=nginx:1.25"):
        run_ok(session, line)
    session.advance(30)
    run_ok(session, "sim traffic start http://web --from deploy/client --rate 1 --duration 60s")
    run_ok(session, "kubectl scale deployment client --replicas=0")
    session.advance(40)
    stream = session.sim.traffic_streams()[-1]
    assert stream.buckets[-1] == {"-": (0, 1)}  # nothing left to send from: the request fails
