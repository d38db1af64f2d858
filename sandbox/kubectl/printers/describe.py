"""`kubectl describe` layouts (k/k staging/src/k8s.io/kubectl/pkg/describe/describe.go).

Every line goes through Go's tabwriter (minwidth 0, padding 2), as kubectl's
PrefixWriter does, so nested sections align the way they do on a real cluster.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from ...core.objects import EPOCH, KObject, controller_ref, parse_time
from ...core.simulation import Simulation
from ..ages import human_duration
from .events import Event
from .tabwriter import tabwrite

MAX_ANNOTATION_LEN = 140
LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"


class Writer:
    """kubectl's PrefixWriter: LEVEL_0..3 indent by two spaces each."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, level: int, text: str) -> None:
        self.parts.append("  " * level + text)

    def text(self) -> str:
        return tabwrite("".join(self.parts), minwidth=0, padding=2).rstrip("\n")


def rfc1123z(seconds: float | None) -> str:
    if seconds is None:
        return "<unset>"
    return (EPOCH + timedelta(seconds=int(seconds))).strftime("%a, %d %b %Y %H:%M:%S +0000")


def time_field(value: Any) -> str:
    return rfc1123z(parse_time(value))


def labels_multiline(w: Writer, title: str, labels: dict[str, Any] | None, indent: str = "",
                     inner: str = "\t") -> None:
    labels = labels or {}
    _multiline(w, title, [f"{key}={labels[key]}" for key in sorted(labels)], indent, inner)


def _multiline(w: Writer, title: str, lines: list[str], indent: str, inner: str) -> None:
    """`Title:<inner>first`, then each further line under it; `<none>` when there are none."""
    w.write(0, f"{indent}{title}:{inner}")
    if not lines:
        w.write(0, "<none>\n")
        return
    for i, line in enumerate(lines):
        if i:
            w.write(0, f"{indent}{inner}")
        w.write(0, f"{line}\n")


def annotations_multiline(w: Writer, title: str, annotations: dict[str, Any] | None, indent: str = "",
                          inner: str = "\t") -> None:
    w.write(0, f"{indent}{title}:{inner}")
    keys = sorted(k for k in (annotations or {}) if k != LAST_APPLIED)
    if not keys:
        w.write(0, "<none>\n")
        return
    for i, key in enumerate(keys):
        if i:
            w.write(0, f"{indent}{inner}")
        value = str((annotations or {})[key]).removesuffix("\n")
        if len(value) + len(key) + 2 > MAX_ANNOTATION_LEN or "\n" in value:
            w.write(0, f"{key}:\n")
            for line in value.split("\n"):
                short = line if len(line) <= MAX_ANNOTATION_LEN - 2 else line[:MAX_ANNOTATION_LEN - 2] + "..."
                w.write(0, f"{indent}{inner}  {short}\n")
        else:
            w.write(0, f"{key}: {value}\n")


def tolerations_multiline(w: Writer, title: str, tolerations: list[dict[str, Any]] | None, indent: str = "") -> None:
    _multiline(w, title, [_toleration(tol) for tol in tolerations or []], indent, "\t")


def _toleration(tol: dict[str, Any]) -> str:
    text = str(tol.get("key") or "")
    if tol.get("value"):
        text += f"={tol['value']}"
    if tol.get("effect"):
        text += f":{tol['effect']}"
    if tol.get("operator") == "Exists" and not tol.get("value"):
        text += " op=Exists" if tol.get("key") or tol.get("effect") else "op=Exists"
    if tol.get("tolerationSeconds") is not None:
        text += f" for {tol['tolerationSeconds']}s"
    return text


