"""How the audit log keeps its entries: compact rows that read back as the entries written.

At 150,000 pods the log holds 1.5 million entries (issue 15), so a row shares its head (actor, verb,
kind, namespace, event type and reason) with every entry that repeats it, and a text naming one pod
may be kept as its parts (audit.lazy_text) and formatted when read. Readers must not see either.
"""

from __future__ import annotations

from sandbox.core.audit import AuditLog, lazy_text
from sandbox.core.scenario import cluster
from tests.builders import deployment


def test_a_lazy_reason_reads_back_as_its_formatted_text():
    log = AuditLog()
    text = lazy_text("Successfully assigned {}/{} to {}", "default", "web-x", "node-1")
    seq = log.append(1.5, "kubelet/node-1", "event", "Pod", "default", "web-x", text, "Normal", "Scheduled")
    entry = log[seq]
    assert entry.reason == "Successfully assigned default/web-x to node-1"
    assert entry.line() == ("     1.500 kubelet/node-1 event default/pod/web-x [Normal Scheduled]: "
                            "Successfully assigned default/web-x to node-1")
    assert [e.reason for e in log] == [entry.reason] and [e.reason for e in log.events()] == [entry.reason]


def test_a_template_field_is_filled_with_the_argument_verbatim():
    """Braces in an argument are text, not a field: only the template is parsed."""
    log = AuditLog()
    seq = log.append(0.0, "you", "create", "Pod", "default", "p", lazy_text("Created pod: {}", "{0}{x}"))
    assert log[seq].reason == "Created pod: {0}{x}"


def test_entries_that_repeat_a_head_share_one_copy_of_it():
    log = AuditLog()
    for name in ("a", "b"):
        log.append(0.0, "kubelet/node-1", "event", "Pod", "default", name, "Started container app", "Normal",
                   "Started")
    log.append(0.0, "kubelet/node-1", "update", "Pod", "default", "a", "all containers started; the pod is Ready")
    first, second, third = log._rows
    assert first[1] is second[1] and first[1] != third[1]
    assert (log[1].name, log[1].event_reason, log[2].event_reason, log[2].verb) == ("b", "Started", None, "update")


def test_the_pod_texts_kept_as_parts_read_as_kubectl_and_the_scheduler_word_them():
    """The ReplicaSet's SuccessfulCreate (k/k replica_set.go "Created pod: %v"), the scheduler's Scheduled
    (k/k schedule_one.go "Successfully assigned %v/%v to %v") and the sandbox's own reasons."""
    sim = cluster(seed=5, workers=2)
    sim.create(deployment("web", 1))
    sim.settle()
    pod = sim.store.list("Pod", "default")[0]
    node, ip = pod.spec["nodeName"], pod.status["podIP"]
    rs = pod.metadata.owner_references[0]["name"]
    reasons = [e.reason for e in sim.audit if e.name == pod.name or pod.name in e.reason]
    assert reasons[:5] == [f"want 1 replicas, have 0: new pod from the template of replicaset/{rs}",
                           f"Created pod: {pod.name}",
                           f"bound to {node}: it passed every filter and scored best of 2 feasible node(s)",
                           f"Successfully assigned default/{pod.name} to {node}",
                           f"started the pod sandbox on {node} (IP {ip}); pulling images and creating containers"]
