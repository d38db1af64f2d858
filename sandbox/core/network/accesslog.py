"""Container logs: what `kubectl logs` reads.

Every request a pod answers adds a line to the log of the container that served it,
in the format its image writes (nginx's access log, the ingress-nginx controller's
upstream format, a JSON line from the Node.js frontend). Lines are kept per container
run (the restart count at the time), the newest MAX_LINES per container, as plain data
so snapshots copy them. What an image prints when its container starts is derived
from the container status when the log is read (`startup_lines`), so the kubelet needs
no hook. Simplification: MySQL and CoreDNS log no queries (their query logs are off by
default), and requests take no simulated time, so durations are 0.000.
"""

from __future__ import annotations

import hashlib
import json
from collections import deque
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from ..images import command_output, lookup, normalize
from ..objects import EPOCH, KObject, parse_timestamp
from ..store import Store
from . import whoami
from .answers import INCOMPATIBLE_DIRECTIVE, at_least, mounted_configmap, nginx_version
from .exchange import Request, Response, container_of, repository_and_tag
from .tutorial_images import command_words, flag_value, listen_port, whoami_settings

MAX_LINES = 1000
NGINX_WORKER_PID = 29        # the first worker's pid in the official image (the master is 1)
INGRESS_NGINX = "registry.k8s.io/ingress-nginx/controller"

Line = tuple[int, str]       # (the container's restart count when written, the text)
Timed = list[tuple[float, str]]  # start-up lines with the simulated time each is written


def _at(seconds: float) -> datetime:
    return EPOCH + timedelta(seconds=seconds)


@lru_cache(maxsize=64)
def nginx_time(seconds: int) -> str:
    """$time_local: 01/Jan/2026:00:01:05 +0000."""
    return _at(seconds).strftime("%d/%b/%Y:%H:%M:%S +0000")


def nginx_error_time(seconds: float) -> str:
    return _at(int(seconds)).strftime("%Y/%m/%d %H:%M:%S")


def iso_millis(seconds: float) -> str:
    return _at(seconds).strftime("%Y-%m-%dT%H:%M:%S.") + f"{int(seconds * 1000) % 1000:03d}Z"


class AccessLog:
    """Per-pod, per-container log lines; dropped when the pod is deleted."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._logs: dict[str, dict[str, deque[Line]]] = {}
        #: requests logged so far: nginx numbers its connections (*N) by it, ingress-nginx draws its req_id
        #: from it, and probes (which log nothing) leave it alone
        self.requests = 0
        self.appended: dict[str, dict[str, int]] = {}   # pod uid -> container -> lines ever appended
        self.recording = True         # off while a lesson's check probes the network
        store.watch("Pod", self._on_pod, events=("DELETED",))  # not called for the many other pod writes

    def _on_pod(self, event: str, obj: KObject, old_labels: dict[str, str] | None) -> None:
        if self._logs:
            self._logs.pop(obj.uid, None)
            self.appended.pop(obj.uid, None)

    def append(self, pod: KObject, container: str, text: str) -> None:
        per_pod = self._logs.setdefault(pod.uid, {})
        lines = per_pod.get(container)
        if lines is None:
            lines = per_pod[container] = deque(maxlen=MAX_LINES)
        lines.append((_restarts(pod, container), text))
        counts = self.appended.setdefault(pod.uid, {})
        counts[container] = counts.get(container, 0) + 1

    def lines(self, pod: KObject, container: str, run: int) -> tuple[list[str], bool]:
        """The lines one container run wrote, and whether older lines were dropped."""
        kept = self._logs.get(pod.uid, {}).get(container) or deque()
        return [text for restarts, text in kept if restarts == run], len(kept) == MAX_LINES

    # ---- requests ------------------------------------------------------------------

    def record(self, pod: KObject, port: int, client_ip: str, request: Request, result: Any, now: float,
               upstream: str | None = None, req_id: str = "") -> None:
        """A line for a request `pod` answered with `result` (a Response; failures leave no line).
        An ingress-nginx controller's line names its `upstream` and the `req_id` it sent there."""
        if not self.recording or not isinstance(result, Response) or request.protocol != "http":
            return
        container = container_of(pod, port)
        if container is None:
            return
        image = normalize(str(container.get("image", "")))
        repo = repository_and_tag(image)[0]
        self.requests += 1
        name = str(container.get("name", ""))
        if image.rsplit(":", 1)[0] == INGRESS_NGINX:
            self.append(pod, name, _ingress_line(client_ip, request, result, now, upstream, req_id))
            return
        formatter = _REQUEST_LINES.get(repo)
        if formatter is None or (repo == "http-echo" and request.path.split("?")[0] == "/health"):
            return  # http-echo's /health handler is not wrapped in its request logger (main.go)
        line = formatter(client_ip, request, result, now)
        if line is None:
            return
        if result.error_log:
            self.append(pod, name, f"{nginx_error_time(now)} [error] {NGINX_WORKER_PID}#{NGINX_WORKER_PID}: "
                                   f"*{self.requests} {result.error_log}, client: {client_ip}, server: , "
                                   f'request: "{_request_line(request)}", host: "{request.headers.get("Host", "")}"')
        self.append(pod, name, line)

