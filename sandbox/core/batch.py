"""What the API server and the batch controllers agree on about Jobs (k/k pkg/apis/batch,
pkg/registry/batch/job/strategy.go, pkg/controller/job/util).

The Job strategy generates a selector from the Job's uid when it is created, and
puts the matching labels on the pod template; the controllers read a Job's
conditions to know whether it has finished.
"""

from __future__ import annotations

import random

from .naming import new_uid
from .objects import KObject, condition

JOB_NAME_LABEL = "batch.kubernetes.io/job-name"
LEGACY_JOB_NAME_LABEL = "job-name"
CONTROLLER_UID_LABEL = "batch.kubernetes.io/controller-uid"
LEGACY_CONTROLLER_UID_LABEL = "controller-uid"
CRONJOB_SCHEDULED_TIMESTAMP = "batch.kubernetes.io/cronjob-scheduled-timestamp"


def generate_selector(job: KObject, rng: random.Random) -> None:
    """jobStrategy.PrepareForCreate's generateSelector, as a mutating admission step.

    The selector needs the Job's uid, so the uid is drawn here (the store keeps it). As in Go,
    where SetDefaults_Job makes the Job's labels the very map the template's labels are in
    (when the Job has none), such a Job also gets the generated labels.
    """
    spec, meta = job.spec, job.metadata
    if spec.get("manualSelector"):
        return
    meta.uid = meta.uid or new_uid(rng)
    template_meta = spec.setdefault("template", {}).setdefault("metadata", {})
    shares_labels = template_meta.get("labels") is not None and not meta.labels
    labels = template_meta.setdefault("labels", {})
    for key in (LEGACY_JOB_NAME_LABEL, JOB_NAME_LABEL):
        labels.setdefault(key, meta.name)
    for key in (LEGACY_CONTROLLER_UID_LABEL, CONTROLLER_UID_LABEL):
        labels.setdefault(key, meta.uid)
    selector = spec.get("selector") or {}
    selector.setdefault("matchLabels", {}).setdefault(CONTROLLER_UID_LABEL, meta.uid)
    spec["selector"] = selector
    if shares_labels:
        meta.labels = dict(labels)


def finished_condition(job: KObject) -> str | None:
    """util.FinishedCondition: "Complete" or "Failed" when that condition is True, else None."""
    for ctype in ("Complete", "Failed"):
        cond = condition(job.status, ctype)
        if cond is not None and cond.get("status") == "True":
            return ctype
    return None
