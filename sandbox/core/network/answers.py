"""How the catalogue's images answer a request that reaches them.

An answer (exchange.py) is a `Response` (status, headers, body), a `Failure` (what curl reports
when the bytes that come back are not HTTP: MySQL's greeting is `(1) Received
HTTP/0.9 when not allowed`, a DNS server over TCP closes silently: `(52) Empty
reply from server`; nothing listening: `(7) ... Couldn't connect to server`), or
an `Upstream` call the request engine makes on the pod's behalf (nginx's
`proxy_pass`, the Node.js frontend querying MySQL) and hands back to `finish`.

nginx reads its configuration from a ConfigMap mounted at /etc/nginx/conf.d (and
static pages from one mounted at /usr/share/nginx/html), as the shop does; without
one it serves its welcome page.

A container answers only while it runs. The kubelet's probes also find its app
closed until it listens (the catalogue's ready_seconds after the start);
simplification: a client's request is answered from the start. The catalogue's
story images (Health) answer on their health path as they degrade over time.
The images beginners' tutorials use answer as tutorial_images.py says.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

from ..clock import Clock
from ..images import lookup
from ..objects import KObject, parse_timestamp
from ..quantity import decimal
from ..store import Store
from .counters import Counters
from .exchange import (
    REFUSED,
    Answer,
    Failure,
    Request,
    Response,
    Upstream,
    container_of,
    html_error,
    http_date,
    repository_and_tag,
)
from .tutorial_images import TUTORIAL_HANDLERS

# Versions the tags of the catalogue's nginx images report (Server header, error pages).
NGINX_VERSIONS = {"1.24": "1.24.0", "1.25": "1.25.5", "1.27": "1.27.3", "latest": "1.27.3"}
# (Last-Modified, ETag) of /usr/share/nginx/html/index.html in each image.
_WELCOME_FILE = {"1.24.0": (1681225438, "64355dde-267"), "1.25.5": (1713277799, "661e8b67-267"),
                 "1.27.3": (1732631445, "674600f5-267")}

WELCOME_PAGE = """<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
"""

# The story's compatibility problem. The shop's nginx config (assets/shop) was written for
# nginx 1.24 and still uses `http2_push_preload`; nginx 1.25.1 dropped HTTP/2 server push and
# made that directive obsolete. Simplification: real nginx only warns and ignores it; the
# sandbox makes the new release fail the requests that relied on push — 3 in every 10, chosen
# from the pod's own request counter so runs repeat — with a 500 whose page says why.
INCOMPATIBLE_DIRECTIVE = "http2_push_preload"
FAILING_REQUESTS = (2, 5, 8)         # request n fails when n % FAILURE_CYCLE is one of these (30 %)
FAILURE_CYCLE = 10


def nginx_version(image: str) -> str:
    tag = repository_and_tag(image)[1]
    return NGINX_VERSIONS.get(tag, tag if tag.count(".") == 2 else NGINX_VERSIONS["latest"])


def _ready_seconds(image: str) -> float:
    known = lookup(image)
    return known.ready_seconds if known is not None else 0.0


def listening_ports(pod: KObject, image: str) -> set[int]:
    """TCP ports the app listens on: nginx's configuration says 80; other images their catalogue ports and the
    containerPorts the pod declares (containerPort is informational: it opens nothing by itself)."""
    if repository_and_tag(image)[0] == "nginx":
        return {80}
    known = lookup(image)
    ports = {number for number, protocol in (known.ports if known else ()) if protocol == "TCP"}
    ports.update(p.get("containerPort") for c in pod.spec.get("containers") or [] for p in c.get("ports") or []
                 if p.get("protocol", "TCP") == "TCP")
    return ports


class Answerer:
    """Answers requests for pods; keeps the per-pod request counters (plain data, snapshot-safe)."""

    def __init__(self, store: Store, clock: Clock) -> None:
        self.store = store
        self.clock = clock
        self.served = Counters()
        #: the earliest time an answer given since the streams last looked would come out differently
        #: (a story image's health path turning unhealthy); traffic.py must not add repeats past it
        self.changes_at = math.inf
        self.health_codes: dict[str, int] = {}   # whoami's /health status, per container run (plain data)

    def answer(self, pod: KObject, port: int, request: Request, *, started_at: float | None = None) -> Answer:
        """How the pod answers on `port`. `started_at` is when its container started (the kubelet knows it to
        the millisecond); by default it is read from the container's status."""
        container = container_of(pod, port)
        uptime = self.uptime(pod, container, started_at)
        image = str(container.get("image", "")) if container else ""
        if uptime is None or (started_at is not None and uptime < _ready_seconds(image)):
            return REFUSED   # not running, or (to a probe) its app has not bound its ports yet
        known = lookup(image)
        if known is not None and known.health is not None:
            return _story(self, pod, image, port, request, uptime)
        handler = _HANDLERS.get(repository_and_tag(image)[0])
        if handler is None:
            return _generic(self, pod, image, port, request)
        return handler(self, pod, image, port, request)

    def listens(self, pod: KObject, port: int, *, started_at: float | None = None) -> bool:
        """Whether a TCP connection to the pod's `port` is accepted (a tcpSocket probe)."""
        container = container_of(pod, port)
        uptime = self.uptime(pod, container, started_at)
        image = str(container.get("image", "")) if container else ""
        return uptime is not None and uptime >= _ready_seconds(image) and port in listening_ports(pod, image)

    def uptime(self, pod: KObject, container: dict[str, Any] | None, started_at: float | None) -> float | None:
        """Seconds the container has run, or None if it does not run."""
        if container is None:
            return None
        if started_at is None:
            status = next((s for s in pod.status.get("containerStatuses") or ()
                           if s.get("name") == container.get("name")), None)
            running = ((status or {}).get("state") or {}).get("running")
            if running is None:
                return None
            started_at = parse_timestamp(running["startedAt"])
        return self.clock.now - started_at

    def count(self, pod: KObject, cycle: int) -> int:
        """The pod's requests answered so far; the caller uses the number only modulo `cycle`."""
        return self.served.take(pod.uid, cycle)

    def response(self, status: int, server: str, body: str, content_type: str,
                 extra: list[tuple[str, str]] | None = None) -> Response:
        headers = [("Server", server)] if server else []
        headers += [("Date", http_date(self.clock.now)), ("Content-Type", content_type),
                    ("Content-Length", str(len(body.encode())))]
        headers += extra or []
        headers.append(("Connection", "keep-alive"))
        return Response(status, headers, body)

    def configmap_file(self, pod: KObject, mount_dir: str) -> dict[str, str]:
        """Files of the ConfigMap volume the pod mounts at `mount_dir` ({} if none)."""
        return mounted_configmap(self.store, pod, mount_dir) or {}


