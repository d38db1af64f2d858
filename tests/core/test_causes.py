"""Causes carried through the machinery, and checkpoints of the whole simulation.

client-go's shape (k8s.io/client-go/util/workqueue): a key added while it waits is not added again
(the queue keeps its first cause); event handlers only queue keys; a controller's writes while
it reconciles a key follow from what queued it; a delayed add (AddAfter) is a timer.
"""

from __future__ import annotations

from sandbox.core.audit import AuditLog, root_cause, root_index
from sandbox.core.checkpoint import CHUNK, Shared, restore, take
from sandbox.core.clock import NO_CAUSE, Clock
from sandbox.core.scenario import cluster
from sandbox.core.workqueue import WorkQueue
from tests.builders import cluster_state, deployment


def test_a_queued_key_keeps_the_cause_it_was_first_queued_for():
    clock = Clock()
    queue = WorkQueue(clock)
    clock.cause = 7
    queue.add("default/web")
    clock.cause = 9
    queue.add("default/web")   # coalesced: still one key, still the first cause
    queue.add("default/api")
    clock.cause = NO_CAUSE
    assert len(queue) == 2
    assert queue.pop() == "default/web" and clock.cause == 7
    assert queue.pop() == "default/api" and clock.cause == 9


def test_a_timer_keeps_the_cause_it_was_set_with():
    clock, ran = Clock(), []
    with clock.caused_by(4):
        clock.call_later(10, lambda: ran.append(clock.cause))
    assert clock.cause == NO_CAUSE
    action, args = clock.pop_due(20)   # type: ignore[misc]
    action(*args)
    assert ran == [4]


def test_entries_name_their_cause_and_the_lines_stay_as_they_were():
    log = AuditLog()
    first = log.append(1.0, "you", "scale", "Deployment", "default", "web", "you scaled deployment/web from 3 to 5")
    with log.clock.caused_by(first):
        log.append(1.0, "deployment-controller", "scale", "ReplicaSet", "default", "web-1", "scaled up")
    assert [e.cause for e in log] == [NO_CAUSE, first]
    assert log[1].line() == "     1.000 deployment-controller scale default/replicaset/web-1: scaled up"
    cause = log.add_root("you: kubectl scale deployment web --replicas=5")
    assert root_index(cause) == 0 and cause == root_cause(0) and root_index(first) is None
    assert log.roots == [(2, "you: kubectl scale deployment web --replicas=5")]


def test_the_current_cause_is_back_to_none_after_time_moves():
    sim = cluster(seed=3)
    sim.create(deployment("web", 2))
    sim.advance(30)
    assert sim.clock.cause == NO_CAUSE
    created = next(e for e in sim.audit if e.kind == "Pod" and e.verb == "create" and e.namespace == "default")
    bound = next(e for e in sim.audit if e.kind == "Pod" and e.verb == "bind" and e.name == created.name)
    ready = [e for e in sim.audit if e.name == created.name and e.reason.endswith("the pod is Ready")]
    assert bound.cause == created.seq                 # the scheduler's key was queued by the pod's creation
    assert ready and ready[0].cause == bound.seq      # the kubelet's timers remember the bind


def test_a_checkpoint_restores_the_whole_simulation_and_shares_the_audit_rows():
    sim = cluster(seed=3)
    sim.create(deployment("web", 90))
    sim.advance(60)
    shared = Shared()
    first = take(sim, shared)
    sim.fail_node("node-1")
    sim.advance(400)
    second = take(sim, shared)
    assert first.chunks and second.chunks[0] is first.chunks[0]   # one copy of the rows both hold
    assert len(first.chunks) * CHUNK + len(first.tail) < len(second.chunks) * CHUNK + len(second.tail)
    later = cluster_state(sim)
    again = restore(first, shared)
    again.fail_node("node-1")
    again.advance(400)
    assert cluster_state(again) == later     # the same cluster, byte for byte, from the first checkpoint
    assert cluster_state(restore(second, shared)) == later
