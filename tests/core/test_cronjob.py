"""The CronJob controller (k/k pkg/controller/cronjob/cronjob_controllerv2.go, utils.go), its schedules
(github.com/robfig/cron/v3 ParseStandard, as the controller and the API server's validation use it) and the
CronJob API's defaults and validation (k/k pkg/apis/batch/v1/defaults.go, pkg/apis/batch/validation)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from sandbox.core.cron import CronError, parse
from sandbox.core.errors import Invalid
from sandbox.core.objects import EPOCH
from sandbox.core.scenario import cluster
from sandbox.core.simulation import Simulation


def cronjob(name: str = "hello", schedule: str = "*/1 * * * *", command: list[str] | None = None,
            **spec: Any) -> dict[str, Any]:
    container = {"name": "hello", "image": "busybox:1.36", "command": command or ["sh", "-c", "date; echo Hello"]}
    return {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": name},
            "spec": {"schedule": schedule, **spec, "jobTemplate": {"spec": {"template": {"spec": {
                "restartPolicy": "OnFailure", "containers": [container]}}}}}}


def jobs(sim: Simulation) -> list[str]:
    return sorted(j.name for j in sim.list("Job", "default"))


def events(sim: Simulation, name: str = "hello") -> list[tuple[str, str]]:
    return [(e.event_reason, e.reason) for e in sim.audit.events() if e.kind == "CronJob" and e.name == name]


def minutes(at: datetime) -> int:
    return int(at.timestamp()) // 60


@pytest.fixture
def sim() -> Simulation:
    return cluster(seed=5)


# ---- schedules --------------------------------------------------------------------------------

@pytest.mark.parametrize("spec, after, expected", [
    ("*/15 * * * *", datetime(2026, 1, 1, 10, 7, tzinfo=UTC), datetime(2026, 1, 1, 10, 15, tzinfo=UTC)),
    ("0 9 * * 1-5", datetime(2026, 1, 2, 9, 0, tzinfo=UTC), datetime(2026, 1, 5, 9, 0, tzinfo=UTC)),  # Fri → Mon
    ("30 2 1 * *", datetime(2026, 1, 15, tzinfo=UTC), datetime(2026, 2, 1, 2, 30, tzinfo=UTC)),
    ("0 0 13 * fri", datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 1, 2, tzinfo=UTC)),  # day OR weekday
    ("0 0 * jan,jul sun", datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 1, 4, tzinfo=UTC)),
    ("5/20 * * * *", datetime(2026, 1, 1, 0, 6, tzinfo=UTC), datetime(2026, 1, 1, 0, 25, tzinfo=UTC)),
    ("@hourly", datetime(2026, 1, 1, 10, 0, tzinfo=UTC), datetime(2026, 1, 1, 11, 0, tzinfo=UTC)),
    ("@every 90s", datetime(2026, 1, 1, 10, 0, 0, tzinfo=UTC), datetime(2026, 1, 1, 10, 1, 30, tzinfo=UTC)),
    ("0 0 30 2 *", datetime(2026, 1, 1, tzinfo=UTC), None),   # never: robfig gives up after five years
])
def test_schedules_fire_as_robfig_cron_computes_them(spec, after, expected):
    """SpecSchedule.Next: the first matching second strictly after the given time; with both day fields
    restricted a day matching either fires (dayMatches)."""
    assert parse(spec).next(after) == expected


@pytest.mark.parametrize("spec, message", [
    ("bad", "expected exactly 5 fields, found 1: [bad]"),
    ("60 * * * *", "end of range (60) above maximum (59): 60"),
    ("* * * * 7", "end of range (7) above maximum (6): 7"),
    ("5-2 * * * *", "beginning of range (5) beyond end of range (2): 5-2"),
    ("*/0 * * * *", "step of range should be a positive number: */0"),
    ("x * * * *", 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax'),
    ("@often", "unrecognized descriptor: @often"),
])
def test_bad_schedules_get_robfig_crons_words(spec, message):
    """robfig/cron's parser errors, which the API server quotes."""
    with pytest.raises(CronError) as err:
        parse(spec)
    assert str(err.value) == message


def test_an_unparseable_schedule_is_refused_at_creation(sim):
    """validateScheduleFormat: spec.schedule: Invalid value, with the parser's message."""
    with pytest.raises(Invalid) as err:
        sim.create(cronjob(schedule="every minute"))
    assert err.value.message == ('CronJob.batch "hello" is invalid: spec.schedule: Invalid value: "every minute": '
                                 "expected exactly 5 fields, found 2: [every minute]")


def test_cronjob_defaults(sim):
    """SetDefaults_CronJob: Allow, not suspended, keep 3 successful and 1 failed Jobs."""
    spec = sim.create(cronjob()).spec
    assert {k: spec[k] for k in ("concurrencyPolicy", "suspend", "successfulJobsHistoryLimit",
                                 "failedJobsHistoryLimit")} == {
        "concurrencyPolicy": "Allow", "suspend": False, "successfulJobsHistoryLimit": 3, "failedJobsHistoryLimit": 1}
    assert "backoffLimit" not in spec["jobTemplate"]["spec"]   # a job template gets no Job defaults


# ---- the controller -----------------------------------------------------------------------------

