"""The ReplicaSet controller: k/k pkg/controller/replicaset, and ActivePods in pkg/controller/controller_utils.go."""

from __future__ import annotations

import pytest

from sandbox.core.controllers.replicaset import ReplicaSetController
from sandbox.core.errors import Invalid
from sandbox.core.objects import DELETION_COST_ANNOTATION, pod_is_active, set_condition
from sandbox.core.scenario import cluster
from sandbox.core.simulation import Simulation
from tests.builders import pod_manifest, replicaset, workload_controllers_only


def active_pods(sim: Simulation, rs) -> list:
    return [p for p in sim.store.children(rs.uid) if pod_is_active(p)]


def test_rs_creates_pods_from_template_with_events():
    sim = cluster(seed=11)
    rs = sim.create(replicaset(replicas=3))
    sim.settle()
    pods = active_pods(sim, rs)
    assert len(pods) == 3
    assert all(p.name.startswith("web-") and p.metadata.labels == {"app": "web"} for p in pods)
    events = [e.reason for e in sim.audit.events() if e.event_reason == "SuccessfulCreate" and e.name == "web"]
    assert sorted(events) == sorted(f"Created pod: {p.name}" for p in pods)
    assert rs.status["replicas"] == 3 and rs.status["readyReplicas"] == 3
    assert rs.status["observedGeneration"] == rs.metadata.generation


def test_rs_terminating_pod_is_replaced_at_once():
    sim = cluster(seed=11)
    rs = sim.create(replicaset(replicas=3))
    sim.settle()
    victim = active_pods(sim, rs)[0]
    sim.delete("Pod", "default", victim.name)
    sim.advance(0)
    assert victim.metadata.deletion_timestamp is not None
    assert sim.try_get("Pod", "default", victim.name) is victim  # still Terminating
    pods = active_pods(sim, rs)
    assert len(pods) == 3 and victim not in pods
    assert max(p.metadata.creation_timestamp for p in pods) == sim.now


def test_rs_slow_start_batches():
    sim = workload_controllers_only()
    rsc = next(c for c in sim.controllers if isinstance(c, ReplicaSetController))
    created = []

    def fail_fourth(pod) -> None:
        created.append(pod.metadata.name)
        if len(created) == 4:
            raise Invalid("quota exceeded")

    sim.admission.register("Pod", fail_fourth)
    rs = sim.create(replicaset(replicas=10))
    rsc.sync("default/web")  # one sync: batches 1, 2, then 4 of which one fails; no batch of 8
    assert len(active_pods(sim, rs)) == 6
    assert [e.event_reason for e in sim.audit.events()].count("FailedCreate") == 1
    assert rs.status["conditions"][0]["reason"] == "FailedCreate"
    sim.settle()
    assert len(active_pods(sim, rs)) == 10
    assert "conditions" not in rs.status


def test_rs_creates_at_most_500_per_sync():
    sim = workload_controllers_only()
    rsc = next(c for c in sim.controllers if isinstance(c, ReplicaSetController))
    rs = sim.create(replicaset(replicas=600))
    rsc.sync("default/web")
    assert len(active_pods(sim, rs)) == 500
    sim.settle()
    assert len(active_pods(sim, rs)) == 600


def _victim(sim: Simulation, rs, shape) -> str:
    """Shape the pods, scale down by one, and return the name of the pod chosen to go."""
    pods = sorted(active_pods(sim, rs), key=lambda p: p.metadata.creation_timestamp)
    for pod, changes in zip(pods, shape, strict=True):
        node, phase, ready, cost, restarts = changes
        pod.spec["nodeName"] = node
        pod.status["phase"] = phase
        if cost is not None:
            pod.metadata.annotations[DELETION_COST_ANNOTATION] = str(cost)
        pod.status["containerStatuses"] = [{"name": "app", "restartCount": restarts}]
        if ready:
            set_condition(pod.status, "Ready", "True", sim.now)
        sim.store.update(pod, "test", "shaped")
        sim.advance(1)  # each pod that is Ready became Ready one second after the previous one
    before = {p.name for p in pods}
    sim.scale("ReplicaSet", "default", rs.name, len(pods) - 1)
    sim.advance(0)
    after = {p.name for p in active_pods(sim, rs)}
    (gone,) = before - after
    return [p.name for p in pods].index(gone)


