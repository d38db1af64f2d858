"""Cordon, the eviction API and PodDisruptionBudgets.

Follows kubectl's cordon, the eviction subresource of k/k pkg/registry/core/pod/storage/eviction.go,
and pkg/controller/disruption. kubectl drain (kubectl pkg/drain) runs in the client, so it is tested
with the kubectl layer (tests/kubectl/test_drain_command.py).
"""

from __future__ import annotations

import pytest

from sandbox.core.errors import TooManyRequests
from tests.builders import pods


def pdb(min_available) -> dict:
    return {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": {"name": "web"},
            "spec": {"minAvailable": min_available, "selector": {"matchLabels": {"app": "web"}}}}


def test_cordon_keeps_running_pods(sim):
    before = [p.name for p in sim.store.pods_on_node("node-1")]
    node = sim.cordon("node-1")
    sim.settle()
    assert node.spec["unschedulable"] is True
    taint = {"key": "node.kubernetes.io/unschedulable", "effect": "NoSchedule"}
    assert taint.items() <= node.spec["taints"][-1].items()
    assert [p.name for p in sim.store.pods_on_node("node-1")] == before
    assert all(p.metadata.deletion_timestamp is None for p in sim.store.pods_on_node("node-1"))
    sim.uncordon("node-1")
    sim.settle()
    assert "unschedulable" not in node.spec and not node.spec.get("taints")


def test_cordoned_node_gets_no_new_pods(sim):
    before = [p.name for p in sim.store.pods_on_node("node-1")]
    sim.cordon("node-1")
    sim.scale("Deployment", "default", "web", 6)
    sim.settle()
    assert not [p for p in pods(sim, "default", app="web") if p.spec["nodeName"] == "node-1" and p.name not in before]


def test_pdb_returns_429(sim):
    sim.create(pdb(3))
    sim.settle()
    status = sim.get("PodDisruptionBudget", "default", "web").status
    assert (status["currentHealthy"], status["desiredHealthy"], status["disruptionsAllowed"],
            status["expectedPods"]) == (3, 3, 0, 3)
    victim = pods(sim, "default", app="web")[0]
    with pytest.raises(TooManyRequests, match=r"Cannot evict pod as it would violate the pod's disruption budget\."):
        sim.evict("default", victim.name)
    assert victim.metadata.deletion_timestamp is None


def test_pdb_percent_allows_one_eviction_then_refuses(sim):
    sim.create(pdb("50%"))  # 50% of 3, rounded up: 2 must stay healthy
    sim.settle()
    first, second = pods(sim, "default", app="web")[:2]
    sim.evict("default", first.name)
    assert first.metadata.deletion_timestamp is not None
    with pytest.raises(TooManyRequests):
        sim.evict("default", second.name)


def test_budget_status_follows_pods_after_the_last_budget_went_and_a_new_one_came(sim):
    """The disruption controller hears of pod writes only while a budget exists (k/k disruption.go
    updates a budget on the pod events of the pods it selects); it must hear them again once a new
    budget comes after the last one was deleted."""
    sim.create(pdb(2))
    sim.settle()
    sim.delete("PodDisruptionBudget", "default", "web")
    sim.settle()
    sim.create(pdb(2))
    sim.settle()
    sim.scale("Deployment", "default", "web", 5)
    sim.settle()
    status = sim.get("PodDisruptionBudget", "default", "web").status
    assert (status["currentHealthy"], status["expectedPods"], status["disruptionsAllowed"]) == (5, 5, 3)
