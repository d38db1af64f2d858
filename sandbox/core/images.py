"""The image catalogue: which images the simulated registry knows and how each behaves.

The kubelet asks it how long a pull takes, how big the image is, how long the
container needs to start and to get ready, whether it exits, and how it stops;
the networking layer (and the kubelet's probes) asks which ports it serves, what
its `Server` header is, and how its health endpoint answers over time.
An image that is not listed does not exist in the registry: pulling it fails with
containerd's real error, and the pod goes ErrImagePull → ImagePullBackOff.
"""

from __future__ import annotations

import hashlib
import re
import shlex
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True, slots=True)
class Health:
    """A story device for probes: the endpoint an app reports its health on, and how that changes."""

    path: str                       # e.g. /healthz; other paths answer as the app's pages do
    answer_seconds: float = 0.0     # how long it takes to answer (a probe's timeoutSeconds may be shorter)
    fails_after: float | None = None  # seconds after the container starts when it starts answering 500


@dataclass(frozen=True, slots=True)
class Image:
    """How one image behaves. Times are simulated seconds."""

    ref: str                        # fully qualified reference, e.g. docker.io/library/nginx:1.25
    size: int                       # bytes, as the kubelet's Pulled event reports them
    pull_seconds: float             # first pull on a node
    start_seconds: float = 0.5      # image present → container running
    ready_seconds: float = 0.0      # running → the app listens on its ports and answers
    stop_seconds: float = 0.5       # SIGTERM → exit (capped by the grace period)
    ports: tuple[tuple[int, str], ...] = ()   # (port, protocol) the process listens on
    server: str = ""                # Server header / banner the app answers with
    exits_after: float | None = None  # seconds of running before the process exits; None: runs on
    exit_code: int = 0
    health: Health | None = None    # a story image's health endpoint (see Health)
    note: str = ""                  # what the image does, for `sim images` (ports, paths, behaviour)
    #: exits with 1 at start unless one of these env vars is set (postgres needs a superuser password)
    needs_env: tuple[str, ...] = ()

    @property
    def image_id(self) -> str:
        """`repository@sha256:…` with a stable fake digest, so imageID looks real and never changes."""
        return _image_id(self.ref)


@lru_cache(maxsize=256)
def _image_id(ref: str) -> str:
    return f"{ref.rsplit(':', 1)[0]}@sha256:{hashlib.sha256(ref.encode()).hexdigest()}"


def _web(ref: str, size: int, pull: float, server: str, note: str = "nginx on :80: its welcome page, or the "
         "site a ConfigMap mounted at /etc/nginx/conf.d configures") -> Image:
    # A web server listens within milliseconds of starting, so a readinessProbe passes at its first try.
    return Image(ref, size, pull, ports=((80, "TCP"),), server=server, note=note)