@pytest.mark.parametrize("shape, first", [
    # unscheduled before scheduled
    ([("node-1", "Pending", False, None, 0), ("", "Pending", False, None, 0)], 1),
    # Pending, then Unknown, then Running
    ([("node-1", "Running", False, None, 0), ("node-1", "Pending", False, None, 0)], 1),
    ([("node-1", "Running", False, None, 0), ("node-2", "Unknown", False, None, 0)], 1),
    ([("node-1", "Unknown", False, None, 0), ("node-2", "Pending", False, None, 0)], 1),
    # not Ready before Ready
    ([("node-1", "Running", True, None, 0), ("node-2", "Running", False, None, 0)], 1),
    # lower deletion cost first, even if Ready longer
    ([("node-1", "Running", True, -1, 0), ("node-2", "Running", True, 5, 0)], 0),
    # on a node crowded with sibling pods first, even if Ready longer
    ([("node-2", "Running", True, None, 0), ("node-2", "Running", True, None, 0),
      ("node-1", "Running", True, None, 0)], 1),
    # more recently Ready first
    ([("node-1", "Running", True, None, 0), ("node-2", "Running", True, None, 0)], 1),
])
def test_rs_scale_down_victim_order(shape, first):
    sim = workload_controllers_only()
    rs = sim.create(replicaset(replicas=len(shape)))
    sim.settle()
    assert _victim(sim, rs, shape) == first


def test_rs_scale_down_victim_order_restarts_then_newer_then_uid():
    sim = workload_controllers_only()
    rs = sim.create(replicaset(replicas=3))
    sim.settle()
    pods = sorted(active_pods(sim, rs), key=lambda p: p.metadata.creation_timestamp)
    for i, pod in enumerate(pods):  # same node, same phase, not Ready: only restarts and UID differ
        pod.spec["nodeName"] = "node-1"
        pod.status.update(phase="Running", containerStatuses=[{"name": "app", "restartCount": 3 if i == 2 else 0}])
        sim.store.update(pod, "test", "shaped")
    sim.scale("ReplicaSet", "default", "web", 2)
    sim.advance(0)
    assert pods[2].metadata.deletion_timestamp is not None  # most restarts
    sim.advance(5)
    sim.scale("ReplicaSet", "default", "web", 3)  # a newer pod on the same node
    sim.advance(0)
    newest = max(active_pods(sim, rs), key=lambda p: p.metadata.creation_timestamp)
    newest.spec["nodeName"] = "node-1"
    newest.status["phase"] = "Running"
    sim.store.update(newest, "test", "shaped")
    sim.scale("ReplicaSet", "default", "web", 2)
    sim.advance(0)
    assert newest.metadata.deletion_timestamp is not None  # newer first
    sim.scale("ReplicaSet", "default", "web", 1)
    sim.advance(0)
    survivors = [p for p in pods[:2] if p.metadata.deletion_timestamp is None]
    assert survivors == [max(pods[:2], key=lambda p: p.uid)]  # a full tie goes by UID


def test_rs_adopts_orphan_and_releases_mismatched_pod():
    sim = cluster(seed=11)
    orphan = sim.create(pod_manifest("stray", labels={"app": "web"}, container="app"))
    rs = sim.create(replicaset(replicas=2))
    sim.settle()
    pods = active_pods(sim, rs)
    assert orphan in pods and len(pods) == 2  # adopted: only one pod was created
    owned = next(p for p in pods if p is not orphan)
    owned.metadata.labels = {"app": "debug"}
    sim.store.update(owned, "you", "relabelled to take it out of service")
    sim.settle()
    assert owned.metadata.owner_references == []  # released, still running
    assert sim.try_get("Pod", "default", owned.name) is owned
    assert len(active_pods(sim, rs)) == 2 and owned not in active_pods(sim, rs)


def test_rs_ignores_pods_of_another_controller():
    sim = cluster(seed=11)
    other = sim.create(replicaset("other", replicas=1, labels={"app": "web"}))
    sim.settle()
    rs = sim.create(replicaset("web", replicas=1, labels={"app": "web"}))
    sim.settle()
    assert len(active_pods(sim, other)) == 1 and len(active_pods(sim, rs)) == 1


def test_rs_available_replicas_wait_for_min_ready_seconds():
    sim = cluster(seed=11)
    rs = sim.create(replicaset(replicas=2, minReadySeconds=10))
    while rs.status.get("readyReplicas", 0) < 2:
        sim.advance(0.25)
    assert "availableReplicas" not in rs.status
    sim.advance(9)  # the last pod has been Ready for less than 10 s
    assert rs.status.get("availableReplicas", 0) < 2
    sim.advance(1.5)
    assert rs.status["availableReplicas"] == 2
