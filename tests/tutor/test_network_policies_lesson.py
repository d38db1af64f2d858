"""Lesson 8 (Ingress and egress policies): proven, repeatable, and what its texts tell the learner is what the
cluster shows at that point.

Upstream for the claims: docs concepts/services-networking/network-policies (pods are non-isolated by default;
policies are additive; policyTypes defaults; one `from` entry with namespaceSelector and podSelector selects
pods in those namespaces, two entries are an OR; a podSelector alone means the policy's namespace; the API
server labels every namespace kubernetes.io/metadata.name) and dns-pod-service (pods resolve names through the
kube-dns Service, whose CoreDNS pods kubeadm labels k8s-app=kube-dns, on UDP/TCP port 53).
"""

from __future__ import annotations

from sandbox.kubectl import Session
from sandbox.tutor.catalog import LESSONS_DIR, find
from sandbox.tutor.loader import LoadedLesson
from sandbox.tutor.proof import prove
from sandbox.tutor.start import open_lesson
from sandbox.tutor.tutor import Tutor


def _lesson() -> LoadedLesson:
    loaded = find("network-policies")
    assert loaded is not None
    return loaded


def _played(steps: int) -> tuple[Session, Tutor]:
    """The lesson's cluster after the solutions of its first `steps` steps."""
    loaded = _lesson()
    session, tutor = open_lesson(loaded, auto_answer=True)
    for i in range(steps):
        tutor.play(list(loaded.lesson.steps[i].solution))
        assert tutor.done, f"step {i + 1}"
        tutor.next()
    return session, tutor


def test_the_lesson_is_proven_and_plays_the_same_twice():
    loaded = _lesson()
    proof = prove(loaded)
    assert proof.ok, proof.problems
    logs = [_played(len(loaded.lesson.steps))[0].sim.audit.text() for _ in range(2)]
    assert logs[0] == logs[1]


def test_a_lesson_reads_relative_paths_from_the_lessons_folder():
    """`kubectl apply -f network-policies/…` works whatever folder the app was started in; a path that is not
    there fails as kubectl's does."""
    session, _ = _played(0)
    assert session.lesson_dir == LESSONS_DIR
    assert session.run("kubectl apply -f network-policies/deny-ingress.yaml").output == (
        "networkpolicy.networking.k8s.io/default-deny-ingress created")
    missing = session.run("kubectl apply -f deny-ingress.yaml")
    assert not missing.ok and missing.output == 'error: the path "deny-ingress.yaml" does not exist'


def test_default_deny_leaves_the_customers_outside_and_the_trace_names_the_policy():
    session, _ = _played(3)  # default deny, then only the frontend into the webserver
    assert session.run("curl -sS -m 5 http://172.18.0.2:31080").exit_code == 28
    denied = session.run("kubectl exec deploy/mysql -- curl -sS http://webserver")
    assert denied.exit_code == 28
    trace = session.run("sim trace").output
    assert ("is isolated for ingress by networkpolicy default-deny-ingress, webserver-allow-frontend and no rule "
            "allows TCP/80 from pod shop/mysql-") in trace


def test_the_dns_trap_stops_at_the_dns_hop():
    session, tutor = _played(4)
    tutor.play(["kubectl apply -f network-policies/frontend-egress.yaml"])
    result = session.run("kubectl exec deploy/frontend -- curl -sS http://webserver")
    assert result.output.splitlines()[0] == "curl: (6) Could not resolve host: webserver"
    trace = session.run("sim trace").output
    assert "✗ dns" in trace and "no rule allows UDP/53 to pod kube-system/coredns-" in trace
    assert not tutor.done


def test_two_from_entries_let_every_pod_of_the_namespace_in():
    session, _ = _played(5)
    assert session.run("kubectl apply -f network-policies/mistakes/allow-prober-or.yaml").ok
    assert session.run("kubectl exec -n monitoring deploy/debug -- curl -s http://webserver.shop").ok
    assert session.run("kubectl apply -f network-policies/allow-prober.yaml").ok
    assert session.run("kubectl exec -n monitoring deploy/debug -- curl -sS http://webserver.shop").exit_code == 28
    assert session.run("kubectl exec -n monitoring deploy/prober -- curl -s http://webserver.shop").ok
