"""The map's reading of API objects: a pod's display state and a node's summary."""

from __future__ import annotations

import os
import subprocess
import sys

from sandbox.core.objects import KObject, ObjectMeta
from sandbox.core.simulation import Simulation
from sandbox.tui.state import cluster_health, node_view, owner_group, pod_state
from sandbox.tui.theme import COLORBLIND_THEME, DEFAULT_THEME, OWNER_TINTS, node_colour, owner_tint, state_colour
from tests.builders import ROOT, pod_manifest


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


def test_health_of_a_settled_cluster_is_all_ready():
    sim = Simulation(seed=1)
    health = cluster_health(sim)
    assert (health.nodes, health.nodes_ready, health.pods, health.pods_ready) == (4, 4, 10, 10)
    assert health.ok and health.summary() == "nodes 4/4 Ready · pods 10/10 Ready"


def test_health_counts_failing_and_pending_pods_and_not_ready_nodes():
    sim = Simulation(seed=1)
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


TINT_PROBE = "from sandbox.tui.theme import owner_tint; print(owner_tint('web-7d9f8c6b5d'), owner_tint('coredns'))"


def test_owner_tints_are_the_same_in_every_process():
    """Python randomises str hashes per process; the map's tints must not change between runs."""
    tints = set()
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        out = subprocess.run([sys.executable, "-c", TINT_PROBE], env=env, cwd=ROOT, capture_output=True, text=True,
                             check=True)
        tints.add(out.stdout.strip())
    assert tints == {f"{owner_tint('web-7d9f8c6b5d')} {owner_tint('coredns')}"}


def test_owner_tints_tell_groups_apart():
    groups = [f"web-{i}" for i in range(40)]
    assert {owner_tint(g) for g in groups} == set(OWNER_TINTS)


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
