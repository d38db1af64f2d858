"""The horizontal pod autoscaler controller (k/k pkg/controller/podautoscaler/horizontal.go).

Every HPA is reconciled every 15 s (--horizontal-pod-autoscaler-sync-period), the first
time 15 s after it is created. A reconcile reads the target's scale, keeps replicas within
minReplicas..maxReplicas, and otherwise asks the resource metrics API for usage. The
sandbox, like a kind cluster, runs no metrics-server: that request fails, and the HPA says
so in its ScalingActive condition and events, exactly as a real one without metrics does
(the words for Resource metrics are upstream's; for Pods, Object and External metrics, which
need a custom or external metrics API, the sandbox words the missing API itself).
"""

from __future__ import annotations

from typing import Any

from ..objects import KObject, set_condition, timestamp
from ..store import resource_name
from .base import Context, Controller

SYNC_PERIOD = 15.0
SCALABLE = ("Deployment", "ReplicaSet", "StatefulSet")
NO_METRICS_API = ("unable to fetch metrics from resource metrics API: the server could not find the requested "
                  "resource (get pods.metrics.k8s.io)")


class HorizontalController(Controller):
    name = "horizontal-pod-autoscaler"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self._scheduled: set[str] = set()
        self.store.watch("HorizontalPodAutoscaler", self._on_hpa)

    def _on_hpa(self, event: str, hpa: KObject, _old: object) -> None:
        if event != "DELETED":
            self._schedule(hpa.key())

    def _schedule(self, key: str) -> None:
        """AddRateLimited with a fixed 15 s interval: one pending sync per HPA."""
        if key not in self._scheduled:
            self._scheduled.add(key)
            self.clock.call_later(SYNC_PERIOD, self._due, key)

    def _due(self, key: str) -> None:
        self._scheduled.discard(key)
        self.enqueue(key)

    def sync(self, key: str) -> None:
        namespace, _, name = key.partition("/")
        hpa = self.store.try_get("HorizontalPodAutoscaler", namespace, name)
        if hpa is None:
            return
        self._reconcile(hpa)
        self._schedule(key)

    def _reconcile(self, hpa: KObject) -> None:
        """reconcileAutoscaler."""
        now = self.clock.now
        status: dict[str, Any] = {**hpa.status, "conditions": [dict(c) for c in hpa.status.get("conditions") or []]}
        ref = hpa.spec.get("scaleTargetRef") or {}
        kind, target_name = str(ref.get("kind") or ""), str(ref.get("name") or "")
        target = self.store.try_get(kind, hpa.namespace, target_name) if kind in SCALABLE else None
        if target is None:
            problem = (f'{resource_name(kind)} "{target_name}" not found' if kind in SCALABLE else
                       f'no matches for kind "{kind}" in group ""')
            self.store.record_event(hpa, "Warning", "FailedGetScale", problem, actor=self.name)
            set_condition(status, "AbleToScale", "False", now, reason="FailedGetScale",
                          message=f"the HPA controller was unable to get the target's current scale: {problem}")
            self._write(hpa, status)
            return
        set_condition(status, "AbleToScale", "True", now, reason="SucceededGetScale",
                      message="the HPA controller was able to get the target's current scale")
        current = int(target.spec.get("replicas", 1))
        low, high = int(hpa.spec.get("minReplicas", 1)), int(hpa.spec.get("maxReplicas", 1))
        if current == 0 and low != 0:
            set_condition(status, "ScalingActive", "False", now, reason="ScalingDisabled",
                          message="scaling is disabled since the replica count of the target is zero")
            status.update(currentReplicas=current, desiredReplicas=0)
        elif current > high or current < low:
            desired = high if current > high else low
            why = "above Spec.MaxReplicas" if current > high else "below Spec.MinReplicas"
            self._rescale(hpa, target, desired, f"Current number of replicas {why}", status)
            status.update(currentReplicas=current, desiredReplicas=desired, lastScaleTime=timestamp(now))
        else:
            self._no_metrics(hpa, status)
            status["currentReplicas"] = current
        self._write(hpa, status)

    def _rescale(self, hpa: KObject, target: KObject, desired: int, reason: str, status: dict[str, Any]) -> None:
        target.spec["replicas"] = desired
        self.store.update(target, self.name, f"hpa {hpa.name}: scaled {target.kind.lower()}/{target.name} to "
                                             f"{desired} ({reason})", spec_changed=True)
        set_condition(status, "AbleToScale", "True", self.clock.now, reason="SucceededRescale",
                      message=f"the HPA controller was able to update the target scale to {desired}")
        self.store.record_event(hpa, "Normal", "SuccessfulRescale", f"New size: {desired}; reason: {reason}",
                                actor=self.name)

    def _no_metrics(self, hpa: KObject, status: dict[str, Any]) -> None:
        """computeReplicasForMetrics when no metrics API answers: every metric is invalid."""
        errors = [_metric_error(m) for m in hpa.spec.get("metrics") or []]
        if not errors:
            return
        reason, detail, wrapped = errors[0]
        for event_reason, event_detail, _ in errors:
            self.store.record_event(hpa, "Warning", event_reason, event_detail, actor=self.name)
        set_condition(status, "ScalingActive", "False", self.clock.now, reason=reason,
                      message=f"the HPA was unable to compute the replica count: {detail}")
        self.store.record_event(hpa, "Warning", "FailedComputeMetricsReplicas",
                                f"invalid metrics ({len(errors)} invalid out of {len(errors)}), first error is: "
                                f"{wrapped}", actor=self.name)

    def _write(self, hpa: KObject, status: dict[str, Any]) -> None:
        """updateStatusIfNeeded: write only a changed status."""
        if status != hpa.status:
            hpa.status = status
            self.store.update(hpa, self.name, f"hpa {hpa.name}: status updated", verb="update-status")


def _metric_error(metric: dict[str, Any]) -> tuple[str, str, str]:
    """(event reason, error, error as computeReplicasForMetric wraps it) for one metric without metrics."""
    kind = metric.get("type", "")
    if kind == "Resource":
        name = (metric.get("resource") or {}).get("name", "")
        detail = f"failed to get {name} utilization: unable to get metrics for resource {name}: {NO_METRICS_API}"
        return "FailedGetResourceMetric", detail, f"failed to get {name} resource metric value: {detail}"
    if kind == "ContainerResource":
        source = metric.get("containerResource") or {}
        name, container = source.get("name", ""), source.get("container", "")
        detail = (f"failed to get {name} utilization: unable to get metrics for resource {name}: "
                  f"{NO_METRICS_API}")
        return "FailedGetContainerResourceMetric", detail, \
            f"failed to get {name} container metric value for container {container}: {detail}"
    what = {"Pods": "pods", "Object": "object", "External": "external"}.get(kind, kind.lower())
    metric_name = ((metric.get(what) or {}).get("metric") or {}).get("name", "")
    detail = (f"unable to get metric {metric_name}: no custom metrics API (custom.metrics.k8s.io) is registered"
              if kind != "External" else
              f"unable to get external metric {metric_name}: no external metrics API (external.metrics.k8s.io) "
              "is registered")
    reason = {"Pods": "FailedGetPodsMetric", "Object": "FailedGetObjectMetric",
              "External": "FailedGetExternalMetric"}.get(kind, "InvalidMetricSourceType")
    return reason, detail, f"failed to get {what} metric value: {detail}"
