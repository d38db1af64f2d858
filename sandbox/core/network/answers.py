"""How the catalogue's images answer a request that reaches them.

An answer is a `Response` (status, headers, body), a `Failure` (what curl reports
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
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from functools import lru_cache
from http import HTTPStatus
from typing import Any

from ..clock import Clock
from ..images import lookup
from ..objects import EPOCH, KObject, parse_timestamp
from ..quantity import decimal
from ..store import Store
from . import whoami
from .counters import Counters

CURL_VERSION = "8.5.0"


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


@dataclass
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


def html_error(status: int, server: str, note: str = "") -> str:
    title = f"{status} {REASONS.get(status, '')}".strip()
    extra = f"<p>{note}</p>\r\n" if note else ""
    return (f"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n"
            f"{extra}<hr><center>{server}</center>\r\n</body>\r\n</html>\r\n")


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
        return Failure(7, "Couldn't connect to server")
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
        return Failure(7, "Couldn't connect to server")
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
    return Failure(7, "Couldn't connect to server")


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


# ---- images beginners' tutorials use -------------------------------------------------

HTTPD_INDEX = "<html><body><h1>It works!</h1></body></html>\n"
# The python image's working directory is /: `python -m http.server` lists the root.
ROOT_DIRS = ("bin@", "boot/", "dev/", "etc/", "home/", "lib@", "media/", "mnt/", "opt/", "proc/", "root/", "run/",
             "sbin@", "srv/", "sys/", "tmp/", "usr/", "var/")


def command_words(container: dict[str, Any] | None) -> list[str]:
    """The container's command and args as one list of words (what the process was started with)."""
    if container is None:
        return []
    return [str(w) for w in [*(container.get("command") or []), *(container.get("args") or [])]]


def flag_value(words: list[str], *names: str) -> str | None:
    """A Go-style flag's value: `-name=v`, `--name=v`, `-name v` or `--name v`."""
    for i, word in enumerate(words):
        for name in names:
            for dashes in ("-", "--"):
                if word.startswith(f"{dashes}{name}="):
                    return word.split("=", 1)[1]
                if word == f"{dashes}{name}" and i + 1 < len(words):
                    return words[i + 1]
    return None


def listen_port(container: dict[str, Any] | None, image: str) -> int | None:
    """The port the container's process listens on, from its image and arguments (None: no server)."""
    repo = repository_and_tag(image)[0]
    words = command_words(container)
    if repo == "http-echo":
        listen = flag_value(words, "listen") or ":5678"
        return int(listen.rsplit(":", 1)[-1]) if listen.rsplit(":", 1)[-1].isdigit() else None
    if repo == "agnhost":
        if "netexec" in words:
            port = flag_value(words, "http-port") or "8080"
            return int(port) if port.isdigit() else None
        return 9376 if "serve-hostname" in words else None
    if repo == "python" and "http.server" in words:
        after = words[words.index("http.server") + 1:]
        port = next((w for w in after if w.isdigit()), "8000")
        return int(port)
    return None


def _httpd(ans: Answerer, pod: KObject, image: str, port: int, request: Request) -> Answer:
    if port != 80:
        return Failure(7, "Couldn't connect to server")
    if request.path.split("?")[0] not in ("/", "/index.html"):
        body = ("<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>404 Not Found</title>\n"
                "</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n"
                "</body></html>\n")
        return ans.response(404, "Apache/2.4.62 (Unix)", body, "text/html; charset=iso-8859-1")
    modified = format_datetime(datetime.fromtimestamp(1181683200, UTC), usegmt=True)
    return ans.response(200, "Apache/2.4.62 (Unix)", HTTPD_INDEX, "text/html",
                        [("Last-Modified", modified), ("ETag", '"2d-432a5e4a73a80"'), ("Accept-Ranges", "bytes")])


def _closes_on_http(ans: Answerer, pod: KObject, image: str, port: int, request: Request) -> Answer:
    """Redis and PostgreSQL read the HTTP request as their own protocol and hang up: curl gets no reply."""
    declared = {"redis": 6379, "postgres": 5432}[repository_and_tag(image)[0]]
    if port != declared:
        return Failure(7, "Couldn't connect to server")
    return Failure(52, "Empty reply from server")


def _http_echo(ans: Answerer, pod: KObject, image: str, port: int, request: Request) -> Answer:
    container = container_of(pod, port)
    if port != listen_port(container, image):
        return Failure(7, "Couldn't connect to server")
    text = flag_value(command_words(container), "text") or ""
    body = '{"status":"ok"}\n' if request.path.split("?")[0] == "/health" else text + "\n"
    return ans.response(200, "", body, "text/plain; charset=utf-8",
                        [("X-App-Name", "http-echo"), ("X-App-Version", "1.0.0")])


def _agnhost(ans: Answerer, pod: KObject, image: str, port: int, request: Request) -> Answer:
    container = container_of(pod, port)
    if port != listen_port(container, image):
        return Failure(7, "Couldn't connect to server")
    if "serve-hostname" in command_words(container):
        return ans.response(200, "", pod.name, "text/plain; charset=utf-8")
    path, _, query = request.path.partition("?")
    if path == "/hostname":
        return ans.response(200, "", pod.name, "text/plain; charset=utf-8")
    if path == "/echo":
        params = dict(p.partition("=")[::2] for p in query.split("&") if p)
        return ans.response(200, "", params.get("msg", ""), "text/plain; charset=utf-8")
    if path == "/clientip":
        return ans.response(200, "", request.client, "text/plain; charset=utf-8")   # netexec: r.RemoteAddr
    if path == "/healthz":
        return ans.response(200, "", "", "text/plain; charset=utf-8")
    stamp = datetime.fromtimestamp(EPOCH.timestamp() + ans.clock.now, UTC)
    return ans.response(200, "", f"NOW: {stamp.strftime('%Y-%m-%d %H:%M:%S.%f')[:-3]}000000 +0000 UTC",
                        "text/plain; charset=utf-8")


