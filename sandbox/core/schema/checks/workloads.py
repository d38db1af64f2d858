"""Deployments, ReplicaSets, DaemonSets and StatefulSets (pkg/apis/apps/validation), Jobs and
CronJobs (pkg/apis/batch/validation).
"""

from __future__ import annotations

from typing import Any

from ...labels import selector_matches
from ..fielderrors import (
    FieldErrors,
    GoLiteral,
    check_nonnegative,
    go_int_or_string,
    go_label_selector,
    go_quote,
    go_string_map,
)
from .common import Obj, check_selector, int_or_percent, int_or_percent_value, not_over_100
from .pods import check_pod_template


def _selected_template(errs: FieldErrors, spec: Obj, what: str, *, required: bool) -> None:
    """The selector checks shared by Deployment, ReplicaSet and DaemonSet."""
    selector = spec.get("selector")
    template = spec.get("template") or {}
    labels = (template.get("metadata") or {}).get("labels")
    # A nil selector matches nothing; an empty one everything (and is reported below).
    empty = selector is not None and not selector.get("matchLabels") and not selector.get("matchExpressions")
    if selector is None:
        if required:
            errs.required("spec.selector")
    else:
        check_selector(errs, selector, "spec.selector")
        if empty:
            errs.invalid("spec.selector", go_label_selector(selector), f"empty selector is invalid for {what}")
    if not empty and not _selector_matches(selector, labels or {}):
        errs.invalid("spec.template.metadata.labels", go_string_map(labels),
                     "`selector` does not match template `labels`")


def _selector_matches(selector: Obj | None, labels: dict[str, str]) -> bool:
    try:
        return selector_matches(selector, labels)
    except (ValueError, KeyError):  # a malformed expression, reported by check_selector
        return True


def check_deployment(errs: FieldErrors, obj: Obj) -> None:
    spec = obj.get("spec") or {}
    check_nonnegative(errs, spec.get("replicas"), "spec.replicas")
    _selected_template(errs, spec, "deployment", required=True)
    check_pod_template(errs, spec.get("template") or {}, "spec.template")
    strategy = spec.get("strategy") or {}
    stype = strategy.get("type")
    rolling: Obj | None = strategy.get("rollingUpdate")
    if stype == "Recreate":
        if rolling is not None:
            errs.forbidden("spec.strategy.rollingUpdate", "may not be specified when strategy `type` is 'Recreate'")
    elif stype == "RollingUpdate":
        assert rolling is not None, "defaulting sets rollingUpdate for a RollingUpdate strategy"
        surge, unavailable = rolling["maxSurge"], rolling["maxUnavailable"]  # both defaulted
        int_or_percent(errs, unavailable, "spec.strategy.rollingUpdate.maxUnavailable")
        int_or_percent(errs, surge, "spec.strategy.rollingUpdate.maxSurge")
        if int_or_percent_value(unavailable) == 0 and int_or_percent_value(surge) == 0:
            errs.invalid("spec.strategy.rollingUpdate.maxUnavailable", go_int_or_string(unavailable),
                         "may not be 0 when `maxSurge` is 0")
        not_over_100(errs, unavailable, "spec.strategy.rollingUpdate.maxUnavailable")
    else:
        pointer = "(nil)" if rolling is None else "(0xc000a3e0c0)"
        errs.not_supported("spec.strategy", GoLiteral(
            f"apps.DeploymentStrategy{{Type:{go_quote_value(stype)}, "
            f"RollingUpdate:(*apps.RollingUpdateDeployment){pointer}}}"), ["Recreate", "RollingUpdate"])
    min_ready = spec.get("minReadySeconds") or 0
    check_nonnegative(errs, min_ready, "spec.minReadySeconds")
    check_nonnegative(errs, spec.get("revisionHistoryLimit"), "spec.revisionHistoryLimit")
    deadline = spec.get("progressDeadlineSeconds")
    if deadline is not None:
        check_nonnegative(errs, deadline, "spec.progressDeadlineSeconds")
        if deadline <= min_ready:
            errs.invalid("spec.progressDeadlineSeconds", deadline, "must be greater than minReadySeconds")