_K8S = "registry.k8s.io"
_CATALOGUE: tuple[Image, ...] = (
    _web("docker.io/library/nginx:1.24", 70_544_635, 3.1, "nginx/1.24.0"),
    _web("docker.io/library/nginx:1.25", 71_028_960, 3.2, "nginx/1.25.5"),
    _web("docker.io/library/nginx:1.27", 72_099_501, 3.3, "nginx/1.27.3"),
    _web("docker.io/library/nginx:latest", 72_099_501, 3.3, "nginx/1.27.3"),
    Image("docker.io/library/node:20", 399_125_622, 14.0, start_seconds=0.8, ready_seconds=2.0,
          ports=((3000, "TCP"),), server="Node.js/20.18.1 (Express)",
          note="the shop's frontend: JSON on :3000; with DB_HOST set it queries MySQL for the products"),
    Image("docker.io/library/mysql:8.0", 228_406_128, 11.5, start_seconds=1.0, ready_seconds=15.0,
          stop_seconds=3.0, ports=((3306, "TCP"), (33060, "TCP")), server="MySQL/8.0.40",
          note="MySQL on :3306, ready after about 15 s; curl gets its binary greeting (curl: (1) ...)"),
    # busybox's default command is `sh`, which exits at once without a terminal: with
    # restartPolicy Always that is a CrashLoopBackOff of a container that "Completed".
    Image("docker.io/library/busybox:latest", 2_160_406, 1.2, start_seconds=0.3, exits_after=0.0,
          note="a shell that exits 0 at once unless given a long-running command (sleep 3600); no curl"),
    Image("docker.io/library/busybox:1.36", 2_156_983, 1.2, start_seconds=0.3, exits_after=0.0,
          note="a shell that exits 0 at once unless given a long-running command (sleep 3600); no curl"),
    Image("docker.io/library/busybox:1.37", 2_166_802, 1.2, start_seconds=0.3, exits_after=0.0,
          note="a shell that exits 0 at once unless given a long-running command (sleep 3600); no curl"),
    Image("docker.io/curlimages/curl:8.11.1", 11_794_127, 1.6, start_seconds=0.3, exits_after=0.0,
          note="curl and a shell: run it with `sleep 3600`, then kubectl exec POD -- curl URL"),
    Image("docker.io/curlimages/curl:latest", 11_794_127, 1.6, start_seconds=0.3, exits_after=0.0,
          note="curl and a shell: run it with `sleep 3600`, then kubectl exec POD -- curl URL"),
    _web("docker.io/library/httpd:2.4", 58_240_191, 3.0, "Apache/2.4.62 (Unix)",
         'Apache httpd on :80: answers "It works!" on /'),
    _web("docker.io/library/httpd:latest", 58_240_191, 3.0, "Apache/2.4.62 (Unix)",
         'Apache httpd on :80: answers "It works!" on /'),
    Image("docker.io/library/redis:7.4", 45_161_902, 3.0, start_seconds=0.3, ports=((6379, "TCP"),),
          server="Redis/7.4.1", note="Redis on :6379; curl gets an empty reply (Redis refuses HTTP)"),
    Image("docker.io/library/redis:latest", 45_161_902, 3.0, start_seconds=0.3, ports=((6379, "TCP"),),
          server="Redis/7.4.1", note="Redis on :6379; curl gets an empty reply (Redis refuses HTTP)"),
    Image("docker.io/library/postgres:16", 158_390_481, 7.5, start_seconds=0.5, ready_seconds=3.0,
          stop_seconds=1.0, ports=((5432, "TCP"),), server="PostgreSQL/16.6",
          needs_env=("POSTGRES_PASSWORD", "POSTGRES_HOST_AUTH_METHOD"),
          note="PostgreSQL on :5432; exits at once unless env POSTGRES_PASSWORD is set; curl: empty reply"),
    Image("docker.io/library/postgres:17", 159_812_337, 7.5, start_seconds=0.5, ready_seconds=3.0,
          stop_seconds=1.0, ports=((5432, "TCP"),), server="PostgreSQL/17.2",
          needs_env=("POSTGRES_PASSWORD", "POSTGRES_HOST_AUTH_METHOD"),
          note="PostgreSQL on :5432; exits at once unless env POSTGRES_PASSWORD is set; curl: empty reply"),
    Image("docker.io/library/python:3.12", 372_532_164, 12.0, start_seconds=0.5, exits_after=0.0,
          note="the python3 REPL exits at once without a terminal; `python -m http.server 8000` serves a "
               "directory listing on :8000"),
    Image("docker.io/library/python:3.13", 373_104_855, 12.0, start_seconds=0.5, exits_after=0.0,
          note="the python3 REPL exits at once without a terminal; `python -m http.server 8000` serves a "
               "directory listing on :8000"),
    Image("docker.io/hashicorp/http-echo:1.0", 3_876_534, 1.0, start_seconds=0.2, ports=((5678, "TCP"),),
          exits_after=0.0, exit_code=127,
          note="answers its -text argument on :5678 (-listen=:PORT moves it), /health answers {\"status\":\"ok\"}"),
    Image("docker.io/hashicorp/http-echo:latest", 3_876_534, 1.0, start_seconds=0.2, ports=((5678, "TCP"),),
          exits_after=0.0, exit_code=127,
          note="answers its -text argument on :5678 (-listen=:PORT moves it), /health answers {\"status\":\"ok\"}"),
    Image("registry.k8s.io/e2e-test-images/agnhost:2.52", 55_618_447, 3.5, start_seconds=0.3, exits_after=0.0,
          note="Kubernetes' test server: args netexec (:8080, /hostname, /echo?msg=, /clientip) or "
               "serve-hostname (:9376 answers the pod name); pause runs doing nothing"),
    Image(f"{_K8S}/busybox:latest", 1_144_547, 1.0, start_seconds=0.3, exits_after=0.0,
          note="the busybox of the Kubernetes docs' probe examples"),
    Image("ghcr.io/kubesandbox/crashy:1.0", 5_242_880, 1.5, start_seconds=0.3, exits_after=3.0, exit_code=1,
          ports=((8080, "TCP"),), server="crashy/1.0",
          note="a lesson prop: starts, then exits with code 1 after 3 s (CrashLoopBackOff)"),
    Image("ghcr.io/kubesandbox/sickly:1.0", 5_310_224, 1.5, start_seconds=0.3, ports=((8080, "TCP"),),
          server="sickly/1.0", health=Health("/healthz", fails_after=60.0),
          note="a lesson prop: serves HTTP on 8080; 60 s after it starts, /healthz answers 500 while / still "
               "answers 200 (a livenessProbe on /healthz restarts it)"),
    Image("ghcr.io/kubesandbox/sluggish:1.0", 5_298_112, 1.5, start_seconds=0.3, ports=((8080, "TCP"),),
          server="sluggish/1.0", health=Health("/healthz", answer_seconds=2.5),
          note="a lesson prop: its /healthz on 8080 takes 2.5 s to answer (longer than the default 1 s "
               "timeoutSeconds of a probe)"),
    Image("ghcr.io/kubesandbox/slow-start:1.0", 5_276_901, 1.5, start_seconds=0.3, ready_seconds=75.0,
          ports=((8080, "TCP"),), server="slow-start/1.0", health=Health("/healthz"),
          note="a lesson prop: listens on 8080 only 75 s after it starts (a livenessProbe without a "
               "startupProbe kills it first)"),
    Image(f"{_K8S}/coredns/coredns:v1.11.3", 18_562_039, 2.0, ready_seconds=1.0,
          ports=((53, "UDP"), (53, "TCP"), (8080, "TCP"), (8181, "TCP"), (9153, "TCP")), server="CoreDNS-1.11.3",
          note="cluster DNS (kube-system): service names resolve only while a coredns pod is Ready"),
    Image(f"{_K8S}/kube-proxy:v1.32.0", 30_907_857, 2.5, ports=((10249, "TCP"), (10256, "TCP")),
          server="kube-proxy/v1.32.0", note="a node's Service routing (a DaemonSet in kube-system)"),
    Image(f"{_K8S}/etcd:3.5.16-0", 57_680_541, 4.0, ports=((2379, "TCP"), (2380, "TCP"), (2381, "TCP")),
          server="etcd/3.5.16", note="the control plane's store (a static pod)"),
    Image(f"{_K8S}/kube-apiserver:v1.32.0", 28_671_624, 2.5, ports=((6443, "TCP"),),
          server="kube-apiserver/v1.32.0", note="the API server (a static pod)"),
    Image(f"{_K8S}/kube-controller-manager:v1.32.0", 26_258_470, 2.5, ports=((10257, "TCP"),),
          server="kube-controller-manager/v1.32.0", note="the controllers (a static pod)"),
    Image(f"{_K8S}/kube-scheduler:v1.32.0", 20_658_969, 2.0, ports=((10259, "TCP"),),
          server="kube-scheduler/v1.32.0", note="the scheduler (a static pod)"),
    Image(f"{_K8S}/ingress-nginx/controller:v1.12.0", 105_478_062, 6.0, start_seconds=0.8, ready_seconds=5.0,
          ports=((80, "TCP"), (443, "TCP"), (8443, "TCP"), (10254, "TCP")), server="nginx",
          note="the ingress-nginx controller (sim addons enable ingress-nginx): routes Ingresses on :80"),
    Image("docker.io/library/traefik:v3.3", 54_322_451, 4.0, ready_seconds=2.0,
          ports=((80, "TCP"), (443, "TCP"), (8080, "TCP")), server="Traefik/3.3",
          note="the Traefik ingress controller (sim addons enable traefik)"),
    Image("quay.io/metallb/controller:v0.14.9", 29_112_033, 3.0, ready_seconds=1.0,
          ports=((7472, "TCP"), (9443, "TCP")), server="metallb-controller/v0.14.9",
          note="MetalLB (sim addons enable metallb): LoadBalancer IPs"),
    Image("docker.io/istio/pilot:1.24.0", 79_835_172, 5.0, start_seconds=0.8, ready_seconds=3.0,
          ports=((8080, "TCP"), (15010, "TCP"), (15012, "TCP"), (15014, "TCP"), (15017, "TCP")),
          server="istiod/1.24.0", note="istiod (sim addons enable istio): injects sidecars, programs them"),
    Image("docker.io/istio/proxyv2:1.24.0", 97_102_938, 5.5, ready_seconds=1.0,
          ports=((15001, "TCP"), (15006, "TCP"), (15020, "TCP"), (15021, "TCP"), (15090, "TCP")),
          server="istio-envoy", note="the Envoy sidecar istiod injects (READY 2/2)"),
)
CATALOGUE: dict[str, Image] = {image.ref: image for image in _CATALOGUE}
_REPOSITORIES = {image.ref.rsplit(":", 1)[0] for image in _CATALOGUE}  # membership only