def events_section(w: Writer, events: list[Event], now: float) -> None:
    if not events:
        w.write(0, "Events:\t<none>\n")
        return
    w.write(0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n")
    w.write(1, "----\t------\t----\t----\t-------\n")
    for ev in events:
        age = human_duration(now - ev.first)
        if ev.count > 1:
            age = f"{human_duration(now - ev.last)} (x{ev.count} over {age})"
        w.write(1, f"{ev.type}\t{ev.reason}\t{age}\t{ev.source}\t{ev.message.strip()}\n")


def controlled_by(obj: KObject) -> str:
    ref = controller_ref(obj)
    return f"{ref.get('kind')}/{ref.get('name')}" if ref else ""


def header(w: Writer, obj: KObject, *, timestamp: bool = True) -> None:
    w.write(0, f"Name:\t{obj.name}\n")
    if not obj.cluster_scoped:
        w.write(0, f"Namespace:\t{obj.namespace}\n")
    if timestamp:
        w.write(0, f"CreationTimestamp:\t{rfc1123z(obj.metadata.creation_timestamp)}\n")
    labels_multiline(w, "Labels", obj.metadata.labels)
    annotations_multiline(w, "Annotations", obj.metadata.annotations)


# ---- containers -----------------------------------------------------------------

def describe_containers(w: Writer, title: str, containers: list[dict[str, Any]],
                        statuses: list[dict[str, Any]] | None, space: str) -> None:
    w.write(0, f"{space}{title}:\n")
    by_name = {s.get("name"): s for s in statuses or [] if isinstance(s, dict)}
    for container in containers:
        status = by_name.get(container.get("name")) if statuses is not None else None
        w.write(1, f"{' ' if space else ''}{container.get('name')}:\n")
        if status is not None:
            w.write(2, f"Container ID:\t{status.get('containerID', '')}\n")
        w.write(2, f"Image:\t{container.get('image', '')}\n")
        if status is not None:
            w.write(2, f"Image ID:\t{status.get('imageID', '')}\n")
        _ports(w, container.get("ports") or [])
        _command(w, "Command", container.get("command"))
        _command(w, "Args", container.get("args"))
        if status is not None:
            _state(w, "State", status.get("state") or {})
            if (status.get("lastState") or {}).get("terminated"):
                _state(w, "Last State", status["lastState"])
            w.write(2, f"Ready:\t{'True' if status.get('ready') else 'False'}\n")
            w.write(2, f"Restart Count:\t{status.get('restartCount', 0)}\n")
        _resources(w, container.get("resources") or {})
        _probes(w, container)
        _env(w, container.get("env") or [])
        mounts = container.get("volumeMounts") or []
        if mounts:
            w.write(2, "Mounts:\n")
            for m in mounts:
                w.write(3, f"{m.get('mountPath')} from {m.get('name')} ({'ro' if m.get('readOnly') else 'rw'})\n")
        else:
            w.write(2, "Mounts:\t<none>\n")


def _ports(w: Writer, ports: list[dict[str, Any]]) -> None:
    w.write(2, "Port:\t" + (", ".join(f"{p.get('containerPort')}/{p.get('protocol', 'TCP')}" for p in ports)
                            or "<none>") + "\n")
    w.write(2, "Host Port:\t" + (", ".join(f"{p.get('hostPort', 0)}/{p.get('protocol', 'TCP')}" for p in ports)
                                 or "<none>") + "\n")


def _command(w: Writer, title: str, words: Any) -> None:
    if isinstance(words, list) and words:
        w.write(2, f"{title}:\n")
        for word in words:
            w.write(3, f"{word}\n")


def _state(w: Writer, title: str, state: dict[str, Any]) -> None:
    if "running" in state:
        w.write(2, f"{title}:\tRunning\n")
        w.write(3, f"Started:\t{time_field((state['running'] or {}).get('startedAt'))}\n")
    elif "terminated" in state:
        term = state["terminated"] or {}
        w.write(2, f"{title}:\tTerminated\n")
        for key, label in (("reason", "Reason"), ("message", "Message")):
            if term.get(key):
                w.write(3, f"{label}:\t{term[key]}\n")
        w.write(3, f"Exit Code:\t{term.get('exitCode', 0)}\n")
        w.write(3, f"Started:\t{time_field(term.get('startedAt'))}\n")
        w.write(3, f"Finished:\t{time_field(term.get('finishedAt'))}\n")
    else:
        w.write(2, f"{title}:\tWaiting\n")
        reason = (state.get("waiting") or {}).get("reason")
        if reason:
            w.write(3, f"Reason:\t{reason}\n")


def _resources(w: Writer, resources: dict[str, Any]) -> None:
    for title, key in (("Limits", "limits"), ("Requests", "requests")):
        values = resources.get(key) or {}
        if values:
            w.write(2, f"{title}:\n")
            for name in sorted(values):
                w.write(3, f"{name}:\t{values[name]}\n")


def _probes(w: Writer, container: dict[str, Any]) -> None:
    for title, key in (("Liveness", "livenessProbe"), ("Readiness", "readinessProbe"), ("Startup", "startupProbe")):
        probe = container.get(key)
        if isinstance(probe, dict):
            w.write(2, f"{title}:\t{probe_text(probe)}\n")


def probe_text(probe: dict[str, Any]) -> str:
    timing = (f"delay={probe.get('initialDelaySeconds', 0)}s timeout={probe.get('timeoutSeconds', 1)}s "
              f"period={probe.get('periodSeconds', 10)}s #success={probe.get('successThreshold', 1)} "
              f"#failure={probe.get('failureThreshold', 3)}")
    if isinstance(probe.get("httpGet"), dict):
        get = probe["httpGet"]
        scheme = str(get.get("scheme", "HTTP")).lower()
        return f"http-get {scheme}://{get.get('host', '')}:{get.get('port')}{get.get('path', '')} {timing}"
    if isinstance(probe.get("tcpSocket"), dict):
        return f"tcp-socket {probe['tcpSocket'].get('host', '')}:{probe['tcpSocket'].get('port')} {timing}"
    if isinstance(probe.get("exec"), dict):
        return f"exec [{' '.join(str(w) for w in probe['exec'].get('command') or [])}] {timing}"   # Go's %v
    return f"unknown {timing}"


def _env(w: Writer, env: list[dict[str, Any]]) -> None:
    if not env:
        w.write(2, "Environment:\t<none>\n")
        return
    w.write(2, "Environment:\n")
    for var in env:
        value = var.get("value", "")
        if "valueFrom" in var:
            value = "<set to the key in a reference>"
        w.write(3, f"{var.get('name')}:\t{value}\n")


def pod_template(w: Writer, template: dict[str, Any]) -> None:
    w.write(0, "Pod Template:\n")
    meta, spec = template.get("metadata") or {}, template.get("spec") or {}
    labels_multiline(w, "  Labels", meta.get("labels"))
    if meta.get("annotations"):
        annotations_multiline(w, "  Annotations", meta.get("annotations"))
    if spec.get("serviceAccountName"):
        w.write(1, f"Service Account:\t{spec['serviceAccountName']}\n")
    if spec.get("initContainers"):
        describe_containers(w, "Init Containers", spec["initContainers"], None, "  ")
    describe_containers(w, "Containers", spec.get("containers") or [], None, "  ")
    volumes(w, spec.get("volumes"), "  ")
    if spec.get("priorityClassName"):
        w.write(1, f"Priority Class Name:\t{spec['priorityClassName']}\n")
    labels_multiline(w, "  Node-Selectors", spec.get("nodeSelector"))
    tolerations_multiline(w, "  Tolerations", spec.get("tolerations"))


def volumes(w: Writer, vols: Any, space: str) -> None:
    if not vols:
        w.write(0, f"{space}Volumes:\t<none>\n")
        return
    w.write(0, f"{space}Volumes:\n")
    for vol in vols:
        w.write(0, f"{space}  {vol.get('name')}:\n")
        kind = next((k for k in vol if k != "name"), "")
        w.write(0, f"{space}    Type:\t{kind}\n")


# ---- the generic describer (kinds without their own, as for CRDs) ---------------------

def describe_generic(sim: Simulation, obj: KObject, w: Writer) -> None:
    """Kinds without a describer of their own: every field, as kubectl does for CRDs."""
    header(w, obj, timestamp=False)
    skip = (".metadata.managedFields", ".metadata.name", ".metadata.namespace", ".metadata.labels",
            ".metadata.annotations")
    unstructured(w, 0, obj.to_dict(), skip)


_WORD = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")
_ACRONYMS = {"api": "API", "ip": "IP", "ips": "IPs", "url": "URL", "uid": "UID", "id": "ID", "cidr": "CIDR",
             "tls": "TLS", "dns": "DNS", "http": "HTTP", "tcp": "TCP", "udp": "UDP"}


def smart_label(field: str) -> str:
    """`apiVersion` -> `API Version`, as kubectl's smartLabelFor does."""
    words = _WORD.findall(field) or [field]
    return " ".join(_ACRONYMS.get(word.lower(), word[:1].upper() + word[1:]) for word in words)


def unstructured(w: Writer, level: int, content: dict[str, Any], skip: tuple[str, ...], prefix: str = "") -> None:
    for field in sorted(content):
        value, path = content[field], f"{prefix}.{field}"
        if path in skip:
            continue
        if isinstance(value, dict):
            w.write(level, f"{smart_label(field)}:\n")
            unstructured(w, level + 1, value, skip, path)
        elif isinstance(value, list):
            w.write(level, f"{smart_label(field)}:\n")
            for child in value:
                if isinstance(child, dict):
                    unstructured(w, level + 1, child, skip, path)
                else:
                    w.write(level + 1, f"{_go_value(child)}\n")
        else:
            w.write(level, f"{smart_label(field)}:\t{_go_value(value)}\n")


def _go_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "<nil>" if value is None else str(value)
