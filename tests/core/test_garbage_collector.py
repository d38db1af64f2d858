"""Deletion and ownership (k/k pkg/controller/garbagecollector, controller_ref_manager.go)."""

from __future__ import annotations

import pytest

from sandbox.core.errors import NotFound
from sandbox.core.objects import controller_ref, pod_is_ready
from tests.builders import bare_cluster, deployment, replicaset


def pods_of(sim):
    return sorted(sim.list("Pod", "default"), key=lambda p: p.name)


def test_background_deletion_removes_dependents_after_the_owner():
    """propagationPolicy Background (kubectl's default): the owner goes at once, the collector deletes the rest."""
    sim = bare_cluster(workers=2)
    sim.create(deployment(replicas=2))
    sim.settle()
    sim.delete("Deployment", "default", "web")
    assert sim.try_get("Deployment", "default", "web") is None
    sim.settle()
    assert sim.list("ReplicaSet", "default") == [] and pods_of(sim) == []


def test_orphan_deletion_keeps_the_pods_running_without_an_owner():
    """garbagecollector.go orphanDependents: the owner's reference is removed from each dependent, then the
    `orphan` finalizer; the pods keep running."""
    sim = bare_cluster(workers=2)
    sim.create(replicaset(replicas=2))
    sim.settle()
    before = [(p.name, p.uid) for p in pods_of(sim)]
    sim.delete("ReplicaSet", "default", "web", propagation="Orphan")
    sim.settle()
    assert sim.try_get("ReplicaSet", "default", "web") is None
    assert [(p.name, p.uid) for p in pods_of(sim)] == before
    assert all(p.metadata.owner_references == [] and pod_is_ready(p) for p in pods_of(sim))
    orphaned = [e for e in sim.audit if e.actor == "generic-garbage-collector" and e.kind == "Pod"]
    assert len(orphaned) == 2 and orphaned[0].reason.startswith("orphaned: its owner replicaset/web is deleted with "
                                                                "propagationPolicy Orphan")


def test_replicaset_adopts_matching_orphans():
    """ReplicaSet controller ClaimPods (controller_ref_manager.go): a pod without a controller whose labels match
    the selector is adopted (the ReplicaSet becomes its controller); nothing new is created."""
    sim = bare_cluster(workers=2)
    sim.create(replicaset(replicas=2))
    sim.settle()
    sim.delete("ReplicaSet", "default", "web", propagation="Orphan")
    sim.settle()
    orphans = [p.uid for p in pods_of(sim)]
    sim.create(replicaset(replicas=2))
    sim.settle()
    rs = sim.get("ReplicaSet", "default", "web")
    assert [p.uid for p in pods_of(sim)] == orphans
    assert all(controller_ref(p)["uid"] == rs.uid for p in pods_of(sim))
    adopted = [e.reason for e in sim.audit if e.actor == "replicaset-controller" and e.verb == "update"
               and e.kind == "Pod"]
    assert adopted == ["adopted by replicaset/web: an orphan whose labels match its selector"] * 2
    created = rs.metadata.creation_timestamp
    assert created > 0 and not [e for e in sim.audit.events() if e.event_reason == "SuccessfulCreate"
                                and e.time >= created]


def test_orphaned_replicaset_is_recreated_and_readopts_by_its_deployment():
    """Deleting a Deployment's ReplicaSet with --cascade=orphan: the Deployment makes the same ReplicaSet again
    (same template, same name) and it adopts the running pods."""
    sim = bare_cluster(workers=2)
    sim.create(deployment(replicas=2))
    sim.settle()
    [rs] = sim.list("ReplicaSet", "default")
    before = [p.uid for p in pods_of(sim)]
    sim.delete("ReplicaSet", "default", rs.name, propagation="Orphan")
    sim.settle()
    [again] = sim.list("ReplicaSet", "default")
    assert again.name == rs.name and again.uid != rs.uid
    assert [p.uid for p in pods_of(sim)] == before and all(controller_ref(p)["uid"] == again.uid for p in pods_of(sim))


def test_foreground_deletion_keeps_the_owner_until_its_dependents_are_gone():
    """Foreground: the owner shows deletionTimestamp and the foregroundDeletion finalizer while the collector
    deletes its ReplicaSet (in the foreground too, as it has dependents) and their pods; then it goes."""
    sim = bare_cluster(workers=2)
    sim.create(deployment(replicas=2))
    sim.settle()
    sim.delete("Deployment", "default", "web", propagation="Foreground")
    sim.advance(0)
    d = sim.get("Deployment", "default", "web").to_dict()["metadata"]
    assert d["finalizers"] == ["foregroundDeletion"] and d["deletionGracePeriodSeconds"] == 0
    assert "deletionTimestamp" in d
    [rs] = sim.list("ReplicaSet", "default")
    assert rs.metadata.finalizers == ("foregroundDeletion",) and rs.metadata.deletion_timestamp is not None
    assert all(p.metadata.deletion_timestamp is not None for p in pods_of(sim))
    assert len(pods_of(sim)) == 2   # no replacement for the terminating pods
    sim.settle()
    assert sim.try_get("Deployment", "default", "web") is None and sim.list("ReplicaSet", "default") == []
    removed = [e.reason for e in sim.audit if e.verb == "delete" and e.kind == "Deployment"]
    assert removed[-1].startswith("no dependent of deployment/web blocks its deletion any more")


def test_foreground_deletion_waits_for_a_pod_on_a_dead_node():
    """A pod on a stopped node stays Terminating, so the owner deleted in the foreground stays too."""
    sim = bare_cluster(workers=1)
    sim.create(replicaset(replicas=1))
    sim.settle()
    sim.fail_node("node-1")
    sim.delete("ReplicaSet", "default", "web", propagation="Foreground")
    sim.advance(120)
    assert sim.get("ReplicaSet", "default", "web").metadata.finalizers == ("foregroundDeletion",)
    sim.recover_node("node-1")
    sim.settle()
    with pytest.raises(NotFound):
        sim.get("ReplicaSet", "default", "web")


def test_removing_the_last_finalizer_completes_a_deletion():
    """An object being deleted goes when its last finalizer is removed (registry store, deleteWithoutFinalizers)."""
    sim = bare_cluster(workers=1)
    held = replicaset(replicas=0)
    held["metadata"]["finalizers"] = ["example.com/hold"]
    sim.create(held)
    sim.delete("ReplicaSet", "default", "web")
    held = sim.get("ReplicaSet", "default", "web")
    assert held.metadata.deletion_timestamp is not None and held.metadata.finalizers == ("example.com/hold",)
    sim.patch("ReplicaSet", "default", "web", {"metadata": {"finalizers": None}})
    assert sim.try_get("ReplicaSet", "default", "web") is None
