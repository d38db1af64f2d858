"""Checkpoints share the store's objects by version, so a large cluster's undo loads only what changed.

tests/conftest.py turns sharing on for every cluster size and makes each in-place restore check the
live objects it takes against the versions they stand for.
"""

from __future__ import annotations

import pytest

from sandbox.core import checkpoint
from sandbox.core.checkpoint import Shared, restore, take
from sandbox.core.scenario import cluster
from sandbox.kubectl import Session
from tests.builders import cluster_state, deployment, run_ok


def versions_of(sim):
    return {(o.uid, o.metadata.write_id) for o in sim.store.objects_by_uid().values()}


def settled(replicas: int = 3):
    sim = cluster(seed=5)
    sim.create(deployment("web", replicas))
    sim.advance(30)
    return sim


def test_restoring_in_place_takes_the_unchanged_live_objects_and_loads_the_changed_ones():
    sim = settled()
    shared = Shared()
    before = take(sim, shared)
    root_ca = sim.get("ConfigMap", "default", "kube-root-ca.crt")
    old_pods = {p.uid for p in sim.list("Pod", "default")}
    sim.scale("Deployment", "default", "web", 1)
    sim.advance(60)
    survivors = {p.uid for p in sim.list("Pod", "default")}
    copy = restore(before, shared)
    in_place = restore(before, shared, reuse=sim.store)
    assert cluster_state(in_place) == cluster_state(copy)
    assert in_place.get("ConfigMap", "default", "kube-root-ca.crt") is root_ca     # never written since: taken
    pods = in_place.list("Pod", "default")
    assert {p.uid for p in pods} == old_pods
    taken = {p.uid for p in pods if p is sim.store.by_uid(p.uid)}
    assert taken == survivors and len(survivors) == 1   # the deleted two are loaded from their versions


def test_a_checkpoint_pickles_only_the_versions_no_earlier_checkpoint_holds():
    sim = settled()
    shared = Shared()
    take(sim, shared)
    first = versions_of(sim)
    assert len(shared.objects) == len(first)
    sim.scale("Deployment", "default", "web", 5)
    sim.advance(30)
    take(sim, shared)
    assert len(shared.objects) == len(first | versions_of(sim))
    assert len(versions_of(sim) - first) < len(first)   # the point: most objects were not pickled again


def test_an_object_changed_without_a_store_write_is_caught_when_restored_in_place():
    sim = settled()
    shared = Shared()
    before = take(sim, shared)
    pod = sim.list("Pod", "default")[0]
    pod.metadata.labels["sneaky"] = "yes"    # in place, no update(): the store never heard of it
    with pytest.raises(AssertionError, match="changed without a store write"):
        restore(before, shared, reuse=sim.store)


def test_a_small_cluster_is_pickled_whole(monkeypatch):
    monkeypatch.setattr(checkpoint, "SHARE_OBJECTS_FROM", 10**9)
    sim = settled()
    shared = Shared()
    before = take(sim, shared)
    state = cluster_state(sim)
    sim.fail_node("node-1")
    sim.advance(120)
    assert len(shared.objects) == 0
    assert cluster_state(restore(before, shared, reuse=sim.store)) == state


def test_a_branch_that_reuses_uids_and_resource_versions_keeps_its_own_objects():
    """The seeded RNG gives the object a new branch creates the uid and resourceVersion the undone one had;
    the versions are told apart by the write that made them."""
    session = Session(seed=2)
    run_ok(session, "kubectl create configmap first --from-literal=k=1")
    undone = session.sim.get("ConfigMap", "default", "first")
    session.timeline.undo()
    run_ok(session, "kubectl create configmap second --from-literal=k=2")
    other = session.sim.get("ConfigMap", "default", "second")
    assert (other.uid, other.metadata.resource_version) == (undone.uid, undone.metadata.resource_version)
    session.timeline.checkout("main")
    assert sorted(c.name for c in session.sim.list("ConfigMap", "default")) == ["first", "kube-root-ca.crt"]
    session.timeline.checkout("branch-1")
    assert sorted(c.name for c in session.sim.list("ConfigMap", "default")) == ["kube-root-ca.crt", "second"]


def test_pods_restored_in_the_middle_of_their_start_up_finish_it_as_they_would_have():
    """The kubelet's start-up plans are pickled with the cluster: restored mid-pull, the pods start as the
    cluster that was never checkpointed starts them (the same writes, Running and Ready)."""
    sim = cluster(seed=5)
    sim.create(deployment("web", 3))
    sim.advance(1)   # scheduled, pulling nginx: every pod has steps to come
    assert all(p.status.get("phase") == "Pending" for p in sim.list("Pod", "default"))
    shared = Shared()
    restored = restore(take(sim, shared), shared)
    sim.advance(30)
    restored.advance(30)
    assert cluster_state(restored) == cluster_state(sim)
    assert [p.status["phase"] for p in restored.list("Pod", "default")] == ["Running"] * 3
