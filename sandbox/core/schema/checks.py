"""Value validation per kind: the subset of k/k pkg/apis/*/validation the sandbox enforces.

Runs on a decoded, defaulted copy of the manifest (the API server validates
after defaulting), so every value has the type the schema promised.
Field paths, messages and order follow the upstream validators.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from typing import Any

from ..labels import selector_matches
from ..quantity import parse_quantity
from .fielderrors import (
    FieldErrors,
    GoLiteral,
    check_labels,
    check_nonnegative,
    config_key,
    dns1035_label,
    dns1123_label,
    dns1123_subdomain,
    go_int_or_string,
    go_label_selector,
    go_quote,
    go_string_map,
    label_value,
    percent,
    port_name,
    port_number,
    qualified_name,
)

Obj = dict[str, Any]
PROTOCOLS = ["SCTP", "TCP", "UDP"]
NODE_PORT_RANGE = (30000, 32767)  # kube-apiserver --service-node-port-range default


# ---- metadata ---------------------------------------------------------------------------------

def check_metadata(errs: FieldErrors, meta: Obj, name_check: Callable[[str], list[str]], path: str = "metadata",
                   *, require_name: bool = True) -> None:
    """ValidateObjectMeta: name (or generateName), namespace, labels, annotations."""
    name, generate = meta.get("name") or "", meta.get("generateName") or ""
    if generate:
        for msg in name_check(generate.rstrip("-") if generate.endswith("-") else generate):
            errs.invalid(f"{path}.generateName", generate, msg)
    if name:
        for msg in name_check(name):
            errs.invalid(f"{path}.name", name, msg)
    elif require_name and not generate:
        errs.required(f"{path}.name", "name or generateName is required")
    namespace = meta.get("namespace")
    if namespace:
        for msg in dns1123_label(namespace):
            errs.invalid(f"{path}.namespace", namespace, msg)
    check_labels(errs, meta.get("labels"), f"{path}.labels")
    for key in sorted(meta.get("annotations") or {}):
        for msg in qualified_name(key.lower()):
            errs.invalid(f"{path}.annotations", key, msg)


def check_selector(errs: FieldErrors, selector: Obj, path: str) -> None:
    """ValidateLabelSelector."""
    for i, expr in enumerate(selector.get("matchExpressions") or []):
        epath = f"{path}.matchExpressions[{i}]"
        op, values = expr.get("operator") or "", expr.get("values") or []
        if op in ("In", "NotIn") and not values:
            errs.required(f"{epath}.values", "must be specified when `operator` is 'In' or 'NotIn'")
        elif op in ("Exists", "DoesNotExist") and values:
            errs.forbidden(f"{epath}.values", "may not be specified when `operator` is 'Exists' or 'DoesNotExist'")
        elif op not in ("In", "NotIn", "Exists", "DoesNotExist"):
            errs.invalid(f"{epath}.operator", op, "not a valid selector operator")
        for msg in qualified_name(expr.get("key") or ""):
            errs.invalid(f"{epath}.key", expr.get("key") or "", msg)
    check_labels(errs, selector.get("matchLabels"), f"{path}.matchLabels")


def int_or_percent(errs: FieldErrors, value: int | str, path: str) -> None:
    """ValidatePositiveIntOrPercent and IsNotMoreThan100Percent."""
    if isinstance(value, str):
        for msg in percent(value):
            errs.invalid(path, go_int_or_string(value), msg)
    else:
        check_nonnegative(errs, value, path)


def int_or_percent_value(value: int | str | None) -> int:
    """getIntOrPercentValue: "25%" -> 25, 3 -> 3; a malformed string counts as 0."""
    if isinstance(value, str):
        return int(value[:-1]) if not percent(value) else 0
    return value or 0


def not_over_100(errs: FieldErrors, value: int | str | None, path: str) -> None:
    if isinstance(value, str) and not percent(value) and int(value[:-1]) > 100:
        errs.invalid(path, go_int_or_string(value), "must not be greater than 100%")


# ---- pods -------------------------------------------------------------------------------------

def check_pod_spec(errs: FieldErrors, spec: Obj, path: str) -> None:
    """ValidatePodSpec (the parts the sandbox uses)."""
    containers = spec.get("containers") or []
    if not containers:
        errs.required(f"{path}.containers")
    names: dict[str, bool] = {}
    for field in ("initContainers", "containers"):
        for i, container in enumerate(spec.get(field) or []):
            check_container(errs, container, f"{path}.{field}[{i}]", names)
    restart = spec.get("restartPolicy")
    if restart not in ("Always", "OnFailure", "Never"):
        errs.not_supported(f"{path}.restartPolicy", restart or "", ["Always", "OnFailure", "Never"])
    dns = spec.get("dnsPolicy")
    dns_policies = ["ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"]
    if dns not in dns_policies:
        errs.not_supported(f"{path}.dnsPolicy", dns or "", dns_policies)
    check_labels(errs, spec.get("nodeSelector"), f"{path}.nodeSelector")
    check_nonnegative(errs, spec.get("terminationGracePeriodSeconds"), f"{path}.terminationGracePeriodSeconds")
    deadline = spec.get("activeDeadlineSeconds")
    if deadline is not None and deadline <= 0:
        errs.invalid(f"{path}.activeDeadlineSeconds", deadline, "must be between 1 and 2147483647, inclusive")
    for i, toleration in enumerate(spec.get("tolerations") or []):
        check_toleration(errs, toleration, f"{path}.tolerations[{i}]")


def check_container(errs: FieldErrors, container: Obj, path: str, names: dict[str, bool]) -> None:
    name = container.get("name") or ""
    if not name:
        errs.required(f"{path}.name")
    elif name in names:
        errs.duplicate(f"{path}.name", name)
    else:
        for msg in dns1123_label(name):
            errs.invalid(f"{path}.name", name, msg)
    names[name] = True
    if not container.get("image"):
        errs.required(f"{path}.image")
    for i, port in enumerate(container.get("ports") or []):
        check_container_port(errs, port, f"{path}.ports[{i}]")
    check_resources(errs, container.get("resources") or {}, f"{path}.resources")
    policy = container.get("imagePullPolicy")
    if policy not in ("Always", "IfNotPresent", "Never"):
        errs.not_supported(f"{path}.imagePullPolicy", policy or "", ["Always", "IfNotPresent", "Never"])
    for kind in ("livenessProbe", "readinessProbe", "startupProbe"):
        if container.get(kind) is not None:
            check_probe(errs, container[kind], f"{path}.{kind}")
    for kind in ("livenessProbe", "startupProbe"):
        threshold = (container.get(kind) or {}).get("successThreshold")
        if threshold is not None and threshold != 1:
            errs.invalid(f"{path}.{kind}.successThreshold", threshold, "must be 1")


PROBE_HANDLERS = ("exec", "httpGet", "tcpSocket", "grpc")


def check_probe(errs: FieldErrors, probe: Obj, path: str) -> None:
    """validateProbe: exactly one handler, valid ports, non-negative timings (after SetDefaults_Probe)."""
    handlers = [h for h in PROBE_HANDLERS if probe.get(h) is not None]
    for extra in handlers[1:]:
        errs.forbidden(f"{path}.{extra}", "may not specify more than 1 handler type")
    if not handlers:
        errs.required(path, "must specify a handler type")
    elif handlers[0] == "exec" and not (probe["exec"].get("command") or []):
        errs.required(f"{path}.exec.command")
    elif handlers[0] in ("httpGet", "tcpSocket"):
        check_port_number_or_name(errs, probe[handlers[0]].get("port"), f"{path}.{handlers[0]}.port")
    for field in ("initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold"):
        check_nonnegative(errs, probe.get(field), f"{path}.{field}")


def check_port_number_or_name(errs: FieldErrors, port: int | str | None, path: str) -> None:
    """ValidatePortNumOrName."""
    if isinstance(port, str) and not port.isdigit():
        for msg in port_name(port):
            errs.invalid(path, port, msg)
        return
    number = int(port or 0)
    if number == 0:
        errs.required(path)
    for msg in port_number(number) if number else ():
        errs.invalid(path, number, msg)


def check_container_port(errs: FieldErrors, port: Obj, path: str) -> None:
    number = port.get("containerPort") or 0
    if number == 0:
        errs.required(f"{path}.containerPort")
    for msg in port_number(number) if number else ():
        errs.invalid(f"{path}.containerPort", number, msg)
    host_port = port.get("hostPort") or 0
    for msg in port_number(host_port) if host_port else ():
        errs.invalid(f"{path}.hostPort", host_port, msg)
    if port.get("name"):
        for msg in port_name(port["name"]):
            errs.invalid(f"{path}.name", port["name"], msg)
    protocol = port.get("protocol")
    if protocol not in PROTOCOLS:
        errs.not_supported(f"{path}.protocol", protocol or "", PROTOCOLS)


def check_resources(errs: FieldErrors, resources: Obj, path: str) -> None:
    """ValidateResourceRequirements: non-negative quantities; requests no larger than limits."""
    limits, requests = resources.get("limits") or {}, resources.get("requests") or {}
    for kind, values in (("limits", limits), ("requests", requests)):
        for resource in sorted(values):
            if _quantity(values[resource]) < 0:
                errs.invalid(f"{path}.{kind}[{resource}]", str(values[resource]), "must be greater than or equal to 0")
    for resource in sorted(requests):
        if resource in limits and _quantity(requests[resource]) > _quantity(limits[resource]):
            errs.invalid(f"{path}.requests", str(requests[resource]),
                         f"must be less than or equal to {resource} limit of {limits[resource]}")


def _quantity(value: str | int | float) -> float:
    try:
        return parse_quantity(value)
    except ValueError:  # nano/micro units, which quantity.py does not parse: tiny and positive unless signed
        return -1.0 if str(value).startswith("-") else 0.0


def check_toleration(errs: FieldErrors, toleration: Obj, path: str) -> None:
    operator = toleration.get("operator") or "Equal"
    effect = toleration.get("effect") or ""
    if operator == "Exists" and toleration.get("value"):
        errs.invalid(f"{path}.operator", toleration["value"], "value must be empty when `operator` is 'Exists'")
    elif operator not in ("Equal", "Exists"):
        errs.not_supported(f"{path}.operator", operator, ["Equal", "Exists"])
    if toleration.get("tolerationSeconds") is not None and effect != "NoExecute":
        errs.invalid(f"{path}.effect", effect, "effect must be 'NoExecute' when `tolerationSeconds` is set")
    if effect and effect not in ("NoSchedule", "PreferNoSchedule", "NoExecute"):
        errs.not_supported(f"{path}.effect", effect, ["NoSchedule", "PreferNoSchedule", "NoExecute"])


def check_pod_template(errs: FieldErrors, template: Obj, path: str, *, runs_to_completion: bool = False) -> None:
    """ValidatePodTemplateSpec; workload templates must restart Always, Job templates must not
    (k/k pkg/apis/batch/validation validateJobSpec: an unset policy is defaulted to Always)."""
    meta = template.get("metadata") or {}
    check_labels(errs, meta.get("labels"), f"{path}.metadata.labels")
    spec = template.get("spec") or {}
    check_pod_spec(errs, spec, f"{path}.spec")
    policy = spec.get("restartPolicy")
    if runs_to_completion:
        if policy == "Always":
            errs.required(f"{path}.spec.restartPolicy", 'valid values: "OnFailure", "Never"')
    elif policy in ("OnFailure", "Never"):
        errs.not_supported(f"{path}.spec.restartPolicy", policy, ["Always"])


# ---- kinds ------------------------------------------------------------------------------------

def check_pod(errs: FieldErrors, obj: Obj) -> None:
    check_pod_spec(errs, obj.get("spec") or {}, "spec")


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
    from ..cron import CronError, parse

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


def check_config_data(errs: FieldErrors, obj: Obj) -> None:
    """ValidateConfigMap / ValidateSecret: every data key is a config key (IsConfigMapKey)."""
    for field in ("data", "binaryData", "stringData"):
        for key in sorted(obj.get(field) or {}):
            for msg in config_key(key):
                errs.invalid(f"{field}[{key}]", key, msg)
    for key in sorted(set(obj.get("data") or {}) & set(obj.get("binaryData") or {})):
        errs.invalid(f"data[{key}]", key, "duplicate of key present in binaryData")


def check_service(errs: FieldErrors, obj: Obj) -> None:
    spec = obj.get("spec") or {}
    stype = spec.get("type") or ""
    ports = spec.get("ports") or []
    headless = spec.get("clusterIP") == "None"
    if stype not in ("ClusterIP", "ExternalName", "LoadBalancer", "NodePort"):
        errs.not_supported("spec.type", stype, ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"])
    if stype == "ExternalName":
        if not spec.get("externalName"):
            errs.required("spec.externalName")
    elif not ports and not headless:
        errs.required("spec.ports")
    names: dict[str, bool] = {}
    for i, port in enumerate(ports):
        check_service_port(errs, port, f"spec.ports[{i}]", len(ports) > 1, names, stype)
    check_labels(errs, spec.get("selector"), "spec.selector")
    affinity = spec.get("sessionAffinity")
    if affinity not in ("ClientIP", "None"):
        errs.not_supported("spec.sessionAffinity", affinity or "", ["ClientIP", "None"])
    cluster_ip = spec.get("clusterIP")
    if cluster_ip and cluster_ip != "None" and not _is_ip(cluster_ip):
        errs.invalid("spec.clusterIPs[0]", cluster_ip, "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)")


def check_service_port(errs: FieldErrors, port: Obj, path: str, several: bool, names: dict[str, bool],
                       stype: str) -> None:
    name = port.get("name") or ""
    if several and not name:
        errs.required(f"{path}.name")
    elif name:
        for msg in dns1123_label(name):
            errs.invalid(f"{path}.name", name, msg)
        if name in names:
            errs.duplicate(f"{path}.name", name)
        names[name] = True
    number = port.get("port") or 0
    for msg in port_number(number):
        errs.invalid(f"{path}.port", number, msg)
    protocol = port.get("protocol")
    if protocol not in PROTOCOLS:
        errs.not_supported(f"{path}.protocol", protocol or "", PROTOCOLS)
    target = port.get("targetPort")
    if isinstance(target, str):
        for msg in port_name(target):
            errs.invalid(f"{path}.targetPort", target, msg)
    elif target:
        for msg in port_number(target):
            errs.invalid(f"{path}.targetPort", target, msg)
    node_port = port.get("nodePort")
    if node_port:
        if stype == "ClusterIP":
            errs.forbidden(f"{path}.nodePort", "may not be used when `type` is 'ClusterIP'")
        elif not NODE_PORT_RANGE[0] <= node_port <= NODE_PORT_RANGE[1]:
            errs.invalid(f"{path}.nodePort", node_port, "provided port is not in the valid range. "
                         f"The range of valid ports is {NODE_PORT_RANGE[0]}-{NODE_PORT_RANGE[1]}")


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _network(text: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    try:
        return ipaddress.ip_network(text, strict=False)
    except ValueError:
        return None


INGRESS_PATH_TYPES = ["Exact", "ImplementationSpecific", "Prefix"]


def check_ingress(errs: FieldErrors, obj: Obj) -> None:
    spec = obj.get("spec") or {}
    rules = spec.get("rules") or []
    if spec.get("defaultBackend") is None and not rules:
        errs.invalid("spec", GoLiteral("[]networking.IngressRule(nil)"),
                     "either `defaultBackend` or `rules` must be specified")
    if spec.get("defaultBackend") is not None:
        check_ingress_backend(errs, spec["defaultBackend"], "spec.defaultBackend")
    for i, rule in enumerate(rules):
        host = rule.get("host") or ""
        if host:
            for msg in dns1123_subdomain(host[2:] if host.startswith("*.") else host):
                errs.invalid(f"spec.rules[{i}].host", host, msg)
        http = rule.get("http")
        if http is None:
            continue
        paths = http.get("paths") or []
        if not paths:
            errs.required(f"spec.rules[{i}].http.paths")
        for j, path in enumerate(paths):
            check_ingress_path(errs, path, f"spec.rules[{i}].http.paths[{j}]")


def check_ingress_path(errs: FieldErrors, entry: Obj, path: str) -> None:
    """validateHTTPIngressPath."""
    path_type, text = entry.get("pathType"), entry.get("path") or ""
    if path_type is None:
        errs.required(f"{path}.pathType", "pathType must be specified")
        return
    if path_type in ("Exact", "Prefix"):
        if not text.startswith("/"):
            errs.invalid(f"{path}.path", text, "must be an absolute path")
        for seq in ("//", "/./", "/../", "%2f", "%2F"):
            if seq in text:
                errs.invalid(f"{path}.path", text, f"must not contain '{seq}'")
        for suffix in ("/..", "/."):
            if text.endswith(suffix):
                errs.invalid(f"{path}.path", text, f"cannot end with '{suffix}'")
    elif path_type == "ImplementationSpecific":
        if text and not text.startswith("/"):
            errs.invalid(f"{path}.path", text, "must be an absolute path")
    else:
        errs.not_supported(f"{path}.pathType", path_type, INGRESS_PATH_TYPES)
    check_ingress_backend(errs, entry.get("backend") or {}, f"{path}.backend")


def check_ingress_backend(errs: FieldErrors, backend: Obj, path: str) -> None:
    service, resource = backend.get("service"), backend.get("resource")
    if service is not None and resource is not None:
        errs.invalid(path, "", "cannot set both resource and service backends")
    elif resource is not None:
        return
    elif service is None:
        errs.invalid(path, "", "resource or service backend is required")
    else:
        name = service.get("name") or ""
        if not name:
            errs.required(f"{path}.service.name")
        for msg in dns1035_label(name) if name else ():
            errs.invalid(f"{path}.service.name", name, msg)
        port = service.get("port") or {}
        port_name_, number = port.get("name") or "", port.get("number") or 0
        if port_name_ and number:
            errs.invalid(path, "", "cannot set both port name & port number")
        elif port_name_:
            for msg in port_name(port_name_):
                errs.invalid(f"{path}.service.port.name", port_name_, msg)
        elif number:
            for msg in port_number(number):
                errs.invalid(f"{path}.service.port.number", number, msg)
        else:
            errs.required(path, "port name or number is required")


def check_network_policy(errs: FieldErrors, obj: Obj) -> None:
    spec = obj.get("spec") or {}
    check_selector(errs, spec.get("podSelector") or {}, "spec.podSelector")
    for direction, peers_field in (("ingress", "from"), ("egress", "to")):
        for i, rule in enumerate(spec.get(direction) or []):
            rpath = f"spec.{direction}[{i}]"
            for j, port in enumerate(rule.get("ports") or []):
                check_policy_port(errs, port, f"{rpath}.ports[{j}]")
            for j, peer in enumerate(rule.get(peers_field) or []):
                check_policy_peer(errs, peer, f"{rpath}.{peers_field}[{j}]")
    types = spec.get("policyTypes") or []
    if len(types) > 2:
        listed = ", ".join(f'"{t}"' for t in types)
        errs.invalid("spec.policyTypes", GoLiteral(f"&[]networking.PolicyType{{{listed}}}"),
                     "may not specify more than two policyTypes")
        return
    for i, ptype in enumerate(types):
        if ptype not in ("Ingress", "Egress"):
            errs.not_supported(f"spec.policyTypes[{i}]", ptype, ["Ingress", "Egress"])


def check_policy_port(errs: FieldErrors, port: Obj, path: str) -> None:
    protocol = port.get("protocol")
    if protocol is not None and protocol not in PROTOCOLS:
        errs.not_supported(f"{path}.protocol", protocol, PROTOCOLS)
    value = port.get("port")
    if isinstance(value, str):
        for msg in port_name(value):
            errs.invalid(f"{path}.port", value, msg)
    elif value is not None:
        for msg in port_number(value):
            errs.invalid(f"{path}.port", value, msg)


def check_policy_peer(errs: FieldErrors, peer: Obj, path: str) -> None:
    given = [k for k in ("podSelector", "namespaceSelector", "ipBlock") if peer.get(k) is not None]
    if not given:
        errs.required(path, "must specify a peer")
    elif len(given) > 1 and "ipBlock" in given:
        errs.forbidden(path, "may not specify both ipBlock and another peer")
    for key in ("podSelector", "namespaceSelector"):
        if peer.get(key) is not None:
            check_selector(errs, peer[key], f"{path}.{key}")
    block = peer.get("ipBlock")
    if block is not None:
        check_ip_block(errs, block, f"{path}.ipBlock")


def check_ip_block(errs: FieldErrors, block: Obj, path: str) -> None:
    cidr = block.get("cidr") or ""
    if not cidr:
        errs.required(f"{path}.cidr")
        return
    network = _network(cidr) if "/" in cidr else None
    if network is None:
        errs.invalid(f"{path}.cidr", cidr, "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)")
        return
    for i, text in enumerate(block.get("except") or []):
        epath = f"{path}.except[{i}]"
        inner = _network(text) if text and "/" in text else None
        if inner is None:
            errs.invalid(epath, text, "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)")
        elif not _strict_subnet(inner, network):
            errs.invalid(epath, text, "must be a strict subset of `cidr`")


def _strict_subnet(inner: ipaddress.IPv4Network | ipaddress.IPv6Network,
                   outer: ipaddress.IPv4Network | ipaddress.IPv6Network) -> bool:
    """A narrower network inside `outer`, of the same IP version (subnet_of raises across versions)."""
    if inner.prefixlen <= outer.prefixlen:
        return False
    if isinstance(inner, ipaddress.IPv4Network) and isinstance(outer, ipaddress.IPv4Network):
        return inner.subnet_of(outer)
    if isinstance(inner, ipaddress.IPv6Network) and isinstance(outer, ipaddress.IPv6Network):
        return inner.subnet_of(outer)
    return False


def check_pdb(errs: FieldErrors, obj: Obj) -> None:
    spec = obj.get("spec") or {}
    min_available, max_unavailable = spec.get("minAvailable"), spec.get("maxUnavailable")
    if min_available is not None and max_unavailable is not None:
        # The API server prints the spec with %#v: pointers show as addresses (fixed ones here).
        selector = "(0xc000a3e100)" if spec.get("selector") is not None else "(nil)"
        policy = "(0xc000a3e140)" if spec.get("unhealthyPodEvictionPolicy") else "(nil)"
        errs.invalid("spec", GoLiteral(
            "policy.PodDisruptionBudgetSpec{MinAvailable:(*intstr.IntOrString)(0xc000a3e0e0), "
            f"Selector:(*v1.LabelSelector){selector}, MaxUnavailable:(*intstr.IntOrString)(0xc000a3e120), "
            f"UnhealthyPodEvictionPolicy:(*policy.UnhealthyPodEvictionPolicyType){policy}}}"),
            "minAvailable and maxUnavailable cannot be both set")
    for field in ("minAvailable", "maxUnavailable"):
        value = spec.get(field)
        if value is not None:
            int_or_percent(errs, value, f"spec.{field}")
            not_over_100(errs, value, f"spec.{field}")
    if spec.get("selector") is not None:
        check_selector(errs, spec["selector"], "spec.selector")


TAINT_EFFECTS = ["NoExecute", "NoSchedule", "PreferNoSchedule"]


def check_node(errs: FieldErrors, obj: Obj) -> None:
    """validateNodeTaints: keys and values like labels', a known effect, unique by key and effect."""
    seen: set[tuple[str, str]] = set()   # membership only
    for i, taint in enumerate((obj.get("spec") or {}).get("taints") or []):
        path = f"spec.taints[{i}]"
        key, value, effect = taint.get("key") or "", taint.get("value") or "", taint.get("effect") or ""
        for msg in qualified_name(key):
            errs.invalid(f"{path}.key", key, msg)
        label_errors = label_value(value)
        if label_errors:
            errs.invalid(f"{path}.value", value, ";".join(label_errors))
        if not effect:
            errs.required(f"{path}.effect")
        elif effect not in TAINT_EFFECTS:
            errs.not_supported(f"{path}.effect", effect, TAINT_EFFECTS)
        if (key, effect) in seen:
            errs.duplicate(path, GoLiteral(f"core.Taint{{Key:{go_quote(key)}, Value:{go_quote(value)}, "
                                           f"Effect:{go_quote(effect)}, TimeAdded:(*v1.Time)(nil)}}"),
                           "taints must be unique by key and effect pair")
        seen.add((key, effect))


