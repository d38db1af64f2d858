"""The Job controller (k/k pkg/controller/job/job_controller.go) and the Job API's defaults and validation
(k/k pkg/apis/batch/v1/defaults.go, pkg/apis/batch/validation, pkg/registry/batch/job/strategy.go)."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import pytest

from sandbox.core.errors import Invalid
from sandbox.core.objects import parse_timestamp
from sandbox.core.scenario import cluster
from sandbox.core.simulation import Simulation


def job(name: str = "pi", command: list[str] | None = None, *, restart: str = "Never", image: str = "busybox:1.36",
        **spec: Any) -> dict[str, Any]:
    container: dict[str, Any] = {"name": "work", "image": image}
    if command is not None:
        container["command"] = command
    return {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": name},
            "spec": {**spec, "template": {"spec": {"restartPolicy": restart, "containers": [container]}}}}


def pods_of(sim: Simulation, name: str) -> list:
    return sorted((p for p in sim.list("Pod", "default") if p.metadata.labels.get("job-name") == name),
                  key=lambda p: (p.metadata.creation_timestamp, p.name))


def conditions(sim: Simulation, name: str) -> list[tuple[str, str, str]]:
    j = sim.get("Job", "default", name)
    return [(c["type"], c["status"], c.get("reason", "")) for c in j.status.get("conditions", [])]


def events(sim: Simulation, name: str) -> list[tuple[str, str]]:
    return [(e.event_reason, e.reason) for e in sim.audit.events() if e.kind == "Job" and e.name == name]


@pytest.fixture
def sim() -> Simulation:
    return cluster(seed=3)


def test_job_runs_completions_at_most_parallelism_at_a_time(sim):
    """manageJob: active = min(parallelism, completions − succeeded); Complete once enough succeeded."""
    sim.create(job(command=["sh", "-c", "sleep 5"], completions=3, parallelism=2))
    most_active = 0
    for _ in range(40):
        sim.advance(1)
        active = [p for p in pods_of(sim, "pi") if p.status.get("phase") in ("Pending", "Running")]
        most_active = max(most_active, len(active))
    j = sim.get("Job", "default", "pi")
    assert most_active == 2
    assert j.status["succeeded"] == 3 and "active" not in j.status
    assert [p.status["phase"] for p in pods_of(sim, "pi")] == ["Succeeded"] * 3   # completed pods stay
    assert conditions(sim, "pi") == [("SuccessCriteriaMet", "True", "CompletionsReached"),
                                     ("Complete", "True", "CompletionsReached")]
    assert j.status["completionTime"] >= j.status["startTime"]
    assert ("Completed", "Job completed") in events(sim, "pi")
    assert [r for r, _ in events(sim, "pi")].count("SuccessfulCreate") == 3


def test_job_selector_and_pod_labels_come_from_its_uid(sim):
    """generateSelector: a controller-uid selector; job-name and controller-uid labels, legacy and prefixed."""
    created = sim.create(job(command=["sh", "-c", "sleep 1"]))
    uid = created.uid
    assert created.spec["selector"] == {"matchLabels": {"batch.kubernetes.io/controller-uid": uid}}
    labels = {"batch.kubernetes.io/controller-uid": uid, "batch.kubernetes.io/job-name": "pi",
              "controller-uid": uid, "job-name": "pi"}
    assert created.spec["template"]["metadata"]["labels"] == labels
    assert created.metadata.labels == {}   # the template had no labels to share with the Job
    sim.advance(10)
    assert pods_of(sim, "pi")[0].metadata.labels == labels
    assert pods_of(sim, "pi")[0].metadata.owner_references[0]["kind"] == "Job"


def test_job_whose_template_has_labels_gets_them_too(sim):
    """SetDefaults_Job makes a label-less Job's labels the template's very map, generated labels included."""
    manifest = job(command=["true"])
    manifest["spec"]["template"]["metadata"] = {"labels": {"app": "batch"}}
    created = sim.create(manifest)
    assert created.metadata.labels["app"] == "batch"
    assert created.metadata.labels["batch.kubernetes.io/controller-uid"] == created.uid


def test_job_defaults(sim):
    """SetDefaults_Job: one completion, parallelism 1, backoffLimit 6, NonIndexed, TerminatingOrFailed."""
    spec = sim.create(job(command=["true"])).spec
    assert {k: spec[k] for k in ("completions", "parallelism", "backoffLimit", "completionMode", "suspend",
                                 "manualSelector", "podReplacementPolicy")} == {
        "completions": 1, "parallelism": 1, "backoffLimit": 6, "completionMode": "NonIndexed", "suspend": False,
        "manualSelector": False, "podReplacementPolicy": "TerminatingOrFailed"}


def test_failed_pods_are_replaced_after_a_doubling_back_off_until_the_backoff_limit(sim):
    """getRemainingTime (10 s, doubling per failure) and BackoffLimitExceeded once failed > backoffLimit;
    FailureTarget is written before Failed (delayTerminalCondition, JobPodReplacementPolicy on in 1.32)."""
    sim.create(job(command=["sh", "-c", "exit 1"], backoffLimit=3))
    sim.advance(400)
    pods = pods_of(sim, "pi")
    assert len(pods) == 4 and all(p.status["phase"] == "Failed" for p in pods)
    gaps = []
    for before, after in pairwise(pods):
        finished = parse_timestamp(before.status["containerStatuses"][0]["state"]["terminated"]["finishedAt"])
        gaps.append(after.metadata.creation_timestamp - finished)
    assert [round(g) for g in gaps] == [10, 20, 40]
    j = sim.get("Job", "default", "pi")
    assert j.status["failed"] == 4 and "succeeded" not in j.status
    assert conditions(sim, "pi") == [("FailureTarget", "True", "BackoffLimitExceeded"),
                                     ("Failed", "True", "BackoffLimitExceeded")]
    assert ("BackoffLimitExceeded", "Job has reached the specified backoff limit") in events(sim, "pi")
    sim.advance(600)
    assert len(pods_of(sim, "pi")) == 4   # a failed Job starts nothing more


def test_on_failure_restarts_count_toward_the_backoff_limit(sim):
    """pastBackoffLimitOnFailure: with restartPolicy OnFailure the pod restarts in place, and as many
    restarts as backoffLimit fail the Job; its active pod is deleted."""
    sim.create(job(command=["sh", "-c", "sleep 2; exit 1"], restart="OnFailure", backoffLimit=2))
    sim.advance(8)
    (pod,) = pods_of(sim, "pi")
    restarts = []
    while conditions(sim, "pi")[-1:] != [("Failed", "True", "BackoffLimitExceeded")] and sim.now < 300:
        restarts.append(pod.status["containerStatuses"][0]["restartCount"])
        sim.advance(1)
    assert max(restarts) == 1 and pod.status["containerStatuses"][0]["restartCount"] == 2   # the second is the limit
    assert [r for r, _ in events(sim, "pi")].count("SuccessfulCreate") == 1
    assert ("SuccessfulDelete", f"Deleted pod: {pod.name}") in events(sim, "pi")
    assert sim.try_get("Pod", "default", pod.name) is None


def test_a_deleted_pod_counts_as_failed_and_is_replaced(sim):
    """isPodFailed: with podReplacementPolicy TerminatingOrFailed a pod deleted before it succeeded has failed;
    its replacement waits the 10 s back-off from when the deletion was asked for."""
    sim.create(job(command=["sleep", "60"]))
    sim.advance(10)
    first = pods_of(sim, "pi")[0]
    asked = sim.now
    sim.delete("Pod", "default", first.name)
    sim.advance(30)
    j = sim.get("Job", "default", "pi")
    assert j.status["failed"] == 1
    replacement = [p for p in pods_of(sim, "pi") if p.name != first.name]
    assert len(replacement) == 1 and replacement[0].metadata.creation_timestamp == pytest.approx(asked + 10, abs=1)


def test_active_deadline_fails_the_job_and_stops_its_pods(sim):
    """pastActiveDeadline: DeadlineExceeded once activeDeadlineSeconds have passed since startTime."""
    sim.create(job(command=["sleep", "600"], activeDeadlineSeconds=30))
    sim.advance(60)
    assert conditions(sim, "pi")[-1] == ("Failed", "True", "DeadlineExceeded")
    assert not [p for p in pods_of(sim, "pi") if p.metadata.deletion_timestamp is None]
    assert ("DeadlineExceeded", "Job was active longer than specified deadline") in events(sim, "pi")


def test_a_suspended_job_runs_nothing_until_resumed(sim):
    """manageJob deletes a suspended Job's pods; the Suspended condition and the Suspended/Resumed events."""
    sim.create(job(command=["sleep", "5"], suspend=True))
    sim.advance(10)
    assert pods_of(sim, "pi") == []
    assert conditions(sim, "pi") == [("Suspended", "True", "JobSuspended")]
    assert "startTime" not in sim.get("Job", "default", "pi").status
    sim.patch("Job", "default", "pi", {"spec": {"suspend": False}})
    sim.advance(30)
    assert conditions(sim, "pi")[0] == ("Suspended", "False", "JobResumed")
    assert conditions(sim, "pi")[-1][0] == "Complete"
    assert [r for r, _ in events(sim, "pi") if r in ("Suspended", "Resumed")] == ["Suspended", "Resumed"]


