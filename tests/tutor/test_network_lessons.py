"""Lessons 5–7 (Services, Traffic in and out, Ingress controllers): proven, repeatable, and what their
texts tell the learner is what the cluster shows at that point.

Upstream for the claims: docs concepts/services-networking/service (selectors, endpoints, NodePort, SNAT
with externalTrafficPolicy Cluster), dns-pod-service (NAME.NAMESPACE.svc.cluster.local and the search
path), ingress (Exact and Prefix matching, IngressClass, the default-class annotation), and
configure-liveness-readiness-startup-probes (a failing readiness probe never restarts the container);
k/k pkg/kubelet/prober for `HTTP probe failed with statuscode: 500`.
"""

from __future__ import annotations

import re

import pytest

from sandbox.kubectl import Session
from sandbox.tutor.catalog import find
from sandbox.tutor.loader import LoadedLesson
from sandbox.tutor.proof import prove
from sandbox.tutor.start import open_lesson
from sandbox.tutor.tutor import Tutor
from tests.builders import run_ok

LESSONS = ("services", "traffic", "ingress-controllers")


def _lesson(lesson_id: str) -> LoadedLesson:
    loaded = find(lesson_id)
    assert loaded is not None, lesson_id
    return loaded


def _played(lesson_id: str, steps: int) -> tuple[Session, Tutor]:
    """The lesson's cluster after the solutions of its first `steps` steps."""
    loaded = _lesson(lesson_id)
    session, tutor = open_lesson(loaded, auto_answer=True)
    for i in range(steps):
        tutor.play(list(loaded.lesson.steps[i].solution))
        assert tutor.done, f"{lesson_id} step {i + 1}"
        tutor.next()
    return session, tutor


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_the_lesson_is_proven_and_plays_the_same_twice(lesson_id):
    loaded = _lesson(lesson_id)
    proof = prove(loaded)
    assert proof.ok, proof.problems
    logs = [_played(lesson_id, len(loaded.lesson.steps))[0].sim.audit.text() for _ in range(2)]
    assert logs[0] == logs[1]


def test_services_a_failed_readiness_probe_leaves_the_pod_running_outside_the_endpoints():
    session, _ = _played("services", 4)
    [sick] = [p for p in session.sim.list("Pod", "default") if p.metadata.labels.get("app") == "web"
              and next(c["status"] for c in p.status["conditions"] if c["type"] == "Ready") == "False"]
    assert sick.status["containerStatuses"][0]["restartCount"] == 0
    assert "Readiness probe failed: HTTP probe failed with statuscode: 500" in run_ok(
        session, f"kubectl describe pod {sick.name}")
    assert sick.status["podIP"] not in run_ok(session, "kubectl get endpoints web")
    slices = run_ok(session, "kubectl get endpointslices -l kubernetes.io/service-name=web -o yaml")
    assert re.search(rf"- addresses:\n    - {re.escape(sick.status['podIP'])}\n    conditions:\n      ready: false",
                     slices)


def test_services_the_short_name_means_the_callers_namespace():
    session, _ = _played("services", 5)
    assert "Could not resolve host: web" in session.run(
        "kubectl exec -n tools deploy/toolbox -- curl -sS http://web").output
    assert "Host: web.default.svc.cluster.local" in run_ok(
        session, "kubectl exec -n tools deploy/toolbox -- curl -s http://web.default.svc.cluster.local")


def test_traffic_sources_seen_by_the_pod_are_the_client_then_a_node():
    session, _ = _played("traffic", 0)
    client = session.sim.list("Pod", "default", [("app", "=", ("client",))])[0]
    inside = run_ok(session, "kubectl exec deploy/client -- curl -sv http://web")
    cluster_ip = session.sim.get("Service", "default", "web").spec["clusterIP"]
    assert f"* Connected to web ({cluster_ip}) port 80" in inside
    assert re.search(rf"^RemoteAddr: {re.escape(client.status['podIP'])}:\d+$", inside, re.M)
    web_nodes = {p.spec["nodeName"] for p in session.sim.list("Pod", "default", [("app", "=", ("web",))])}
    assert "node-1" not in web_nodes                              # step 3 says node-1 runs none
    outside = run_ok(session, "curl -s http://172.18.0.3:30100")
    assert re.search(r"^RemoteAddr: 172\.18\.0\.3:\d+$", outside, re.M)
    assert session.run("kubectl exec deploy/client -- curl -s http://web:8080").exit_code == 7


def test_ingress_paths_and_classes_answer_as_the_lesson_says():
    session, _ = _played("ingress-controllers", 1)
    assert run_ok(session, "kubectl get ingress site -o jsonpath={.status.loadBalancer.ingress}") == ""
    session, _ = _played("ingress-controllers", 4)
    assert "404 Not Found" in run_ok(session, "curl -s http://shop.example/blogs")
    assert run_ok(session, "curl -s http://shop.example/blog/2026/hello").startswith("Name: blog\n")
    blog = run_ok(session, "curl -s http://blog.example/")
    traefik = session.sim.list("Pod", "traefik")[0]
    assert f"X-Forwarded-Server: {traefik.name}" in blog and "X-Request-Id" not in blog
    assert 'ingressclass.kubernetes.io/is-default-class: "true"' in run_ok(
        session, "kubectl get ingressclass nginx -o yaml")
    addresses = [run_ok(session, f"kubectl get ingress {name} -o jsonpath={{.status.loadBalancer.ingress[0].ip}}")
                 for name in ("site", "blog")]
    assert addresses[0] != addresses[1] and all(addresses)      # each controller writes its own node
