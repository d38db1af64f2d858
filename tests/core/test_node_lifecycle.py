"""Node failure: NotReady after the grace period, taints, taint-based eviction, rate limits.

Follows k/k pkg/controller/nodelifecycle (node_lifecycle_controller.go, the zone eviction
rate limiter) and pkg/controller/tainteviction; PodGC from pkg/controller/podgc.
"""

from __future__ import annotations

from itertools import pairwise

from sandbox.core.objects import condition, pod_is_active, pod_is_ready
from sandbox.core.scenario import cluster
from sandbox.core.simulation import Simulation
from tests.builders import deployment, pods


def fail_and_time(sim: Simulation, node: str) -> float:
    """Stop a node's kubelet; returns its last heartbeat time."""
    sim.fail_node(node)
    return sim.leases.renew_time(node)


def taint_keys(node, effect: str) -> list[str]:
    return [t["key"] for t in node.spec.get("taints") or [] if t["effect"] == effect]


def test_failed_node_stays_ready_until_grace_period(sim):
    last = fail_and_time(sim, "node-1")
    sim.advance(last + 49 - sim.now)
    assert ready_of(sim, "node-1") == "True"
    sim.advance(1)
    cond = condition(sim.get("Node", "", "node-1").status, "Ready")
    assert (cond["status"], cond["reason"], cond["message"]) == \
        ("Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status.")
    node = sim.get("Node", "", "node-1")
    assert "node.kubernetes.io/unreachable" in taint_keys(node, "NoExecute")
    assert "node.kubernetes.io/unreachable" in taint_keys(node, "NoSchedule")
    assert any(e.event_reason == "NodeNotReady" and e.name == "node-1" for e in sim.audit.events())


def ready_of(sim, name):
    return condition(sim.get("Node", "", name).status, "Ready")["status"]


def test_failed_node_pods_marked_not_ready(sim):
    on_node = [p for p in sim.store.pods_on_node("node-1")]
    assert on_node and all(pod_is_ready(p) for p in on_node)
    sim.advance(60)
    fail_and_time(sim, "node-1")
    sim.advance(60)
    after = sim.store.pods_on_node("node-1")
    assert [p.name for p in after] == [p.name for p in on_node] and not any(pod_is_ready(p) for p in after)


def test_evicted_after_default_toleration_300s(sim):
    victims = [p for p in pods(sim, "default", app="web") if p.spec["nodeName"] == "node-1"]
    assert victims
    last = fail_and_time(sim, "node-1")
    sim.advance(last + 349 - sim.now)
    assert all(p.metadata.deletion_timestamp is None for p in victims)
    sim.advance(1)  # 5 m 50 s after the last heartbeat
    assert all(p.metadata.deletion_timestamp is not None for p in victims)
    marking = f"Marking for deletion Pod default/{victims[0].name}"
    assert any(e.event_reason == "TaintManagerEviction" and e.reason == marking for e in sim.audit.events())


def test_evicted_pods_stay_terminating_on_unreachable_node(sim):
    victims = [p.name for p in pods(sim, "default", app="web") if p.spec["nodeName"] == "node-1"]
    assert victims
    fail_and_time(sim, "node-1")
    sim.advance(900)
    for name in victims:
        pod = sim.try_get("Pod", "default", name)
        assert pod is not None and pod.metadata.deletion_timestamp is not None


def test_replacements_created_on_healthy_nodes(sim):
    fail_and_time(sim, "node-1")
    sim.advance(400)
    active = [p for p in pods(sim, "default", app="web") if pod_is_active(p)]
    assert len(active) == 3
    assert all(p.spec.get("nodeName") not in (None, "node-1") for p in active)


def test_daemonset_pods_not_evicted(sim):
    proxy = [p for p in sim.store.pods_on_node("node-1") if p.name.startswith("kube-proxy-")]
    assert len(proxy) == 1
    fail_and_time(sim, "node-1")
    sim.advance(1200)
    assert proxy[0].metadata.deletion_timestamp is None


def test_eviction_rate_limited():
    sim = cluster(seed=7, workers=6)
    sim.settle()
    for name in ("node-1", "node-2", "node-3"):
        sim.fail_node(name)
    sim.advance(120)
    tainted_at = sorted(e.time for e in sim.audit
                        if e.verb == "update" and e.actor == "node-controller"
                        and "added node.kubernetes.io/unreachable:NoExecute" in e.reason)
    assert len(tainted_at) == 3
    assert [round(b - a) for a, b in pairwise(tainted_at)] == [10, 10]


def test_full_zone_disruption_stops_eviction():
    sim = cluster(seed=7, workers=2)
    sim.create(deployment("web", 2))
    sim.settle()
    for node in sim.list("Node"):
        sim.fail_node(node.name)
    sim.advance(1200)
    assert all(ready_of(sim, n.name) == "Unknown" for n in sim.list("Node"))
    assert not any(taint_keys(n, "NoExecute") for n in sim.list("Node"))
    web = pods(sim, "default", app="web")
    assert len(web) == 2 and all(p.metadata.deletion_timestamp is None for p in web)


def test_recovered_node_taints_removed(sim):
    fail_and_time(sim, "node-1")
    sim.advance(120)
    assert taint_keys(sim.get("Node", "", "node-1"), "NoExecute")
    sim.recover_node("node-1")
    sim.settle()
    node = sim.get("Node", "", "node-1")
    assert ready_of(sim, "node-1") == "True"
    assert not any(t["key"].startswith("node.kubernetes.io/") for t in node.spec.get("taints") or [])


def test_pdb_does_not_stop_node_failure(sim):
    sim.create({"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": {"name": "web"},
                "spec": {"minAvailable": 3, "selector": {"matchLabels": {"app": "web"}}}})
    sim.settle()
    victims = [p for p in pods(sim, "default", app="web") if p.spec["nodeName"] == "node-1"]
    fail_and_time(sim, "node-1")
    sim.advance(400)
    assert victims and all(p.metadata.deletion_timestamp is not None for p in victims)


def test_default_tolerations_added(sim):
    pod = pods(sim, "default", app="web")[0]
    added = [t for t in pod.spec["tolerations"] if t.get("tolerationSeconds") == 300]
    assert added == [
        {"effect": "NoExecute", "key": "node.kubernetes.io/not-ready", "operator": "Exists", "tolerationSeconds": 300},
        {"effect": "NoExecute", "key": "node.kubernetes.io/unreachable", "operator": "Exists",
         "tolerationSeconds": 300}]
    # a pod that tolerates everything (kube-proxy's `operator: Exists`) gets nothing more
    proxy = next(p for p in sim.list("Pod", "kube-system") if p.name.startswith("kube-proxy-"))
    assert not any(t.get("tolerationSeconds") for t in proxy.spec["tolerations"])


def test_removed_node_pods_are_garbage_collected(sim):
    count = len(sim.store.pods_on_node("node-1"))
    sim.fail_node("node-1")
    sim.remove_node("node-1")
    sim.advance(39)
    assert len(sim.store.pods_on_node("node-1")) == count  # PodGC's 40 s quarantine
    sim.advance(2)
    assert sim.store.pods_on_node("node-1") == []
