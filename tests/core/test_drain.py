"""Cordon, drain, the eviction API and PodDisruptionBudgets.

Follows kubectl's pkg/drain (drain.go, filters.go) and cordon, the eviction subresource of
k/k pkg/registry/core/pod/storage/eviction.go, and pkg/controller/disruption.
"""

from __future__ import annotations

import pytest

from sandbox.core.errors import TooManyRequests
from sandbox.core.objects import pod_is_active
from tests.builders import pod_manifest, pods


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


def test_drain_refuses_daemonset_pods_without_flag(sim):
    proxy = next(p for p in sim.store.pods_on_node("node-1") if p.name.startswith("kube-proxy-"))
    result = sim.drain("node-1")
    message = f"cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): kube-system/{proxy.name}"
    assert result.lines == ["node/node-1 cordoned",
                            f'error: unable to drain node "node-1" due to error: {message}, continuing command...',
                            "There are pending nodes to be drained:", " node-1", message]
    assert not result.ok and not result.evicted
    ok = sim.drain("node-1", ignore_daemonsets=True)
    assert ok.lines[0] == "node/node-1 already cordoned"
    assert ok.lines[1] == f"Warning: ignoring DaemonSet-managed Pods: kube-system/{proxy.name}"
    assert ok.ok and ok.lines[-1] == "node/node-1 drained"
    assert any(line.startswith("evicting pod default/web-") for line in ok.lines)


def test_drain_refuses_unmanaged_pods_without_force(sim):
    sim.create(pod_manifest("bare", nodeSelector={"kubernetes.io/hostname": "node-1"}))
    sim.settle()
    result = sim.drain("node-1", ignore_daemonsets=True)
    assert result.lines[-1] == "cannot delete Pods declare no controller (use --force to override): default/bare"
    forced = sim.drain("node-1", ignore_daemonsets=True, force=True)
    assert "deleting Pods that declare no controller: default/bare" in forced.lines[1]
    assert "default/bare" in forced.evicted and forced.ok


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


def test_drain_honours_pdb_and_retries(sim):
    sim.create(pdb(3))
    sim.settle()
    on_node = sorted(p.name for p in pods(sim, "default", app="web") if p.spec["nodeName"] == "node-1")
    result = sim.drain("node-1", ignore_daemonsets=True)
    assert not result.ok and result.pending == [f"default/{on_node[0]}"]
    assert f'error when evicting pods/"{on_node[0]}" -n "default" (will retry after 5s): ' \
           "Cannot evict pod as it would violate the pod's disruption budget." in result.lines
    sim.advance(12)
    assert sum("will retry after 5s" in line for line in result.lines) == 3
    assert sum(e.verb == "evict" for e in sim.audit) == 3
    sim.scale("Deployment", "default", "web", 4)  # a fourth healthy pod frees one disruption
    sim.settle(120)
    assert result.ok and result.lines[-1] == "node/node-1 drained" and result.pending == []
    assert len([p for p in pods(sim, "default", app="web") if pod_is_active(p)]) == 4


def test_drain_gives_up_after_timeout(sim):
    sim.create(pdb(3))
    sim.settle()
    result = sim.drain("node-1", ignore_daemonsets=True, timeout=60)
    sim.advance(120)
    assert result.done and not result.ok
    assert "global timeout reached: 1m0s" in result.lines[-1]
