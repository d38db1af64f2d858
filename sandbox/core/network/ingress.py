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

from ..ingress_classes import ControllerKind
from ..objects import KObject
from .exchange import Request


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

def forwarded_request(request: Request, kind: ControllerKind, controller: KObject, req_id: str) -> Request:
    """The request a controller sends on to the backend: the client's, plus the headers its proxy sets.

    ingress-nginx (rootfs/etc/nginx/template/nginx.tmpl, location block, with the default ConfigMap: no
    use-forwarded-headers, upstream keepalive on so no Connection header): X-Request-ID, X-Real-IP,
    X-Forwarded-For, -Host, -Port, -Proto, -Scheme and X-Scheme. Traefik (its forwardedheaders middleware,
    and Go's reverse proxy): X-Forwarded-For, -Host, -Port, -Proto, -Server (its pod's hostname),
    X-Real-Ip, and the Accept-Encoding: gzip Go's transport asks for. Names as Go's servers see them.
    Simplification: only plain HTTP on port 80 is simulated, so the port is 80 and the scheme http.
    """
    client_ip = request.client.rsplit(":", 1)[0]
    host = request.headers.get("Host", request.host)
    added = {"X-Forwarded-For": client_ip, "X-Forwarded-Host": host, "X-Forwarded-Port": "80",
             "X-Forwarded-Proto": "http", "X-Real-Ip": client_ip}
    if kind.flavor == "nginx":
        added |= {"X-Request-Id": req_id, "X-Forwarded-Scheme": "http", "X-Scheme": "http"}
    else:
        added |= {"X-Forwarded-Server": str(controller.spec.get("hostname") or controller.name)}
        if "Accept-Encoding" not in request.headers:
            added["Accept-Encoding"] = "gzip"
    return Request(request.method, request.host, request.path, {**request.headers, **added}, request.protocol,
                   request.body)
