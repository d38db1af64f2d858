"""API-server defaulting: the fields a real cluster fills in when they are omitted.

Applied at admission, so controllers and `kubectl get -o yaml` see the same
defaulted objects a real API server returns.
"""

from __future__ import annotations

import base64
from typing import Any

from .config import ClusterConfig


def default_spec(kind: str, spec: dict[str, Any], config: ClusterConfig) -> None:
    """Fill defaults into `spec` in place."""
    defaulter = _DEFAULTERS.get(kind)
    if defaulter:
        defaulter(spec, config)


def default_body(kind: str, body: dict[str, Any]) -> None:
    """Defaults of kinds without a spec: a Secret is Opaque, and its write-only stringData goes into data."""
    if kind != "Secret":
        return
    body.setdefault("type", "Opaque")
    string_data = body.pop("stringData", None) or {}
    if string_data:
        data = body.setdefault("data", {})
        for key, value in string_data.items():
            data[key] = base64.b64encode(str(value).encode()).decode()


def _deployment(spec: dict[str, Any], config: ClusterConfig) -> None:
    spec.setdefault("replicas", 1)
    strategy = spec.setdefault("strategy", {})
    strategy.setdefault("type", "RollingUpdate")
    if strategy["type"] == "RollingUpdate":
        rolling = strategy.setdefault("rollingUpdate", {})
        rolling.setdefault("maxSurge", "25%")
        rolling.setdefault("maxUnavailable", "25%")
    spec.setdefault("revisionHistoryLimit", 10)
    spec.setdefault("progressDeadlineSeconds", 600)
    _pod_template(spec, config)


def _replicaset(spec: dict[str, Any], config: ClusterConfig) -> None:
    spec.setdefault("replicas", 1)
    _pod_template(spec, config)


def _daemonset(spec: dict[str, Any], config: ClusterConfig) -> None:
    strategy = spec.setdefault("updateStrategy", {})
    strategy.setdefault("type", "RollingUpdate")
    if strategy["type"] == "RollingUpdate":
        rolling = strategy.setdefault("rollingUpdate", {})
        rolling.setdefault("maxSurge", 0)
        rolling.setdefault("maxUnavailable", 1)
    spec.setdefault("revisionHistoryLimit", 10)
    _pod_template(spec, config)


def _statefulset(spec: dict[str, Any], config: ClusterConfig) -> None:
    """apps/v1 SetDefaults_StatefulSet (MaxUnavailableStatefulSet is alpha in 1.32: no maxUnavailable)."""
    spec.setdefault("podManagementPolicy", "OrderedReady")
    strategy = spec.setdefault("updateStrategy", {})
    if not strategy.get("type"):
        strategy["type"] = "RollingUpdate"
        strategy.setdefault("rollingUpdate", {})
    if strategy["type"] == "RollingUpdate" and isinstance(strategy.get("rollingUpdate"), dict):
        strategy["rollingUpdate"].setdefault("partition", 0)
    retention = spec.setdefault("persistentVolumeClaimRetentionPolicy", {})
    retention.setdefault("whenDeleted", "Retain")
    retention.setdefault("whenScaled", "Retain")
    spec.setdefault("replicas", 1)
    spec.setdefault("revisionHistoryLimit", 10)
    _pod_template(spec, config)


def _job(spec: dict[str, Any], config: ClusterConfig) -> None:
    """batch/v1 SetDefaults_Job: a non-parallel Job runs one pod to one completion."""
    if spec.get("completions") is None and spec.get("parallelism") is None:
        spec["completions"] = 1
        spec["parallelism"] = 1
    spec.setdefault("parallelism", 1)
    spec.setdefault("backoffLimit", 2147483647 if spec.get("backoffLimitPerIndex") is not None else 6)
    spec.setdefault("completionMode", "NonIndexed")
    spec.setdefault("suspend", False)
    spec.setdefault("manualSelector", False)
    spec.setdefault("podReplacementPolicy", "Failed" if spec.get("podFailurePolicy") else "TerminatingOrFailed")
    _pod_template(spec, config)


