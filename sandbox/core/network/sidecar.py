"""Istio's sidecar injector: a mutating admission webhook for pods (Istio 1.24).

A pod created in a namespace labelled `istio-injection=enabled` gets the `istio-init` init
container (which redirects the pod's traffic through the proxy) and the `istio-proxy` Envoy
container, so READY shows 2/2. Injection happens only at creation: pods that already run keep
no sidecar until they are recreated (`kubectl rollout restart`). Opt-out per pod with the
label (or legacy annotation) `sidecar.istio.io/inject: "false"`.

The webhook is registered by the istio addon, so injection happens while the istiod
Deployment exists in istio-system. Simplification: real Istio's webhook fails closed
(failurePolicy: Fail), so pod creation is refused while no istiod pod is Ready; here the pod
is injected anyway and its sidecar works once istiod runs.
"""

from __future__ import annotations

import json
from typing import Any

from ..objects import KObject, controller_ref
from ..store import Store

ISTIO_NAMESPACE = "istio-system"
ISTIOD = "istiod"
INJECTION_LABEL = "istio-injection"
INJECT_OPT_OUT = "sidecar.istio.io/inject"
STATUS_ANNOTATION = "sidecar.istio.io/status"
PROXY_CONTAINER = "istio-proxy"
INIT_CONTAINER = "istio-init"
PROXY_IMAGE = "docker.io/istio/proxyv2:1.24.0"

_VOLUMES = ["workload-socket", "credential-socket", "workload-certs", "istio-envoy", "istio-data",
            "istio-podinfo", "istio-token", "istiod-ca-cert"]
_PROXY_RESOURCES = {"limits": {"cpu": "2", "memory": "1Gi"}, "requests": {"cpu": "100m", "memory": "128Mi"}}
_INIT_RESOURCES = {"limits": {"cpu": "2", "memory": "1Gi"}, "requests": {"cpu": "10m", "memory": "40Mi"}}


def has_sidecar(pod: KObject) -> bool:
    return any(c.get("name") == PROXY_CONTAINER for c in pod.spec.get("containers") or ())


class SidecarInjector:
    """Admission plugin for Pod; a class so that a snapshot deep-copies it with its store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def __call__(self, pod: KObject) -> None:
        if self._wants_sidecar(pod):
            inject(pod)

    def _wants_sidecar(self, pod: KObject) -> bool:
        meta = pod.metadata
        # The namespace first: most pods are in one without injection, and this is every pod create.
        namespace = self.store.try_get("Namespace", "", meta.namespace)
        if namespace is None or namespace.metadata.labels.get(INJECTION_LABEL) != "enabled":
            return False
        if pod.spec.get("hostNetwork") or has_sidecar(pod) or STATUS_ANNOTATION in meta.annotations:
            return False
        if meta.labels.get(INJECT_OPT_OUT) == "false" or meta.annotations.get(INJECT_OPT_OUT) == "false":
            return False
        return self.store.try_get("Deployment", ISTIO_NAMESPACE, ISTIOD) is not None


def inject(pod: KObject) -> None:
    """Add what Istio's injection template adds: init container, proxy, volumes, labels, annotations."""
    meta, spec = pod.metadata, pod.spec
    app_containers = spec.get("containers") or []
    first = app_containers[0]["name"] if app_containers else ""
    # New lists, not appends: a pod's containers list may be shared with its ReplicaSet's
    # template (replicaset.SHARED_SPEC_FIELDS).
    spec["initContainers"] = [*(spec.get("initContainers") or []), _init_container()]
    spec["containers"] = [*app_containers, _proxy_container()]
    spec["volumes"] = [*(spec.get("volumes") or []), *_volumes()]
    meta.labels.setdefault("security.istio.io/tlsMode", "istio")
    meta.labels.setdefault("service.istio.io/canonical-name", meta.labels.get("app") or _workload_name(pod))
    meta.labels.setdefault("service.istio.io/canonical-revision", meta.labels.get("version") or "latest")
    meta.annotations.setdefault("istio.io/rev", "default")
    if first:
        meta.annotations.setdefault("kubectl.kubernetes.io/default-container", first)
        meta.annotations.setdefault("kubectl.kubernetes.io/default-logs-container", first)
    meta.annotations[STATUS_ANNOTATION] = json.dumps(
        {"initContainers": [INIT_CONTAINER], "containers": [PROXY_CONTAINER], "volumes": _VOLUMES,
         "imagePullSecrets": None, "revision": "default"}, separators=(",", ":"))


