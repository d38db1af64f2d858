"""The map's reading of API objects: a pod's display state and a node's summary."""

from __future__ import annotations

from sandbox.core.objects import KObject, ObjectMeta
from sandbox.core.simulation import Simulation
from sandbox.tui.state import cluster_health, node_view, owner_group, pod_state
from sandbox.tui.theme import COLORBLIND_THEME, DEFAULT_THEME, node_colour, owner_tint, state_colour


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
    sim = Simulation(seed=1)
    groups = {owner_group(p) for p in sim.store.list("Pod", "kube-system")}
    assert {"etcd", "kube-apiserver", "kube-proxy"} <= groups


def test_node_view_counts_pods_and_cpu_requests():
    sim = Simulation(seed=1)
    view = node_view(sim, sim.get("Node", "", "control-plane"))
    assert view.role == "control-plane"
    assert view.pod_count == len(sim.store.pods_on_node("control-plane"))
    assert view.cpu_requested >= 650  # etcd 100m + apiserver 250m + controller-manager 200m + scheduler 100m
    assert 0 < view.load <= 1


def test_health_counts_failing_pods():
    sim = Simulation(seed=1)
    health = cluster_health(sim)
    assert health.nodes == 4 and health.pods == sim.store.count("Pod")


def test_colourblind_theme_uses_its_own_palette_and_tints_are_stable():
    assert state_colour(DEFAULT_THEME, "Ready") != state_colour(COLORBLIND_THEME, "Ready")
    assert owner_tint("web-7d9f8c6b5d") == owner_tint("web-7d9f8c6b5d")
    down = node_colour(DEFAULT_THEME, ready=False, machine_up=True, cordoned=False, load=0)
    busy = node_colour(DEFAULT_THEME, ready=True, machine_up=True, cordoned=False, load=1)
    assert down != busy


def test_a_users_taint_shows_on_its_node():
    """`kubectl taint nodes node-1 dedicated=db:NoSchedule` draws ⚑ dedicated:NoSchedule in node-1's box; the
    control-plane taint every kubeadm cluster has is not repeated there."""
    from sandbox.kubectl.session import Session
    from sandbox.tui.widgets.node_box import render_node

    sim = Simulation(seed=1)
    Session(sim).run("kubectl taint nodes node-1 dedicated=db:NoSchedule")
    drawn = render_node(node_view(sim, sim.get("Node", "", "node-1")), DEFAULT_THEME, None).plain
    assert "⚑\u00a0dedicated:NoSchedule" in drawn
    plane = render_node(node_view(sim, sim.get("Node", "", "control-plane")), DEFAULT_THEME, None).plain
    assert "⚑" not in plane
