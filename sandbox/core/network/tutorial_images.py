"""How the images beginners' tutorials use answer: httpd, Redis and PostgreSQL, hashicorp/http-echo,
agnhost, `python -m http.server` and traefik/whoami (answers.py dispatches to them)."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from ..objects import EPOCH, KObject
from . import whoami
from .exchange import REFUSED, Answer, Failure, Request, Response, container_of, http_date, repository_and_tag

if TYPE_CHECKING:
    from collections.abc import Callable

    from .answers import Answerer

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
        return REFUSED
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
        return REFUSED
    return Failure(52, "Empty reply from server")


def _http_echo(ans: Answerer, pod: KObject, image: str, port: int, request: Request) -> Answer:
    container = container_of(pod, port)
    if port != listen_port(container, image):
        return REFUSED
    text = flag_value(command_words(container), "text") or ""
    body = '{"status":"ok"}\n' if request.path.split("?")[0] == "/health" else text + "\n"
    return ans.response(200, "", body, "text/plain; charset=utf-8",
                        [("X-App-Name", "http-echo"), ("X-App-Version", "1.0.0")])


def _agnhost(ans: Answerer, pod: KObject, image: str, port: int, request: Request) -> Answer:
    container = container_of(pod, port)
    if port != listen_port(container, image):
        return REFUSED
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
        return REFUSED
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


#: image repository -> how its server answers (answers.py looks the rest up)
TUTORIAL_HANDLERS: dict[str, Callable[[Answerer, KObject, str, int, Request], Answer]] = {
    "httpd": _httpd, "redis": _closes_on_http, "postgres": _closes_on_http, "http-echo": _http_echo,
    "agnhost": _agnhost, "python": _python, whoami.REPOSITORY: _whoami,
}
