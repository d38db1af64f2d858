"""Each check kind, true and false, read from the cluster through the Simulation (never the screen)."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import TypeAdapter

from sandbox.kubectl import Session
from sandbox.tutor.checks import StepRecord, evaluate
from sandbox.tutor.schema import Check

CHECK: TypeAdapter[Any] = TypeAdapter(Check)


@pytest.fixture(scope="module")
def shop_like() -> Session:
    """web (2 replicas, nginx:1.24) exposed as a Service, a client pod, and a deny-all policy for `locked`."""
    session = Session(seed=5)
    for line in ("kubectl create deployment web --image=nginx:1.24 --replicas=2",
                 "kubectl expose deployment web --port=80",
                 "kubectl create deployment client --image=nginx:1.24",
                 "kubectl create deployment locked --image=nginx:1.24",
                 "kubectl expose deployment locked --port=80"):
        assert session.run(line).ok, line
    session.run("kubectl apply -f -", stdin="""
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-locked}
spec:
  podSelector: {matchLabels: {app: locked}}
  policyTypes: [Ingress]
""")
    session.advance(30)
    return session


def check(data: dict[str, Any], session: Session, step: StepRecord | None = None) -> tuple[bool, str]:
    outcome = evaluate(CHECK.validate_python(data), session.sim, step or StepRecord(0, 0))
    return outcome.ok, outcome.seen


@pytest.mark.parametrize("data,ok", [
    ({"field": {"kind": "Deployment", "name": "web", "path": "spec.replicas", "value": 2}}, True),
    ({"field": {"kind": "deploy", "name": "web", "path": "spec.replicas", "op": ">=", "value": 3}}, False),
    ({"field": {"kind": "Deployment", "name": "web", "path": "spec.template.spec.containers[0].image",
                "op": "matches", "value": r"nginx:1\.2[45]"}}, True),
    ({"field": {"kind": "Deployment", "name": "web", "path": "status.conditions[type=Available].status",
                "value": "True"}}, True),
    ({"field": {"kind": "Deployment", "name": "web", "path": "spec.paused", "op": "exists"}}, False),
    ({"field": {"kind": "Deployment", "name": "nope", "path": "spec.replicas", "value": 2}}, False),
])
def test_field(shop_like, data, ok):
    assert check(data, shop_like)[0] is ok


@pytest.mark.parametrize("data,ok", [
    ({"count": {"kind": "Pod", "owner": "deployment/web", "ready": True, "value": 2}}, True),
    ({"count": {"kind": "Pod", "owner": "deployment/web", "ready": True, "value": 3}}, False),
    ({"count": {"kind": "Pod", "selector": "app in (web,client)", "status": "Running", "value": 3}}, True),
    ({"count": {"kind": "Pod", "namespace": "kube-system", "name_prefix": "coredns-", "value": 2}}, True),
    ({"count": {"kind": "Pod", "all_namespaces": True, "selector": "k8s-app=kube-proxy", "op": ">=",
                "value": 4}}, True),
    ({"count": {"kind": "Pod", "node": "control-plane", "selector": "app=web", "value": 0}}, True),
    ({"count": {"kind": "Node", "ready": True, "value": 4}}, True),
])
def test_count(shop_like, data, ok):
    assert check(data, shop_like)[0] is ok


def test_request_checks_see_status_and_policy_and_leave_no_trace(shop_like):
    sim = shop_like.sim
    before = [counters.save() for counters in sim.requests.counters()]
    assert check({"request": {"url": "http://web", "from": "deploy/client", "status": 200, "count": 4}},
                 shop_like)[0]
    denied = {"request": {"url": "http://locked", "from": "deploy/client", "denied_by": "deny-locked",
                          "exit_code": 28}}
    assert check(denied, shop_like)[0]
    ok, seen = check({"request": {"url": "http://locked", "from": "deploy/client", "status": 200}}, shop_like)
    assert not ok and seen == "request 1 of 1: status: got no answer, want 200"
    assert [counters.save() for counters in sim.requests.counters()] == before
    logs = shop_like.run("kubectl logs deploy/web").output
    assert "GET / HTTP/1.1" not in logs  # the probes wrote no access-log lines


def test_request_denied_names_the_side_whose_policy_dropped_it(shop_like):
    """`denied` is the direction of the first policy verdict that dropped the request, whatever the policy's
    name: a connection needs egress allowed at the sender and ingress at the receiver, and a pod isolated for
    egress cannot reach kube-dns on port 53 either (docs concepts/services-networking/network-policies)."""
    session = Session(seed=5)
    for line in ("kubectl create deployment web --image=nginx:1.24", "kubectl expose deployment web --port=80",
                 "kubectl create deployment sealed --image=nginx:1.24"):
        assert session.run(line).ok, line
    session.run("kubectl apply -f -", stdin="""
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: sealed-no-egress}
spec:
  podSelector: {matchLabels: {app: sealed}}
  policyTypes: [Egress]
