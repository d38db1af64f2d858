"""The kubelet's probes (k/k pkg/kubelet/prober: prober_manager.go, worker.go, prober.go, results/).

One worker per container and probe kind. A worker probes `initialDelaySeconds`
after the container started and then every `periodSeconds`; a result counts once
`failureThreshold` probes in a row failed or `successThreshold` in a row passed
(worker.doProbe). Until then the results manager keeps its initial value:
readiness Failure (a container with a readinessProbe is not Ready until it
passes), liveness Success, startup Unknown. A startupProbe holds the liveness and
readiness probes back until it passes; the container's `started` is false until
then. Every failed probe is a Warning `Unhealthy` event, `Readiness probe failed: …`
with the prober's own output (prober.go). A liveness or startup failure kills the
container (`Killing`: `Container web failed liveness probe, will be restarted`);
the restart goes through the CrashLoopBackOff back-off like any restart, and the
worker holds off until the new container runs.

What a probe finds is what the image serves (the catalogue): an httpGet goes
through the network engine (network/requests.py probe_http) and fails on a port
nothing listens on, on a status outside 200-399, or when the answer takes longer
than `timeoutSeconds`; a tcpSocket needs the port to listen; exec commands are
read by exec_probe.py. An app listens only `ready_seconds` after its container
started.

Cost: pods without probes have no worker and no timer. A probe whose result
cannot change while nothing else does (it keeps passing, or keeps failing) runs
on a steady timer (clock.py), which settle() does not wait for.

Simplifications: the first probe is exactly `initialDelaySeconds` after the
container started (the real worker's ticker starts with the pod worker, so it
comes up to one period later); a probe takes no simulated time; exec probes
never time out.
"""

from __future__ import annotations

from math import ceil
from typing import TYPE_CHECKING, Any

from ..objects import KObject
from .container_status import find_status, image_named
from .exec_probe import BUSYBOX_IMAGES, container_script, files_at, run_probe_command, script_seconds

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..network.requests import RequestEngine
    from .lifecycle import Kubelet
    from .pod_run import PodRun

STARTUP, LIVENESS, READINESS = "startup", "liveness", "readiness"
FIELDS = {STARTUP: "startupProbe", LIVENESS: "livenessProbe", READINESS: "readinessProbe"}
TITLES = {STARTUP: "Startup", LIVENESS: "Liveness", READINESS: "Readiness"}
INITIAL = {STARTUP: None, LIVENESS: True, READINESS: False}   # results.Unknown / Success / Failure


class Worker:
    """One probe of one container run: its timing, and the results it has seen."""

    __slots__ = ("delay", "failure", "last", "on_hold", "period", "restarts", "result", "run", "since", "success",
                 "timeout", "token")

    def __init__(self, kind: str, probe: dict[str, Any], since: float, restarts: int) -> None:
        self.delay = float(probe.get("initialDelaySeconds") or 0)
        self.period = float(probe.get("periodSeconds") or 10)
        self.timeout = float(probe.get("timeoutSeconds") or 1)
        self.success = int(probe.get("successThreshold") or 1)
        self.failure = int(probe.get("failureThreshold") or 3)
        self.since = since
        self.restarts = restarts
        self.result: bool | None = INITIAL[kind]   # what the results manager holds
        self.last: bool | None = None              # the last probe's outcome
        self.run = 0                               # probes in a row with that outcome
        self.on_hold = False                       # killed for failing: no more probes for this container run
        self.token = -1                            # the pod run's token its timers carry (-1: none set yet)

    def next_tick(self, after: float) -> float:
        """The first probe time (since + delay + k * period) at or after `after`."""
        first = self.since + self.delay
        if after <= first:
            return first
        return first + ceil((after - first) / self.period - 1e-9) * self.period


