"""The scheduler's rules (k/k pkg/scheduler, default plugins): filters, scoring, FailedScheduling, retries."""

from __future__ import annotations

from sandbox.core.objects import condition, set_condition
from tests.builders import bare_cluster, pod_manifest, replicaset


def events(sim, name, reason):
    return [e for e in sim.audit.events() if e.name == name and e.event_reason == reason]


def node_of(sim, name):
    return sim.get("Pod", "default", name).spec.get("nodeName")


def test_scheduler_skips_tainted_control_plane():
    sim = bare_cluster(workers=1)
    for i in range(5):
        sim.create(pod_manifest(f"web-{i}"))
    sim.settle()
    assert {node_of(sim, f"web-{i}") for i in range(5)} == {"node-1"}


def test_bound_pod_gets_scheduled_event_and_condition():
    sim = bare_cluster(workers=1)
    sim.create(pod_manifest("web"))
    sim.advance(0)
    [event] = events(sim, "web", "Scheduled")
    assert event.reason == "Successfully assigned default/web to node-1"
    assert event.actor == "default-scheduler"
    assert condition(sim.get("Pod", "default", "web").status, "PodScheduled")["status"] == "True"


def test_failed_scheduling_message_counts_reasons():
    sim = bare_cluster(workers=3)
    sim.create(pod_manifest("big", cpu="5"))
    sim.settle()
    message = ("0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, "
               "3 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for "
               "scheduling, 3 No preemption victims found for incoming pod.")
    [event] = events(sim, "big", "FailedScheduling")
    assert (event.event_type, event.reason) == ("Warning", message)
    scheduled = condition(sim.get("Pod", "default", "big").status, "PodScheduled")
    assert (scheduled["status"], scheduled["reason"], scheduled["message"]) == ("False", "Unschedulable", message)
    assert sim.get("Pod", "default", "big").status["phase"] == "Pending"


def test_failed_scheduling_not_repeated_while_verdict_is_unchanged():
    sim = bare_cluster(workers=2)
    sim.create(pod_manifest("big", cpu="5"))
    sim.settle()
    sim.create(pod_manifest("small"))          # a pod arriving and leaving is a cluster change: the big pod is retried
    sim.settle()
    sim.delete("Pod", "default", "small")
    sim.settle()
    assert len(events(sim, "big", "FailedScheduling")) == 1


def test_pending_pod_scheduled_when_node_added():
    sim = bare_cluster(workers=2)
    sim.create(pod_manifest("big", cpu="5"))
    sim.settle()
    assert node_of(sim, "big") is None
    sim.add_node("node-big", cpu="8")
    sim.settle()
    assert node_of(sim, "big") == "node-big"
    assert sim.get("Pod", "default", "big").status["phase"] == "Running"


def test_pending_pod_scheduled_when_room_is_freed():
    sim = bare_cluster(workers=1, control_plane=False)
    sim.create(pod_manifest("first", cpu="3"))
    sim.create(pod_manifest("second", cpu="3"))
    sim.settle()
    assert node_of(sim, "second") is None
    sim.delete("Pod", "default", "first")
    sim.settle()
    assert node_of(sim, "second") == "node-1"


def test_scheduler_spreads_replicas_across_nodes():
    sim = bare_cluster(workers=3)
    sim.create(replicaset("web", 6, cpu="100m"))
    sim.settle()
    nodes = [p.spec["nodeName"] for p in sim.list("Pod", "default")]
    assert sorted(nodes) == ["node-1", "node-1", "node-2", "node-2", "node-3", "node-3"]


def test_a_terminating_pod_no_longer_counts_for_spreading_so_its_replacement_may_take_its_node():
    """countPodsMatchSelector skips pods with a deletionTimestamp (kubernetes/kubernetes#87621): the replacement
    of a deleted pod sees its node as the one with fewest of the owner's pods, though the terminating pod's
    requests still count there until it is gone."""
    for seed in range(4):
        sim = bare_cluster(workers=3, seed=seed)
        sim.create(replicaset("web", 3, cpu="100m"))
        sim.settle()
        victim = sorted(sim.list("Pod", "default"), key=lambda p: p.name)[seed % 3]
        node = victim.spec["nodeName"]
        sim.delete("Pod", "default", victim.name)
        sim.advance(0)
        assert sim.get("Pod", "default", victim.name).metadata.deletion_timestamp is not None  # still terminating
        [replacement] = [p for p in sim.list("Pod", "default") if p.metadata.deletion_timestamp is None
                         and p.status.get("phase") == "Pending"]
        assert replacement.spec["nodeName"] == node, seed


def test_cordoned_node_gets_no_new_pods():
    sim = bare_cluster(workers=3)
    for name in ("node-1", "node-2"):
        node = sim.get("Node", "", name)
        node.spec["unschedulable"] = True
        sim.store.update(node, "you", f"cordoned {name}")
    for i in range(4):
        sim.create(pod_manifest(f"web-{i}"))
    sim.settle()
    assert {node_of(sim, f"web-{i}") for i in range(4)} == {"node-3"}


def test_all_cordoned_reports_unschedulable_nodes():
    sim = bare_cluster(workers=2, control_plane=False)
    for name in ("node-1", "node-2"):
        node = sim.get("Node", "", name)
        node.spec["unschedulable"] = True
        sim.store.update(node, "you", f"cordoned {name}")
    sim.create(pod_manifest("web"))
    sim.settle()
    [event] = events(sim, "web", "FailedScheduling")
    assert event.reason.startswith("0/2 nodes are available: 2 node(s) were unschedulable.")


