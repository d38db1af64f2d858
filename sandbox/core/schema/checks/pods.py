"""Pods and pod templates (k/k pkg/apis/core/validation: ValidatePodSpec and what it calls)."""

from __future__ import annotations

from ...quantity import parse_quantity
from ..fielderrors import (
    FieldErrors,
    check_labels,
    check_nonnegative,
    dns1123_label,
    port_name,
    port_number,
)
from .common import PROTOCOLS, Obj

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


def check_pod(errs: FieldErrors, obj: Obj) -> None:
    check_pod_spec(errs, obj.get("spec") or {}, "spec")
