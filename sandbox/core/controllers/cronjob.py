"""The CronJob controller: create a Job at each scheduled time (k/k pkg/controller/cronjob/cronjob_controllerv2.go).

A sync first removes finished Jobs beyond `successfulJobsHistoryLimit` (3) and
`failedJobsHistoryLimit` (1), oldest first; then it tracks `status.active`, and,
unless the CronJob is suspended, starts the most recent missed run — named
`<cronjob>-<scheduled time in minutes since 1970>` so that a run is never
started twice — subject to `startingDeadlineSeconds` and `concurrencyPolicy`
(Allow; Forbid skips a run while one is active; Replace deletes the active
ones first). It then sleeps until the next scheduled time (plus 100 ms, as
upstream), on the simulated clock. Schedules are robfig/cron's (see cron.py).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from ..admission import object_from_manifest
from ..batch import CRONJOB_SCHEDULED_TIMESTAMP, finished_condition
from ..deletion import delete_object
from ..errors import ApiError
from ..objects import EPOCH, KObject, controller_ref, deep_copy, owner_reference, parse_timestamp, timestamp
from .base import Context, Controller

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from ..cron import Schedule

NEXT_SCHEDULE_DELTA = 0.1        # nextScheduleDelta: wake 100 ms after the scheduled time
MANY_MISSED = 100                # more missed runs than this gets a TooManyMissedTimes warning
UNIX_EPOCH_OFFSET = int(EPOCH.timestamp())   # simulated time 0 in Unix seconds


class CronJobController(Controller):
    name = "cronjob-controller"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self._timers: dict[str, tuple[float, int]] = {}   # key -> (when, clock handle): one wake-up each
        self.store.watch("CronJob", self._on_cronjob)
        self.store.watch("Job", self._on_job, owner_kind="CronJob")

    def _on_cronjob(self, event: str, cronjob: KObject, _old: object) -> None:
        if event == "DELETED":
            self._disarm(cronjob.key())
            return
        self.enqueue(cronjob.key())

    def _on_job(self, _event: str, job: KObject, _old: object) -> None:
        ref = controller_ref(job)
        if ref is not None:
            self.enqueue(f"{job.namespace}/{ref['name']}")

    # ---- sync ----------------------------------------------------------------

    def sync(self, key: str) -> None:
        namespace, name = key.split("/", 1)
        cronjob = self.store.try_get("CronJob", namespace, name)
        if cronjob is None:
            self._disarm(key)
            return
        jobs = sorted((c for c in self.store.children(cronjob.uid) if c.kind == "Job"),
                      key=lambda j: (j.metadata.creation_timestamp, j.name))
        status = deep_copy(cronjob.status)
        status.setdefault("active", [])
        self._cleanup_finished(cronjob, jobs, status)
        wake = self._sync_runs(cronjob, jobs, status)
        if not status["active"]:
            del status["active"]
        if status != cronjob.status:
            cronjob.status = status
            self.store.update(cronjob, self.name, _status_words(status), verb="update-status")
        if wake is None:
            self._disarm(key)
        else:
            self._arm(key, wake)

    def _sync_runs(self, cronjob: KObject, jobs: list[KObject], status: dict[str, Any]) -> float | None:
        """syncCronJob: track active Jobs, start the due run; returns when to look again (None: never)."""
        self._track_active(cronjob, jobs, status)
        if cronjob.metadata.deletion_timestamp is not None or cronjob.spec.get("suspend"):
            return None
        schedule = self._schedule(cronjob)
        if schedule is None:
            return None
        zone = _zone(cronjob)
        now = self.clock.now
        scheduled = self._due_run(cronjob, status, schedule, zone, now)
        wake = _next_wake(cronjob, status, schedule, zone, now)
        if scheduled is None:
            return wake
        deadline = cronjob.spec.get("startingDeadlineSeconds")
        if deadline is not None and scheduled + deadline < now:
            self._event(cronjob, "Warning", "MissSchedule",
                        f"Missed scheduled time to start a job: {_rfc1123z(scheduled)}")
            return wake
        job_name = f"{cronjob.name}-{(int(scheduled) + UNIX_EPOCH_OFFSET) // 60}"
        if any(ref["name"] == job_name for ref in status["active"]) or \
                status.get("lastScheduleTime") == timestamp(scheduled):
            return wake
        policy = cronjob.spec.get("concurrencyPolicy", "Allow")
        if policy == "Forbid" and status["active"]:
            self._event(cronjob, "Normal", "JobAlreadyActive",
                        "Not starting job because prior execution is running and concurrency policy is Forbid")
            return wake
        if policy == "Replace":
            for ref in list(status["active"]):
                job = self.store.try_get("Job", ref["namespace"], ref["name"])
                if job is not None:
                    self._delete_job(cronjob, job, status, "concurrency policy Replace: a new run starts")
        self._start_job(cronjob, job_name, scheduled, zone, status)
        return _next_wake(cronjob, status, schedule, zone, now)

    def _track_active(self, cronjob: KObject, jobs: list[KObject], status: dict[str, Any]) -> None:
        """Finished Jobs leave status.active (SawCompletedJob); Jobs that are gone do too (MissingJob)."""
        children = {job.uid for job in jobs}
        active_uids = {ref["uid"] for ref in status["active"]}
        for job in jobs:
            finished = finished_condition(job)
            found = job.uid in active_uids
            if not found and finished is None:
                self._event(cronjob, "Warning", "UnexpectedJob",
                            f"Saw a job that the controller did not create or forgot: {job.name}")
            elif finished is not None:
                if found:
                    status["active"] = [r for r in status["active"] if r["uid"] != job.uid]
                    self._event(cronjob, "Normal", "SawCompletedJob",
                                f"Saw completed job: {job.name}, condition: {finished}")
                completed, last = job.status.get("completionTime"), status.get("lastSuccessfulTime")
                if finished == "Complete" and completed and \
                        (last is None or parse_timestamp(completed) > parse_timestamp(last)):
                    status["lastSuccessfulTime"] = completed
        for ref in list(status["active"]):
            if ref["uid"] not in children:
                self._event(cronjob, "Normal", "MissingJob", f"Active job went missing: {ref['name']}")
                status["active"] = [r for r in status["active"] if r["uid"] != ref["uid"]]

    def _schedule(self, cronjob: KObject) -> Schedule | None:
        from ..cron import CronError, parse  # late: only a cluster with a CronJob needs schedules (not the app's start)

        try:
            return parse(cronjob.spec.get("schedule", ""))
        except CronError as exc:  # the API server validates schedules, so only a stored oddity gets here
            schedule = cronjob.spec.get("schedule", "")
            self._event(cronjob, "Warning", "UnparseableSchedule", f'unparseable schedule: "{schedule}" : {exc}')
            return None

    def _due_run(self, cronjob: KObject, status: dict[str, Any], schedule: Schedule, zone: ZoneInfo,
                 now: float) -> float | None:
        """nextScheduleTime: the most recent run time not yet started, if it has come."""
        most_recent, missed = _most_recent_run(cronjob, status, schedule, zone, now, with_deadline=True)
        if most_recent is None or most_recent > now:
            return None
        if missed > MANY_MISSED:
            self._event(cronjob, "Warning", "TooManyMissedTimes", "too many missed start times. Set or decrease "
                                                                  ".spec.startingDeadlineSeconds or check clock skew")
        return most_recent

    # ---- writes ----------------------------------------------------------------

    def _start_job(self, cronjob: KObject, job_name: str, scheduled: float, zone: ZoneInfo,
                   status: dict[str, Any]) -> None:
        """getJobFromTemplate2: the template's labels and annotations, the scheduled time, a controller ref."""
        template = cronjob.spec.get("jobTemplate") or {}
        meta = template.get("metadata") or {}
        annotations = dict(meta.get("annotations") or {})
        annotations[CRONJOB_SCHEDULED_TIMESTAMP] = _rfc3339(scheduled, zone)
        manifest = {"apiVersion": "batch/v1", "kind": "Job",
                    "metadata": {"name": job_name, "labels": dict(meta.get("labels") or {}),
                                 "annotations": annotations},
                    "spec": deep_copy(template.get("spec") or {})}
        job = object_from_manifest(manifest, self.ctx.config, cronjob.namespace, validate=False)
        job.metadata.owner_references = [owner_reference(cronjob)]
        try:
            self.store.create(job, self.name, f"cronjob {cronjob.name}: the run scheduled for "
                                              f"{_rfc3339(scheduled, zone)} starts")
        except ApiError as exc:
            self._event(cronjob, "Warning", "FailedCreate", f"Error creating job: {exc.message}")
            return
        self._event(cronjob, "Normal", "SuccessfulCreate", f"Created job {job.name}")
        status["active"].append({"apiVersion": "batch/v1", "kind": "Job", "name": job.name,
                                 "namespace": job.namespace, "resourceVersion": str(job.metadata.resource_version),
                                 "uid": job.uid})
        status["lastScheduleTime"] = timestamp(scheduled)

    def _cleanup_finished(self, cronjob: KObject, jobs: list[KObject], status: dict[str, Any]) -> None:
        """cleanupFinishedJobs: keep the newest finished Jobs up to each history limit (by start time)."""
        for kind, field in (("Complete", "successfulJobsHistoryLimit"), ("Failed", "failedJobsHistoryLimit")):
            limit = cronjob.spec.get(field)
            finished = [j for j in jobs if finished_condition(j) == kind]
            if limit is None or len(finished) <= limit:
                continue
            finished.sort(key=_by_start_time)
            for job in finished[:len(finished) - limit]:
                self._delete_job(cronjob, job, status, f"more than {limit} {kind.lower()} jobs kept ({field})")

    def _delete_job(self, cronjob: KObject, job: KObject, status: dict[str, Any], why: str) -> None:
        """deleteJob: the Job (its pods follow through the garbage collector) and its active entry."""
        delete_object(self.store, job, self.name, f"cronjob {cronjob.name}: {why}")
        status["active"] = [r for r in status["active"] if r["uid"] != job.uid]
        self._event(cronjob, "Normal", "SuccessfulDelete", f"Deleted job {job.name}")

    def _event(self, cronjob: KObject, event_type: str, reason: str, message: str) -> None:
        self.store.record_event(cronjob, event_type, reason, message, actor=self.name)

    # ---- the wake-up timer -----------------------------------------------------

    def _arm(self, key: str, when: float) -> None:
        current = self._timers.get(key)
        if current is not None and current[0] == when:
            return
        self._disarm(key)
        self._timers[key] = (when, self.clock.call_at(when, self._wake, key))

    def _disarm(self, key: str) -> None:
        current = self._timers.pop(key, None)
        if current is not None:
            self.clock.cancel(current[1])

    def _wake(self, key: str) -> None:
        self._timers.pop(key, None)
        self.enqueue(key)