def _ingress_line(client_ip: str, request: Request, result: Response, now: float, upstream: str | None,
                  req_id: str) -> str:
    """ingress-nginx's log-format-upstream (its default `log-format-upstream`)."""
    size = _body_bytes(request, result)
    if upstream is None:
        tail = "[upstream-default-backend] [] - - - -"
    else:
        name, address = upstream.split(" ", 1)
        tail = f"[{name}] [] {address} {size} 0.000 {result.status}"
    return (f"{_combined(client_ip, request, result, now)} {_request_length(request)} 0.000 {tail} {req_id}")


def _restarts(pod: KObject, container: str) -> int:
    for status in pod.status.get("containerStatuses") or ():
        if status.get("name") == container:
            return int(status.get("restartCount") or 0)
    return 0


def _request_line(request: Request) -> str:
    return f"{request.method} {request.path} HTTP/1.1"


def _body_bytes(request: Request, result: Response) -> int:
    return 0 if request.method == "HEAD" else len(result.body.encode())


def _request_length(request: Request) -> int:
    """Bytes of the request line and headers, as nginx's $request_length counts them."""
    head = _request_line(request) + "\r\n" + "".join(f"{k}: {v}\r\n" for k, v in request.headers.items()) + "\r\n"
    return len(head.encode())


def _combined(client_ip: str, request: Request, result: Response, now: float) -> str:
    referer = request.headers.get("Referer", "-")
    agent = request.headers.get("User-Agent", "-")
    return (f'{client_ip} - - [{nginx_time(int(now))}] "{_request_line(request)}" {result.status} '
            f'{_body_bytes(request, result)} "{referer}" "{agent}"')


def _nginx_line(client_ip: str, request: Request, result: Response, now: float) -> str:
    """The official image's `main` log format: combined plus "$http_x_forwarded_for"."""
    forwarded = request.headers.get("X-Forwarded-For", "-")
    return f'{_combined(client_ip, request, result, now)} "{forwarded}"'


def _node_line(client_ip: str, request: Request, result: Response, now: float) -> str:
    """The shop frontend logs one JSON line per request (pino-http style)."""
    return json.dumps({"level": "info", "time": iso_millis(now), "method": request.method, "url": request.path,
                       "status": result.status, "remoteAddress": client_ip, "responseTime": 0,
                       "msg": "request completed"}, separators=(",", ":"))


def _plain_line(client_ip: str, request: Request, result: Response, now: float) -> str:
    return f"{iso_millis(now)} {client_ip} {request.method} {request.path} {result.status}"


def _httpd_line(client_ip: str, request: Request, result: Response, now: float) -> str:
    """The official httpd image's `common` log format."""
    return (f'{client_ip} - - [{nginx_time(int(now))}] "{_request_line(request)}" {result.status} '
            f"{_body_bytes(request, result) or '-'}")


def _http_echo_line(client_ip: str, request: Request, result: Response, now: float) -> str:
    """http-echo's httpLog: date, host, remote address, request, status, length, user agent, duration."""
    return (f'{_at(int(now)).strftime("%Y/%m/%d %H:%M:%S")} {request.headers.get("Host", "")} {client_ip}:40000 '
            f'"{_request_line(request)}" {result.status} {_body_bytes(request, result)} '
            f'"{request.headers.get("User-Agent", "")}" 0s')


def _python_line(client_ip: str, request: Request, result: Response, now: float) -> str:
    """http.server's log_message: `host - - [date] "request" status -`."""
    stamp = _at(int(now)).strftime("%d/%b/%Y %H:%M:%S")
    return f'{client_ip} - - [{stamp}] "{_request_line(request)}" {result.status} -'


