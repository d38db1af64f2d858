"""The Job controller: run pods until enough of them succeed (k/k pkg/controller/job/job_controller.go).

Each sync counts the Job's pods that finished since the last one (a deleted pod
that had not succeeded counts as failed, as the tracking finalizer makes it
upstream), then either finishes the Job or keeps `min(parallelism, completions
− succeeded)` pods active. Failed pods are replaced after an exponential
back-off: 10 s after the first failure, doubling per failure since the last
success, at most 10 minutes (DefaultJobPodFailureBackOff/MaxJobPodFailureBackOff;
the docs round the cap to six minutes). More failures than `backoffLimit` — or,
with restartPolicy OnFailure, as many container restarts — fail the Job
(BackoffLimitExceeded); so does `activeDeadlineSeconds` (DeadlineExceeded).
As in 1.32 (JobPodReplacementPolicy on), the interim FailureTarget and
SuccessCriteriaMet conditions come first, and Failed or Complete once no pod
is still terminating. `suspend` deletes the active pods and resumes later.

Simplifications: pods carry no `batch.kubernetes.io/job-tracking` finalizer (the
controller remembers which pods it has counted instead); podFailurePolicy,
successPolicy, backoffLimitPerIndex and managedBy are stored but not acted on;
orphan pods matching a Job's selector are not adopted (the selector names the
Job's uid, so only its own pods could match).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..batch import finished_condition, generate_selector
from ..deletion import delete_pod
from ..errors import ApiError
from ..objects import (
    KObject,
    condition,
    controller_ref,
    owner_reference,
    parse_timestamp,
    pod_is_active,
    pod_is_ready,
    timestamp,
)
from .base import Context, Controller
from .indexed import completed_indexes, index_count, indexed_pod, next_indexes
from .replicaset import BURST_REPLICAS, PHASE_ORDINAL, SLOW_START_INITIAL_BATCH, pod_from_template

POD_FAILURE_BACKOFF = 10.0          # DefaultJobPodFailureBackOff
MAX_POD_FAILURE_BACKOFF = 600.0     # MaxJobPodFailureBackOff
BACKOFF_LIMIT_MESSAGE = "Job has reached the specified backoff limit"
DEADLINE_MESSAGE = "Job was active longer than specified deadline"
COMPLETIONS_MESSAGE = "Reached expected number of succeeded pods"


@dataclass
class JobRecord:
    """What the controller remembers of one Job between syncs (the finalizers' and backoffStore's job)."""

    counted: dict[str, bool] = field(default_factory=dict)    # pod uid -> succeeded? (already in status)
    vanished: dict[str, float] = field(default_factory=dict)  # uncounted pods deleted before they succeeded
    failures_since_success: int = 0
    last_failure: float | None = None


class JobController(Controller):
    name = "job-controller"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self._records: dict[str, JobRecord] = {}
        # The API server's Job strategy generates the selector the controller relies on. (A bound method, so
        # that a snapshot's copy of the simulation draws from its own store's RNG.)
        self.store.admission.register("Job", self._generate_selector)
        self.store.watch("Job", self._on_job)
        self.store.watch("Pod", self._on_pod, owner_kind="Job")

    def _generate_selector(self, job: KObject) -> None:
        generate_selector(job, self.store.rng)

    # ---- watch handlers (they only enqueue) ----------------------------------

    def _on_job(self, event: str, job: KObject, _old: object) -> None:
        if event == "DELETED":
            self._records.pop(job.uid, None)
            return
        self.enqueue(job.key())

    def _on_pod(self, event: str, pod: KObject, _old: object) -> None:
        ref = controller_ref(pod)
        if ref is None:
            return
        record = self._records.get(ref["uid"])
        if event == "DELETED" and record is not None:
            if record.counted.pop(pod.uid, None) is None and pod.status.get("phase") != "Succeeded":
                record.vanished[pod.uid] = finish_time(pod, self.clock.now)
        self.enqueue(f"{pod.namespace}/{ref['name']}")

    # ---- sync ----------------------------------------------------------------

    def sync(self, key: str) -> None:
        namespace, name = key.split("/", 1)
        job = self.store.try_get("Job", namespace, name)
        if job is None or finished_condition(job) is not None:
            return
        record = self._records.setdefault(job.uid, JobRecord())
        pods = [p for p in self.store.children(job.uid) if p.kind == "Pod"]
        status = {k: v for k, v in job.status.items()}
        status["conditions"] = [dict(c) for c in job.status.get("conditions", ())]
        self._count_finished(job, pods, record, status)
        if job.spec.get("completionMode") == "Indexed":
            # An Indexed Job counts succeeded indexes, not pods (calculateSucceededIndexes).
            status["completedIndexes"] = completed_indexes(status.get("completedIndexes", ""), pods,
                                                           job.spec.get("completions", 0))
            status["succeeded"] = index_count(status["completedIndexes"])
        now = self.clock.now
        suspended = bool(job.spec.get("suspend"))
        if "startTime" not in status and not suspended:
            status["startTime"] = timestamp(now)
        active = [p for p in pods if pod_is_active(p)]
        terminating = sum(1 for p in pods if p.metadata.deletion_timestamp is not None
                          and p.status.get("phase") not in ("Succeeded", "Failed"))
        failure = self._failure(job, pods, status)
        if failure is not None:
            terminating += self._delete_pods(job, active, "the Job failed")
            active = []
            self._fail(job, status, failure, terminating)
        else:
            if job.metadata.deletion_timestamp is None:
                active, terminating = self._manage(job, pods, active, terminating, record, status)
            self._complete_or_suspend(job, status, active, terminating)
        status["active"] = len(active)
        status["ready"] = sum(1 for p in active if pod_is_ready(p))
        status["terminating"] = terminating
        status["uncountedTerminatedPods"] = {}
        self._write_status(job, status)

    def _count_finished(self, job: KObject, pods: list[KObject], record: JobRecord, status: dict[str, Any]) -> None:
        """getNewFinishedPods and the backoff record (backoffStore.newBackoffRecord)."""
        new_succeeded, new_failed = [], []
        for pod in pods:
            if pod.uid in record.counted:
                continue
            if pod.status.get("phase") == "Succeeded":
                new_succeeded.append(finish_time(pod, self.clock.now))
                record.counted[pod.uid] = True
            elif self._pod_failed(job, pod):
                new_failed.append(finish_time(pod, self.clock.now))
                record.counted[pod.uid] = False
        new_failed += record.vanished.values()
        record.vanished.clear()
        if new_succeeded:
            status["succeeded"] = status.get("succeeded", 0) + len(new_succeeded)
            last_success = max(new_succeeded)
            later = sorted(t for t in new_failed if t > last_success)
            record.failures_since_success = len(later)
            record.last_failure = later[-1] if later else None
        elif new_failed:
            record.failures_since_success += len(new_failed)
            record.last_failure = max(new_failed)
        if new_failed:
            status["failed"] = status.get("failed", 0) + len(new_failed)

    @staticmethod
    def _pod_failed(job: KObject, pod: KObject) -> bool:
        """isPodFailed: phase Failed; or, unless only failed pods are replaced, deleted before succeeding."""
        phase = pod.status.get("phase")
        if phase == "Failed":
            return True
        if job.spec.get("podReplacementPolicy") == "Failed":
            return False
        return pod.metadata.deletion_timestamp is not None and phase != "Succeeded"

    def _failure(self, job: KObject, pods: list[KObject], status: dict[str, Any]) -> tuple[str, str] | None:
        """(reason, message) when the Job has failed: a FailureTarget already set, too many failures, or time."""
        target = condition(status, "FailureTarget")
        if target is not None and target.get("status") == "True":
            return target.get("reason", ""), target.get("message", "")
        limit = job.spec.get("backoffLimit", 6)
        if status.get("failed", 0) > limit or _past_backoff_limit_on_failure(job, pods, limit):
            return "BackoffLimitExceeded", BACKOFF_LIMIT_MESSAGE
        deadline = job.spec.get("activeDeadlineSeconds")
        if deadline is not None and "startTime" in status and not job.spec.get("suspend"):
            left = parse_timestamp(status["startTime"]) + deadline - self.clock.now
            if left <= 0:
                return "DeadlineExceeded", DEADLINE_MESSAGE
            self.enqueue_after(left, job.key())
        return None

    def _fail(self, job: KObject, status: dict[str, Any], failure: tuple[str, str], terminating: int) -> None:
        """FailureTarget at once; Failed (and its event) once no pod is still terminating."""
        reason, message = failure
        now = timestamp(self.clock.now)
        if condition(status, "FailureTarget") is None:
            status["conditions"].append(_condition("FailureTarget", reason, message, now))
        if terminating == 0:
            status["conditions"].append(_condition("Failed", reason, message, now))
            self.store.record_event(job, "Warning", reason, message, actor=self.name)

    # ---- pods ------------------------------------------------------------------

    def _manage(self, job: KObject, pods: list[KObject], active: list[KObject], terminating: int,
                record: JobRecord, status: dict[str, Any]) -> tuple[list[KObject], int]:
        """manageJob: delete extra active pods, or create missing ones once the back-off has passed."""
        spec = job.spec
        succeeded = status.get("succeeded", 0)
        if spec.get("suspend"):
            return [], terminating + self._delete_pods(job, active, "the Job is suspended")
        completions = spec.get("completions")
        parallelism = spec.get("parallelism", 1)
        if completions is None:
            want = len(active) if succeeded else parallelism
        else:
            want = max(0, min(completions - succeeded, parallelism))
        if len(active) > want:
            victims = sorted(active, key=_removal_rank)[:min(len(active) - want, BURST_REPLICAS)]
            removed = self._delete_pods(job, victims, f"want {want} active pods, have {len(active)}")
            return [p for p in active if p not in victims], terminating + removed
        waiting = terminating if spec.get("podReplacementPolicy") == "Failed" else 0
        missing = min(want - waiting - len(active), BURST_REPLICAS)
        if missing <= 0:
            return active, terminating
        wait = self._backoff_left(record)
        if wait > 0:
            self.enqueue_after(wait, job.key())
            return active, terminating
        indexes = None
        if spec.get("completionMode") == "Indexed":
            indexes = next_indexes(pods, status.get("completedIndexes", ""), spec.get("completions") or 0, missing)
            missing = len(indexes)
        return active + self._create_pods(job, missing, indexes, want), terminating

    def _backoff_left(self, record: JobRecord) -> float:
        """getRemainingTime: 10 s after one failure, doubling per further failure, capped."""
        if not record.failures_since_success or record.last_failure is None:
            return 0.0
        delay = POD_FAILURE_BACKOFF
        for _ in range(record.failures_since_success - 1):
            delay = min(delay * 2, MAX_POD_FAILURE_BACKOFF)
        return max(0.0, record.last_failure + delay - self.clock.now)

    def _create_pods(self, job: KObject, count: int, indexes: list[int] | None, want: int) -> list[KObject]:
        """Slow-start batches of 1, 2, 4…; a batch with a failure ends the sync (as the ReplicaSet's)."""
        created: list[KObject] = []
        ref = owner_reference(job)
        batch = min(count, SLOW_START_INITIAL_BATCH)
        while batch > 0:
            for _ in range(batch):
                index = indexes[len(created)] if indexes is not None else None
                pod = pod_from_template(job, ref) if index is None else indexed_pod(job, ref, index)
                reason = f"job {job.name} wants {want} active pods, has {len(created)} new: created one"
                try:
                    self.store.create(pod, self.name, reason)
                except ApiError as exc:
                    self.store.record_event(job, "Warning", "FailedCreate", f"Error creating: {exc.message}",
                                            actor=self.name)
                    return created
                created.append(pod)
                self.store.record_event(job, "Normal", "SuccessfulCreate", f"Created pod: {pod.name}",
                                        actor=self.name)
            count -= batch
            batch = min(2 * batch, count)
        return created

    def _delete_pods(self, job: KObject, pods: list[KObject], why: str) -> int:
        """Delete pods; returns how many are now terminating (an unscheduled pod goes at once)."""
        terminating = 0
        for pod in pods:
            delete_pod(self.store, pod, self.name, f"{why}: deleted {pod.name}")
            self.store.record_event(job, "Normal", "SuccessfulDelete", f"Deleted pod: {pod.name}", actor=self.name)
            terminating += self.store.by_uid(pod.uid) is not None
        return terminating

    # ---- status ------------------------------------------------------------------

    def _complete_or_suspend(self, job: KObject, status: dict[str, Any], active: list[KObject],
                             terminating: int) -> None:
        spec = job.spec
        succeeded = status.get("succeeded", 0)
        completions = spec.get("completions")
        done = succeeded > 0 if completions is None else succeeded >= completions
        now = timestamp(self.clock.now)
        if done and not active:
            if condition(status, "SuccessCriteriaMet") is None:
                status["conditions"].append(_condition("SuccessCriteriaMet", "CompletionsReached",
                                                       COMPLETIONS_MESSAGE, now))
            if terminating == 0:
                status["conditions"].append(_condition("Complete", "CompletionsReached", COMPLETIONS_MESSAGE, now))
                status["completionTime"] = now
                self.store.record_event(job, "Normal", "Completed", "Job completed", actor=self.name)
            return
        self._suspended_condition(job, status, now)

    def _suspended_condition(self, job: KObject, status: dict[str, Any], now: str) -> None:
        """The Suspended condition follows spec.suspend; resuming restarts the clock (startTime)."""
        suspended = bool(job.spec.get("suspend"))
        current = condition(status, "Suspended")
        if suspended and (current is None or current["status"] != "True"):
            status["conditions"] = [c for c in status["conditions"] if c["type"] != "Suspended"]
            status["conditions"].append(_condition("Suspended", "JobSuspended", "Job suspended", now))
            self.store.record_event(job, "Normal", "Suspended", "Job suspended", actor=self.name)
        elif not suspended and current is not None and current["status"] == "True":
            current.update(_condition("Suspended", "JobResumed", "Job resumed", now, "False"))
            status["startTime"] = now
            self.store.record_event(job, "Normal", "Resumed", "Job resumed", actor=self.name)

    def _write_status(self, job: KObject, status: dict[str, Any]) -> None:
        for key in ("active", "succeeded", "failed"):
            if not status.get(key):
                status.pop(key, None)   # omitempty, as the API serialises them
        if not status["conditions"]:
            del status["conditions"]
        if status == job.status:
            return
        job.status = status
        self.store.update(job, self.name, _status_words(job), verb="update-status")


def _condition(ctype: str, reason: str, message: str, now: str, value: str = "True") -> dict[str, Any]:
    return {"lastProbeTime": now, "lastTransitionTime": now, "message": message, "reason": reason,
            "status": value, "type": ctype}


def _status_words(job: KObject) -> str:
    st = job.status
    words = f"{st.get('active', 0)} active, {st.get('succeeded', 0)} succeeded, {st.get('failed', 0)} failed"
    finished = finished_condition(job)
    return f"{words}: {finished}" if finished else words


def _past_backoff_limit_on_failure(job: KObject, pods: list[KObject], limit: int) -> bool:
    """pastBackoffLimitOnFailure: with restartPolicy OnFailure, container restarts count as failures."""
    template_spec = (job.spec.get("template") or {}).get("spec") or {}
    if template_spec.get("restartPolicy") != "OnFailure":
        return False
    restarts: int = sum(s.get("restartCount", 0)
                   for p in pods if p.status.get("phase") in ("Running", "Pending")
                   for s in [*p.status.get("initContainerStatuses", ()), *p.status.get("containerStatuses", ())])
    return restarts > 0 if limit == 0 else restarts >= limit


def _removal_rank(pod: KObject) -> tuple[Any, ...]:
    """activePodsForRemoval's order (controller.ActivePods): unscheduled, pending, not ready, newest first."""
    return (1 if pod.spec.get("nodeName") else 0, PHASE_ORDINAL.get(pod.status.get("phase", ""), 0),
            1 if pod_is_ready(pod) else 0, -pod.metadata.creation_timestamp, pod.uid)


def finish_time(pod: KObject, now: float) -> float:
    """getFinishedTime: the last container's finishedAt, else when deletion was asked for, else now."""
    finished = [s["state"]["terminated"].get("finishedAt") for s in pod.status.get("containerStatuses", ())
                if "terminated" in (s.get("state") or {})]
    stamps = [parse_timestamp(f) for f in finished if f]
    if stamps:
        return max(stamps)
    meta = pod.metadata
    if meta.deletion_timestamp is not None:
        return meta.deletion_timestamp - (meta.deletion_grace_period_seconds or 0)
    return now