# ---- time ----------------------------------------------------------------------

def _zone(cronjob: KObject) -> ZoneInfo:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError  # late: only a cluster with a CronJob needs time zones

    try:
        return ZoneInfo(cronjob.spec.get("timeZone") or "UTC")
    except (ZoneInfoNotFoundError, ValueError):  # validated on create; UTC as time.LoadLocation("") is
        return ZoneInfo("UTC")


def _at(seconds: float, zone: ZoneInfo) -> datetime:
    return (EPOCH + timedelta(seconds=seconds)).astimezone(zone)


def _seconds(moment: datetime) -> float:
    return (moment - EPOCH).total_seconds()


def _next(schedule: Schedule, seconds: float, zone: ZoneInfo) -> float | None:
    moment = schedule.next(_at(seconds, zone))
    return None if moment is None else _seconds(moment)


def _most_recent_run(cronjob: KObject, status: dict[str, Any], schedule: Schedule, zone: ZoneInfo, now: float, *,
                     with_deadline: bool) -> tuple[float | None, int]:
    """mostRecentScheduleTime: (the latest run time at or before now since the last run, how many were missed)."""
    earliest = _earliest(cronjob, status, now, with_deadline=with_deadline)
    first = _next(schedule, earliest, zone)
    second = None if first is None else _next(schedule, first, zone)
    if first is None or now < first:
        return None, 0
    if second is None or now < second:
        return first, 0
    interval = max(1, round(second - first))
    missed = int(now - first) // interval + 1
    most_recent: float | None = None
    moment = _next(schedule, first + (missed - 2) * interval, zone)
    while moment is not None and moment <= now:
        most_recent = moment
        moment = _next(schedule, moment, zone)
    return most_recent, missed