def test_ttl_seconds_after_finished_deletes_the_job_and_its_pods(sim):
    """ttlafterfinished: the Job goes ttlSecondsAfterFinished after it finished; the garbage collector takes
    its pods."""
    sim.create(job(command=["true"], ttlSecondsAfterFinished=60))
    sim.advance(20)
    assert sim.try_get("Job", "default", "pi") is not None and pods_of(sim, "pi")
    sim.advance(60)
    assert sim.try_get("Job", "default", "pi") is None
    assert pods_of(sim, "pi") == []


def test_indexed_job_gives_each_pod_its_completion_index(sim):
    """Indexed completion mode: names `<job>-<index>-xxxxx`, the index annotation and label, the hostname and
    JOB_COMPLETION_INDEX; status.completedIndexes as intervals."""
    sim.create(job(command=["sleep", "3"], completions=3, parallelism=3, completionMode="Indexed"))
    sim.advance(30)
    pods = sorted(pods_of(sim, "pi"), key=lambda p: p.name)
    assert [p.metadata.annotations["batch.kubernetes.io/job-completion-index"] for p in pods] == ["0", "1", "2"]
    assert [p.name.rsplit("-", 1)[0] for p in pods] == ["pi-0", "pi-1", "pi-2"]
    assert [p.spec["hostname"] for p in pods] == ["pi-0", "pi-1", "pi-2"]
    assert pods[0].spec["containers"][0]["env"][-1]["name"] == "JOB_COMPLETION_INDEX"
    j = sim.get("Job", "default", "pi")
    assert j.status["completedIndexes"] == "0-2" and j.status["succeeded"] == 3