def _python(ans: Answerer, pod: KObject, image: str, port: int, request: Request) -> Answer:
    container = container_of(pod, port)
    if port != listen_port(container, image):
        return Failure(7, "Couldn't connect to server")
    path = request.path.split("?")[0]
    if path != "/":
        body = ('<!DOCTYPE HTML>\n<html lang="en">\n    <head>\n        <meta charset="utf-8">\n'
                "        <title>Error response</title>\n    </head>\n    <body>\n        <h1>Error response</h1>\n"
                "        <p>Error code: 404</p>\n        <p>Message: File not found.</p>\n"
                "        <p>Error code explanation: 404 - Nothing matches the given URI.</p>\n    </body>\n</html>\n")
        return ans.response(404, "SimpleHTTP/0.6 Python/3.12.8", body, "text/html;charset=utf-8")
    # list_directory: a directory links as `name/`, a symlink shows as `name@` (all of these lead to directories).
    items = "".join(f'<li><a href="{name.rstrip("@/")}/">{name}</a></li>\n' for name in ROOT_DIRS)
    body = ('<!DOCTYPE HTML>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            "<title>Directory listing for /</title>\n"
            f"</head>\n<body>\n<h1>Directory listing for /</h1>\n<hr>\n<ul>\n{items}</ul>\n<hr>\n</body>\n</html>\n")
    return ans.response(200, "SimpleHTTP/0.6 Python/3.12.8", body, "text/html; charset=utf-8")


def whoami_settings(container: dict[str, Any]) -> tuple[str, str]:
    """traefik/whoami's port and name as given: `--port` or WHOAMI_PORT_NUMBER (default 80), `--name` or
    WHOAMI_NAME (app.go init)."""
    words = command_words(container)
    env = {str(e.get("name")): str(e.get("value") or "") for e in container.get("env") or ()}
    name = flag_value(words, "name")
    return (flag_value(words, "port") or env.get("WHOAMI_PORT_NUMBER") or str(whoami.DEFAULT_PORT),
            name if name is not None else env.get("WHOAMI_NAME", ""))


def _whoami(ans: Answerer, pod: KObject, image: str, port: int, request: Request) -> Answer:
    """traefik/whoami (see whoami.py): its page, /api, /bench, and /health whose code a POST sets."""
    container = container_of(pod, port) or {}
    port_text, name = whoami_settings(container)
    if str(port) != port_text:
        return REFUSED
    path = request.path.split("?")[0]
    uri = request.path
    if path == "/health":
        return _whoami_health(ans, whoami.health_key(pod, container), request)
    if path == "/bench":
        return _go(ans, 200, "1", [("Connection", "keep-alive"), ("Content-Type", "text/plain")])
    if path == "/api":
        body = whoami.api(pod, name, request.client, request.method, uri, request.headers)
        return _go(ans, 200, body, [("Content-Type", "application/json")])
    body = whoami.page(pod, name, request.client, request.method, uri, request.headers, request.body)
    return _go(ans, 200, body, sniffed="text/plain; charset=utf-8")


def _whoami_health(ans: Answerer, key: str, request: Request) -> Answer:
    if request.method == "POST":
        code, error = whoami.health_update(request.body)
        if code is None:
            return _go(ans, 400, error + "\n", [("Content-Type", "text/plain; charset=utf-8"),
                                                ("X-Content-Type-Options", "nosniff")])
        ans.health_codes[key] = code
        return _go(ans, 200, "")
    code = ans.health_codes.get(key, whoami.HEALTHY)
    if not 100 <= code <= 999:
        return Failure(52, "Empty reply from server")   # WriteHeader panics; net/http drops the connection
    return _go(ans, code, "")


def _go(ans: Answerer, status: int, body: str, headers: list[tuple[str, str]] | None = None,
        sniffed: str = "") -> Response:
    """A Go net/http answer: the handler's headers (sorted), then Date, Content-Length, a sniffed Content-Type."""
    tail = [("Date", http_date(ans.clock.now)), ("Content-Length", str(len(body.encode())))]
    return Response(status, sorted(headers or []) + tail + ([("Content-Type", sniffed)] if sniffed else []), body,
                    phrase=_go_status_text(status))


def _go_status_text(status: int) -> str:
    """net/http's StatusText, the phrase of RFC 9110 and its registry (Python's http.HTTPStatus has the same)."""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return f"status code {status}"   # Go writes this for a code it has no text for


_HANDLERS: dict[str, Callable[[Answerer, KObject, str, int, Request], Answer]] = {
    "nginx": _nginx, "node": _node, "mysql": _mysql, "coredns": _coredns, "httpd": _httpd,
    "redis": _closes_on_http, "postgres": _closes_on_http, "http-echo": _http_echo, "agnhost": _agnhost,
    "python": _python, whoami.REPOSITORY: _whoami,
}