def _whoami_line(client_ip: str, request: Request, result: Response, now: float) -> str | None:
    """whoami logs no requests (its -verbose flag is off), only what healthHandler prints on a POST."""
    if request.method != "POST" or request.path.split("?")[0] != "/health" or result.status != 200:
        return None
    return f"Update health check status code [{whoami.health_update(request.body)[0]}]"


_REQUEST_LINES: dict[str, Callable[[str, Request, Response, float], str | None]] = {
    "nginx": _nginx_line, "node": _node_line, "crashy": _plain_line, "httpd": _httpd_line,
    "http-echo": _http_echo_line, "python": _python_line, whoami.REPOSITORY: _whoami_line,
}


# ---- what an image prints when its container starts --------------------------------

def startup_lines(store: Store, pod: KObject, container: dict[str, Any], started: str | None,
                  exit_code: int | None, now: float) -> list[str]:
    """The lines the image has written by `now` since it started (and at exit, if it exited)."""
    if not started:
        return []
    at = parse_timestamp(started)
    image = normalize(str(container.get("image", "")))
    repo, tag = repository_and_tag(image)
    if image.rsplit(":", 1)[0] == INGRESS_NGINX:
        timed = [(at, line) for line in _ingress_nginx_start(at, tag)]
    else:
        writer = _STARTUP.get(repo)
        timed = writer(store, pod, container, at, tag) if writer else []
    for offset, line in command_output(container.get("command"), container.get("args")):
        timed.append((at + offset, _busybox_date(at + offset) if line == "\0date" else line))
    if exit_code and repo == "crashy":
        timed.append((at, f"{iso_millis(at + 3)} fatal: simulated crash, exiting with code {exit_code}"))
    return [line for when, line in timed if when <= now]


def _nginx_start(store: Store, pod: KObject, container: dict[str, Any], at: float, tag: str) -> Timed:
    version = nginx_version(str(container.get("image", "")))
    conf = mounted_configmap(store, pod, "/etc/nginx/conf.d")
    if conf is None:
        ipv6 = ["10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf",
                "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf"]
    elif "default.conf" in conf:
        ipv6 = ["10-listen-on-ipv6-by-default.sh: info: can not modify /etc/nginx/conf.d/default.conf "
                "(read-only file system?)"]
    else:
        ipv6 = ["10-listen-on-ipv6-by-default.sh: info: /etc/nginx/conf.d/default.conf is not a file or does not "
                "exist"]
    d = "/docker-entrypoint.d"
    lines = [f"/docker-entrypoint.sh: {d}/ is not empty, will attempt to perform configuration",
             f"/docker-entrypoint.sh: Looking for shell scripts in {d}/",
             f"/docker-entrypoint.sh: Launching {d}/10-listen-on-ipv6-by-default.sh", *ipv6]
    if at_least(version, (1, 25)):
        lines.append(f"/docker-entrypoint.sh: Sourcing {d}/15-local-resolvers.envsh")
    lines += [f"/docker-entrypoint.sh: Launching {d}/20-envsubst-on-templates.sh",
              f"/docker-entrypoint.sh: Launching {d}/30-tune-worker-processes.sh",
              "/docker-entrypoint.sh: Configuration complete; ready for start up"]
    stamp = nginx_error_time(at)
    for name, text in sorted((conf or {}).items()):
        if INCOMPATIBLE_DIRECTIVE in text and at_least(version, (1, 25)):
            line_no = next(i for i, line in enumerate(text.splitlines(), 1) if INCOMPATIBLE_DIRECTIVE in line)
            warning = (f'the "{INCOMPATIBLE_DIRECTIVE}" directive is obsolete, ignored in '
                       f"/etc/nginx/conf.d/{name}:{line_no}")
            lines += [f"{stamp} [warn] 1#1: {warning}", f"nginx: [warn] {warning}"]
    node = store.try_get("Node", "", str(pod.spec.get("nodeName") or ""))
    kernel = ((node.status.get("nodeInfo") or {}).get("kernelVersion") if node else None) or "6.8.0"
    cpus = _cpus(node)
    notices = ['using the "epoll" event method', f"nginx/{version}", "built by gcc 12.2.0 (Debian 12.2.0-14) ",
               f"OS: Linux {kernel}", "getrlimit(RLIMIT_NOFILE): 1048576:1048576", "start worker processes"]
    notices += [f"start worker process {NGINX_WORKER_PID + i}" for i in range(cpus)]
    return [(at, line) for line in lines + [f"{stamp} [notice] 1#1: {notice}" for notice in notices]]


