"""A request that reaches a pod and what comes back: the answer's types, the container that gives it, and
the pieces every server's answer shares (the Date header, nginx's error page)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from functools import lru_cache
from typing import Any

from ..images import lookup
from ..objects import EPOCH, KObject


@dataclass
class Request:
    method: str
    host: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    protocol: str = "http"           # "http", or "mysql" for a database client
    body: str = ""                   # what curl -d sends
    client: str = ""                 # the connection's source, IP:PORT, as the answering pod sees it


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]]
    body: str
    error_log: str = ""              # what the answering server writes to its error log (accesslog.py)
    seconds: float = 0.0             # how long the app took to answer (a probe's timeoutSeconds may be shorter)
    phrase: str | None = None        # the server's own reason phrase, where it differs from nginx's

    @property
    def reason(self) -> str:
        return self.phrase if self.phrase is not None else REASONS.get(self.status, "")


@dataclass(frozen=True)   # (REFUSED is shared)
class Failure:
    code: int                        # curl's exit code
    message: str                     # curl's words after "curl: (N) "
    no_endpoints: bool = False       # refused because the Service had no ready endpoint


@dataclass
class Upstream:
    """A call the answering pod makes; `finish` turns its result into this pod's answer.

    `passthrough`: a proxy relays the upstream's response, so the upstream pod is the one
    that answered; otherwise (the frontend building a page from its query) this pod is.
    """

    host: str
    port: int
    request: Request
    finish: Callable[[Response | Failure], Response | Failure]
    passthrough: bool = True


Answer = Response | Failure | Upstream

REFUSED = Failure(7, "Couldn't connect to server")
REASONS = {200: "OK", 301: "Moved Permanently", 404: "Not Found", 500: "Internal Server Error",
           502: "Bad Gateway", 503: "Service Temporarily Unavailable", 504: "Gateway Time-out"}


def http_date(now: float) -> str:
    return _http_date(int(now))


@lru_cache(maxsize=64)   # (every response carries one; many share their second)
def _http_date(second: int) -> str:
    return format_datetime(datetime.fromtimestamp(EPOCH.timestamp() + second, UTC), usegmt=True)


def container_of(pod: KObject, port: int | None = None) -> dict[str, Any] | None:
    """The container serving `port`: the app container declaring it, else the istio-proxy sidecar for one of
    Envoy's own ports (its health port 15021, which its readiness probe asks), else the first app container."""
    every: list[dict[str, Any]] = pod.spec.get("containers") or []
    containers = [c for c in every if c.get("name") != "istio-proxy"]
    for container in containers:
        if any(p.get("containerPort") == port for p in container.get("ports") or []):
            return container
    for container in every:
        known = lookup(str(container.get("image", ""))) if container.get("name") == "istio-proxy" else None
        if known is not None and (port, "TCP") in known.ports:
            return container
    return containers[0] if containers else None


def image_of(pod: KObject, port: int | None = None) -> str:
    """The image of the container serving `port` (else the first app container)."""
    container = container_of(pod, port)
    return str(container.get("image", "")) if container else ""


def repository_and_tag(image: str) -> tuple[str, str]:
    name = image.rsplit("/", 1)[-1]
    repo, _, tag = name.partition(":")
    return repo, tag or "latest"


def html_error(status: int, server: str, note: str = "") -> str:
    title = f"{status} {REASONS.get(status, '')}".strip()
    extra = f"<p>{note}</p>\r\n" if note else ""
    return (f"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n"
            f"{extra}<hr><center>{server}</center>\r\n</body>\r\n</html>\r\n")
