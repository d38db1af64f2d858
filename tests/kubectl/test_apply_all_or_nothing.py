"""A multi-document apply checks every document, admission included, before writing any.

Admission messages are the API server's (k/k pkg/registry/core/service/storage and
portallocator: "provided port is already allocated"; ipallocator: "provided IP is already
allocated"); the pod limit is quota.py's ResourceQuota wording. Where real kubectl does part of
the work (`delete a b` deletes what exists; `drain` cordons first), the sandbox does too.
"""

from __future__ import annotations

import pytest

from sandbox.core.scenario import cluster
from sandbox.kubectl import Session
from tests.builders import fails, run_ok

CONFIGMAP = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\ndata: {a: b}\n"


def service(name: str, node_port: int | None = None, cluster_ip: str | None = None) -> str:
    port = f"{{port: 80, nodePort: {node_port}}}" if node_port else "{port: 80}"
    ip = f", clusterIP: {cluster_ip}" if cluster_ip else ""
    kind = "NodePort" if node_port else "ClusterIP"
    return (f"apiVersion: v1\nkind: Service\nmetadata: {{name: {name}}}\n"
            f"spec: {{type: {kind}, selector: {{app: {name}}}, ports: [{port}]{ip}}}\n")


def deployment(name: str, replicas: int) -> str:
    return (f"apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: {name}}}\nspec:\n  replicas: {replicas}\n"
            f"  selector: {{matchLabels: {{app: {name}}}}}\n  template:\n    metadata: {{labels: {{app: {name}}}}}\n"
            f"    spec: {{containers: [{{name: app, image: nginx}}]}}\n")


def stream(*docs: str) -> str:
    return "---\n".join(docs)


def nothing_written(session: Session, text: str) -> str:
    before = (session.sim.resource_version, len(session.sim.audit))
    out = fails(session, "kubectl apply -f -", stdin=text)
    assert (session.sim.resource_version, len(session.sim.audit)) == before, out
    return out


def test_a_nodeport_taken_in_the_cluster_stops_the_whole_stream(session):
    run_ok(session, "kubectl apply -f -", stdin=service("taken", node_port=30080))
    out = nothing_written(session, stream(CONFIGMAP, service("web", node_port=30080)))
    assert out == ('Error from server (Invalid): error when creating "STDIN": Service "web" is invalid: '
                   "spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated")
    assert session.sim.try_get("ConfigMap", "default", "cfg") is None


def test_a_nodeport_asked_for_twice_in_one_stream(session):
    out = nothing_written(session, stream(CONFIGMAP, service("a", node_port=30081), service("b", node_port=30081)))
    assert out.endswith('Service "b" is invalid: spec.ports[0].nodePort: Invalid value: 30081: '
                        "provided port is already allocated")


def test_a_cluster_ip_asked_for_twice_in_one_stream(session):
    out = nothing_written(session, stream(service("a", cluster_ip="10.96.5.5"), service("b", cluster_ip="10.96.5.5")))
    assert out.endswith('Service "b" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.5.5"}: failed to '
                        "allocate IP 10.96.5.5: provided IP is already allocated")


def test_an_update_may_not_take_another_services_nodeport(session):
    run_ok(session, "kubectl apply -f -", stdin=stream(service("a", node_port=30082), service("b", node_port=30083)))
    out = nothing_written(session, service("b", node_port=30082))
    assert out.endswith("spec.ports[0].nodePort: Invalid value: 30082: provided port is already allocated")
    run_ok(session, "kubectl apply -f -", stdin=service("b", node_port=30083))   # its own port: unchanged


def test_replicas_of_all_documents_count_together_against_the_pod_limit():
    session = Session(cluster(seed=0, pod_limit=40))
    out = nothing_written(session, stream(CONFIGMAP, deployment("a", 20), deployment("b", 20)))
    assert out == ('Error from server (Forbidden): error when creating "STDIN": deployments.apps "b" is forbidden: '
                   "exceeded quota: sandbox-pod-limit, requested: pods=40, used: pods=10, limited: pods=40")
    run_ok(session, "kubectl apply -f -", stdin=stream(deployment("a", 20), deployment("b", 10)))


def test_delete_of_several_names_deletes_those_that_exist_as_kubectl_does(session):
    run_ok(session, "kubectl create deployment web --image=nginx")
    out = fails(session, "kubectl delete deployment web nope")
    assert out == 'deployment.apps "web" deleted\nError from server (NotFound): deployments.apps "nope" not found'
    assert session.sim.try_get("Deployment", "default", "web") is None


def test_drain_cordons_first_as_kubectl_does(session):
    out = fails(session, "kubectl drain node-1")
    assert out.startswith("node/node-1 cordoned\nerror: unable to drain node \"node-1\"")
    assert session.sim.get("Node", "", "node-1").spec["unschedulable"] is True


@pytest.mark.parametrize("verb", ["apply", "create"])
def test_a_server_dry_run_meets_admission_and_a_client_one_does_not(session, verb):
    """kubectl's --dry-run=client never reaches the API server's admission; --dry-run=server does."""
    run_ok(session, "kubectl apply -f -", stdin=service("taken", node_port=30090))
    before = session.sim.resource_version
    text = stream(CONFIGMAP, service("x", 30090))
    out = fails(session, f"kubectl {verb} -f - --dry-run=server", stdin=text)
    assert out.endswith("provided port is already allocated")
    out = run_ok(session, f"kubectl {verb} -f - --dry-run=client", stdin=text)
    assert out == "configmap/cfg created (dry run)\nservice/x created (dry run)"
    assert session.sim.resource_version == before