def _cpus(node: KObject | None) -> int:
    """`worker_processes auto`: one worker per CPU of the node (at most 8 lines, to keep logs short)."""
    cpu = str(((node.status.get("capacity") or {}).get("cpu") if node else None) or "1")
    return max(1, min(8, int(cpu) if cpu.isdigit() else 1))


def _mysql_start(store: Store, pod: KObject, container: dict[str, Any], at: float, tag: str) -> Timed:
    """The entrypoint's notes, then mysqld; it is ready when the catalogue says the image is."""
    version = "8.0.40"
    note = _at(int(at)).strftime("%Y-%m-%d %H:%M:%S+00:00") + " [Note] [Entrypoint]: "
    image = lookup(str(container.get("image", "")))
    ready_at = at + (image.ready_seconds if image else 0.0)
    ready = iso_millis(ready_at).replace("Z", "000Z")
    server = iso_millis(at + 1).replace("Z", "000Z")
    return [(at, f"{note}Entrypoint script for MySQL Server {version}-1.el9 started."),
            (at, f"{note}Switching to dedicated user 'mysql'"),
            (at, f"{note}Entrypoint script for MySQL Server {version}-1.el9 started."),
            (at, f"{note}Initializing database files"),
            (at + 1, f"{server} 0 [System] [MY-010116] [Server] /usr/sbin/mysqld (mysqld {version}) starting as "
                     "process 1"),
            (ready_at, f"{ready} 0 [System] [MY-011323] [Server] X Plugin ready for connections. Bind-address: "
                       "'::' port: 33060, socket: /var/run/mysqld/mysqlx.sock"),
            (ready_at, f"{ready} 0 [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. "
                       f"Version: '{version}'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community "
                       "Server - GPL.")]


def _coredns_start(store: Store, pod: KObject, container: dict[str, Any], at: float, tag: str) -> Timed:
    digest = hashlib.sha512(b"kubesandbox Corefile").hexdigest()
    return [(at, line) for line in (".:53", f"[INFO] plugin/reload: Running configuration SHA512 = {digest}",
                                    "CoreDNS-1.11.3", "linux/amd64, go1.21.11, a6338e9")]


def _node_start(store: Store, pod: KObject, container: dict[str, Any], at: float, tag: str) -> Timed:
    ports = [p.get("containerPort") for p in container.get("ports") or []] or [3000]
    return [(at, json.dumps({"level": "info", "time": iso_millis(at), "msg": f"server listening on port {ports[0]}"},
                            separators=(",", ":")))]


def _whoami_start(store: Store, pod: KObject, container: dict[str, Any], at: float, tag: str) -> Timed:
    """main(): Go's log.Printf, stamped to the second."""
    return [(at, f"{nginx_error_time(at)} Starting up on port {whoami_settings(container)[0]}")]


def _crashy_start(store: Store, pod: KObject, container: dict[str, Any], at: float, tag: str) -> Timed:
    return [(at, f"{iso_millis(at)} crashy {tag} listening on :8080")]


def _ingress_nginx_start(at: float, tag: str) -> list[str]:
    klog = _at(int(at)).strftime("I%m%d %H:%M:%S.000000       7 ")
    return ["-" * 79, "NGINX Ingress controller", f"  Release:       {tag}",
            "  Build:         " + hashlib.sha1(tag.encode()).hexdigest(),
            "  Repository:    https://github.com/kubernetes/ingress-nginx", "  nginx version: nginx/1.25.5", "",
            "-" * 79, "",
            f'{klog}main.go:205] "Creating API client" host="https://10.96.0.1:443"',
            f'{klog}nginx.go:271] "Starting NGINX Ingress controller"',
            f'{klog}controller.go:213] "Backend successfully reloaded"']


def _httpd_start(store: Store, pod: KObject, container: dict[str, Any], at: float, tag: str) -> Timed:
    ip = pod.status.get("podIP") or "127.0.0.1"
    fqdn = (f"AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using {ip}. "
            "Set the 'ServerName' directive globally to suppress this message")
    stamp = _at(at).strftime("%a %b %d %H:%M:%S.") + f"{int(at * 1_000_000) % 1_000_000:06d} " + _at(at).strftime("%Y")
    return [(at, fqdn), (at, fqdn),
            (at, f"[{stamp}] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/2.4.62 (Unix) configured -- resuming "
                 "normal operations"),
            (at, f"[{stamp}] [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'")]


