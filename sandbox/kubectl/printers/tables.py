"""`kubectl get` tables: per-kind columns as in k/k pkg/printers/internalversion/printers.go."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ...core.objects import KObject, condition, parse_time
from ...core.podstatus import pod_ready, pod_status
from ..ages import human_duration, since
from .podstatus import pod_restarts

Row = Callable[[KObject, float, bool], list[str]]


def format_labels(labels: dict[str, Any] | None) -> str:
    """labels.FormatLabels: sorted `k=v` pairs, `<none>` when empty."""
    if not labels:
        return "<none>"
    return ",".join(f"{k}={labels[k]}" for k in sorted(labels))


def format_selector(selector: dict[str, Any] | None) -> str:
    """metav1.LabelSelectorAsSelector(...).String(): requirements sorted by key."""
    if selector is None:
        return "<none>"
    parts: list[tuple[str, str]] = [(k, f"{k}={v}") for k, v in (selector.get("matchLabels") or {}).items()]
    for expr in selector.get("matchExpressions") or []:
        key, op, values = expr.get("key", ""), expr.get("operator", ""), expr.get("values") or []
        text = {"In": f"{key} in ({','.join(sorted(values))})", "NotIn": f"{key} notin ({','.join(sorted(values))})",
                "Exists": key, "DoesNotExist": f"!{key}"}.get(op, key)
        parts.append((key, text))
    return ",".join(text for _, text in sorted(parts))


def _containers(template: dict[str, Any]) -> tuple[str, str]:
    containers = (template.get("spec") or {}).get("containers") or []
    return (",".join(str(c.get("name", "")) for c in containers),
            ",".join(str(c.get("image", "")) for c in containers))


def _num(value: Any) -> str:
    return str(value if isinstance(value, int) else 0)


# ---- workloads ----------------------------------------------------------------

def pod_row(pod: KObject, now: float, wide: bool) -> list[str]:
    age = since(now, pod.metadata.creation_timestamp)
    row = [pod.name, pod_ready(pod), pod_status(pod), pod_restarts(pod, now), age]
    if wide:
        ips = pod.status.get("podIPs") or []
        ip = (ips[0].get("ip") if ips else None) or pod.status.get("podIP") or "<none>"
        gates = pod.spec.get("readinessGates") or []
        ready_gates = "<none>"
        if gates:
            true = sum(1 for g in gates
                       if (condition(pod.status, g.get("conditionType", "")) or {}).get("status") == "True")
            ready_gates = f"{true}/{len(gates)}"
        row += [ip, pod.spec.get("nodeName") or "<none>", pod.status.get("nominatedNodeName") or "<none>", ready_gates]
    return row


def deployment_row(obj: KObject, now: float, wide: bool) -> list[str]:
    st = obj.status
    row = [obj.name, f"{_num(st.get('readyReplicas'))}/{_num(obj.spec.get('replicas'))}",
           _num(st.get("updatedReplicas")), _num(st.get("availableReplicas")),
           since(now, obj.metadata.creation_timestamp)]
    if wide:
        row += [*_containers(obj.spec.get("template") or {}), format_selector(obj.spec.get("selector"))]
    return row


def replicaset_row(obj: KObject, now: float, wide: bool) -> list[str]:
    st = obj.status
    row = [obj.name, _num(obj.spec.get("replicas")), _num(st.get("replicas")), _num(st.get("readyReplicas")),
           since(now, obj.metadata.creation_timestamp)]
    if wide:
        row += [*_containers(obj.spec.get("template") or {}), format_selector(obj.spec.get("selector"))]
    return row


def daemonset_row(obj: KObject, now: float, wide: bool) -> list[str]:
    st = obj.status
    node_selector = ((obj.spec.get("template") or {}).get("spec") or {}).get("nodeSelector")
    row = [obj.name, _num(st.get("desiredNumberScheduled")), _num(st.get("currentNumberScheduled")),
           _num(st.get("numberReady")), _num(st.get("updatedNumberScheduled")), _num(st.get("numberAvailable")),
           format_labels(node_selector), since(now, obj.metadata.creation_timestamp)]
    if wide:
        row += [*_containers(obj.spec.get("template") or {}), format_selector(obj.spec.get("selector"))]
    return row


def statefulset_row(obj: KObject, now: float, wide: bool) -> list[str]:
    row = [obj.name, f"{_num(obj.status.get('readyReplicas'))}/{_num(obj.spec.get('replicas'))}",
           since(now, obj.metadata.creation_timestamp)]
    if wide:
        row += [*_containers(obj.spec.get("template") or {})]
    return row


def job_status(obj: KObject) -> str:
    """printJob's STATUS (added in 1.30): the first of these conditions that is True, else Running."""
    for ctype in ("Complete", "Failed"):
        if (condition(obj.status, ctype) or {}).get("status") == "True":
            return ctype
    if obj.metadata.deletion_timestamp is not None:
        return "Terminating"
    for ctype in ("Suspended", "FailureTarget", "SuccessCriteriaMet"):
        if (condition(obj.status, ctype) or {}).get("status") == "True":
            return ctype
    return "Running"


