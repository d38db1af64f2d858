"""Addons, like `minikube addons`: ordinary objects applied to the cluster.

Each addon is a list of manifests applied with the actor `addon-manager`. Its
pods are scheduled and started like any others, and the addon does its work
only once they are Ready (the ingress controller writes ADDRESSes, MetalLB hands
out EXTERNAL-IPs, istiod pushes routes). An addon counts as enabled while its
Deployment exists. Disabling deletes what enabling created, except the
namespace, which is left behind empty (a simplification of `kubectl delete -f`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import BadRequest
from ..objects import KObject

if TYPE_CHECKING:
    from ..simulation import Simulation

ACTOR = "addon-manager"
INGRESS_NGINX_IMAGE = "registry.k8s.io/ingress-nginx/controller:v1.12.0"
TRAEFIK_IMAGE = "traefik:v3.3"
METALLB_IMAGE = "quay.io/metallb/controller:v0.14.9"
ISTIOD_IMAGE = "docker.io/istio/pilot:1.24.0"


@dataclass(frozen=True)
class Addon:
    name: str
    namespace: str
    deployment: str
    manifests: tuple[dict[str, Any], ...]
    images: tuple[str, ...]
    note: str = ""


def _namespace(name: str, labels: dict[str, str] | None = None) -> dict[str, Any]:
    meta: dict[str, Any] = {"name": name}
    if labels:
        meta["labels"] = labels
    return {"apiVersion": "v1", "kind": "Namespace", "metadata": meta}


def _deployment(name: str, namespace: str, labels: dict[str, str], container: dict[str, Any],
                **pod_spec: Any) -> dict[str, Any]:
    return {
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": name, "namespace": namespace, "labels": labels},
        "spec": {"replicas": 1, "selector": {"matchLabels": labels},
                 "template": {"metadata": {"labels": labels},
                              "spec": {"containers": [container], **pod_spec}}},
    }


def _service(name: str, namespace: str, labels: dict[str, str], ports: list[dict[str, Any]],
             svc_type: str = "ClusterIP") -> dict[str, Any]:
    return {"apiVersion": "v1", "kind": "Service",
            "metadata": {"name": name, "namespace": namespace, "labels": labels},
            "spec": {"type": svc_type, "selector": labels, "ports": ports}}


def _ingress_class(name: str, controller: str, labels: dict[str, str], default: bool) -> dict[str, Any]:
    meta: dict[str, Any] = {"name": name, "labels": labels}
    if default:
        meta["annotations"] = {"ingressclass.kubernetes.io/is-default-class": "true"}
    return {"apiVersion": "networking.k8s.io/v1", "kind": "IngressClass", "metadata": meta,
            "spec": {"controller": controller}}


def _ingress_nginx() -> Addon:
    ns = "ingress-nginx"
    labels = {"app.kubernetes.io/component": "controller", "app.kubernetes.io/instance": "ingress-nginx",
              "app.kubernetes.io/name": "ingress-nginx"}
    container = {
        "name": "controller", "image": INGRESS_NGINX_IMAGE,
        # As minikube's addon for networking.k8s.io/v1: no --watch-ingress-without-class, so an Ingress that
        # names no class is not served; the IngressClass below is the default, which names it on new Ingresses.
        "args": ["/nginx-ingress-controller", "--election-id=ingress-nginx-leader",
                 "--controller-class=k8s.io/ingress-nginx", "--ingress-class=nginx",
                 "--configmap=$(POD_NAMESPACE)/ingress-nginx-controller"],
        "env": [{"name": "POD_NAME", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
                {"name": "POD_NAMESPACE", "valueFrom": {"fieldRef": {"fieldPath": "metadata.namespace"}}}],
        # kind's variant: hostPorts 80/443 make the node's IP the ingress ADDRESS.
        "ports": [{"name": "http", "containerPort": 80, "hostPort": 80, "protocol": "TCP"},
                  {"name": "https", "containerPort": 443, "hostPort": 443, "protocol": "TCP"},
                  {"name": "webhook", "containerPort": 8443, "protocol": "TCP"}],
        "livenessProbe": {"httpGet": {"path": "/healthz", "port": 10254, "scheme": "HTTP"},
                          "initialDelaySeconds": 10, "periodSeconds": 10, "failureThreshold": 5},
        "readinessProbe": {"httpGet": {"path": "/healthz", "port": 10254, "scheme": "HTTP"},
                           "initialDelaySeconds": 10, "periodSeconds": 10},
        "resources": {"requests": {"cpu": "100m", "memory": "90Mi"}},
    }
    ports = [{"name": "http", "port": 80, "protocol": "TCP", "targetPort": "http", "nodePort": 30080},
             {"name": "https", "port": 443, "protocol": "TCP", "targetPort": "https", "nodePort": 30443}]
    note = ("❗  ingress-nginx was retired in March 2026 and gets no more releases; its successor is the "
            "Gateway API. Ingress still works and is what this sandbox teaches.")
    return Addon("ingress-nginx", ns, "ingress-nginx-controller", (
        _namespace(ns, {"app.kubernetes.io/instance": "ingress-nginx", "app.kubernetes.io/name": "ingress-nginx"}),
        _deployment("ingress-nginx-controller", ns, labels, container, terminationGracePeriodSeconds=300,
                    nodeSelector={"kubernetes.io/os": "linux"}),
        _service("ingress-nginx-controller", ns, labels, ports, "NodePort"),
        _ingress_class("nginx", "k8s.io/ingress-nginx", labels, default=True),
    ), (INGRESS_NGINX_IMAGE,), note)


def _traefik() -> Addon:
    ns = "traefik"
    labels = {"app.kubernetes.io/instance": "traefik-traefik", "app.kubernetes.io/name": "traefik"}
    container = {
        "name": "traefik", "image": TRAEFIK_IMAGE,
        "args": ["--entryPoints.web.address=:80", "--entryPoints.websecure.address=:443", "--ping=true",
                 "--providers.kubernetesingress", "--providers.kubernetesingress.ingressendpoint.publishedservice"
                 "=traefik/traefik"],
        "ports": [{"name": "web", "containerPort": 80, "hostPort": 80, "protocol": "TCP"},
                  {"name": "websecure", "containerPort": 443, "hostPort": 443, "protocol": "TCP"},
                  {"name": "traefik", "containerPort": 8080, "protocol": "TCP"}],
        "readinessProbe": {"httpGet": {"path": "/ping", "port": 8080}, "periodSeconds": 10},
    }
    ports = [{"name": "web", "port": 80, "protocol": "TCP", "targetPort": "web"},
             {"name": "websecure", "port": 443, "protocol": "TCP", "targetPort": "websecure"}]
    return Addon("traefik", ns, "traefik", (
        _namespace(ns),
        _deployment("traefik", ns, labels, container),
        _service("traefik", ns, labels, ports, "LoadBalancer"),
        _ingress_class("traefik", "traefik.io/ingress-controller", labels, default=False),
    ), (TRAEFIK_IMAGE,))


def _metallb() -> Addon:
    ns = "metallb-system"
    labels = {"app": "metallb", "component": "controller"}
    container = {"name": "controller", "image": METALLB_IMAGE,
                 "args": ["--port=7472", "--log-level=info"],
                 "ports": [{"name": "monitoring", "containerPort": 7472, "protocol": "TCP"}]}
    return Addon("metallb", ns, "controller", (
        _namespace(ns, {"app": "metallb"}),
        _deployment("controller", ns, labels, container, nodeSelector={"kubernetes.io/os": "linux"}),
    ), (METALLB_IMAGE,), "Address pool: 172.18.255.200-172.18.255.250")


def _istio() -> Addon:
    ns = "istio-system"
    labels = {"app": "istiod", "istio": "pilot"}
    container = {"name": "discovery", "image": ISTIOD_IMAGE,
                 "args": ["discovery", "--monitoringAddr=:15014", "--log_output_level=default:info"],
                 "ports": [{"containerPort": 8080, "protocol": "TCP"}, {"containerPort": 15010, "protocol": "TCP"},
                           {"containerPort": 15012, "protocol": "TCP"}, {"containerPort": 15017, "protocol": "TCP"}],
                 "readinessProbe": {"httpGet": {"path": "/ready", "port": 8080}, "periodSeconds": 3},
                 "resources": {"requests": {"cpu": "500m", "memory": "2048Mi"}}}
    ports = [{"name": "grpc-xds", "port": 15010, "protocol": "TCP"},
             {"name": "https-dns", "port": 15012, "protocol": "TCP"},
             {"name": "https-webhook", "port": 443, "protocol": "TCP", "targetPort": 15017},
             {"name": "http-monitoring", "port": 15014, "protocol": "TCP"}]
    return Addon("istio", ns, "istiod", (
        _namespace(ns),
        _deployment("istiod", ns, labels, container),
        _service("istiod", ns, labels, ports),
    ), (ISTIOD_IMAGE,), "Label a namespace istio-injection=enabled to get sidecars in its new pods.")


ADDONS: dict[str, Addon] = {a.name: a for a in (_ingress_nginx(), _istio(), _metallb(), _traefik())}
ALIASES = {"ingress": "ingress-nginx", "load-balancer": "metallb"}


def _addon(name: str) -> Addon:
    addon = ADDONS.get(ALIASES.get(name, name))
    if addon is None:
        raise BadRequest(f"Exiting due to MK_ADDON_ENABLE: run callbacks: {name} is not a valid addon")
    return addon


def is_enabled(sim: Simulation, addon: Addon) -> bool:
    return sim.try_get("Deployment", addon.namespace, addon.deployment) is not None


def enable(sim: Simulation, name: str, *, actor: str = "you") -> str:
    addon = _addon(name)
    for manifest in addon.manifests:
        sim.apply(manifest, actor=ACTOR, namespace=addon.namespace,
                  reason=f"{actor} enabled addon {addon.name}: {manifest['kind'].lower()}/"
                         f"{manifest['metadata']['name']}")
    lines = [f"    ▪ Using image {image}" for image in addon.images]
    if addon.note:
        lines.append(addon.note)
    lines.append(f"🌟  The '{addon.name}' addon is enabled")
    return "\n".join(lines)


def disable(sim: Simulation, name: str, *, actor: str = "you") -> str:
    addon = _addon(name)
    for manifest in reversed(addon.manifests):
        if manifest["kind"] == "Namespace":
            continue
        obj: KObject | None = sim.try_get(manifest["kind"], addon.namespace, manifest["metadata"]["name"])
        if obj is not None:
            sim.delete(obj.kind, obj.namespace, obj.name, actor=ACTOR,
                       reason=f"{actor} disabled addon {addon.name}")
    return f"🌑  \"The '{addon.name}' addon is disabled\""


def listing(sim: Simulation) -> list[tuple[str, bool]]:
    return [(name, is_enabled(sim, addon)) for name, addon in sorted(ADDONS.items())]
