"""Indexed Jobs: one pod per completion index 0…completions−1 (k/k pkg/controller/job/indexed_job_utils.go).

Each pod carries its index in the `batch.kubernetes.io/job-completion-index`
annotation and label, the hostname `<job>-<index>`, a name `<job>-<index>-xxxxx`
and the JOB_COMPLETION_INDEX environment variable; the Job records the indexes
that have succeeded as intervals (`0-2,4`) in status.completedIndexes.
"""

from __future__ import annotations

from typing import Any

from ..objects import KObject, deep_copy, pod_is_active
from .replicaset import pod_from_template

INDEX_KEY = "batch.kubernetes.io/job-completion-index"


def completion_index(pod: KObject) -> int | None:
    text = pod.metadata.annotations.get(INDEX_KEY, "")
    return int(text) if text.isdigit() else None


def indexed_pod(job: KObject, owner_ref: dict[str, Any], index: int) -> KObject:
    pod = pod_from_template(job, owner_ref)
    meta = pod.metadata
    meta.annotations[INDEX_KEY] = str(index)
    meta.labels[INDEX_KEY] = str(index)   # PodIndexLabel, on by default since 1.28
    meta.generate_name = f"{job.name}-{index}-"
    pod.spec["hostname"] = f"{job.name}-{index}"
    containers = deep_copy(pod.spec.get("containers") or [])   # shared with the template: copy before editing
    for container in containers:
        container["env"] = [*(container.get("env") or []), {"name": "JOB_COMPLETION_INDEX", "valueFrom": {
            "fieldRef": {"apiVersion": "v1", "fieldPath": f"metadata.annotations['{INDEX_KEY}']"}}}]
    pod.spec["containers"] = containers
    return pod


def parse_intervals(text: str) -> set[int]:
    indexes: set[int] = set()
    for part in (p for p in text.split(",") if p):
        first, _, last = part.partition("-")
        indexes.update(range(int(first), int(last or first) + 1))
    return indexes


def format_intervals(indexes: set[int]) -> str:
    """`0-2,4`: sorted indexes as comma-separated intervals."""
    parts: list[str] = []
    ordered = sorted(indexes)
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] == ordered[j] + 1:
            j += 1
        parts.append(str(ordered[i]) if i == j else f"{ordered[i]}-{ordered[j]}")
        i = j + 1
    return ",".join(parts)


def index_count(text: str) -> int:
    return len(parse_intervals(text))


def completed_indexes(previous: str, pods: list[KObject], completions: int) -> str:
    """The indexes recorded before plus those of pods that have succeeded since."""
    done = parse_intervals(previous)
    for pod in pods:
        index = completion_index(pod) if pod.kind == "Pod" else None
        if index is not None and index < completions and pod.status.get("phase") == "Succeeded":
            done.add(index)
    return format_intervals(done)


def next_indexes(pods: list[KObject], completed: str, completions: int, count: int) -> list[int]:
    """firstPendingIndexes: the lowest indexes neither succeeded nor held by an active pod."""
    taken = parse_intervals(completed)
    taken.update(i for p in pods if pod_is_active(p) and (i := completion_index(p)) is not None)
    return [i for i in range(completions) if i not in taken][:count]
