"""HorizontalPodAutoscaler: the `kubectl get` row (k/k pkg/printers/internalversion/printers.go,
printHorizontalPodAutoscaler and formatHPAMetrics) and `kubectl describe`
(kubectl pkg/describe/describe.go, describeHorizontalPodAutoscalerV2)."""

from __future__ import annotations

from typing import Any

from ...core.objects import KObject
from ...core.simulation import Simulation
from ..ages import since
from .describe import Writer, annotations_multiline, labels_multiline, rfc1123z

MAX_METRICS_SHOWN = 2


def hpa_row(hpa: KObject, now: float, wide: bool) -> list[str]:
    spec, st = hpa.spec, hpa.status
    ref = spec.get("scaleTargetRef") or {}
    low = spec.get("minReplicas")
    return [hpa.name, f"{ref.get('kind', '')}/{ref.get('name', '')}",
            format_metrics(spec.get("metrics") or [], st.get("currentMetrics") or []),
            "<unset>" if low is None else str(low), str(spec.get("maxReplicas", 0)),
            str(st.get("currentReplicas", 0)), since(now, hpa.metadata.creation_timestamp)]


def format_metrics(specs: list[dict[str, Any]], statuses: list[dict[str, Any]]) -> str:
    """formatHPAMetrics: `cpu: 42%/80%` per metric, `<unknown>` where no current value is known."""
    if not specs:
        return "<none>"
    shown = [_metric(spec, statuses[i] if i < len(statuses) else {}) for i, spec in enumerate(specs)]
    text = ", ".join(shown[:MAX_METRICS_SHOWN])
    return f"{text} + {len(shown) - MAX_METRICS_SHOWN} more..." if len(shown) > MAX_METRICS_SHOWN else text


def _metric(spec: dict[str, Any], status: dict[str, Any]) -> str:
    kind = spec.get("type")
    if kind in ("Resource", "ContainerResource"):
        field = "resource" if kind == "Resource" else "containerResource"
        source, current = spec.get(field) or {}, (status.get(field) or {}).get("current") or {}
        target = source.get("target") or {}
        if target.get("averageValue") is not None:
            return f"{source.get('name')}: {current.get('averageValue', '<unknown>')}/{target['averageValue']}"
        now = f"{current['averageUtilization']}%" if current.get("averageUtilization") is not None else "<unknown>"
        goal = f"{target['averageUtilization']}%" if target.get("averageUtilization") is not None else "<auto>"
        return f"{source.get('name')}: {now}/{goal}"
    if kind == "Pods":
        current = ((status.get("pods") or {}).get("current") or {}).get("averageValue", "<unknown>")
        return f"{current}/{((spec.get('pods') or {}).get('target') or {}).get('averageValue')}"
    if kind in ("Object", "External"):
        field = kind.lower()
        target = (spec.get(field) or {}).get("target") or {}
        current = (status.get(field) or {}).get("current") or {}
        if target.get("averageValue") is not None:
            return f"{current.get('averageValue', '<unknown>')}/{target['averageValue']} (avg)"
        return f"{current.get('value', '<unknown>')}/{target.get('value')}"
    return "<unknown type>"


def describe_hpa(sim: Simulation, hpa: KObject, w: Writer) -> None:
    spec, st = hpa.spec, hpa.status
    w.write(0, f"Name:\t{hpa.name}\n")
    w.write(0, f"Namespace:\t{hpa.namespace}\n")
    labels_multiline(w, "Labels", hpa.metadata.labels)
    annotations_multiline(w, "Annotations", hpa.metadata.annotations)
    w.write(0, f"CreationTimestamp:\t{rfc1123z(hpa.metadata.creation_timestamp)}\n")
    ref = spec.get("scaleTargetRef") or {}
    w.write(0, f"Reference:\t{ref.get('kind', '')}/{ref.get('name', '')}\n")
    w.write(0, "Metrics:\t( current / target )\n")
    for i, metric in enumerate(spec.get("metrics") or []):
        _describe_metric(w, metric, (st.get("currentMetrics") or [])[i] if i < len(st.get("currentMetrics") or [])
                         else {})
    low = spec.get("minReplicas")
    w.write(0, f"Min replicas:\t{'<unset>' if low is None else low}\n")
    w.write(0, f"Max replicas:\t{spec.get('maxReplicas', 0)}\n")
    behavior = spec.get("behavior")
    if behavior is not None:
        w.write(0, "Behavior:\n")
        _direction(w, "Scale Up", behavior.get("scaleUp"))
        _direction(w, "Scale Down", behavior.get("scaleDown"))
    w.write(0, f"{ref.get('kind', '')} pods:\t")
    w.write(0, f"{st.get('currentReplicas', 0)} current / {st.get('desiredReplicas', 0)} desired\n")
    conditions = st.get("conditions") or []
    if conditions:
        w.write(0, "Conditions:\n")
        w.write(1, "Type\tStatus\tReason\tMessage\n")
        w.write(1, "----\t------\t------\t-------\n")
        for c in conditions:
            w.write(1, f"{c.get('type')}\t{c.get('status')}\t{c.get('reason', '')}\t{c.get('message', '')}\n")


