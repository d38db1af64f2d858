"""`kubectl get`: columns, widths, -o formats, selectors and pod/node STATUS as printPod/printNode compute them."""

import json

import pytest
import yaml

from sandbox.core.objects import KObject, ObjectMeta
from sandbox.core.podstatus import pod_status
from sandbox.kubectl.printers.podstatus import pod_restarts
from sandbox.kubectl.printers.tables import node_status
from tests.builders import fails, run_ok


def _pod(statuses=None, phase="Running", deleting=False, reason=None, conditions=None):
    pod = KObject("Pod", ObjectMeta("p", "default"), {"containers": [{"name": "c", "image": "nginx"}]},
                  {"phase": phase, "containerStatuses": statuses or [], "conditions": conditions or []})
    if reason:
        pod.status["reason"] = reason
    if deleting:
        pod.metadata.deletion_timestamp = 10.0
    return pod


def _cs(state, ready=False, restarts=0, last=None):
    cs = {"name": "c", "ready": ready, "restartCount": restarts, "state": state}
    if last:
        cs["lastState"] = {"terminated": {"finishedAt": last, "exitCode": 1}}
    return cs


@pytest.mark.parametrize("pod, status", [
    (_pod(phase="Pending"), "Pending"),
    (_pod([_cs({"waiting": {"reason": "ContainerCreating"}})], phase="Pending"), "ContainerCreating"),
    (_pod([_cs({"waiting": {"reason": "ErrImagePull"}})], phase="Pending"), "ErrImagePull"),
    (_pod([_cs({"waiting": {"reason": "ImagePullBackOff"}})], phase="Pending"), "ImagePullBackOff"),
    (_pod([_cs({"waiting": {"reason": "CrashLoopBackOff"}}, restarts=3)]), "CrashLoopBackOff"),
    (_pod([_cs({"running": {}}, ready=True)]), "Running"),
    (_pod([_cs({"terminated": {"reason": "Completed", "exitCode": 0}})], phase="Succeeded"), "Completed"),
    (_pod([_cs({"terminated": {"exitCode": 2}})], phase="Failed"), "ExitCode:2"),
    (_pod([_cs({"running": {}}, ready=True)], deleting=True), "Terminating"),
    (_pod([_cs({"running": {}}, ready=True)], deleting=True, reason="NodeLost"), "Unknown"),
    (_pod([_cs({"terminated": {"reason": "Completed", "exitCode": 0}})], phase="Succeeded", deleting=True),
     "Completed"),
])
def test_pod_status_column_follows_print_pod(pod, status):
    assert pod_status(pod) == status


def test_restarts_show_how_long_ago_the_last_one_was():
    pod = _pod([_cs({"waiting": {"reason": "CrashLoopBackOff"}}, restarts=3, last="2026-01-01T00:01:00Z")])
    assert pod_restarts(pod, now=180.0) == "3 (2m ago)"
    assert pod_restarts(_pod([_cs({"running": {}})]), now=5.0) == "0"


def test_node_status_shows_not_ready_for_unknown_and_scheduling_disabled():
    node = KObject("Node", ObjectMeta("n"), {"unschedulable": True}, {"conditions": [
        {"type": "Ready", "status": "Unknown"}]})
    assert node_status(node) == "NotReady,SchedulingDisabled"
    node.status["conditions"] = []
    assert node_status(node) == "Unknown,SchedulingDisabled"


def test_nodes_table_has_kubectl_columns(session):
    out = run_ok(session, "kubectl get nodes")
    lines = out.splitlines()
    assert lines[0] == "NAME            STATUS   ROLES           AGE   VERSION"
    assert lines[1].startswith("control-plane   Ready    control-plane   ")
    wide = run_ok(session, "kubectl get nodes -o wide").splitlines()[0]
    assert wide.split()[5:] == ["INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"]


def test_empty_namespace_says_no_resources_found(session):
    assert run_ok(session, "kubectl get pods") == "No resources found in default namespace."
    assert run_ok(session, "kubectl get deploy -n nowhere") == "No resources found in nowhere namespace."
    assert run_ok(session, "kubectl get ingress -A") == "No resources found"


def test_all_namespaces_adds_namespace_column_sorted_by_namespace_and_name(session):
    run_ok(session, "kubectl create deployment web --image=nginx:1.25 --replicas=2")  # "web-…" sorts after "kube-…"
    session.sim.settle()
    lines = run_ok(session, "kubectl get pods -A").splitlines()
    assert lines[0].split()[:2] == ["NAMESPACE", "NAME"]
    keys = [tuple(line.split()[:2]) for line in lines[1:]]
    assert keys == sorted(keys)
    assert [ns for ns, _ in keys] == ["default"] * 2 + ["kube-system"] * 10


