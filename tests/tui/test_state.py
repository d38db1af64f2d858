"""The map's reading of API objects: a pod's display state and a node's summary."""

from __future__ import annotations

from sandbox.core.objects import KObject, ObjectMeta
from sandbox.core.scenario import cluster
from sandbox.kubectl import Session
from sandbox.tui.state import (
    RECENT,
    Health,
    cluster_health,
    node_view,
    owner_group,
    pod_changed_at,
    pod_state,
    short_name,
    traffic_success,
)
from sandbox.tui.theme import (
    COLORBLIND_THEME,
    DEFAULT_THEME,
    OWNER_COLOURS,
    OwnerColours,
    colour,
    node_colour,
    state_colour,
)
from tests.builders import pod_manifest, run_ok


def pod(phase="Running", *, node="node-1", ready=False, waiting=None, reason=None, deleting=False) -> KObject:
    status = {"phase": phase, "conditions": [{"type": "Ready", "status": "True" if ready else "False"}]}
    if waiting:
        status["containerStatuses"] = [{"name": "app", "state": {"waiting": {"reason": waiting}}}]
    if reason:
        status["reason"] = reason
    obj = KObject("Pod", ObjectMeta("p", "default"), {"nodeName": node} if node else {}, status)
    if deleting:
        obj.metadata.deletion_timestamp = 5.0
    return obj


def test_pod_state_follows_kubectl_status_words():
    assert pod_state(pod("Pending", node=None)) == "Pending"
    assert pod_state(pod("Pending")) == "ContainerCreating"
    assert pod_state(pod("Pending", waiting="ErrImagePull")) == "ImagePullBackOff"
    assert pod_state(pod("Running", waiting="CrashLoopBackOff")) == "CrashLoopBackOff"
    assert pod_state(pod("Running")) == "Running"
    assert pod_state(pod("Running", ready=True)) == "Ready"
    assert pod_state(pod("Running", ready=True, deleting=True)) == "Terminating"
    assert pod_state(pod("Failed", reason="Evicted")) == "Evicted"
    assert pod_state(pod("Succeeded")) == "Completed"


def test_static_pods_group_by_component_and_others_by_controller():
    sim = cluster(seed=1)
    groups = {owner_group(p) for p in sim.store.list("Pod", "kube-system")}
    assert {"etcd", "kube-apiserver", "kube-proxy"} <= groups


def test_node_view_counts_pods_and_cpu_requests():
    sim = cluster(seed=1)
    view = node_view(sim, sim.get("Node", "", "control-plane"))
    assert view.role == "control-plane"
    assert view.pod_count == len(sim.store.pods_on_node("control-plane"))
    assert view.cpu_requested >= 650  # etcd 100m + apiserver 250m + controller-manager 200m + scheduler 100m
    assert 0 < view.load <= 1


def test_health_of_a_settled_cluster_is_all_ready():
    sim = cluster(seed=1)
    health = cluster_health(sim)
    assert (health.nodes, health.nodes_ready, health.pods, health.pods_ready) == (4, 4, 10, 10)
    assert health.ok and health.summary() == "nodes 4/4 Ready · pods 10/10 Ready"


def test_health_counts_failing_and_pending_pods_and_not_ready_nodes():
    sim = cluster(seed=1)
    sim.create(pod_manifest("crashy", "ghcr.io/kubesandbox/crashy:1.0"))   # CrashLoopBackOff
    sim.create(pod_manifest("typo", "nginx:no-such-tag"))                  # ImagePullBackOff
    sim.create(pod_manifest("huge", cpu="64"))                             # Pending: no node has 64 CPUs
    sim.advance(30)
    sim.fail_node("node-3")
    sim.advance(60)
    health = cluster_health(sim)
    assert (health.nodes, health.nodes_ready, health.bad, health.pending) == (4, 3, 2, 1)
    assert health.pods == 13 and health.pods_ready < 10
    assert not health.ok
    assert health.summary().endswith(" · 1 Pending · 2 failing")


def test_colourblind_theme_uses_its_own_palette():
    assert state_colour(DEFAULT_THEME, "Ready") != state_colour(COLORBLIND_THEME, "Ready")
    down = node_colour(DEFAULT_THEME, ready=False, machine_up=True, cordoned=False, load=0)
    busy = node_colour(DEFAULT_THEME, ready=True, machine_up=True, cordoned=False, load=1)
    assert down != busy