def test_a_job_must_not_restart_always(sim):
    """validateJobSpec: restartPolicy (defaulted to Always when unset) must be OnFailure or Never."""
    manifest = job(command=["true"])
    del manifest["spec"]["template"]["spec"]["restartPolicy"]
    with pytest.raises(Invalid) as err:
        sim.create(manifest)
    assert err.value.message == ('Job.batch "pi" is invalid: spec.template.spec.restartPolicy: Required value: '
                              'valid values: "OnFailure", "Never"')


def test_a_jobs_pod_template_is_immutable(sim):
    """ValidateJobSpecUpdate: spec.template cannot change once the Job exists."""
    sim.apply(job(command=["sleep", "30"]))
    with pytest.raises(Invalid) as err:
        sim.apply(job(command=["sleep", "40"]))
    assert "spec.template: Invalid value: core.PodTemplateSpec{...}: field is immutable" in err.value.message


def test_jobs_pods_go_with_the_job(sim):
    """Background cascading deletion: the garbage collector follows the pods' ownerReferences to the Job."""
    sim.create(job(command=["sleep", "30"], parallelism=2, completions=2))
    sim.advance(10)
    assert len(pods_of(sim, "pi")) == 2
    sim.delete("Job", "default", "pi")
    sim.advance(5)
    assert pods_of(sim, "pi") == []


@pytest.mark.parametrize("command, expected", [
    (["sh", "-c", "sleep 5"], (5.0, 0)),
    (["sh", "-c", "sleep 2; exit 3"], (2.0, 3)),
    (["sh", "-c", "date; echo Hello from the Kubernetes cluster"], (0.0, 0)),
    (["sleep", "1m"], (60.0, 0)),
    (["sh", "-c", "false"], (0.0, 1)),
    (["sleep", "infinity"], (None, 0)),
    (["sh", "-c", "while true; do sleep 1; done"], (None, 0)),
    (["nginx", "-g", "daemon off;"], (None, 0)),
])
def test_commands_are_read_to_know_when_a_container_exits(command, expected):
    """The sandbox's reading of container commands (images.exit_behaviour): what a Job's pods need to finish."""
    from sandbox.core.images import exit_behaviour, lookup

    assert exit_behaviour(lookup("busybox:1.36"), command, None) == expected


def test_what_a_jobs_command_prints_reaches_its_logs():
    """`kubectl logs` shows the lines `echo` and `date` print (busybox's date format, UTC)."""
    from sandbox.kubectl import Session

    session = Session(seed=1)
    session.run('kubectl create job hi --image=busybox:1.36 -- sh -c "date; sleep 1; echo done"')
    session.sim.advance(20)
    output = session.run("kubectl logs job/hi").output
    assert output.splitlines()[1] == "done"
    assert output.startswith("Thu Jan  1 00:00:") and output.splitlines()[0].endswith(" UTC 2026")