class Prober:
    """The probe manager of every node's kubelet; state is plain data keyed by pod uid and container name."""

    def __init__(self, kubelet: Kubelet) -> None:
        self.kubelet = kubelet
        self.clock = kubelet.clock
        self.store = kubelet.store
        #: the Simulation's request engine (built on its first use), wired in by the Simulation
        self.network: Callable[[], RequestEngine] | None = None
        self._workers: dict[str, dict[tuple[str, str], Worker]] = {}   # pod uid -> (container, kind) -> worker

    # ---- what the kubelet asks -------------------------------------------------------

    def passed(self, uid: str, container: dict[str, Any], restarts: int, kind: str) -> bool:
        """Whether the container run's probe of `kind` has passed (True if it has no such probe). Before its
        worker has probed anything it holds the initial result (readiness and startup: not passed)."""
        if not container.get(FIELDS[kind]):
            return True
        worker = self._workers.get(uid, {}).get((str(container.get("name", "")), kind))
        return worker is not None and worker.restarts == restarts and worker.result is True

    def ready(self, uid: str, container: dict[str, Any], restarts: int) -> bool:
        """Whether the container has started (startupProbe) and its readiness passes."""
        return self.passed(uid, container, restarts, STARTUP) and self.passed(uid, container, restarts, READINESS)

    def forget(self, uid: str) -> None:
        self._workers.pop(uid, None)

    def start(self, pod: KObject, run: PodRun, container: dict[str, Any], since: float, restarts: int) -> None:
        """The container (re)started, or its kubelet came back: start or resume its probe workers."""
        name = str(container.get("name", ""))
        workers = self._workers.setdefault(pod.uid, {})
        for kind, field in FIELDS.items():
            probe = container.get(field)
            worker = workers.get((name, kind))
            if not probe:
                continue
            if worker is None or worker.restarts != restarts:
                workers[(name, kind)] = Worker(kind, probe, since, restarts)
        for kind in self._active_kinds(pod.uid, name):
            self._begin(pod, run, name, kind)

    def _begin(self, pod: KObject, run: PodRun, name: str, kind: str) -> None:
        """Start the worker's chain of probe timers, unless one already runs under the pod run's token."""
        worker = self._workers[pod.uid][(name, kind)]
        if worker.token != run.token:
            worker.token = run.token
            self._schedule(pod, run, name, kind, self.clock.now)

    def _active_kinds(self, uid: str, name: str) -> list[str]:
        """The startup probe until it passes, then liveness and readiness."""
        workers = self._workers.get(uid, {})
        startup = workers.get((name, STARTUP))
        if startup is not None and startup.result is not True:
            return [STARTUP]
        return [kind for kind in (LIVENESS, READINESS) if (name, kind) in workers]

    # ---- timers ----------------------------------------------------------------------

    def _schedule(self, pod: KObject, run: PodRun, name: str, kind: str, after: float) -> None:
        worker = self._workers[pod.uid][(name, kind)]
        if worker.on_hold:
            return
        when = worker.next_tick(after)
        args = (pod.uid, run.token, name, kind, worker.restarts)
        if self._settled(pod, name, kind, worker, when):
            self.clock.call_steady_at(when, self._tick, *args)
        else:
            self.clock.call_at(when, self._tick, *args)

    def _settled(self, pod: KObject, name: str, kind: str, worker: Worker, when: float) -> bool:
        """Whether the next probe can only repeat the last outcome (so settle() need not wait for it): the
        outcome has counted, and nothing in the image or the container's script changes with time any more."""
        if worker.last is None or worker.result != worker.last:
            return False
        container = _container(pod, name)
        image = image_named(container or {})
        uptime = when - worker.since
        changes = [image.ready_seconds]
        if image.health is not None and image.health.fails_after is not None:
            changes.append(image.health.fails_after)
        if container is not None and isinstance((container.get(FIELDS[kind]) or {}).get("exec"), dict):
            changes.append(script_seconds(container_script(container)))
        return uptime >= max(changes)

    def _tick(self, uid: str, token: int, name: str, kind: str, restarts: int) -> None:
        live = self.kubelet.live(uid, token)
        if live is None:
            return
        pod, run = live
        worker = self._workers.get(uid, {}).get((name, kind))
        status = find_status(pod, name)
        if worker is None or worker.restarts != restarts or worker.on_hold or status is None or \
                status.get("restartCount") != restarts or "running" not in status["state"] or \
                pod.metadata.deletion_timestamp is not None:
            return
        container = _container(pod, name)
        if container is None:
            return
        ok, output = self._probe(pod, container, kind, worker)
        if not ok:
            self.store.record_event(pod, "Warning", "Unhealthy", f"{TITLES[kind]} probe failed: {output}",
                                    actor=run.actor)
        if self._count(worker, ok):
            self._result_changed(pod, run, container, name, kind, worker)
        self._schedule(pod, run, name, kind, self.clock.now + worker.period)

    @staticmethod
    def _count(worker: Worker, ok: bool) -> bool:
        """worker.doProbe's thresholds: True when the result the kubelet acts on changes."""
        if worker.last == ok:
            worker.run += 1
        else:
            worker.last, worker.run = ok, 1
        needed = worker.success if ok else worker.failure
        if worker.run < needed or worker.result == ok:
            return False
        worker.result = ok
        return True

    def _result_changed(self, pod: KObject, run: PodRun, container: dict[str, Any], name: str, kind: str,
                        worker: Worker) -> None:
        if kind == READINESS:
            self.kubelet.readiness_changed(pod, run, name, worker.result is True)
        elif worker.result:   # the startup probe passed: liveness and readiness probing begins
            self.kubelet.container_started(pod, run, name)
            for later in self._active_kinds(pod.uid, name):
                self._begin(pod, run, name, later)
        else:                 # liveness or startup failed: the container is killed and restarted
            worker.on_hold = True
            worker.run = 0
            probe = container.get(FIELDS[kind]) or {}
            self.kubelet.kill_for_probe(pod, run, name, kind, probe.get("terminationGracePeriodSeconds"))

    # ---- one probe -------------------------------------------------------------------

    def _probe(self, pod: KObject, container: dict[str, Any], kind: str, worker: Worker) -> tuple[bool, str]:
        """prober.runProbe: (passed, output) for the probe's handler."""
        probe = container.get(FIELDS[kind]) or {}
        host = str(pod.status.get("podIP", ""))
        image = image_named(container)
        uptime = self.clock.now - worker.since
        if isinstance(probe.get("exec"), dict):
            files = files_at(container_script(container), uptime)
            busybox = image.ref.rsplit("/", 1)[-1].split(":")[0] in BUSYBOX_IMAGES
            return run_probe_command(list(probe["exec"].get("command") or []), files, busybox,
                                     uptime >= image.ready_seconds)
        assert self.network is not None, "the Simulation wires the request engine in"
        network = self.network()
        if isinstance(probe.get("httpGet"), dict):
            return self._http(pod, container, probe["httpGet"], host, worker, network)
        handler: dict[str, Any] = probe.get("tcpSocket") or probe.get("grpc") or {}
        port = _port(handler.get("port"), container)
        if network.answerer.listens(pod, port, started_at=worker.since):
            return True, ""
        if "grpc" in probe:
            return False, (f'timeout: failed to connect service "{host}:{port}" within {worker.timeout:g}s: '
                           "context deadline exceeded")
        return False, f"dial tcp {host}:{port}: connect: connection refused"

    def _http(self, pod: KObject, container: dict[str, Any], get: dict[str, Any], host: str, worker: Worker,
              network: RequestEngine) -> tuple[bool, str]:
        """probe/http DoHTTPProbe: 200-399 passes; otherwise the status, or the Go HTTP client's error."""
        from ..network.exchange import Failure

        port = _port(get.get("port"), container)
        path = str(get.get("path") or "/")
        url = f'{str(get.get("scheme") or "HTTP").lower()}://{host}:{port}{path}'
        headers = {str(h.get("name")): str(h.get("value", "")) for h in get.get("httpHeaders") or ()}
        answer = network.probe_http(pod, port, path, headers, worker.since)
        if isinstance(answer, Failure):
            if answer.code == 7:
                return False, f'Get "{url}": dial tcp {host}:{port}: connect: connection refused'
            if answer.code == 28:
                return False, f'Get "{url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)'
            return False, f'Get "{url}": EOF'
        if answer.seconds > worker.timeout:
            return False, f'Get "{url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)'
        if 200 <= answer.status < 400:
            return True, answer.body
        return False, f"HTTP probe failed with statuscode: {answer.status}"


def _container(pod: KObject, name: str) -> dict[str, Any] | None:
    return next((c for c in pod.spec.get("containers") or () if c.get("name") == name), None)


def _port(port: Any, container: dict[str, Any]) -> int:
    """A probe's port: a number, or the name of one of the container's ports (prober.go findPortByName)."""
    if isinstance(port, str) and not port.isdigit():
        return int(next((p.get("containerPort") for p in container.get("ports") or () if p.get("name") == port), 0))
    return int(port or 0)

