"""`kubectl describe` for Job and CronJob (k/k staging/src/k8s.io/kubectl/pkg/describe/describe.go:
describeJob, describeCronJob, describeJobTemplate)."""

from __future__ import annotations

from typing import Any

from ...core.objects import KObject, parse_time
from ...core.simulation import Simulation
from ..ages import human_duration
from .describe import Writer, annotations_multiline, controlled_by, labels_multiline, pod_template, rfc1123z
from .tables import format_selector


def describe_job(sim: Simulation, job: KObject, w: Writer) -> None:
    spec, st = job.spec, job.status
    w.write(0, f"Name:\t{job.name}\n")
    w.write(0, f"Namespace:\t{job.namespace}\n")
    w.write(0, f"Selector:\t{format_selector(spec.get('selector'))}\n")
    labels_multiline(w, "Labels", job.metadata.labels)
    annotations_multiline(w, "Annotations", job.metadata.annotations)
    if controlled_by(job):
        w.write(0, f"Controlled By:\t{controlled_by(job)}\n")
    if spec.get("parallelism") is not None:
        w.write(0, f"Parallelism:\t{spec['parallelism']}\n")
    w.write(0, f"Completions:\t{spec['completions'] if spec.get('completions') is not None else '<unset>'}\n")
    for label, key in (("Completion Mode", "completionMode"), ("Suspend", "suspend"), ("Backoff Limit", "backoffLimit"),
                       ("TTL Seconds After Finished", "ttlSecondsAfterFinished")):
        if spec.get(key) is not None:
            w.write(0, f"{label}:\t{_go(spec[key])}\n")
    start, end = parse_time(st.get("startTime")), parse_time(st.get("completionTime"))
    if start is not None:
        w.write(0, f"Start Time:\t{rfc1123z(start)}\n")
    if end is not None:
        w.write(0, f"Completed At:\t{rfc1123z(end)}\n")
    if start is not None and end is not None:
        w.write(0, f"Duration:\t{human_duration(end - start)}\n")
    if spec.get("activeDeadlineSeconds") is not None:
        w.write(0, f"Active Deadline Seconds:\t{spec['activeDeadlineSeconds']}s\n")
    counts = f"{st.get('succeeded', 0)} Succeeded / {st.get('failed', 0)} Failed"
    if st.get("ready") is None:
        w.write(0, f"Pods Statuses:\t{st.get('active', 0)} Active / {counts}\n")
    else:
        w.write(0, f"Pods Statuses:\t{st.get('active', 0)} Active ({st['ready']} Ready) / {counts}\n")
    if spec.get("completionMode") == "Indexed":
        w.write(0, f"Completed Indexes:\t{_cap_indexes(st.get('completedIndexes', ''), 50)}\n")
    pod_template(w, spec.get("template") or {})


def describe_cronjob(sim: Simulation, cronjob: KObject, w: Writer) -> None:
    spec, st = cronjob.spec, cronjob.status
    w.write(0, f"Name:\t{cronjob.name}\n")
    w.write(0, f"Namespace:\t{cronjob.namespace}\n")
    labels_multiline(w, "Labels", cronjob.metadata.labels)
    annotations_multiline(w, "Annotations", cronjob.metadata.annotations)
    w.write(0, f"Schedule:\t{spec.get('schedule', '')}\n")
    w.write(0, f"Concurrency Policy:\t{spec.get('concurrencyPolicy', '')}\n")
    w.write(0, f"Suspend:\t{_bool_ptr(spec.get('suspend'))}\n")
    for label, key in (("Successful Job History Limit", "successfulJobsHistoryLimit"),
                       ("Failed Job History Limit", "failedJobsHistoryLimit")):
        w.write(0, f"{label}:\t{spec[key] if spec.get(key) is not None else '<unset>'}\n")
    deadline = spec.get("startingDeadlineSeconds")
    w.write(0, f"Starting Deadline Seconds:\t{f'{deadline}s' if deadline is not None else '<unset>'}\n")
    _job_template(w, spec.get("jobTemplate") or {})
    last = parse_time(st.get("lastScheduleTime"))
    w.write(0, f"Last Schedule Time:\t{rfc1123z(last) if last is not None else '<unset>'}\n")
    active = [str(ref.get("name", "")) for ref in st.get("active") or []]
    w.write(0, f"Active Jobs:\t{', '.join(active) if active else '<none>'}\n")


def _job_template(w: Writer, template: dict[str, Any]) -> None:
    spec = template.get("spec") or {}
    selector = spec.get("selector")
    w.write(0, f"Selector:\t{format_selector(selector) if selector is not None else '<unset>'}\n")
    for label, key in (("Parallelism", "parallelism"), ("Completions", "completions")):
        w.write(0, f"{label}:\t{spec[key] if spec.get(key) is not None else '<unset>'}\n")
    if spec.get("activeDeadlineSeconds") is not None:
        w.write(0, f"Active Deadline Seconds:\t{spec['activeDeadlineSeconds']}s\n")
    pod_template(w, spec.get("template") or {})


def _bool_ptr(value: Any) -> str:
    """printBoolPtr: True, False or <unset>."""
    return "<unset>" if value is None else ("True" if value else "False")


def _go(value: Any) -> str:
    """Go's %v: booleans in lower case."""
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _cap_indexes(indexes: str, soft_limit: int) -> str:
    """capIndexesListOrNone: cut after the first comma past `soft_limit` characters."""
    if not indexes:
        return "<none>"
    cut = indexes.find(",", soft_limit)
    return indexes if cut < 0 or len(indexes) <= soft_limit else indexes[:cut + 1] + "..."
