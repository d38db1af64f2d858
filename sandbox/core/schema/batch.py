"""batch/v1 kinds: Job, CronJob."""

from __future__ import annotations

from typing import Any, Optional

from .base import Bool, Int32, Int64, K8sModel, LabelSelector, Loose, ObjectMeta, Str
from .core import PodTemplateSpec


class JobSpec(K8sModel):
    parallelism: Int32 = None
    completions: Int32 = None
    activeDeadlineSeconds: Int64 = None
    podFailurePolicy: Loose("v1.PodFailurePolicy") = None
    successPolicy: Loose("v1.SuccessPolicy") = None
    backoffLimit: Int32 = None
    backoffLimitPerIndex: Int32 = None
    maxFailedIndexes: Int32 = None
    selector: Optional[LabelSelector] = None
    manualSelector: Bool = None
    template: Optional[PodTemplateSpec] = None
    ttlSecondsAfterFinished: Int32 = None
    completionMode: Str = None
    suspend: Bool = None
    podReplacementPolicy: Str = None
    managedBy: Str = None


class Job(K8sModel):
    apiVersion: Str = None
    kind: Str = None
    metadata: Optional[ObjectMeta] = None
    spec: Optional[JobSpec] = None
    status: Any = None


class JobTemplateSpec(K8sModel):
    metadata: Optional[ObjectMeta] = None
    spec: Optional[JobSpec] = None


class CronJobSpec(K8sModel):
    schedule: Str = None
    timeZone: Str = None
    startingDeadlineSeconds: Int64 = None
    concurrencyPolicy: Str = None
    suspend: Bool = None
    jobTemplate: Optional[JobTemplateSpec] = None
    successfulJobsHistoryLimit: Int32 = None
    failedJobsHistoryLimit: Int32 = None


class CronJob(K8sModel):
    apiVersion: Str = None
    kind: Str = None
    metadata: Optional[ObjectMeta] = None
    spec: Optional[CronJobSpec] = None
    status: Any = None
