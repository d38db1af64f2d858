"""DaemonSet controller (k/k pkg/controller/daemon): one pod per eligible node, tolerations, status, rolling update."""

from __future__ import annotations

from sandbox.core.controllers.daemonset import REVISION_HASH_LABEL
from sandbox.core.scenario import cluster


def agent(tolerations: list | None = None, node_selector: dict | None = None) -> dict:
    labels = {"app": "agent"}
    spec: dict = {"containers": [{"name": "agent", "image": "nginx:1.24"}]}
    if tolerations is not None:
        spec["tolerations"] = tolerations
    if node_selector:
        spec["nodeSelector"] = node_selector
    return {"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "agent"},
            "spec": {"selector": {"matchLabels": labels}, "template": {"metadata": {"labels": labels}, "spec": spec}}}


def nodes_of(sim, prefix: str, namespace: str = "default") -> list[str]:
    return sorted(p.spec.get("nodeName") or "" for p in sim.list("Pod", namespace) if p.name.startswith(prefix)
                  and p.metadata.deletion_timestamp is None)


def test_daemonset_one_pod_per_eligible_node():
    sim = cluster(seed=7, workers=3)
    sim.create(agent())
    sim.settle()
    assert nodes_of(sim, "agent-") == ["node-1", "node-2", "node-3"]  # not on the tainted control plane
    ds = sim.get("DaemonSet", "default", "agent")
    assert {k: ds.status[k] for k in ("desiredNumberScheduled", "currentNumberScheduled", "numberReady",
                                      "updatedNumberScheduled", "numberMisscheduled", "observedGeneration")} == \
        {"desiredNumberScheduled": 3, "currentNumberScheduled": 3, "numberReady": 3, "updatedNumberScheduled": 3,
         "numberMisscheduled": 0, "observedGeneration": 1}
    # kube-proxy tolerates every taint, so it runs on the control plane too
    assert nodes_of(sim, "kube-proxy-", "kube-system") == ["control-plane", "node-1", "node-2", "node-3"]
    pod = next(p for p in sim.list("Pod", "default") if p.name.startswith("agent-"))
    assert pod.spec["affinity"]["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"] == {
        "nodeSelectorTerms": [{"matchFields": [{"key": "metadata.name", "operator": "In",
                                                "values": [pod.spec["nodeName"]]}]}]}
    keys = [(t["key"], t["effect"]) for t in pod.spec["tolerations"]]
    assert ("node.kubernetes.io/unreachable", "NoExecute") in keys and \
        ("node.kubernetes.io/unschedulable", "NoSchedule") in keys
    assert sum(e.event_reason == "SuccessfulCreate" and e.name == "agent" for e in sim.audit.events()) == 3


def test_daemonset_tolerating_control_plane_runs_there():
    sim = cluster(seed=7, workers=3)
    sim.create(agent([{"key": "node-role.kubernetes.io/control-plane", "operator": "Exists",
                       "effect": "NoSchedule"}]))
    sim.settle()
    assert nodes_of(sim, "agent-") == ["control-plane", "node-1", "node-2", "node-3"]


def test_daemonset_node_selector():
    sim = cluster(seed=7, workers=3)
    sim.create(agent(node_selector={"kubernetes.io/hostname": "node-2"}))
    sim.settle()
    assert nodes_of(sim, "agent-") == ["node-2"]


def test_daemonset_pod_for_new_node():
    sim = cluster(seed=7, workers=3)
    sim.create(agent())
    sim.settle()
    sim.add_node("node-4")
    sim.settle()
    assert nodes_of(sim, "agent-") == ["node-1", "node-2", "node-3", "node-4"]
    assert sim.get("DaemonSet", "default", "agent").status["desiredNumberScheduled"] == 4


def test_daemonset_pod_gone_with_removed_node():
    sim = cluster(seed=7, workers=3)
    sim.create(agent())
    sim.settle()
    sim.fail_node("node-3")
    sim.remove_node("node-3")
    sim.settle()
    assert nodes_of(sim, "agent-") == ["node-1", "node-2"]
    assert sim.get("DaemonSet", "default", "agent").status["desiredNumberScheduled"] == 2


def test_daemonset_rolling_update_one_node_at_a_time():
    sim = cluster(seed=7, workers=3)
    sim.create(agent())
    sim.settle()
    old = {p.name for p in sim.list("Pod", "default")}
    sim.patch("DaemonSet", "default", "agent",
              {"spec": {"template": {"spec": {"containers": [{"name": "agent", "image": "nginx:1.25"}]}}}})
    sim.advance(0)
    terminating = [p for p in sim.list("Pod", "default") if p.metadata.deletion_timestamp is not None]
    assert len(terminating) == 1  # maxUnavailable 1
    sim.settle()
    pods = [p for p in sim.list("Pod", "default")]
    assert len(pods) == 3 and not old & {p.name for p in pods}
    assert len({p.metadata.labels[REVISION_HASH_LABEL] for p in pods}) == 1
    assert sim.get("DaemonSet", "default", "agent").status["updatedNumberScheduled"] == 3
