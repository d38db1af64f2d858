"""Ingress rule matching (docs: services-networking/ingress, "Examples" table).

Host: a rule's host matches exactly, or as a wildcard `*.example.com` that
covers exactly one more leading label (`foo.example.com`, not `example.com`,
not `a.foo.example.com`); a rule without host matches any host. Like
ingress-nginx, an exact host is preferred to a wildcard, a wildcard to the
catch-all, and the rules of all Ingresses of one class are merged per host.

Path: Exact is case-sensitive string equality; Prefix compares whole
`/`-separated elements, ignoring a trailing slash (`/foo` matches `/foo/bar`,
not `/foobar`). The longest matching path wins and Exact beats Prefix on a tie.
ImplementationSpecific is treated as Prefix here (a simplification: its meaning
belongs to each controller). No match: the Ingress's defaultBackend, else the
controller's own 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..objects import KObject, pod_is_ready
from ..store import Store


@dataclass(frozen=True)
class IngressMatch:
    ingress: KObject
    backend: dict[str, Any]          # {"service": {"name": ..., "port": {"number"|"name": ...}}}
    path: str | None                 # None when the defaultBackend answered
    path_type: str | None


def host_matches(rule_host: str, host: str) -> bool:
    if not rule_host:
        return True
    if rule_host.startswith("*."):
        head, _, rest = host.partition(".")
        return bool(head) and rest == rule_host[2:]
    return rule_host == host


def path_matches(path_type: str, path: str, request_path: str) -> bool:
    if path_type == "Exact":
        return path == request_path
    wanted = [p for p in path.split("/") if p]
    got = [p for p in request_path.split("/") if p]
    return got[: len(wanted)] == wanted


def _host_rank(rule_host: str, host: str) -> int | None:
    """2 exact, 1 wildcard, 0 catch-all, None no match."""
    if not host_matches(rule_host, host):
        return None
    return 0 if not rule_host else 1 if rule_host.startswith("*.") else 2


def match(ingresses: list[KObject], host: str, path: str) -> IngressMatch | None:
    """The backend the merged rules of `ingresses` give a request, or None (controller 404)."""
    host = host.split(":")[0].lower()
    best_rank = None
    for ing in ingresses:
        for rule in ing.spec.get("rules") or []:
            rank = _host_rank(rule.get("host", ""), host)
            if rank is not None and (best_rank is None or rank > best_rank):
                best_rank = rank
    if best_rank is None:
        return _default_backend(ingresses)
    candidates: list[tuple[tuple[int, int], IngressMatch]] = []
    hosting: list[KObject] = []
    for ing in ingresses:
        for rule in ing.spec.get("rules") or []:
            if _host_rank(rule.get("host", ""), host) != best_rank:
                continue
            if ing not in hosting:
                hosting.append(ing)
            for entry in (rule.get("http") or {}).get("paths") or []:
                ptype = entry.get("pathType", "ImplementationSpecific")
                rule_path = entry.get("path", "/")
                if path_matches(ptype, rule_path, path):
                    length = len(rule_path) if ptype == "Exact" else len(rule_path.rstrip("/"))
                    score = (length, 1 if ptype == "Exact" else 0)
                    candidates.append((score, IngressMatch(ing, entry["backend"], rule_path, ptype)))
    if candidates:
        top = max(score for score, _ in candidates)
        return next(m for score, m in candidates if score == top)
    return _default_backend(hosting)


def _default_backend(ingresses: list[KObject]) -> IngressMatch | None:
    for ing in ingresses:
        backend = ing.spec.get("defaultBackend")
        if backend:
            return IngressMatch(ing, backend, None, None)
    return None


# ---- which controller serves which Ingress -------------------------------------

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
    from ..images import normalize

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