def job_completions(obj: KObject) -> str:
    succeeded = _num(obj.status.get("succeeded"))
    if obj.spec.get("completions") is not None:
        return f"{succeeded}/{obj.spec['completions']}"
    parallelism = obj.spec.get("parallelism") or 0
    return f"{succeeded}/1 of {parallelism}" if parallelism > 1 else f"{succeeded}/1"


def job_duration(obj: KObject, now: float) -> str:
    start = parse_time(obj.status.get("startTime"))
    if start is None:
        return ""
    end = parse_time(obj.status.get("completionTime"))
    return human_duration((now if end is None else end) - start)


def job_row(obj: KObject, now: float, wide: bool) -> list[str]:
    row = [obj.name, job_status(obj), job_completions(obj), job_duration(obj, now),
           since(now, obj.metadata.creation_timestamp)]
    if wide:
        row += [*_containers(obj.spec.get("template") or {}), format_selector(obj.spec.get("selector"))]
    return row


def cronjob_row(obj: KObject, now: float, wide: bool) -> list[str]:
    spec = obj.spec
    last = parse_time(obj.status.get("lastScheduleTime"))
    suspend = spec.get("suspend")
    row = [obj.name, str(spec.get("schedule", "")), spec.get("timeZone") or "<none>",
           "<unset>" if suspend is None else str(bool(suspend)), str(len(obj.status.get("active") or [])),
           "<none>" if last is None else since(now, last), since(now, obj.metadata.creation_timestamp)]
    if wide:
        job_spec = (spec.get("jobTemplate") or {}).get("spec") or {}
        row += [*_containers(job_spec.get("template") or {}), format_selector(job_spec.get("selector"))]
    return row


# ---- cluster ------------------------------------------------------------------

def node_status(node: KObject) -> str:
    ready = condition(node.status, "Ready")
    status = ["Unknown"] if ready is None else ["Ready" if ready.get("status") == "True" else "NotReady"]
    if node.spec.get("unschedulable"):
        status.append("SchedulingDisabled")
    return ",".join(status)


def node_roles(node: KObject) -> str:
    roles = set()
    for key, value in node.metadata.labels.items():
        if key.startswith("node-role.kubernetes.io/"):
            roles.add(key.removeprefix("node-role.kubernetes.io/"))
        elif key == "kubernetes.io/role":
            roles.add(value)
    return ",".join(sorted(r for r in roles if r)) or "<none>"


def _address(node: KObject, kind: str) -> str:
    for address in node.status.get("addresses") or []:
        if address.get("type") == kind:
            return str(address.get("address"))
    return "<none>"


def node_row(node: KObject, now: float, wide: bool) -> list[str]:
    info = node.status.get("nodeInfo") or {}
    row = [node.name, node_status(node), node_roles(node), since(now, node.metadata.creation_timestamp),
           info.get("kubeletVersion", "")]
    if wide:
        row += [_address(node, "InternalIP"), _address(node, "ExternalIP"), info.get("osImage", "<unknown>"),
                info.get("kernelVersion", "<unknown>"), info.get("containerRuntimeVersion", "<unknown>")]
    return row


def namespace_row(obj: KObject, now: float, wide: bool) -> list[str]:
    return [obj.name, obj.status.get("phase") or "Active", since(now, obj.metadata.creation_timestamp)]


def configmap_row(obj: KObject, now: float, wide: bool) -> list[str]:
    count = len(obj.body.get("data") or {}) + len(obj.body.get("binaryData") or {})
    return [obj.name, str(count), since(now, obj.metadata.creation_timestamp)]