def test_deployment_wide_shows_containers_images_selector(session):
    run_ok(session, "kubectl create deployment web --image=nginx:1.25 --replicas=2")
    session.sim.settle()
    lines = run_ok(session, "kubectl get deploy -o wide").splitlines()
    assert lines[0] == "NAME   READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS   IMAGES       SELECTOR"
    assert lines[1].split() == ["web", "2/2", "2", "2", lines[1].split()[4], "nginx", "nginx:1.25", "app=web"]


def test_output_name_yaml_json_and_jsonpath(session):
    run_ok(session, "kubectl create deployment web --image=nginx:1.25")
    assert run_ok(session, "kubectl get deploy -o name") == "deployment.apps/web"
    doc = yaml.safe_load(run_ok(session, "kubectl get deploy web -o yaml"))
    assert doc["spec"]["strategy"] == {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%",
                                                                                  "maxUnavailable": "25%"}}
    listing = json.loads(run_ok(session, "kubectl get deploy -o json"))
    assert listing["kind"] == "List" and listing["items"][0]["metadata"]["name"] == "web"
    assert run_ok(session, "kubectl get deploy web -o jsonpath={.spec.replicas}") == "1"
    names = run_ok(session, "kubectl get nodes -o jsonpath='{range .items[*]}{.metadata.name}{\"\\n\"}{end}'")
    assert names == "control-plane\nnode-1\nnode-2\nnode-3"  # the closing newline is the terminal's
    assert run_ok(session, "kubectl get nodes -o jsonpath={.items[*].metadata.name}") == \
        "control-plane node-1 node-2 node-3"


def test_yaml_quotes_like_go_yaml(session):
    run_ok(session, "kubectl create deployment web --image=nginx:1.25")
    out = run_ok(session, "kubectl get deploy web -o yaml")
    assert 'deployment.kubernetes.io/revision: "1"' in out and "creationTimestamp: \"2026-01-01T" in out


def test_label_and_field_selectors_filter(session):
    run_ok(session, "kubectl create deployment web --image=nginx:1.25 --replicas=3")
    session.sim.settle()
    assert len(run_ok(session, "kubectl get pods -l app=web").splitlines()) == 4
    assert run_ok(session, "kubectl get pods -l 'app in (db)'") == "No resources found in default namespace."
    on_node = run_ok(session, "kubectl get pods -A --field-selector spec.nodeName=control-plane").splitlines()
    assert len(on_node) == 6 and all("control-plane" in line or "kube-proxy" in line or "NAME" in line
                                     for line in on_node)
    running = run_ok(session, "kubectl get pods --field-selector=status.phase=Running -o name").splitlines()
    assert len(running) == 3
    assert "field label not supported: spec.foo" in fails(session, "kubectl get pods --field-selector spec.foo=x")


def test_show_labels_adds_sorted_labels_column(session):
    lines = run_ok(session, "kubectl get nodes node-1 --show-labels").splitlines()
    assert lines[0].endswith("LABELS")
    assert lines[1].endswith("kubernetes.io/arch=amd64,kubernetes.io/hostname=node-1,kubernetes.io/os=linux")


def test_several_types_print_one_table_each_with_kind_prefixes(session):
    out = run_ok(session, "kubectl get svc,deploy -n kube-system")
    assert "service/kube-dns" in out and "deployment.apps/coredns" in out and "\n\n" in out


def test_get_events_lists_reasons_with_kind_slash_name(session):
    run_ok(session, "kubectl create deployment web --image=nginx:1.25")
    session.sim.advance(30)
    run_ok(session, "kubectl create deployment api --image=nginx:1.25")  # the newest events, of the first name
    session.sim.advance(5)
    lines = run_ok(session, "kubectl get events").splitlines()
    assert lines[0].split() == ["LAST", "SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]
    assert any("ScalingReplicaSet" in line and "deployment/web" in line for line in lines)
    assert lines[1].split()[:4] == ["5s", "Normal", "ScalingReplicaSet", "deployment/api"]  # listed by object name
    by_time = run_ok(session, "kubectl get events --sort-by=.lastTimestamp").splitlines()
    assert sorted(by_time[1:]) == sorted(lines[1:])
    ages = [int(line.split()[0].removesuffix("s")) for line in by_time[1:]]
    assert ages == sorted(ages, reverse=True) and ages[0] > ages[-1]  # oldest first
