"""Taints set by a user (docs concepts/scheduling-eviction/taint-and-toleration):
NoSchedule filters, PreferNoSchedule scores, NoExecute evicts (k/k pkg/controller/tainteviction)."""

from __future__ import annotations

from sandbox.core.controllers.scheduler_cache import NodeInfo
from sandbox.core.controllers.scheduler_plugins import taint_toleration_scores
from tests.builders import bare_cluster, pod_manifest, replicaset


def taint(sim, node, *taints):
    sim.patch("Node", "", node, {"spec": {"taints": [dict(t) for t in taints] or None}})


def node_of(sim, name):
    pod = sim.try_get("Pod", "default", name)
    return pod.spec.get("nodeName") if pod is not None else None


def tolerating(name, replicas, tolerations):
    """A ReplicaSet whose pods carry `tolerations`."""
    rs = replicaset(name, replicas)
    rs["spec"]["template"]["spec"]["tolerations"] = tolerations
    return rs


def test_no_schedule_taint_keeps_new_pods_off_and_leaves_running_ones():
    """TaintToleration filter: an untolerated NoSchedule taint rejects the node; pods already there stay."""
    sim = bare_cluster(workers=2, control_plane=False)
    sim.create(pod_manifest("old", nodeName="node-1"))
    sim.settle()
    taint(sim, "node-1", {"key": "dedicated", "value": "gpu", "effect": "NoSchedule"})
    for i in range(3):
        sim.create(pod_manifest(f"new-{i}"))
    sim.create(pod_manifest("gpu", tolerations=[{"key": "dedicated", "operator": "Equal", "value": "gpu",
                                        "effect": "NoSchedule"}], nodeSelector={"kubernetes.io/hostname": "node-1"}))
    sim.settle()
    assert {node_of(sim, f"new-{i}") for i in range(3)} == {"node-2"}
    assert node_of(sim, "old") == "node-1" and node_of(sim, "gpu") == "node-1"


def test_untolerated_no_schedule_taint_is_named_in_failed_scheduling():
    sim = bare_cluster(workers=1, control_plane=False)
    taint(sim, "node-1", {"key": "dedicated", "value": "gpu", "effect": "NoSchedule"})
    sim.create(pod_manifest("web"))
    sim.settle()
    [event] = [e for e in sim.audit.events() if e.event_reason == "FailedScheduling"]
    assert event.reason.startswith("0/1 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}.")


def test_prefer_no_schedule_is_avoided_while_another_node_fits():
    """TaintToleration score (weight 3): fewer untolerated PreferNoSchedule taints score higher, but a node
    with one is still feasible."""
    sim = bare_cluster(workers=2, control_plane=False)
    taint(sim, "node-1", {"key": "spot", "effect": "PreferNoSchedule"})
    sim.create(replicaset("web", 4))
    sim.settle()
    assert {p.spec["nodeName"] for p in sim.list("Pod", "default")} == {"node-2"}
    sim.cordon("node-2")
    sim.create(replicaset("more", 1))
    sim.settle()
    [more] = sim.list("Pod", "default", [("app", "=", ("more",))])
    assert more.spec["nodeName"] == "node-1"


def test_taint_toleration_score_normalises_counts():
    """helper.DefaultNormalizeScore(MaxNodeScore, reverse=true): 0 untolerated taints score 100."""
    sim_nodes = []
    for soft in ([], [{"key": "a", "effect": "PreferNoSchedule"}],
                 [{"key": "a", "effect": "PreferNoSchedule"}, {"key": "b", "effect": "PreferNoSchedule"}]):
        info = NodeInfo.__new__(NodeInfo)   # only the attribute the scorer reads
        info.soft_taints = soft
        sim_nodes.append(info)
    assert taint_toleration_scores(sim_nodes, []) == [100, 50, 0]
    tolerate_a = [{"key": "a", "operator": "Exists", "effect": "PreferNoSchedule"}]
    assert taint_toleration_scores(sim_nodes, tolerate_a) == [100, 100, 0]
    assert taint_toleration_scores(sim_nodes, [{"key": "a", "operator": "Exists", "effect": "NoSchedule"}]) == \
        [100, 50, 0]