def secret_row(obj: KObject, now: float, wide: bool) -> list[str]:
    return [obj.name, str(obj.body.get("type", "")), str(len(obj.body.get("data") or {})),
            since(now, obj.metadata.creation_timestamp)]


# ---- networking ---------------------------------------------------------------

def service_ports(ports: list[dict[str, Any]]) -> str:
    parts = []
    for port in ports:
        node_port = port.get("nodePort")
        protocol = port.get("protocol", "TCP")
        parts.append(f"{port.get('port')}:{node_port}/{protocol}" if node_port else f"{port.get('port')}/{protocol}")
    return ",".join(parts) or "<none>"


def service_external_ip(obj: KObject) -> str:
    kind = obj.spec.get("type", "ClusterIP")
    external = list(obj.spec.get("externalIPs") or [])
    if kind == "ExternalName":
        return str(obj.spec.get("externalName", ""))
    if kind == "LoadBalancer":
        ingress = (obj.status.get("loadBalancer") or {}).get("ingress") or []
        ips = [str(i.get("ip") or i.get("hostname") or "") for i in ingress] + external
        return ",".join(ips) if ips else "<pending>"
    return ",".join(external) if external else "<none>"


def service_row(obj: KObject, now: float, wide: bool) -> list[str]:
    ips = obj.spec.get("clusterIPs") or []
    cluster_ip = ips[0] if ips else obj.spec.get("clusterIP") or "<none>"
    row = [obj.name, obj.spec.get("type", "ClusterIP"), cluster_ip, service_external_ip(obj),
           service_ports(obj.spec.get("ports") or []), since(now, obj.metadata.creation_timestamp)]
    if wide:
        row.append(format_labels(obj.spec.get("selector")))
    return row


def _more(items: list[str], limit: int = 3) -> str:
    if not items:
        return "<none>"
    text = ",".join(items[:limit])
    return text + (f" + {len(items) - limit} more..." if len(items) > limit else "")


def endpoints_row(obj: KObject, now: float, wide: bool) -> list[str]:
    pairs = []
    for subset in obj.body.get("subsets") or []:
        addresses = [str(a.get("ip")) for a in subset.get("addresses") or []]
        ports = subset.get("ports") or []
        if not ports:
            pairs += addresses
        for port in ports:
            pairs += [f"{ip}:{port.get('port')}" for ip in addresses]
    return [obj.name, _more(pairs), since(now, obj.metadata.creation_timestamp)]


def endpointslice_row(obj: KObject, now: float, wide: bool) -> list[str]:
    ports = [str(p.get("port")) for p in obj.body.get("ports") or [] if p.get("port") is not None]
    addresses = [a for e in obj.body.get("endpoints") or [] for a in e.get("addresses") or []]
    return [obj.name, str(obj.body.get("addressType", "IPv4")), ",".join(ports) or "<unset>", _more(addresses),
            since(now, obj.metadata.creation_timestamp)]


def load_balancer_status(status: dict[str, Any], wide: bool) -> str:
    ingress = (status.get("loadBalancer") or {}).get("ingress") or []
    text = ",".join(str(i.get("ip") or i.get("hostname") or "") for i in ingress)
    return text[:13] + "..." if len(text) > 16 and not wide else text


def ingress_hosts(rules: list[dict[str, Any]]) -> str:
    """formatHosts: at most 3 hosts, then `+ N more...` counted in rules."""
    hosts = [str(r["host"]) for r in rules[:3] if r.get("host")]
    if not hosts:
        return "*"
    return ",".join(hosts) + (f" + {len(rules) - 3} more..." if len(rules) > 3 else "")


def ingress_row(obj: KObject, now: float, wide: bool) -> list[str]:
    ports = "80, 443" if obj.spec.get("tls") else "80"
    return [obj.name, obj.spec.get("ingressClassName") or "<none>", ingress_hosts(obj.spec.get("rules") or []),
            load_balancer_status(obj.status, wide), ports, since(now, obj.metadata.creation_timestamp)]


def ingressclass_row(obj: KObject, now: float, wide: bool) -> list[str]:
    params = obj.spec.get("parameters")
    param_text = f"{params.get('kind')}/{params.get('name')}" if isinstance(params, dict) else "<none>"
    return [obj.name, str(obj.spec.get("controller", "")), param_text, since(now, obj.metadata.creation_timestamp)]