def _redis_start(store: Store, pod: KObject, container: dict[str, Any], at: float, tag: str) -> Timed:
    stamp = _at(at).strftime("%d %b %Y %H:%M:%S.") + f"{int(at * 1000) % 1000:03d}"
    return [(at, line) for line in (
        f"1:C {stamp} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo",
        f"1:C {stamp} * Redis version=7.4.1, bits=64, commit=00000000, modified=0, pid=1, just started",
        f"1:C {stamp} # Warning: no config file specified, using the default config. In order to specify a config "
        "file use redis-server /path/to/redis.conf",
        f"1:M {stamp} * monotonic clock: POSIX clock_gettime",
        f"1:M {stamp} * Running mode=standalone, port=6379.",
        f"1:M {stamp} * Server initialized",
        f"1:M {stamp} * Ready to accept connections tcp")]


POSTGRES_NO_PASSWORD = (
    "Error: Database is uninitialized and superuser password is not specified.",
    "       You must specify POSTGRES_PASSWORD to a non-empty value for the",
    '       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".',
    "",
    '       You may also use "POSTGRES_HOST_AUTH_METHOD=trust" to allow all',
    "       connections without a password. This is *not* recommended.",
    "",
    '       See PostgreSQL documentation about "trust":',
    "       https://www.postgresql.org/docs/current/auth-trust.html")


def _postgres_start(store: Store, pod: KObject, container: dict[str, Any], at: float, tag: str) -> Timed:
    env = {e.get("name"): e.get("value") for e in container.get("env") or []}
    if not env.get("POSTGRES_PASSWORD") and not env.get("POSTGRES_HOST_AUTH_METHOD"):
        return [(at, line) for line in POSTGRES_NO_PASSWORD]
    version = "17.2" if tag.startswith("17") else "16.6"
    image = lookup(str(container.get("image", "")))
    ready_at = at + (image.ready_seconds if image else 0.0)

    def log(when: float, pid: int, text: str) -> tuple[float, str]:
        return when, f"{iso_millis(when).replace('T', ' ').replace('Z', '')} UTC [{pid}] LOG:  {text}"

    return [(at, "PostgreSQL init process complete; ready for start up."), (at, ""),
            log(ready_at, 1, f"starting PostgreSQL {version} (Debian {version}-1.pgdg120+1) on x86_64-pc-linux-gnu, "
                             "compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit"),
            log(ready_at, 1, 'listening on IPv4 address "0.0.0.0", port 5432'),
            log(ready_at, 1, 'listening on IPv6 address "::", port 5432'),
            log(ready_at, 1, 'listening on Unix socket "/var/run/postgresql/.s.PGSQL.5432"'),
            log(ready_at, 1, "database system is ready to accept connections")]


def _http_echo_start(store: Store, pod: KObject, container: dict[str, Any], at: float, tag: str) -> Timed:
    words = command_words(container)
    if not flag_value(words, "text"):
        return [(at, "Missing -text option OR ENV var TEXT is empty!")]
    listen = flag_value(words, "listen") or ":5678"
    return [(at, f"{_at(int(at)).strftime('%Y/%m/%d %H:%M:%S')} [INFO] server is listening on {listen}")]


def _python_start(store: Store, pod: KObject, container: dict[str, Any], at: float, tag: str) -> Timed:
    port = listen_port(container, str(container.get("image", "")))
    if port is None:
        return []
    return [(at, f"Serving HTTP on 0.0.0.0 port {port} (http://0.0.0.0:{port}/) ...")]


def _busybox_date(at: float) -> str:
    """busybox `date`: `Thu Jan  1 00:01:00 UTC 2026`."""
    moment = EPOCH + timedelta(seconds=int(at))
    return moment.strftime("%a %b ") + f"{moment.day:2d}" + moment.strftime(" %H:%M:%S UTC %Y")


_STARTUP: dict[str, Callable[[Store, KObject, dict[str, Any], float, str], Timed]] = {
    "nginx": _nginx_start, "mysql": _mysql_start, "coredns": _coredns_start, "node": _node_start,
    "crashy": _crashy_start, "httpd": _httpd_start, "redis": _redis_start, "postgres": _postgres_start,
    "http-echo": _http_echo_start, "python": _python_start, whoami.REPOSITORY: _whoami_start,
}