def go_quote_value(value: Any) -> str:
    return go_quote(str(value or ""))


def check_replicaset(errs: FieldErrors, obj: Obj) -> None:
    spec = obj.get("spec") or {}
    check_nonnegative(errs, spec.get("replicas"), "spec.replicas")
    check_nonnegative(errs, spec.get("minReadySeconds"), "spec.minReadySeconds")
    # Upstream says "for deployment" here too: the ReplicaSet validator shares the wording.
    _selected_template(errs, spec, "deployment", required=True)
    check_pod_template(errs, spec.get("template") or {}, "spec.template")


def check_daemonset(errs: FieldErrors, obj: Obj) -> None:
    spec = obj.get("spec") or {}
    _selected_template(errs, spec, "daemonset", required=False)
    check_pod_template(errs, spec.get("template") or {}, "spec.template")
    check_nonnegative(errs, spec.get("minReadySeconds"), "spec.minReadySeconds")
    strategy = spec.get("updateStrategy") or {}
    if strategy.get("type") == "RollingUpdate":
        rolling: Obj = strategy["rollingUpdate"]  # defaulting sets it, with both fields
        path = "spec.updateStrategy.rollingUpdate"
        surge, unavailable = rolling["maxSurge"], rolling["maxUnavailable"]
        int_or_percent(errs, unavailable, f"{path}.maxUnavailable")
        int_or_percent(errs, surge, f"{path}.maxSurge")
        not_over_100(errs, unavailable, f"{path}.maxUnavailable")
        not_over_100(errs, surge, f"{path}.maxSurge")
        has_unavailable, has_surge = int_or_percent_value(unavailable) != 0, int_or_percent_value(surge) != 0
        if has_unavailable and has_surge:
            errs.invalid(f"{path}.maxSurge", go_int_or_string(surge), "may not be set when maxUnavailable is non-zero")
        elif not has_unavailable and not has_surge:
            errs.required(f"{path}.maxUnavailable", "cannot be 0 when maxSurge is 0")
    elif strategy.get("type") != "OnDelete":
        errs.not_supported("spec.updateStrategy", GoLiteral(
            f"apps.DaemonSetUpdateStrategy{{Type:{go_quote_value(strategy.get('type'))}, "
            "RollingUpdate:(*apps.RollingUpdateDaemonSet)(nil)}"), ["RollingUpdate", "OnDelete"])
    check_nonnegative(errs, spec.get("revisionHistoryLimit"), "spec.revisionHistoryLimit")


def check_statefulset(errs: FieldErrors, obj: Obj) -> None:
    """ValidateStatefulSetSpec (k/k pkg/apis/apps/validation)."""
    spec = obj.get("spec") or {}
    policy = spec.get("podManagementPolicy")
    if policy not in ("OrderedReady", "Parallel"):
        errs.invalid("spec.podManagementPolicy", policy or "", "must be 'OrderedReady' or 'Parallel'")
    strategy = spec.get("updateStrategy") or {}
    stype = strategy.get("type")
    if stype == "OnDelete" and strategy.get("rollingUpdate") is not None:
        errs.invalid("spec.updateStrategy.rollingUpdate", GoLiteral("&apps.RollingUpdateStatefulSetStrategy{...}"),
                     "only allowed for updateStrategy 'RollingUpdate'")
    elif stype == "RollingUpdate":
        check_nonnegative(errs, (strategy.get("rollingUpdate") or {}).get("partition"),
                          "spec.updateStrategy.rollingUpdate.partition")
    elif stype != "OnDelete":
        errs.invalid("spec.updateStrategy", GoLiteral(f"apps.StatefulSetUpdateStrategy{{Type:{go_quote_value(stype)}, "
                                                      "RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)(nil)}"),
                     "must be 'RollingUpdate' or 'OnDelete'")
    check_nonnegative(errs, spec.get("replicas"), "spec.replicas")
    check_nonnegative(errs, spec.get("minReadySeconds"), "spec.minReadySeconds")
    _selected_template(errs, spec, "statefulset", required=True)
    check_pod_template(errs, spec.get("template") or {}, "spec.template")
    if ((spec.get("template") or {}).get("spec") or {}).get("activeDeadlineSeconds") is not None:
        errs.forbidden("spec.template.spec.activeDeadlineSeconds",
                       "activeDeadlineSeconds in StatefulSet is not Supported")