def mounted_configmap(store: Store, pod: KObject, mount_dir: str) -> dict[str, str] | None:
    """Files of the ConfigMap volume the pod mounts at `mount_dir` (None if it mounts none there)."""
    volumes = {v.get("name"): v for v in pod.spec.get("volumes") or []}
    for container in pod.spec.get("containers") or []:
        for mount in container.get("volumeMounts") or []:
            if mount.get("mountPath", "").rstrip("/") == mount_dir:
                source = (volumes.get(mount.get("name")) or {}).get("configMap")
                if source:
                    cm = store.try_get("ConfigMap", pod.namespace, source.get("name", ""))
                    return dict((cm.body.get("data") or {}) if cm else {})
    return None


# ---- nginx -------------------------------------------------------------------

_LOCATION = re.compile(r"location\s+(=\s*)?(\S+)\s*\{([^}]*)\}")
_PROXY_PASS = re.compile(r"proxy_pass\s+http://([^:/;\s]+)(?::(\d+))?[^;]*;")
_RETURN = re.compile(r"return\s+(\d{3})(?:\s+'([^']*)')?\s*;")


def _nginx(ans: Answerer, pod: KObject, image: str, port: int, request: Request) -> Answer:
    version = nginx_version(image)
    server = f"nginx/{version}"
    if port != 80:
        return REFUSED
    if request.protocol != "http":
        return Failure(52, "Empty reply from server")
    files = ans.configmap_file(pod, "/etc/nginx/conf.d")
    config = "\n".join(files.values())
    n = ans.count(pod, FAILURE_CYCLE)
    if INCOMPATIBLE_DIRECTIVE in config and at_least(version, (1, 25)) and n % FAILURE_CYCLE in FAILING_REQUESTS:
        note = (f"webserver {pod.name} ({server}): the shop's nginx config uses "
                f"\"{INCOMPATIBLE_DIRECTIVE}\", which nginx 1.25 no longer supports "
                "(HTTP/2 server push was removed); requests that relied on it fail.")
        failed = ans.response(500, server, html_error(500, server, note), "text/html")
        failed.error_log = _push_error(files)
        return failed
    if not config:
        return _static(ans, server, request, {"index.html": WELCOME_PAGE}, _WELCOME_FILE.get(version))
    block = _location(config, request.path)
    if block is None:
        return ans.response(404, server, html_error(404, server), "text/html")
    if m := _RETURN.search(block):
        return ans.response(int(m.group(1)), server, m.group(2) or "", "text/plain")
    if m := _PROXY_PASS.search(block):
        pass_server = "proxy_pass_header Server" in block
        return Upstream(m.group(1), int(m.group(2) or 80), request,
                        lambda result: _proxied(ans, server, result, pass_server))
    pages = ans.configmap_file(pod, "/usr/share/nginx/html") or {"index.html": WELCOME_PAGE}
    return _static(ans, server, request, pages, None)