def test_no_execute_taint_evicts_pods_that_do_not_tolerate_it():
    """tainteviction controller: pods without a matching toleration are deleted at once (TaintManagerEviction
    "Marking for deletion Pod ..."), pods tolerating it for tolerationSeconds are deleted that long after, and
    pods tolerating it without tolerationSeconds stay; their ReplicaSets replace the evicted ones elsewhere."""
    sim = bare_cluster(workers=1, control_plane=False)
    sim.create(replicaset("plain", 1))
    sim.create(tolerating("brief", 1, [{"key": "maintenance", "operator": "Exists",
                                                    "effect": "NoExecute", "tolerationSeconds": 60}]))
    sim.create(tolerating("always", 1, [{"key": "maintenance", "operator": "Exists",
                                                     "effect": "NoExecute"}]))
    sim.settle()
    sim.add_node("node-2")
    before = {p.metadata.labels["app"]: p.name for p in sim.list("Pod", "default")}
    assert {p.spec["nodeName"] for p in sim.list("Pod", "default")} == {"node-1"}
    taint(sim, "node-1", {"key": "maintenance", "effect": "NoExecute"})
    sim.advance(5)
    gone = {name for name in before.values() if sim.try_get("Pod", "default", name) is None}
    assert gone == {before["plain"]}
    evictions = [e for e in sim.audit.events() if e.event_reason == "TaintManagerEviction"]
    assert evictions[0].reason == f"Marking for deletion Pod default/{before['plain']}"
    sim.advance(50)
    assert sim.try_get("Pod", "default", before["brief"]) is not None
    sim.advance(10)
    assert sim.try_get("Pod", "default", before["brief"]) is None
    assert sim.try_get("Pod", "default", before["always"]) is not None
    sim.settle()
    replaced = [p for p in sim.list("Pod", "default") if p.metadata.labels["app"] in ("plain", "brief")]
    assert len(replaced) == 2 and {p.spec["nodeName"] for p in replaced} == {"node-2"}


def test_removing_the_no_execute_taint_cancels_pending_evictions():
    sim = bare_cluster(workers=1, control_plane=False)
    sim.create(pod_manifest("web", tolerations=[{"key": "maintenance", "operator": "Exists", "effect": "NoExecute",
                                        "tolerationSeconds": 60}]))
    sim.settle()
    taint(sim, "node-1", {"key": "maintenance", "effect": "NoExecute"})
    sim.advance(30)
    taint(sim, "node-1")
    sim.advance(60)
    assert sim.try_get("Pod", "default", "web") is not None
    reasons = [e.reason for e in sim.audit.events() if e.event_reason == "TaintManagerEviction"]
    assert reasons == ["Cancelling deletion of Pod default/web"]


def test_a_pod_bound_later_to_a_no_execute_node_is_evicted():
    """The controller hears pod writes only while a node has a NoExecute taint or an eviction is pending: an
    empty tainted node still has it listen, so a pod bound there afterwards (nodeName set, no scheduler)
    without a toleration is evicted at once (handlePodUpdate)."""
    sim = bare_cluster(workers=2, control_plane=False)
    taint(sim, "node-1", {"key": "maintenance", "effect": "NoExecute"})
    sim.settle()
    sim.create(pod_manifest("stray", nodeName="node-1"))
    sim.advance(1)
    assert sim.try_get("Pod", "default", "stray") is None or \
        sim.get("Pod", "default", "stray").metadata.deletion_timestamp is not None
    reasons = [e.reason for e in sim.audit.events() if e.event_reason == "TaintManagerEviction"]
    assert reasons == ["Marking for deletion Pod default/stray"]


def test_node_lifecycle_controller_keeps_user_taints():
    """The node lifecycle controller manages only its own taint keys; a user's taint survives a node's
    failure and recovery."""
    sim = bare_cluster(workers=1, control_plane=False)
    taint(sim, "node-1", {"key": "dedicated", "value": "db", "effect": "NoSchedule"})
    sim.fail_node("node-1")
    sim.advance(120)
    sim.recover_node("node-1")
    sim.settle()
    assert sim.get("Node", "", "node-1").spec["taints"] == [{"effect": "NoSchedule", "key": "dedicated", "value": "db"}]


def test_invalid_taints_are_refused_by_the_api_server():
    """validateNodeTaints (pkg/apis/core/validation): effect required and known; unique by key and effect."""
    import pytest

    from sandbox.core.errors import Invalid

    sim = bare_cluster(workers=1, control_plane=False)
    with pytest.raises(Invalid) as raised:
        taint(sim, "node-1", {"key": "a", "effect": "Sometimes"})
    assert 'spec.taints[0].effect: Unsupported value: "Sometimes": supported values: "NoExecute", "NoSchedule", ' \
           '"PreferNoSchedule"' in raised.value.message
    with pytest.raises(Invalid) as raised:
        taint(sim, "node-1", {"key": "a", "value": "1", "effect": "NoSchedule"},
              {"key": "a", "value": "2", "effect": "NoSchedule"})
    assert ('spec.taints[1]: Duplicate value: core.Taint{Key:"a", Value:"2", Effect:"NoSchedule", '
            'TimeAdded:(*v1.Time)(nil)}: taints must be unique by key and effect pair') in raised.value.message
