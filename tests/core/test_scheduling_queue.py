"""The scheduling queue (k/k pkg/scheduler/internal/queue/scheduling_queue.go):
Pending pods are retried when the cluster changes in a way that could help, with back-off, and every 5 minutes."""

from __future__ import annotations

from sandbox.core.controllers.scheduler import Scheduler
from sandbox.core.controllers.scheduling_queue import backoff, next_flush
from sandbox.core.objects import set_condition
from tests.builders import bare_cluster, pod_manifest


def failed(sim, name):
    return [e for e in sim.audit.events() if e.name == name and e.event_reason == "FailedScheduling"]


def node_of(sim, name):
    return sim.get("Pod", "default", name).spec.get("nodeName")


def scheduler(sim) -> Scheduler:
    return next(c for c in sim.controllers if isinstance(c, Scheduler))


def label_node(sim, node, **labels):
    sim.patch("Node", "", node, {"metadata": {"labels": labels}})


def test_pending_pod_scheduled_after_its_node_is_labelled():
    """EventsToRegister of NodeAffinity: a node's labels changing moves the pod back to be tried again.
    `kubectl label node node-3 disk=ssd` lets a pod waiting for disk=ssd run."""
    sim = bare_cluster(workers=3)
    sim.create(pod_manifest("db", nodeSelector={"disk": "ssd"}))
    sim.settle()
    assert node_of(sim, "db") is None and "didn't match Pod's node affinity/selector" in failed(sim, "db")[0].reason
    sim.advance(30)
    label_node(sim, "node-3", disk="ssd")
    sim.settle()
    assert node_of(sim, "db") == "node-3"
    assert sim.get("Pod", "default", "db").status["phase"] == "Running"


def test_retry_waits_for_the_back_off():
    """podInitialBackoffDuration 1 s: a pod that failed at t=0 and whose node is labelled at 0.2 s is tried
    again at 1 s, not at once."""
    sim = bare_cluster(workers=1, control_plane=False)
    sim.create(pod_manifest("db", nodeSelector={"disk": "ssd"}))
    sim.advance(0.2)
    label_node(sim, "node-1", disk="ssd")
    sim.advance(0.7)
    assert node_of(sim, "db") is None
    sim.advance(0.2)
    assert node_of(sim, "db") == "node-1"
    [bind] = [e for e in sim.audit if e.verb == "bind" and e.name == "db"]
    assert bind.time == 1.0


def test_backoff_doubles_from_1s_to_10s():
    """calculateBackoffDuration with podInitialBackoffDuration 1 s and podMaxBackoffDuration 10 s."""
    assert [backoff(n) for n in range(1, 7)] == [1, 2, 4, 8, 10, 10]


def test_unschedulable_pods_are_flushed_every_5_minutes():
    """flushUnschedulablePodsLeftover (every 30 s) moves a pod that has waited more than 5 minutes
    (podMaxInUnschedulablePodsDuration) back to be tried; each attempt records FailedScheduling again."""
    sim = bare_cluster(workers=1, control_plane=False)
    sim.create(pod_manifest("big", cpu="8"))
    sim.advance(1000)
    assert [e.time for e in failed(sim, "big")] == [0, 330, 660, 990]
    assert {e.reason for e in failed(sim, "big")} == {failed(sim, "big")[0].reason}
    assert next_flush(0) == 330 and next_flush(295) == 600


def test_settle_does_not_wait_for_the_flush():
    sim = bare_cluster(workers=1, control_plane=False)
    sim.create(pod_manifest("big", cpu="8"))
    assert sim.settle() < 1


def test_heartbeat_like_status_writes_retry_nothing():
    """Only node changes that can make a pod fit retry the pool: a write of the node's conditions does not
    (it would retry every Pending pod on every node status update of a large cluster)."""
    sim = bare_cluster(workers=1, control_plane=False)
    sim.create(pod_manifest("db", nodeSelector={"disk": "ssd"}))
    sim.advance(5)   # past the back-off: a relevant change retries it at once
    node = sim.get("Node", "", "node-1")
    set_condition(node.status, "MemoryPressure", "False", sim.now, reason="KubeletHasSufficientMemory",
                  message="kubelet has sufficient memory available", probe_time=True)
    sim.store.update(node, "kubelet/node-1", "status update")
    assert len(scheduler(sim).queue) == 0
    label_node(sim, "node-1", zone="a")
    assert len(scheduler(sim).queue) == 1


def test_retried_when_a_taint_is_removed_or_allocatable_grows_or_the_node_is_uncordoned():
    """EventsToRegister: TaintToleration (node taint updates), NodeResourcesFit (allocatable),
    NodeUnschedulable (spec.unschedulable)."""
    sim = bare_cluster(workers=1, control_plane=False)
    sim.patch("Node", "", "node-1", {"spec": {"taints": [{"key": "dedicated", "value": "db", "effect": "NoSchedule"}]}})
    sim.create(pod_manifest("web"))
    sim.settle()
    assert node_of(sim, "web") is None
    sim.patch("Node", "", "node-1", {"spec": {"taints": None}})
    sim.settle()
    assert node_of(sim, "web") == "node-1"

    sim.create(pod_manifest("big", cpu="6"))
    sim.settle()
    assert node_of(sim, "big") is None
    node = sim.get("Node", "", "node-1")
    node.status["allocatable"]["cpu"] = "8"
    sim.store.update(node, "kubelet/node-1", "allocatable grew")
    sim.settle()
    assert node_of(sim, "big") == "node-1"

    sim.cordon("node-1")
    sim.create(pod_manifest("late"))
    sim.settle()
    assert node_of(sim, "late") is None
    sim.uncordon("node-1")
    sim.settle()
    assert node_of(sim, "late") == "node-1"