def _cronjob(spec: dict[str, Any], config: ClusterConfig) -> None:
    """batch/v1 SetDefaults_CronJob; the job template's pod spec gets the pod defaults, its job spec none."""
    spec.setdefault("concurrencyPolicy", "Allow")
    spec.setdefault("suspend", False)
    spec.setdefault("successfulJobsHistoryLimit", 3)
    spec.setdefault("failedJobsHistoryLimit", 1)
    job_template = spec.setdefault("jobTemplate", {})
    job_template.setdefault("metadata", {})
    _pod_template(job_template.setdefault("spec", {}), config)


def _pod_template(spec: dict[str, Any], config: ClusterConfig) -> None:
    template = spec.setdefault("template", {})
    template.setdefault("metadata", {})
    pod_spec(template.setdefault("spec", {}), config)


def pod_spec(spec: dict[str, Any], config: ClusterConfig) -> None:
    for container in spec.get("containers", []):
        _container(container)
    for container in spec.get("initContainers", []):
        _container(container)
    spec.setdefault("dnsPolicy", "ClusterFirst")
    spec.setdefault("restartPolicy", "Always")
    spec.setdefault("schedulerName", "default-scheduler")
    spec.setdefault("securityContext", {})
    spec.setdefault("terminationGracePeriodSeconds", config.termination_grace_period)


def _container(container: dict[str, Any]) -> None:
    image = str(container.get("image", ""))
    tag = image.rsplit("/", 1)[-1]
    latest = ":" not in tag or tag.endswith(":latest")
    container.setdefault("imagePullPolicy", "Always" if latest else "IfNotPresent")
    for port in container.get("ports", []):
        port.setdefault("protocol", "TCP")
    container.setdefault("resources", {})
    container.setdefault("terminationMessagePath", "/dev/termination-log")
    container.setdefault("terminationMessagePolicy", "File")
    for kind in PROBE_KINDS:
        probe = container.get(kind)
        if isinstance(probe, dict):
            _probe(probe)


PROBE_KINDS = ("livenessProbe", "readinessProbe", "startupProbe")
# SetDefaults_Probe: a field left out (or 0) gets these.
PROBE_DEFAULTS = (("timeoutSeconds", 1), ("periodSeconds", 10), ("successThreshold", 1), ("failureThreshold", 3))


def _probe(probe: dict[str, Any]) -> None:
    """SetDefaults_Probe and SetDefaults_HTTPGetAction (path "/", scheme HTTP)."""
    for field, value in PROBE_DEFAULTS:
        if not probe.get(field):
            probe[field] = value
    http = probe.get("httpGet")
    if isinstance(http, dict):
        if not http.get("path"):
            http["path"] = "/"
        http.setdefault("scheme", "HTTP")


def _pod(spec: dict[str, Any], config: ClusterConfig) -> None:
    pod_spec(spec, config)


def _service(spec: dict[str, Any], config: ClusterConfig) -> None:
    spec.setdefault("type", "ClusterIP")
    spec.setdefault("sessionAffinity", "None")
    spec.setdefault("internalTrafficPolicy", "Cluster")
    spec.setdefault("ipFamilies", ["IPv4"])
    spec.setdefault("ipFamilyPolicy", "SingleStack")
    for port in spec.get("ports", []):
        port.setdefault("protocol", "TCP")
        port.setdefault("targetPort", port.get("port"))
    if spec["type"] in ("NodePort", "LoadBalancer"):
        spec.setdefault("externalTrafficPolicy", "Cluster")


def _hpa(spec: dict[str, Any], config: ClusterConfig) -> None:
    """autoscaling/v2 SetDefaults_HorizontalPodAutoscaler: one replica at least, and 80 % CPU when no
    metric is named (what `kubectl autoscale` without --cpu-percent asks for)."""
    spec.setdefault("minReplicas", 1)
    if not spec.get("metrics"):
        spec["metrics"] = [{"resource": {"name": "cpu", "target": {"averageUtilization": 80, "type": "Utilization"}},
                            "type": "Resource"}]


_DEFAULTERS = {
    "Deployment": _deployment,
    "ReplicaSet": _replicaset,
    "DaemonSet": _daemonset,
    "StatefulSet": _statefulset,
    "Job": _job,
    "CronJob": _cronjob,
    "Pod": _pod,
    "Service": _service,
    "HorizontalPodAutoscaler": _hpa,
}