def test_owners_on_the_map_get_different_colours_and_keep_them():
    owners = OwnerColours()
    names = ["frontend-5c6b", "mysql-7d4f", "webserver-v1-6f9d", "webserver-v2-8b7c", "loadbalancer-54d9"]
    owners.update([(name, False) for name in names] + [("kube-proxy", True), ("etcd", True)])
    shades = [owners.colour(DEFAULT_THEME, name) for name in names]
    assert len(set(shades)) == len(names)  # the shop's owners all differ (they collided before)
    assert owners.colour(DEFAULT_THEME, "kube-proxy") == owners.colour(DEFAULT_THEME, "etcd") \
        == colour(DEFAULT_THEME, "owner-system")  # the system's own share one quiet colour
    kept = owners.colour(DEFAULT_THEME, "mysql-7d4f")
    owners.update([(name, False) for name in names[1:]] + [("web-new-1", False)])
    assert owners.colour(DEFAULT_THEME, "mysql-7d4f") == kept  # an owner keeps its colour
    assert owners.colour(DEFAULT_THEME, "web-new-1") == shades[0]  # a newcomer takes the colour set free


def test_owner_colours_repeat_only_beyond_the_palette():
    owners = OwnerColours()
    names = [f"web-{i}" for i in range(OWNER_COLOURS + 1)]
    owners.update([(name, False) for name in names])
    shades = [owners.colour(COLORBLIND_THEME, name) for name in names]
    assert len(set(shades[:OWNER_COLOURS])) == OWNER_COLOURS and shades[-1] in shades[:OWNER_COLOURS]


def test_a_chip_shows_what_tells_a_pod_from_its_siblings():
    assert short_name("web-7d9f8c6b5d-29prn", "web-7d9f8c6b5d", "node-1") == "29prn"
    assert short_name("kube-proxy-hn5fw", "kube-proxy", "node-3") == "hn5fw"
    assert short_name("etcd-control-plane", "etcd", "control-plane") == ""  # a static pod: the box names the node
    assert short_name("debug", "debug", "node-1") == ""  # a bare pod is its own group


def test_a_pod_changes_when_created_scheduled_started_and_deleted():
    """Read from the object: creationTimestamp, conditions' lastTransitionTime, deletionTimestamp minus the
    grace period (k8s.io/apimachinery ObjectMeta: deletionTimestamp is when the grace period ends)."""
    session = Session(seed=1)
    run_ok(session, "kubectl create deployment web --image=nginx:1.25")
    sim = session.sim
    (pod,) = [p for p in sim.list("Pod", "default")]
    assert pod_changed_at(pod) == pod.metadata.creation_timestamp
    session.advance(60)
    ready_at = pod_changed_at(pod)
    assert pod.metadata.creation_timestamp < ready_at < sim.now - RECENT  # it started, then settled
    run_ok(session, f"kubectl delete pod {pod.name} --wait=false")
    assert pod_changed_at(pod) == sim.now  # Terminating from now


def test_health_is_not_ok_while_traffic_fails():
    session = Session(seed=1)
    for line in ("kubectl create deployment web --image=nginx:1.25", "kubectl expose deployment web --port=80",
                 "kubectl create deployment client --image=nginx:1.25"):
        run_ok(session, line)
    session.advance(30)
    run_ok(session, "sim traffic start http://web --from deploy/client --rate 5 --duration 120s")
    session.advance(10)
    assert traffic_success(session.sim) == 1.0 and cluster_health(session.sim).ok
    run_ok(session, "kubectl scale deployment web --replicas=0")  # nothing answers any more
    session.advance(10)
    assert traffic_success(session.sim) == 0.0
    health = Health(nodes=4, nodes_ready=4, pods=10, pods_ready=10, traffic=0.93)
    assert not health.ok and health.summary().endswith(" · traffic 93% ok")
    assert Health(nodes=1, nodes_ready=1, traffic=0.999).summary().endswith("traffic 99% ok")  # never "100%"


def test_a_users_taint_shows_on_its_node():
    """`kubectl taint nodes node-1 dedicated=db:NoSchedule` draws ⚑ dedicated:NoSchedule in node-1's box; the
    control-plane taint every kubeadm cluster has is not repeated there."""
    from sandbox.tui.widgets.node_box import render_node

    sim = cluster(seed=1)
    Session(sim).run("kubectl taint nodes node-1 dedicated=db:NoSchedule")

    def drawn(node: str) -> str:
        return render_node(node_view(sim, sim.get("Node", "", node)), DEFAULT_THEME, None, width=40, now=sim.now,
                           owner_colour=OwnerColours().colour).plain

    assert "⚑\u00a0dedicated:NoSchedule" in drawn("node-1")
    plane = drawn("control-plane")
    assert "⚑" not in plane