def test_node_selector_and_required_affinity_pick_matching_nodes():
    sim = bare_cluster(workers=3)
    node = sim.get("Node", "", "node-2")
    node.metadata.labels.update({"disktype": "ssd", "generation": "5"})
    sim.store.update(node, "you", "labelled node-2")
    sim.create(pod_manifest("selected", nodeSelector={"disktype": "ssd"}))
    affinity = {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
        {"matchExpressions": [{"key": "generation", "operator": "Gt", "values": ["3"]}]}]}}}
    sim.create(pod_manifest("newer", affinity=affinity))
    avoid = {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
        {"matchExpressions": [{"key": "disktype", "operator": "DoesNotExist"}],
         "matchFields": [{"key": "metadata.name", "operator": "NotIn", "values": ["node-1"]}]}]}}}
    sim.create(pod_manifest("elsewhere", affinity=avoid))
    sim.create(pod_manifest("nowhere", nodeSelector={"disktype": "nvme"}))
    sim.settle()
    assert node_of(sim, "selected") == "node-2"
    assert node_of(sim, "newer") == "node-2"
    assert node_of(sim, "elsewhere") == "node-3"
    [event] = events(sim, "nowhere", "FailedScheduling")
    assert "3 node(s) didn't match Pod's node affinity/selector" in event.reason
    assert event.reason.endswith("4 Preemption is not helpful for scheduling.")


def test_host_port_can_be_taken_once_per_node():
    sim = bare_cluster(workers=1, control_plane=False)
    ports = {"ports": [{"containerPort": 80, "hostPort": 8080}]}
    sim.create(pod_manifest("first", container_fields=ports))
    sim.create(pod_manifest("second", container_fields=ports))
    sim.settle()
    assert node_of(sim, "first") == "node-1"
    [event] = events(sim, "second", "FailedScheduling")
    assert event.reason == ("0/1 nodes are available: 1 node(s) didn't have free ports for the requested pod "
                            "ports. preemption: 0/1 nodes are available: 1 No preemption victims found for "
                            "incoming pod.")


def test_pod_count_limited_by_allocatable_pods():
    sim = bare_cluster(workers=1, control_plane=False, max_pods=2)
    for i in range(3):
        sim.create(pod_manifest(f"web-{i}"))
    sim.settle()
    assert [node_of(sim, f"web-{i}") for i in range(3)] == ["node-1", "node-1", None]
    assert "1 Too many pods." in events(sim, "web-2", "FailedScheduling")[0].reason


def test_not_ready_node_is_filtered_by_its_implied_taint():
    sim = bare_cluster(workers=2, control_plane=False)
    node = sim.get("Node", "", "node-1")
    set_condition(node.status, "Ready", "False", sim.now, reason="KubeletNotReady", message="test")
    sim.store.update(node, "test", "node-1 reports NotReady")
    for i in range(3):
        sim.create(pod_manifest(f"web-{i}"))
    sim.settle()
    assert {node_of(sim, f"web-{i}") for i in range(3)} == {"node-2"}


def test_tolerating_pod_may_use_control_plane():
    sim = bare_cluster(workers=0)
    sim.create(pod_manifest("web"))
    sim.create(pod_manifest("admin", tolerations=[{"key": "node-role.kubernetes.io/control-plane", "operator": "Exists",
                                          "effect": "NoSchedule"}]))
    sim.settle()
    assert node_of(sim, "web") is None
    assert node_of(sim, "admin") == "control-plane"


def test_large_cluster_samples_yet_balances():
    sim = bare_cluster(workers=150, control_plane=False)
    sim.create(replicaset("web", 300, cpu="10m"))
    sim.settle()
    per_node: dict[str, int] = {}
    for p in sim.list("Pod", "default"):
        per_node[p.spec["nodeName"]] = per_node.get(p.spec["nodeName"], 0) + 1
    assert len(per_node) == 150 and set(per_node.values()) == {2}


def test_scheduling_is_reproducible_and_ties_follow_the_seed():
    """Equal scores are broken at random (k/k schedule_one.go selectHost), by the simulation's seeded RNG."""
    def placements(seed):
        sim = bare_cluster(workers=5, seed=seed)
        sim.create(replicaset("web", 7, cpu="100m"))
        sim.settle()
        return sorted((p.name, p.spec["nodeName"]) for p in sim.list("Pod", "default"))

    assert placements(7) == placements(7)
    busiest = {seed: sorted(node for _, node in placements(seed)) for seed in (7, 8, 9)}
    assert len({tuple(nodes) for nodes in busiest.values()}) > 1  # which two nodes get a second pod depends on it


def test_remembered_node_scores_choose_as_scoring_afresh_would(monkeypatch):
    """The scheduler keeps each node's last resource score with the node's version: a node whose commitments
    changed (pods bound, deleted, of other sizes) must be scored again. A score key that never equals
    the remembered one forces every score to be computed afresh: the cluster must come out the same."""
    from sandbox.core.controllers import scheduler

    def run() -> str:
        sim = bare_cluster(workers=120, control_plane=False, seed=5)
        sim.create(replicaset("small", 200, cpu="50m", memory="64Mi"))
        sim.create(replicaset("large", 60, cpu="700m", memory="900Mi"))
        sim.settle()
        for pod in sim.list("Pod", "default")[::7]:
            sim.delete("Pod", "default", pod.name)
        sim.create(replicaset("mixed", 90, cpu="300m", memory="128Mi"))
        sim.settle()
        return sim.audit.text()

    remembered = run()
    # A key that never equals the remembered one: every score is computed afresh.
    monkeypatch.setattr(scheduler, "score_key", lambda _req: object())
    assert run() == remembered