@lru_cache(maxsize=1024)
def normalize(reference: str) -> str:
    """The fully qualified form containerd pulls: `nginx` → `docker.io/library/nginx:latest`."""
    name = reference.strip()
    first, _, rest = name.partition("/")
    if not rest:
        name = f"docker.io/library/{name}"
    elif "." not in first and ":" not in first and first != "localhost":
        name = f"docker.io/{name}"
    if "@" not in name and ":" not in name.rsplit("/", 1)[-1]:
        name += ":latest"
    return name


def lookup(reference: str) -> Image | None:
    """The catalogue entry for an image reference, or None if the registry has no such image."""
    return CATALOGUE.get(normalize(reference))


def catalogue() -> list[Image]:
    """Every image the simulated registry has, in catalogue order."""
    return list(_CATALOGUE)


def pull_error(reference: str) -> str:
    """containerd's error for an image the registry does not have (a tag, or a whole repository)."""
    full = normalize(reference)
    if full.rsplit(":", 1)[0] in _REPOSITORIES:
        return (f'rpc error: code = NotFound desc = failed to pull and unpack image "{full}": '
                f'failed to resolve reference "{full}": {full}: not found')
    return (f'rpc error: code = Unknown desc = failed to pull and unpack image "{full}": '
            f'failed to resolve reference "{full}": pull access denied, repository does not exist '
            f"or may require authorization: server message: insufficient_scope: authorization failed")