def test_a_job_starts_at_each_scheduled_minute_named_after_it(sim):
    """getJobFromTemplate2: `<cronjob>-<scheduled time in minutes>`, owned by the CronJob, with the
    scheduled-timestamp annotation; status.active and lastScheduleTime; SawCompletedJob when it finishes."""
    sim.create(cronjob())
    sim.advance(60 - sim.now + 1)   # just past 00:01
    first = EPOCH.replace(minute=1)
    name = f"hello-{minutes(first)}"
    assert jobs(sim) == [name]
    created = sim.get("Job", "default", name)
    assert created.metadata.annotations["batch.kubernetes.io/cronjob-scheduled-timestamp"] == "2026-01-01T00:01:00Z"
    assert created.metadata.owner_references[0]["kind"] == "CronJob"
    cj = sim.get("CronJob", "default", "hello")
    assert [ref["name"] for ref in cj.status["active"]] == [name]
    assert cj.status["lastScheduleTime"] == "2026-01-01T00:01:00Z"
    sim.advance(30)
    cj = sim.get("CronJob", "default", "hello")
    assert "active" not in cj.status and cj.status["lastSuccessfulTime"]
    assert ("SuccessfulCreate", f"Created job {name}") in events(sim)
    assert ("SawCompletedJob", f"Saw completed job: {name}, condition: Complete") in events(sim)


def test_history_limits_keep_the_newest_finished_jobs(sim):
    """cleanupFinishedJobs: finished Jobs beyond successfulJobsHistoryLimit go, oldest first, with their pods."""
    sim.create(cronjob(successfulJobsHistoryLimit=2))
    sim.advance(5 * 60 + 30)
    assert jobs(sim) == [f"hello-{minutes(EPOCH.replace(minute=m))}" for m in (4, 5)]
    assert [r for r, _ in events(sim)].count("SuccessfulDelete") == 3
    owners = {p.metadata.labels.get("job-name") for p in sim.list("Pod", "default")}
    assert owners == set(jobs(sim))


def test_forbid_skips_a_run_while_the_last_one_is_active(sim):
    """concurrencyPolicy Forbid: JobAlreadyActive, and no second Job while the first runs."""
    sim.create(cronjob(command=["sleep", "150"], concurrencyPolicy="Forbid"))
    sim.advance(4 * 60 + 30)
    assert len(jobs(sim)) == 2   # 00:01 ran until about 00:03:35, so 00:02 and 00:03 were skipped; 00:04 ran
    assert ("JobAlreadyActive", "Not starting job because prior execution is running and concurrency policy is "
                                "Forbid") in events(sim)


def test_replace_deletes_the_running_job_for_the_new_one(sim):
    """concurrencyPolicy Replace: the active Job is deleted (SuccessfulDelete) before the next starts."""
    sim.create(cronjob(command=["sleep", "600"], concurrencyPolicy="Replace"))
    sim.advance(3 * 60 + 30)
    assert jobs(sim) == [f"hello-{minutes(EPOCH.replace(minute=3))}"]
    assert [r for r, _ in events(sim)].count("SuccessfulDelete") == 2


def test_allow_runs_jobs_side_by_side(sim):
    """concurrencyPolicy Allow (the default): every scheduled time starts a Job, whatever is running."""
    sim.create(cronjob(command=["sleep", "600"]))
    sim.advance(3 * 60 + 30)
    assert len(jobs(sim)) == 3
    assert len(sim.get("CronJob", "default", "hello").status["active"]) == 3


def test_a_suspended_cronjob_starts_nothing(sim):
    """syncCronJob returns before scheduling while spec.suspend is true; resuming runs only the latest missed time."""
    sim.create(cronjob(suspend=True))
    sim.advance(5 * 60)
    assert jobs(sim) == []
    sim.patch("CronJob", "default", "hello", {"spec": {"suspend": False}})
    sim.advance(1)
    assert jobs(sim) == [f"hello-{minutes(EPOCH.replace(minute=5))}"]


def test_starting_deadline_skips_runs_that_are_too_late(sim):
    """startingDeadlineSeconds: a run whose time is further back than the deadline is not started."""
    sim.create(cronjob(schedule="0 * * * *", startingDeadlineSeconds=60, suspend=True))
    sim.advance(3600 + 90)
    sim.patch("CronJob", "default", "hello", {"spec": {"suspend": False}})
    sim.advance(1)
    assert jobs(sim) == []


def test_a_time_zone_moves_the_schedule(sim):
    """spec.timeZone: the schedule is read in that zone; the annotation shows the zone's offset."""
    sim.create(cronjob(schedule="30 1 * * *", timeZone="Europe/Berlin"))
    sim.advance(3600)
    (name,) = jobs(sim)
    assert name == f"hello-{minutes(EPOCH.replace(minute=30))}"   # 01:30 in Berlin is 00:30 UTC in January
    annotation = sim.get("Job", "default", name).metadata.annotations["batch.kubernetes.io/cronjob-scheduled-timestamp"]
    assert annotation == "2026-01-01T01:30:00+01:00"


def test_deleting_a_cronjob_deletes_its_jobs(sim):
    """The garbage collector follows the Jobs' ownerReferences to the CronJob, and the pods' to the Jobs."""
    sim.create(cronjob(command=["sleep", "600"]))
    sim.advance(2 * 60 + 30)
    assert jobs(sim)
    sim.delete("CronJob", "default", "hello")
    sim.advance(5)
    assert jobs(sim) == [] and sim.list("Pod", "default") == []
