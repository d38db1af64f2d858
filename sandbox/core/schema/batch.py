"""batch/v1 kinds: Job, CronJob."""

from __future__ import annotations

from typing import Annotated, Any

from .base import Bool, Go, Int32, Int64, K8sModel, LabelSelector, Loose, ObjectMeta, Str
from .core import PodTemplateSpec


class JobSpec(K8sModel):
    parallelism: Int32 = None
    completions: Int32 = None
    activeDeadlineSeconds: Int64 = None
    podFailurePolicy: Annotated[Loose, Go("v1.PodFailurePolicy")] = None
    successPolicy: Annotated[Loose, Go("v1.SuccessPolicy")] = None
    backoffLimit: Int32 = None
    backoffLimitPerIndex: Int32 = None
    maxFailedIndexes: Int32 = None
    selector: LabelSelector | None = None
    manualSelector: Bool = None
    template: PodTemplateSpec | None = None
    ttlSecondsAfterFinished: Int32 = None
    completionMode: Str = None
    suspend: Bool = None
    podReplacementPolicy: Str = None
    managedBy: Str = None


class Job(K8sModel):
    apiVersion: Str = None
    kind: Str = None
    metadata: ObjectMeta | None = None
    spec: JobSpec | None = None
    status: Any = None


class JobTemplateSpec(K8sModel):
    metadata: ObjectMeta | None = None
    spec: JobSpec | None = None


class CronJobSpec(K8sModel):
    schedule: Str = None
    timeZone: Str = None
    startingDeadlineSeconds: Int64 = None
    concurrencyPolicy: Str = None
    suspend: Bool = None
    jobTemplate: JobTemplateSpec | None = None
    successfulJobsHistoryLimit: Int32 = None
    failedJobsHistoryLimit: Int32 = None


class CronJob(K8sModel):
    apiVersion: Str = None
    kind: Str = None
    metadata: ObjectMeta | None = None
    spec: CronJobSpec | None = None
    status: Any = None