def _earliest(cronjob: KObject, status: dict[str, Any], now: float, *, with_deadline: bool) -> float:
    earliest = cronjob.metadata.creation_timestamp
    if status.get("lastScheduleTime"):
        earliest = parse_timestamp(status["lastScheduleTime"])
    deadline = cronjob.spec.get("startingDeadlineSeconds")
    if with_deadline and deadline is not None:
        earliest = max(earliest, now - deadline)
    return earliest


def _next_wake(cronjob: KObject, status: dict[str, Any], schedule: Schedule, zone: ZoneInfo,
               now: float) -> float | None:
    """nextScheduleTimeDuration: the run after the most recent one (or after the last known time), +100 ms."""
    most_recent, missed = _most_recent_run(cronjob, status, schedule, zone, now, with_deadline=False)
    if most_recent is None:
        most_recent = now if missed else _earliest(cronjob, status, now, with_deadline=False)
    following = _next(schedule, most_recent, zone)
    return None if following is None else following + NEXT_SCHEDULE_DELTA


def _by_start_time(job: KObject) -> tuple[Any, ...]:
    """byJobStartTime: earliest start first, Jobs that never started last, then by name."""
    start = job.status.get("startTime")
    return (start is None, parse_timestamp(start) if start else 0.0, job.name)


def _rfc3339(seconds: float, zone: ZoneInfo) -> str:
    """Go's time.RFC3339 in the CronJob's zone: `2026-01-01T00:05:00Z`, `2026-01-01T01:05:00+01:00`."""
    moment = _at(int(seconds), zone)
    text = moment.isoformat()
    return text.replace("+00:00", "Z") if moment.utcoffset() == timedelta(0) else text


def _rfc1123z(seconds: float) -> str:
    return (EPOCH + timedelta(seconds=int(seconds))).astimezone(UTC).strftime("%a, %d %b %Y %H:%M:%S +0000")


def _status_words(status: dict[str, Any]) -> str:
    active = [ref["name"] for ref in status.get("active", ())]
    last = status.get("lastScheduleTime", "never")
    return f"{len(active)} active job(s){': ' + ', '.join(active) if active else ''}; last scheduled {last}"