def _workload_name(pod: KObject) -> str:
    """Istio's canonical name falls back to the workload's name (a Deployment's, for ReplicaSet pods)."""
    base = pod.metadata.generate_name.rstrip("-")
    if not base:
        return pod.metadata.name
    ref = controller_ref(pod)
    return base.rsplit("-", 1)[0] if ref is not None and ref.get("kind") == "ReplicaSet" else base


def _init_container() -> dict[str, Any]:
    return {
        "name": INIT_CONTAINER, "image": PROXY_IMAGE, "imagePullPolicy": "IfNotPresent",
        "args": ["istio-iptables", "-p", "15001", "-z", "15006", "-u", "1337", "-m", "REDIRECT", "-i", "*",
                 "-x", "", "-b", "*", "-d", "15090,15021,15020", "--log_output_level=default:info"],
        "resources": _copy(_INIT_RESOURCES),
        "securityContext": {"allowPrivilegeEscalation": False, "capabilities": {"add": ["NET_ADMIN", "NET_RAW"],
                                                                                  "drop": ["ALL"]},
                            "privileged": False, "readOnlyRootFilesystem": False, "runAsGroup": 0,
                            "runAsNonRoot": False, "runAsUser": 0},
        "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File",
    }


def _proxy_container() -> dict[str, Any]:
    return {
        "name": PROXY_CONTAINER, "image": PROXY_IMAGE, "imagePullPolicy": "IfNotPresent",
        "args": ["proxy", "sidecar", "--domain", "$(POD_NAMESPACE).svc.cluster.local",
                 "--proxyLogLevel=warning", "--proxyComponentLogLevel=misc:error", "--log_output_level=default:info"],
        "ports": [{"containerPort": 15090, "name": "http-envoy-prom", "protocol": "TCP"}],
        "readinessProbe": {"failureThreshold": 4, "httpGet": {"path": "/healthz/ready", "port": 15021,
                                                              "scheme": "HTTP"},
                           "periodSeconds": 15, "successThreshold": 1, "timeoutSeconds": 3},
        "resources": _copy(_PROXY_RESOURCES),
        "securityContext": {"allowPrivilegeEscalation": False, "capabilities": {"drop": ["ALL"]},
                            "privileged": False, "readOnlyRootFilesystem": True, "runAsGroup": 1337,
                            "runAsNonRoot": True, "runAsUser": 1337},
        "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File",
        "volumeMounts": [{"mountPath": "/var/run/secrets/workload-spiffe-uds", "name": "workload-socket"},
                         {"mountPath": "/var/run/secrets/credential-uds", "name": "credential-socket"},
                         {"mountPath": "/var/run/secrets/workload-spiffe-credentials", "name": "workload-certs"},
                         {"mountPath": "/var/run/secrets/istio", "name": "istiod-ca-cert"},
                         {"mountPath": "/var/lib/istio/data", "name": "istio-data"},
                         {"mountPath": "/etc/istio/proxy", "name": "istio-envoy"},
                         {"mountPath": "/var/run/secrets/tokens", "name": "istio-token"},
                         {"mountPath": "/etc/istio/pod", "name": "istio-podinfo"}],
    }


def _volumes() -> list[dict[str, Any]]:
    empty: list[dict[str, Any]] = [
        {"emptyDir": {}, "name": name} for name in ("workload-socket", "credential-socket", "workload-certs")]
    return [
        *empty,
        {"emptyDir": {"medium": "Memory"}, "name": "istio-envoy"},
        {"emptyDir": {}, "name": "istio-data"},
        {"downwardAPI": {"items": [{"fieldRef": {"fieldPath": "metadata.labels"}, "path": "labels"},
                                  {"fieldRef": {"fieldPath": "metadata.annotations"}, "path": "annotations"}]},
         "name": "istio-podinfo"},
        {"name": "istio-token", "projected": {"sources": [{"serviceAccountToken": {
            "audience": "istio-ca", "expirationSeconds": 43200, "path": "istio-token"}}]}},
        {"configMap": {"name": "istio-ca-root-cert"}, "name": "istiod-ca-cert"},
    ]


def _copy(value: dict[str, Any]) -> dict[str, Any]:
    return {k: dict(v) for k, v in value.items()}