def _push_error(files: dict[str, str]) -> str:
    """The error-log message for a request that relied on server push (the sandbox's simplification)."""
    where = next(f"/etc/nginx/conf.d/{name}:{i}" for name, text in sorted(files.items())
                 for i, line in enumerate(text.splitlines(), 1) if INCOMPATIBLE_DIRECTIVE in line)
    return (f'HTTP/2 server push failed: the "{INCOMPATIBLE_DIRECTIVE}" directive in {where} is obsolete since '
            "nginx 1.25.1 (simplified: real nginx ignores it and serves the page)")


def at_least(version: str, minimum: tuple[int, int]) -> bool:
    parts = tuple(n for p in version.split(".")[:2] if (n := decimal(p)) is not None)
    return parts >= minimum


def _location(config: str, path: str) -> str | None:
    """nginx's choice: an exact `location =` match, else the longest prefix location."""
    best: tuple[int, str] | None = None
    matches: list[tuple[str, str, str]] = _LOCATION.findall(config)  # one string per group
    for exact, prefix, block in matches:
        if exact and prefix == path:
            return block
        if not exact and path.startswith(prefix) and (best is None or len(prefix) > best[0]):
            best = (len(prefix), block)
    return best[1] if best else None


def _static(ans: Answerer, server: str, request: Request, pages: dict[str, str],
            file_meta: tuple[int, str] | None) -> Response:
    name = request.path.split("?")[0].lstrip("/") or "index.html"
    body = pages.get(name)
    if body is None:
        return ans.response(404, server, html_error(404, server), "text/html")
    extra = [("Accept-Ranges", "bytes")]
    if file_meta:
        modified = format_datetime(datetime.fromtimestamp(file_meta[0], UTC), usegmt=True)
        extra = [("Last-Modified", modified), ("ETag", f'"{file_meta[1]}"'), *extra]
    return ans.response(200, server, body, "text/html", extra)


def _proxied(ans: Answerer, server: str, result: Response | Failure, pass_server: bool) -> Response:
    """nginx as a reverse proxy: the upstream's answer with nginx's Server header, or 502/504."""
    if isinstance(result, Failure):
        status = 504 if result.code == 28 else 502
        return ans.response(status, server, html_error(status, server), "text/html")
    headers = [(k, v) for k, v in result.headers if k not in ("Server", "Connection")]
    upstream_server = next((v for k, v in result.headers if k == "Server"), "")
    first = [("Server", upstream_server if pass_server and upstream_server else server)]
    return Response(result.status, first + headers + [("Connection", "keep-alive")], result.body)


# ---- the shop's Node.js frontend, MySQL, CoreDNS, generic servers --------------