""")
    session.advance(30)
    assert check({"request": {"url": "http://locked", "from": "deploy/client", "denied": "Ingress"}}, shop_like)[0]
    assert check({"request": {"url": "http://web", "from": "deploy/sealed", "denied": "Egress", "exit_code": 6}},
                 session)[0]  # the DNS query is what the egress policy dropped: curl (6) Could not resolve host
    ok, seen = check({"request": {"url": "http://locked", "from": "deploy/client", "denied": "Egress"}}, shop_like)
    assert not ok and seen == "request 1 of 1: denied: got Ingress, want Egress"
    ok, seen = check({"request": {"url": "http://web", "from": "deploy/client", "denied": "Ingress"}}, shop_like)
    assert not ok and seen == "request 1 of 1: denied: got not denied by a policy, want Ingress"
    with pytest.raises(ValueError, match="Ingress"):
        CHECK.validate_python({"request": {"url": "http://web", "denied": "ingress"}})


def test_request_pods_counts_the_different_pods_that_answered(shop_like):
    """web has 2 ready replicas behind its Service: 4 requests reach both, 1 request only one."""
    assert check({"request": {"url": "http://web", "from": "deploy/client", "count": 4, "pods": 2}}, shop_like)[0]
    ok, seen = check({"request": {"url": "http://web", "from": "deploy/client", "count": 4, "pods": 3}}, shop_like)
    assert not ok and seen == "4 requests were answered by 2 different pod(s), want 3"
    assert not check({"request": {"url": "http://web", "from": "deploy/client", "pods": 2, "count": 2,
                                  "status": 404}}, shop_like)[0]
    with pytest.raises(ValueError, match="cannot be answered by 3 different pods"):
        CHECK.validate_python({"request": {"url": "http://web", "count": 2, "pods": 3}})


def test_ran_url_matches_where_the_lines_request_went(shop_like):
    """`url` reads the request a curl line sent, after $(…) substitution; a line that sent none never matches."""
    step = StepRecord(0, 0)
    step.commands.append(shop_like.run("kubectl exec deploy/client -- curl -s http://web.default"))
    step.commands.append(shop_like.run("kubectl exec deploy/client -- curl -s http://$(kubectl get svc web "
                                       "-o jsonpath={.metadata.name}):8080"))
    step.commands.append(shop_like.run("kubectl get pods -A"))
    assert check({"ran": {"command": "kubectl exec", "url": r"web\.default"}}, shop_like, step)[0]
    assert check({"ran": {"command": "kubectl exec", "url": r"//web:8080$", "ok": False}}, shop_like, step)[0]
    assert not check({"ran": {"command": "kubectl exec", "url": r"//web:8080$"}}, shop_like, step)[0]  # refused
    assert not check({"ran": {"command": "kubectl get", "url": "."}}, shop_like, step)[0]
    with pytest.raises(ValueError, match="url is not a regular expression"):
        CHECK.validate_python({"ran": {"command": "curl", "url": "("}})


def test_ran_and_pressed_read_the_step_commands(shop_like):
    step = StepRecord(0, 0)
    step.commands.append(shop_like.run("k scale deploy/web --replicas=2"))
    step.commands.append(shop_like.run("kubectl cordon node-3", source="key", key="c"))
    step.commands.append(shop_like.run("kubectl uncordon node-3", source="key", key="u"))
    ran = {"ran": {"command": "kubectl scale", "args": ["deployment", "web"], "flags": {"replicas": 2}}}
    assert check(ran, shop_like, step) == (True, "you ran: k scale deploy/web --replicas=2")
    # a line a key ran says which key, so the checklist teaches the key and its line together
    assert check({"ran": {"command": "kubectl uncordon"}}, shop_like, step) == (
        True, "you pressed u: kubectl uncordon node-3")
    assert not check({"ran": {"command": "kubectl scale", "flags": {"replicas": 3}}}, shop_like, step)[0]
    assert not check({"ran": {"command": "kubectl scale", "source": "key"}}, shop_like, step)[0]
    assert check({"pressed": {"key": "c", "on": "node/node-3"}}, shop_like, step) == (
        True, "you pressed c: kubectl cordon node-3")
    assert not check({"pressed": {"key": "c", "on": "node/node-2"}}, shop_like, step)[0]
    assert not check({"pressed": {"key": "x"}}, shop_like, step)[0]


def test_logged_reads_the_audit_log_since_the_step_began(shop_like):
    sim = shop_like.sim
    step = StepRecord(sim.now, len(sim.audit))
    wanted = {"logged": {"actor": "replicaset-controller", "verb": "create", "kind": "Pod"}}
    assert not check(wanted, shop_like, step)[0]
    shop_like.run("kubectl scale deploy web --replicas=3")
    ok, seen = check(wanted, shop_like, step)
    assert ok and "replicaset-controller create default/pod/web-" in seen
    assert not check({"logged": {"reason": "FailedScheduling"}}, shop_like, step)[0]
    shop_like.run("kubectl scale deploy web --replicas=2")


def test_held_needs_its_check_to_hold_for_the_whole_span():
    session = Session(seed=2)
    session.run("kubectl create deployment web --image=nginx:1.24")
    step = StepRecord(0, 0)
    held = {"held": {"check": {"count": {"kind": "Pod", "owner": "deployment/web", "ready": True, "value": 1}},
                     "for": "30s"}}
    parsed = CHECK.validate_python(held)
    results = []
    for _ in range(8):
        session.advance(10)
        results.append(evaluate(parsed, session.sim, step).ok)
    assert results[:3] == [False, False, False] and results[-1] is True
    session.run("kubectl scale deploy web --replicas=0")
    session.advance(10)
    assert not evaluate(parsed, session.sim, step).ok
    assert not step.held_since  # the clock starts again next time it holds


def test_traffic_checks_a_stream_success_rate():
    session = Session(seed=3)
    for line in ("kubectl create deployment web --image=nginx:1.24", "kubectl expose deployment web --port=80",
                 "kubectl create deployment client --image=nginx:1.24"):
        session.run(line)
    session.advance(30)
    assert not check({"traffic": {"min_success": 0.9}}, session)[0]
    session.run("sim traffic start http://web --from deploy/client --rate 5 --duration 10s")
    session.advance(12)
    assert check({"traffic": {"min_success": 0.99, "min_requests": 50, "finished": True}}, session) == (
        True, "stream 1: 50 of 50 requests succeeded (100%)")
    session.run("kubectl scale deploy web --replicas=0")
    session.run("sim traffic start http://web --from deploy/client --rate 5 --duration 10s")
    session.advance(12)
    assert not check({"traffic": {"min_success": 0.5}}, session)[0]


def test_unchanged_compares_with_the_step_start(shop_like):
    start = shop_like.sim.snapshot()
    step = StepRecord(0, 0, start_of=lambda: start)
    untouched = {"unchanged": {"kind": "Deployment", "names": ["client", "locked"]}}
    assert check(untouched, shop_like, step)[0]
    shop_like.run("kubectl set image deployment/web nginx=nginx:1.25")
    assert check(untouched, shop_like, step)[0]
    shop_like.run("kubectl label deployment client tier=front")
    assert check(untouched, shop_like, step) == (False, "deployment/client was changed")
    shop_like.run("kubectl label deployment client tier-")
    shop_like.run("kubectl delete pod -l app=locked")
    shop_like.advance(5)
    assert check(untouched, shop_like, step)[1] == "the pods of deployment/locked were replaced"


def test_all_any_not_combine(shop_like):
    yes = {"count": {"kind": "Node", "value": 4}}
    no = {"count": {"kind": "Node", "value": 9}}
    assert check({"all": [yes, yes]}, shop_like)[0] and not check({"all": [yes, no]}, shop_like)[0]
    assert check({"any": [no, yes]}, shop_like)[0] and not check({"any": [no, no]}, shop_like)[0]
    assert check({"not": no}, shop_like)[0] and not check({"not": yes}, shop_like)[0]