# Utilities that print or check something and exit at once (a Job's `date; echo done`).
_QUICK = frozenset({"echo", "printf", "date", "true", "env", "printenv", "hostname", "cat", "ls", "pwd", "whoami",
                    "id", "uname", "uptime", "df", "du", "wc", "head", "touch", "mkdir", "rm", "cp", "mv", "test",
                    "[", ":", "expr", "basename", "dirname", "seq", "nproc", "free"})
_SHELLS = frozenset({"sh", "bash", "ash", "/bin/sh", "/bin/bash", "/bin/ash", "/usr/bin/env"})
_STATEMENT_SEP = re.compile(r";|&&|\|\||\n")
_SLEEP_ARG = re.compile(r"^(\d+(?:\.\d+)?)(s|m|h|d)?$")
_SLEEP_UNITS = {None: 1.0, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}


def exit_behaviour(image: Image, command: list[str] | None, args: list[str] | None,
                   env: list[dict[str, object]] | None = None) -> tuple[float | None, int]:
    """(seconds until exit or None, exit code) for a container running `image` with this command.

    Simplification: commands are not executed, only read. A command (or a shell `-c` script)
    is a sequence of statements: `sleep N` (also `Ns`, `Nm`, `Nh`) takes N seconds, `exit N`
    ends it with N, `false` fails, common utilities (`echo`, `date`, `printenv`, …) finish at
    once; it exits with the last status when it runs out of statements. Anything else (a
    server, `sleep infinity`, a loop) keeps running. Without a command the image decides.
    An image that needs an env var (postgres's password) exits 1 at once without it.
    """
    if image.needs_env and not any(e.get("name") in image.needs_env and e.get("value") for e in env or ()):
        return 0.0, 1
    if not command and not args:
        return image.exits_after, image.exit_code
    words = [str(part) for part in [*(command or []), *(args or [])]]
    if len(words) >= 3 and words[0] in _SHELLS and words[1] == "-c":
        script = words[2]
    else:
        script = " ".join(words)
    elapsed, code = 0.0, 0
    for statement in _STATEMENT_SEP.split(script):
        parts = statement.split()
        if not parts:
            continue
        program = parts[0].rsplit("/", 1)[-1]
        if program == "exit":
            return elapsed, int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else code
        if program == "sleep":
            seconds = _sleep_seconds(parts[1:])
            if seconds is None:
                return None, 0
            elapsed, code = elapsed + seconds, 0
        elif program == "false":
            code = 1
        elif program in _QUICK:
            code = 0
        else:
            return None, 0
    return elapsed, code


