"""Ingress classes and the controllers that serve them (k/k pkg/apis/networking; ingress-nginx's and
Traefik's class handling): which IngressClass an Ingress names, which controller implements it, whether
that controller runs and is Ready, and why nothing serves an Ingress. The ingress controller (its
ADDRESS) and request routing both read this; neither owns it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .objects import KObject, pod_is_ready
from .store import Store

DEFAULT_CLASS_ANNOTATION = "ingressclass.kubernetes.io/is-default-class"
LEGACY_CLASS_ANNOTATION = "kubernetes.io/ingress.class"


@dataclass(frozen=True)
class ControllerKind:
    """An ingress controller implementation the sandbox simulates."""

    controller: str                  # IngressClass spec.controller
    image: str                       # image repository its pods run
    selector: tuple[tuple[str, str], ...]
    actor: str                       # the component name on its events
    flavor: str                      # "nginx" or "traefik": how it answers


CONTROLLER_KINDS = (
    ControllerKind("k8s.io/ingress-nginx", "registry.k8s.io/ingress-nginx/controller",
                   (("app.kubernetes.io/name", "ingress-nginx"), ("app.kubernetes.io/component", "controller")),
                   "nginx-ingress-controller", "nginx"),
    ControllerKind("traefik.io/ingress-controller", "docker.io/library/traefik",
                   (("app.kubernetes.io/name", "traefik"),), "traefik", "traefik"),
)
HTTP_PORTS = (80, 443)


def controller_kind_of_pod(pod: KObject) -> ControllerKind | None:
    from .images import normalize

    for container in pod.spec.get("containers") or []:
        repo = normalize(str(container.get("image", ""))).rsplit(":", 1)[0]
        for kind in CONTROLLER_KINDS:
            if repo == kind.image:
                return kind
    return None


def controller_pods(store: Store, kind: ControllerKind) -> list[KObject]:
    """The controller's pods that run and are Ready (and not terminating)."""
    reqs = [(k, "=", (v,)) for k, v in kind.selector]
    return [p for p in store.list("Pod", None, reqs)
            if pod_is_ready(p) and p.metadata.deletion_timestamp is None and controller_kind_of_pod(p) is kind]


def class_name_of(ingress: KObject) -> str | None:
    """The class an Ingress names: spec.ingressClassName, else the legacy annotation; None for a class-less one.

    A default IngressClass is not consulted here: the DefaultIngressClass admission plugin writes it into
    spec.ingressClassName when the Ingress is created, and never afterwards (default_class below)."""
    return ingress.spec.get("ingressClassName") or ingress.metadata.annotations.get(LEGACY_CLASS_ANNOTATION) or None


def default_class(store: Store) -> KObject | None:
    """The IngressClass the DefaultIngressClass admission plugin picks: the one marked default, the newest if
    several are (ties by name) — k/k plugin/pkg/admission/network/defaultingressclass getDefaultClass."""
    defaults = [c for c in store.list("IngressClass") if c.metadata.annotations.get(DEFAULT_CLASS_ANNOTATION) == "true"]
    if not defaults:
        return None
    return min(defaults, key=lambda c: (-c.metadata.creation_timestamp, c.name))


def watches_classless(kind: ControllerKind, pod: KObject) -> bool:
    """Whether a controller pod serves Ingresses that name no class. ingress-nginx only with
    `--watch-ingress-without-class=true` (default false; store.go GetIngressClass); Traefik's Kubernetes Ingress
    provider unless `--providers.kubernetesingress.ingressclass` names a class."""
    args = [str(a) for c in pod.spec.get("containers") or () for a in c.get("args") or ()]
    if kind.flavor == "nginx":
        return any(a in ("--watch-ingress-without-class", "--watch-ingress-without-class=true") for a in args)
    return not any(a.lower().startswith("--providers.kubernetesingress.ingressclass") for a in args)


def serves(store: Store, kind: ControllerKind, ingress: KObject, pods: list[KObject]) -> bool:
    """Whether controller `kind` (running `pods`) serves this Ingress: its class is one of the controller's
    IngressClasses, or it names none and the controller watches class-less Ingresses."""
    name = class_name_of(ingress)
    if name is None:
        return any(watches_classless(kind, pod) for pod in pods)
    cls = store.try_get("IngressClass", "", name)
    return cls is not None and cls.spec.get("controller") == kind.controller


def ingresses_for(store: Store, kind: ControllerKind) -> list[KObject]:
    """Every Ingress this controller serves, oldest first."""
    pods = controller_pods(store, kind)
    found = [ing for ing in store.list("Ingress") if serves(store, kind, ing, pods)]
    return sorted(found, key=lambda i: (i.metadata.creation_timestamp, i.namespace, i.name))


def serving_controller(store: Store, ingress: KObject) -> tuple[ControllerKind | None, list[KObject]]:
    """The controller that serves the Ingress, with its Ready pods. A controller named by the Ingress's class
    is returned even with no pod Ready (so the reason can say so); a class-less Ingress only finds one that
    runs and watches Ingresses without a class."""
    named = class_name_of(ingress) is not None
    for kind in CONTROLLER_KINDS:
        pods = controller_pods(store, kind)
        if (pods or named) and serves(store, kind, ingress, pods):
            return kind, pods
    return None, []


def unserved_reason(store: Store, ingress: KObject) -> str | None:
    """Why no ingress controller serves this Ingress (so nothing routes it), or None when one does."""
    class_name = class_name_of(ingress)
    if not class_name:
        if serving_controller(store, ingress)[1]:
            return None
        return ("it names no IngressClass (spec.ingressClassName), and no running controller serves Ingresses "
                "without a class (ingress-nginx does not by default)")
    cls = store.try_get("IngressClass", "", class_name)
    if cls is None:
        return f'its class "{class_name}" does not exist (kubectl get ingressclasses lists the classes)'
    kind = next((k for k in CONTROLLER_KINDS if k.controller == cls.spec.get("controller")), None)
    if kind is None:
        return f'no controller the sandbox simulates implements its class "{class_name}" ({cls.spec.get("controller")})'
    if not controller_pods(store, kind):
        return f'no {kind.controller} controller pod for its class "{class_name}" is Ready'
    return None