JOB_CONTROLLER_UID_LABEL = "batch.kubernetes.io/controller-uid"


def check_job_spec(errs: FieldErrors, spec: Obj, path: str) -> None:
    """validateJobSpec (k/k pkg/apis/batch/validation): counts, completion mode, the pod template."""
    for field in ("parallelism", "completions", "activeDeadlineSeconds", "backoffLimit", "ttlSecondsAfterFinished"):
        check_nonnegative(errs, spec.get(field), f"{path}.{field}")
    mode = spec.get("completionMode")
    if mode is not None and mode not in ("NonIndexed", "Indexed"):
        errs.not_supported(f"{path}.completionMode", mode, ["NonIndexed", "Indexed"])
    if mode == "Indexed" and spec.get("completions") is None:
        errs.required(f"{path}.completions", "when completion mode is Indexed")
    check_pod_template(errs, spec.get("template") or {}, f"{path}.template", runs_to_completion=True)


def check_job(errs: FieldErrors, obj: Obj) -> None:
    """ValidateJob: the selector is generated from the Job's uid unless manualSelector is set."""
    spec = obj.get("spec") or {}
    check_job_spec(errs, spec, "spec")
    selector = spec.get("selector")
    if spec.get("manualSelector"):
        _selected_template(errs, spec, "job", required=True)
    elif selector is not None and (selector.get("matchExpressions") or
                                   set(selector.get("matchLabels") or {}) != {JOB_CONTROLLER_UID_LABEL}):
        # ValidateGeneratedSelector: only the selector the server generates (the Job's uid) is accepted.
        errs.invalid("spec.selector", go_label_selector(selector), "`selector` not auto-generated")


def check_cronjob(errs: FieldErrors, obj: Obj) -> None:
    """ValidateCronJobCreate: the schedule (robfig/cron's words), policies, history limits, the job template."""
    from ...cron import CronError, parse

    name = (obj.get("metadata") or {}).get("name") or ""
    if len(name) > 52:  # the controller appends `-<11 digits>` to make a Job name of at most 63
        errs.invalid("metadata.name", name, "must be no more than 52 characters")
    spec = obj.get("spec") or {}
    schedule = spec.get("schedule") or ""
    if not schedule:
        errs.required("spec.schedule")
    else:
        try:
            parse(schedule)
        except CronError as exc:
            errs.invalid("spec.schedule", schedule, str(exc))
        if "TZ" in schedule:
            errs.invalid("spec.schedule", schedule, "cannot use TZ or CRON_TZ in schedule, use timeZone field instead")
    check_nonnegative(errs, spec.get("startingDeadlineSeconds"), "spec.startingDeadlineSeconds")
    zone = spec.get("timeZone")
    if zone is not None:
        for msg in time_zone_errors(zone):
            errs.invalid("spec.timeZone", zone, msg)
    policy = spec.get("concurrencyPolicy")
    if policy not in ("Allow", "Forbid", "Replace"):
        errs.not_supported("spec.concurrencyPolicy", policy or "", ["Allow", "Forbid", "Replace"])
    template = spec.get("jobTemplate") or {}
    job_spec = template.get("spec") or {}
    check_job_spec(errs, job_spec, "spec.jobTemplate.spec")
    if job_spec.get("selector") is not None:
        errs.invalid("spec.jobTemplate.spec.selector", go_label_selector(job_spec["selector"]),
                     "`selector` will be auto-generated")
    for field in ("successfulJobsHistoryLimit", "failedJobsHistoryLimit"):
        check_nonnegative(errs, spec.get(field), f"spec.{field}")


def time_zone_errors(name: str) -> list[str]:
    """validateTimeZone: an explicit name from the IANA database, as time.LoadLocation knows it."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if not name:
        return ["timeZone must be nil or non-empty string"]
    if name.lower() == "local":
        return ["timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones"]
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return [f"unknown time zone {name}"]
    return []