def check_hpa(errs: FieldErrors, obj: Obj) -> None:
    """k/k pkg/apis/autoscaling/validation: validateHorizontalPodAutoscalerSpec (scale to zero off)."""
    spec = obj.get("spec") or {}
    low, high = spec.get("minReplicas"), spec.get("maxReplicas") or 0
    if low is not None and low < 1:
        errs.invalid("spec.minReplicas", low, "must be greater than or equal to 1")
    if high < 1:
        errs.invalid("spec.maxReplicas", high, "must be greater than 0")
    if low is not None and high < low:
        errs.invalid("spec.maxReplicas", high, "must be greater than or equal to `minReplicas`")
    ref = spec.get("scaleTargetRef") or {}
    for field in ("kind", "name"):
        if not ref.get(field):
            errs.required(f"spec.scaleTargetRef.{field}")


def check_nothing(errs: FieldErrors, obj: Obj) -> None:
    """Kinds whose values the sandbox does not check beyond their metadata and schema."""


# kind -> (name rule, value checks)
RULES: dict[str, tuple[Callable[[str], list[str]], Callable[[FieldErrors, Obj], None]]] = {
    "Pod": (dns1123_subdomain, check_pod),
    "Service": (dns1035_label, check_service),
    "Namespace": (dns1123_label, check_nothing),
    "Node": (dns1123_subdomain, check_node),
    "ConfigMap": (dns1123_subdomain, check_config_data),
    "Secret": (dns1123_subdomain, check_config_data),
    "Endpoints": (dns1123_subdomain, check_nothing),
    "Event": (dns1123_subdomain, check_nothing),
    "Deployment": (dns1123_subdomain, check_deployment),
    "ReplicaSet": (dns1123_subdomain, check_replicaset),
    "DaemonSet": (dns1123_subdomain, check_daemonset),
    "StatefulSet": (dns1123_subdomain, check_statefulset),
    "Job": (dns1123_subdomain, check_job),
    "CronJob": (dns1123_subdomain, check_cronjob),
    "Ingress": (dns1123_subdomain, check_ingress),
    "IngressClass": (dns1123_subdomain, check_nothing),
    "NetworkPolicy": (dns1123_subdomain, check_network_policy),
    "EndpointSlice": (dns1123_subdomain, check_nothing),
    "PodDisruptionBudget": (dns1123_subdomain, check_pdb),
    "HorizontalPodAutoscaler": (dns1123_subdomain, check_hpa),
    "VirtualService": (dns1123_subdomain, check_nothing),
    "DestinationRule": (dns1123_subdomain, check_nothing),
}