def command_output(command: list[str] | None, args: list[str] | None) -> list[tuple[float, str]]:
    """What the statements exit_behaviour reads print, as (seconds after the start, line): `echo` its words,
    `date` the time (busybox's format, in UTC). Nothing for a command the sandbox does not read."""
    words = [str(part) for part in [*(command or []), *(args or [])]]
    if not words:
        return []
    script = words[2] if len(words) >= 3 and words[0] in _SHELLS and words[1] == "-c" else shlex.join(words)
    elapsed = 0.0
    lines: list[tuple[float, str]] = []
    for statement in _STATEMENT_SEP.split(script):
        try:
            parts = shlex.split(statement)
        except ValueError:
            return lines
        if not parts:
            continue
        program = parts[0].rsplit("/", 1)[-1]
        if program == "echo":
            lines.append((elapsed, " ".join(p for p in parts[1:] if p != "-n")))
        elif program == "date":
            lines.append((elapsed, "\0date"))   # the time is filled in by the reader, who knows the start
        elif program == "sleep":
            elapsed += _sleep_seconds(parts[1:]) or 0.0
        elif program not in _QUICK and program not in ("false", "exit"):
            return lines
    return lines


def _sleep_seconds(args: list[str]) -> float | None:
    """`sleep 5`, `sleep 1m 30s`; None for `sleep infinity` or anything unreadable."""
    total = 0.0
    for arg in args:
        match = _SLEEP_ARG.match(arg)
        if match is None:
            return None
        total += float(match.group(1)) * _SLEEP_UNITS[match.group(2)]
    return total if args else None


def go_duration(seconds: float) -> str:
    """Go's time.Duration.String() truncated to milliseconds (520ms, 3.2s, 1m4.5s), as the kubelet prints it."""
    millis = int(seconds * 1000 + 1e-6)
    if millis == 0:
        return "0s"
    if millis < 1000:
        return f"{millis}ms"
    minutes, millis = divmod(millis, 60_000)
    secs = f"{millis / 1000:.3f}".rstrip("0").rstrip(".") + "s"
    return f"{minutes}m{secs}" if minutes else secs