def _describe_metric(w: Writer, metric: dict[str, Any], status: dict[str, Any]) -> None:
    kind = metric.get("type")
    if kind in ("Resource", "ContainerResource"):
        field = "resource" if kind == "Resource" else "containerResource"
        source = metric.get(field) or {}
        current = (status.get(field) or {}).get("current") or {}
        target = source.get("target") or {}
        of = f" of container \"{source.get('container', '')}\"" if kind == "ContainerResource" else ""
        w.write(1, f"resource {source.get('name')}{of} on pods")
        if target.get("averageValue") is not None:
            w.write(0, f":\t{current.get('averageValue', '<unknown>')} / {target['averageValue']}\n")
            return
        now = "<unknown>"
        if current.get("averageUtilization") is not None:
            now = f"{current['averageUtilization']}% ({current.get('averageValue', '0')})"
        goal = f"{target['averageUtilization']}%" if target.get("averageUtilization") is not None else "<auto>"
        w.write(1, f"(as a percentage of request):\t{now} / {goal}\n")
    elif kind == "Pods":
        pods = metric.get("pods") or {}
        current = ((status.get("pods") or {}).get("current") or {}).get("averageValue", "<unknown>")
        w.write(1, f"\"{(pods.get('metric') or {}).get('name', '')}\" on pods:\t{current} / "
                   f"{(pods.get('target') or {}).get('averageValue')}\n")
    elif kind == "Object":
        obj = metric.get("object") or {}
        described, target = obj.get("describedObject") or {}, obj.get("target") or {}
        current = (status.get("object") or {}).get("current") or {}
        w.write(1, f"\"{(obj.get('metric') or {}).get('name', '')}\" on {described.get('kind')}/"
                   f"{described.get('name')} ")
        if target.get("type") == "AverageValue":
            w.write(0, f"(target average value):\t{current.get('averageValue', '<unknown>')} / "
                       f"{target.get('averageValue')}\n")
        else:
            w.write(0, f"(target value):\t{current.get('value', '<unknown>')} / {target.get('value')}\n")
    elif kind == "External":
        ext = metric.get("external") or {}
        target, current = ext.get("target") or {}, (status.get("external") or {}).get("current") or {}
        name = (ext.get("metric") or {}).get("name", "")
        if target.get("averageValue") is not None:
            w.write(1, f"\"{name}\" (target average value):\t{current.get('averageValue', '<unknown>')} / "
                       f"{target['averageValue']}\n")
        else:
            w.write(1, f"\"{name}\" (target value):\t{current.get('value', '<unknown>')} / {target.get('value')}\n")
    else:
        w.write(1, f"<unknown metric type \"{kind}\">\n")


def _direction(w: Writer, direction: str, rules: dict[str, Any] | None) -> None:
    """printDirectionBehavior."""
    if rules is None:
        return
    w.write(1, f"{direction}:\n")
    if rules.get("stabilizationWindowSeconds") is not None:
        w.write(2, f"Stabilization Window: {rules['stabilizationWindowSeconds']} seconds\n")
    policies = rules.get("policies") or []
    if policies:
        w.write(2, f"Select Policy: {rules.get('selectPolicy') or 'Max'}\n")
        w.write(2, "Policies:\n")
        for p in policies:
            w.write(3, f"- Type: {p.get('type')}\tValue: {p.get('value')}\tPeriod: {p.get('periodSeconds')} seconds\n")