def networkpolicy_row(obj: KObject, now: float, wide: bool) -> list[str]:
    selector = obj.spec.get("podSelector") or {}
    text = format_selector(selector) if selector.get("matchLabels") or selector.get("matchExpressions") else "<none>"
    return [obj.name, text, since(now, obj.metadata.creation_timestamp)]


def pdb_row(obj: KObject, now: float, wide: bool) -> list[str]:
    return [obj.name, str(obj.spec.get("minAvailable", "N/A")), str(obj.spec.get("maxUnavailable", "N/A")),
            _num(obj.status.get("disruptionsAllowed")), since(now, obj.metadata.creation_timestamp)]


def _json_list(value: Any) -> str:
    return json.dumps(value, separators=(",", ":")) if value else ""


def virtualservice_row(obj: KObject, now: float, wide: bool) -> list[str]:
    return [obj.name, _json_list(obj.spec.get("gateways")), _json_list(obj.spec.get("hosts")),
            since(now, obj.metadata.creation_timestamp)]


def destinationrule_row(obj: KObject, now: float, wide: bool) -> list[str]:
    return [obj.name, str(obj.spec.get("host", "")), since(now, obj.metadata.creation_timestamp)]


def hpa_row(obj: KObject, now: float, wide: bool) -> list[str]:
    # Late: the describe modules it shares its metrics with load with the first HPA shown, not with the app's start.
    from .describe_autoscaling import hpa_row as row

    return row(obj, now, wide)


# kind -> (headers, wide extras, row function)
TABLES: dict[str, tuple[list[str], list[str], Row]] = {
    "Pod": (["NAME", "READY", "STATUS", "RESTARTS", "AGE"], ["IP", "NODE", "NOMINATED NODE", "READINESS GATES"],
            pod_row),
    "Deployment": (["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"], ["CONTAINERS", "IMAGES", "SELECTOR"],
                   deployment_row),
    "ReplicaSet": (["NAME", "DESIRED", "CURRENT", "READY", "AGE"], ["CONTAINERS", "IMAGES", "SELECTOR"],
                   replicaset_row),
    "DaemonSet": (["NAME", "DESIRED", "CURRENT", "READY", "UP-TO-DATE", "AVAILABLE", "NODE SELECTOR", "AGE"],
                  ["CONTAINERS", "IMAGES", "SELECTOR"], daemonset_row),
    "StatefulSet": (["NAME", "READY", "AGE"], ["CONTAINERS", "IMAGES"], statefulset_row),
    "Job": (["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"], ["CONTAINERS", "IMAGES", "SELECTOR"], job_row),
    "CronJob": (["NAME", "SCHEDULE", "TIMEZONE", "SUSPEND", "ACTIVE", "LAST SCHEDULE", "AGE"],
                ["CONTAINERS", "IMAGES", "SELECTOR"], cronjob_row),
    "Node": (["NAME", "STATUS", "ROLES", "AGE", "VERSION"],
             ["INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"], node_row),
    "Namespace": (["NAME", "STATUS", "AGE"], [], namespace_row),
    "ConfigMap": (["NAME", "DATA", "AGE"], [], configmap_row),
    "Secret": (["NAME", "TYPE", "DATA", "AGE"], [], secret_row),
    "Service": (["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"], ["SELECTOR"], service_row),
    "Endpoints": (["NAME", "ENDPOINTS", "AGE"], [], endpoints_row),
    "EndpointSlice": (["NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"], [], endpointslice_row),
    "Ingress": (["NAME", "CLASS", "HOSTS", "ADDRESS", "PORTS", "AGE"], [], ingress_row),
    "IngressClass": (["NAME", "CONTROLLER", "PARAMETERS", "AGE"], [], ingressclass_row),
    "NetworkPolicy": (["NAME", "POD-SELECTOR", "AGE"], [], networkpolicy_row),
    "PodDisruptionBudget": (["NAME", "MIN AVAILABLE", "MAX UNAVAILABLE", "ALLOWED DISRUPTIONS", "AGE"], [], pdb_row),
    "VirtualService": (["NAME", "GATEWAYS", "HOSTS", "AGE"], [], virtualservice_row),
    "DestinationRule": (["NAME", "HOST", "AGE"], [], destinationrule_row),
    "HorizontalPodAutoscaler": (["NAME", "REFERENCE", "TARGETS", "MINPODS", "MAXPODS", "REPLICAS", "AGE"], [],
                                hpa_row),
}