def _node(ans: Answerer, pod: KObject, image: str, port: int, request: Request) -> Answer:
    if port not in listening_ports(pod, image):
        return REFUSED
    env = {e.get("name"): str(e.get("value", "")) for c in pod.spec.get("containers") or []
           for e in c.get("env") or []}
    db_host = env.get("DB_HOST")
    if not db_host:
        return _json(ans, 200, {"service": pod.metadata.labels.get("app", pod.name), "hostname": pod.name})
    db_port = int(env.get("DB_PORT", "3306"))
    return Upstream(db_host, db_port, Request("QUERY", db_host, "SELECT id, name, price FROM products",
                                              protocol="mysql"),
                    lambda result: _frontend_page(ans, pod, request, db_host, db_port, result), passthrough=False)


def _frontend_page(ans: Answerer, pod: KObject, request: Request, db_host: str, db_port: int,
                   result: Response | Failure) -> Response:
    if isinstance(result, Failure):
        error = {6: f"getaddrinfo ENOTFOUND {db_host}", 28: f"connect ETIMEDOUT {db_host}:{db_port}"}.get(
            result.code, f"connect ECONNREFUSED {db_host}:{db_port}")
        return _json(ans, 500, {"error": error, "hostname": pod.name})
    products = json.loads(result.body)
    return _json(ans, 200, {"service": "frontend", "hostname": pod.name, "path": request.path,
                            "products": products})


def _json(ans: Answerer, status: int, data: dict[str, Any]) -> Response:
    body = json.dumps(data, separators=(",", ":"))
    return ans.response(status, "", body, "application/json; charset=utf-8", [("X-Powered-By", "Express")])


SHOP_PRODUCTS = [{"id": 1, "name": "Kubernetes mug", "price": 12.5},
                 {"id": 2, "name": "Helm t-shirt", "price": 20.0},
                 {"id": 3, "name": "Pod plushie", "price": 15.0}]


def _mysql(ans: Answerer, pod: KObject, image: str, port: int, request: Request) -> Answer:
    if port not in (3306, 33060):
        return REFUSED
    if request.protocol == "mysql":
        return Response(0, [], json.dumps(SHOP_PRODUCTS))
    # The server speaks first: its binary greeting is what curl gets instead of an HTTP status line.
    return Failure(1, "Received HTTP/0.9 when not allowed")


def _coredns(ans: Answerer, pod: KObject, image: str, port: int, request: Request) -> Answer:
    if port == 9153:
        return ans.response(200, "", "# HELP coredns_build_info A metric with a constant '1' value.\n"
                                     "coredns_build_info{version=\"1.11.3\"} 1\n", "text/plain; version=0.0.4")
    if port in (8080, 8181):
        return ans.response(200, "", "OK", "text/plain; charset=utf-8")
    if port == 53:
        return Failure(52, "Empty reply from server")     # DNS over TCP does not speak HTTP
    return REFUSED


def _generic(ans: Answerer, pod: KObject, image: str, port: int, request: Request) -> Answer:
    """An image the sandbox knows no protocol for: a plain-text answer on the ports it listens on."""
    if port not in listening_ports(pod, image):
        return REFUSED
    return ans.response(200, "", f"{pod.name}: {image} answered {request.method} {request.path}\n",
                        "text/plain; charset=utf-8")


def _story(ans: Answerer, pod: KObject, image: str, port: int, request: Request, uptime: float) -> Answer:
    """The catalogue's probe props: their health path answers as images.Health describes, `uptime` seconds
    after the container started; other paths as a generic app does."""
    known = lookup(image)
    health = known.health if known is not None else None
    if health is None or request.path.split("?")[0] != health.path or port not in listening_ports(pod, image):
        return _generic(ans, pod, image, port, request)
    failing = health.fails_after is not None and uptime >= health.fails_after
    if health.fails_after is not None and not failing:
        ans.changes_at = min(ans.changes_at, ans.clock.now + health.fails_after - uptime)
    answer = ans.response(500 if failing else 200, known.server if known else "",
                          "unhealthy: request queue full\n" if failing else "ok\n", "text/plain; charset=utf-8")
    answer.seconds = health.answer_seconds
    return answer


_HANDLERS: dict[str, Callable[[Answerer, KObject, str, int, Request], Answer]] = {
    "nginx": _nginx, "node": _node, "mysql": _mysql, "coredns": _coredns, **TUTORIAL_HANDLERS,
}
