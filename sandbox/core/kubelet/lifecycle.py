"""The Kubelet controller: one controller acting for every node's kubelet (actor `kubelet/<node>`).

It watches pods and node leases, and drives each pod it runs through its stages
(pod_run.py) with timers on the simulated clock: start-up (startup.py: sandbox
and IP, then the planned pulls and container starts), running, probes
(probes.py: readiness, and restarts for failed liveness and startup probes),
exits and restarts with back-off (restarts.py), and termination.
"""

from __future__ import annotations

from typing import Any

from ..controllers.base import Context
from ..images import exit_behaviour
from ..objects import KObject, condition, set_condition, timestamp
from .addresses import PodAddresses
from .container_status import find_status, image_named, running_status, terminated_status
from .node_status import post_ready
from .pod_run import CREATING, KILLING, NEW, RUNNING, PodRun, containers_replaced
from .probes import Prober
from .restarts import RestartsMixin, stopping

STARTED_READY = "all containers started; the pod is Ready"
STARTED_WAITING = "all containers started; waiting for their probes"


class Kubelet(RestartsMixin):
    name = "kubelet"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.leases = ctx.leases
        self.rng = ctx.rng
        self._runs: dict[str, PodRun] = {}
        self._images: dict[str, dict[str, float]] = {}     # node -> image ref -> time it is (or will be) present
        self._addresses = PodAddresses()
        self._actors = _Actors()                            # node -> "kubelet/<node>"
        self.prober = Prober(self)
        self.store.watch("Pod", self._on_pod)
        self.leases.watch(self._on_lease)

    # ---- events --------------------------------------------------------------

    def _on_pod(self, event: str, pod: KObject, _old: object) -> None:
        meta = pod.metadata
        if event == "DELETED":
            if meta.uid in self._runs:
                self.enqueue(meta.uid)
            return
        if not pod.spec.get("nodeName"):
            return
        run = self._runs.get(meta.uid)
        if run is None or (meta.deletion_timestamp is not None and run.stage != KILLING) or \
                containers_replaced(pod, run):
            self.enqueue(meta.uid)

    def _on_lease(self, node_name: str) -> None:
        """The kubelet on `node_name` started (or came back): post node status, resume its pods."""
        if not self.leases.renewing(node_name):
            return  # stopped: nothing runs there any more; its pods freeze as they are
        node = self.store.try_get("Node", "", node_name)
        if node is None:
            return
        post_ready(self.store, node, self.clock.now)
        for pod in self.store.pods_on_node(node_name):
            run = self._runs.get(pod.uid)
            if run is not None:
                run.resume = True
            self.enqueue(pod.uid)

    # ---- reconcile -----------------------------------------------------------

    def sync(self, key: str) -> None:
        pod = self.store.by_uid(key)
        run = self._runs.get(key)
        if pod is None or pod.kind != "Pod":
            if run is not None:
                self._forget(key, run)
            return
        node = pod.spec.get("nodeName")
        if not node or node not in self.leases.running:
            return
        if run is None:
            run = self._runs[key] = PodRun(node, self._actors[node])
        if run.resume:
            self._resume(pod, run)
        elif pod.metadata.deletion_timestamp is not None:
            self._kill(pod, run)
        elif run.stage == NEW:
            self._create(pod, run)
        elif run.stage == RUNNING and containers_replaced(pod, run) and not run.restarting:
            self._definition_changed(pod, run)

    def _resume(self, pod: KObject, run: PodRun) -> None:
        """The node is back: pick each pod up where it froze."""
        run.resume = False
        run.token += 1   # every timer set before the node stopped is stale now
        if pod.metadata.deletion_timestamp is not None:
            run.stage = RUNNING if run.stage == KILLING else run.stage
            self._kill(pod, run)
        elif run.stage in (NEW, CREATING):
            self._create(pod, run)
        elif run.stage == RUNNING:
            self._resume_running(pod, run)

    def _forget(self, uid: str, run: PodRun) -> None:
        del self._runs[uid]
        self.prober.forget(uid)
        run.token += 1
        self._addresses.release(run.node, run.ip)

    def live(self, uid: str, token: int) -> tuple[KObject, PodRun] | None:
        """The pod and its run if a timer set with `token` still applies and the machine runs."""
        run = self._runs.get(uid)
        if run is None or run.token != token or run.node not in self.leases.running:
            return None
        pod = self.store.by_uid(uid)
        return (pod, run) if pod is not None else None

    # ---- running ------------------------------------------------------------------

    def _started(self, pod: KObject, run: PodRun) -> None:
        """Every container started: phase Running, and Ready at once unless a readinessProbe must pass first."""
        now = self.clock.now
        run.stage = RUNNING
        run.pull_failures = 0
        spec = pod.spec
        status = pod.status
        status["phase"] = "Running"
        rng = self.rng
        inits = spec.get("initContainers")
        if inits:
            status["initContainerStatuses"] = [terminated_status(c, now, 0, rng) for c in inits]
        since = run.since
        run.containers = spec.get("containers")
        containers = run.containers or ()
        statuses = []
        for container in containers:
            since[container.get("name", "")] = now
            statuses.append(running_status(container, now, 0, rng))
        status["containerStatuses"] = statuses
        set_condition(status, "Initialized", "True", now)
        ready = self._set_readiness(pod, now)
        self.store.update(pod, run.actor, STARTED_READY if ready else STARTED_WAITING)
        for container, fresh in zip(containers, statuses, strict=True):   # (each runs: no status to look up)
            self._arm_container(pod, run, container, fresh, now)

    def _arm(self, pod: KObject, run: PodRun) -> None:
        """What happens next to running containers: their probes, and their exits."""
        now = self.clock.now
        for container in pod.spec.get("containers") or ():
            status = find_status(pod, container.get("name", ""))
            if status is not None and "running" in status["state"]:
                self._arm_container(pod, run, container, status, now)

    def _arm_container(self, pod: KObject, run: PodRun, container: dict[str, Any], status: dict[str, Any],
                       now: float) -> None:
        """Start a running container's probes, and set the timer of its exit if it ends by itself."""
        if container.get("livenessProbe") or container.get("readinessProbe") or container.get("startupProbe"):
            self.prober.start(pod, run, container, run.since.get(status["name"], now), status["restartCount"])
        image = image_named(container)
        exits_after, code = exit_behaviour(image, container.get("command"), container.get("args"),
                                           container.get("env"))
        if exits_after is not None:
            name = status["name"]
            remaining = run.since[name] + exits_after - now
            self.clock.call_later(max(0.0, remaining), self._exited, pod.uid, run.token, name,
                                  status["restartCount"], code)

    def _set_readiness(self, pod: KObject, now: float) -> bool:
        """Mark running containers whose readiness passes (probes.py); set ContainersReady/Ready; True if Ready."""
        names = []
        containers = pod.spec.get("containers") or ()
        for status in pod.status.get("containerStatuses") or ():
            name = status["name"]
            for container in containers:   # (a loop, not a dict by name: a pod has one or a few)
                if container.get("name", "") == name:
                    break
            else:
                container = None
            status["ready"] = "running" in status["state"] and container is not None and (
                not (container.get("readinessProbe") or container.get("startupProbe"))   # no probe: ready at once
                or self.prober.ready(pod.uid, container, status["restartCount"]))
            if not status["ready"]:
                names.append(status["name"])
        status = pod.status
        if names:
            message = f"containers with unready status: [{' '.join(names)}]"
            set_condition(status, "Ready", "False", now, reason="ContainersNotReady", message=message)
            set_condition(status, "ContainersReady", "False", now, reason="ContainersNotReady", message=message)
            return False
        _set_ready(status, now)
        return True

    # ---- what the probes report (probes.py) ----------------------------------------------

    def readiness_changed(self, pod: KObject, run: PodRun, name: str, ready: bool) -> None:
        before = (condition(pod.status, "Ready") or {}).get("status")
        now_ready = self._set_readiness(pod, self.clock.now)
        if now_ready and before != "True":
            why = "readinessProbe passed: the pod is Ready"
        elif ready:
            why = "readinessProbe passed for some containers"
        else:
            why = f"readinessProbe of container {name} failed: the pod is not Ready"
        self.store.update(pod, run.actor, why)

    def container_started(self, pod: KObject, run: PodRun, name: str) -> None:
        status = find_status(pod, name)
        if status is not None:
            status["started"] = True
        self._set_readiness(pod, self.clock.now)
        self.store.update(pod, run.actor, f"startupProbe of container {name} passed: it has started")

    def kill_for_probe(self, pod: KObject, run: PodRun, name: str, kind: str, grace: int | None) -> None:
        """kuberuntime computePodActions: a container failing its liveness or startup probe is killed, within the
        probe's (else the pod's) grace period; it restarts unless restartPolicy is Never."""
        status = find_status(pod, name)
        if status is None:
            return
        restart = (pod.spec.get("restartPolicy") or "Always") != "Never"
        message = f"Container {name} failed {kind} probe" + (", will be restarted" if restart else "")
        self.store.record_event(pod, "Normal", "Killing", message, actor=run.actor)
        image = image_named(status)
        grace_period = float(pod.spec.get("terminationGracePeriodSeconds", 30) if grace is None else grace)
        stops, code = stopping(image.stop_seconds, grace_period)
        self.clock.call_later(stops, self._exited, pod.uid, run.token, name, status["restartCount"], code, True)

    # ---- termination ---------------------------------------------------------------

    def _kill(self, pod: KObject, run: PodRun) -> None:
        """Graceful deletion: stop the containers (SIGTERM, at most the grace period), then remove the pod."""
        if run.stage == KILLING:
            return
        run.token += 1
        run.stage = KILLING
        actor = run.actor
        grace_left = max(0.0, (pod.metadata.deletion_timestamp or 0.0) - self.clock.now)
        stop = 0.0
        for status in pod.status.get("containerStatuses") or ():
            if "running" in status["state"]:
                self.store.record_event(pod, "Normal", "Killing", f"Stopping container {status['name']}",
                                        actor=actor)
                image = image_named(status)
                stop = max(stop, image.stop_seconds)
        delay = min(stop, grace_left)
        if delay > 0:
            self.clock.call_later(delay, self._remove, pod.uid, run.token)
        else:
            self._remove(pod.uid, run.token)

    def _remove(self, uid: str, token: int) -> None:
        live = self.live(uid, token)
        if live is None:
            return
        pod, run = live
        self.store.delete(pod, run.actor, "its containers stopped; the kubelet removed the terminating pod")


def _set_ready(status: dict[str, Any], now: float) -> None:
    """Ready and ContainersReady True, without reason or message: what set_condition on each would do,
    in one pass over the conditions (every pod that starts comes here; flags, not a list of the types
    missing: no method call per condition)."""
    ready = containers_ready = False
    for cond in status.setdefault("conditions", []):
        ctype = cond["type"]
        if ctype == "Ready" and not ready:
            ready = True
        elif ctype == "ContainersReady" and not containers_ready:
            containers_ready = True
        else:
            continue
        if cond["status"] != "True":
            cond["status"] = "True"
            cond["lastTransitionTime"] = timestamp(now)
        cond.pop("reason", None)
        cond.pop("message", None)
        if ready and containers_ready:
            return
    if not ready:
        set_condition(status, "Ready", "True", now)
    if not containers_ready:
        set_condition(status, "ContainersReady", "True", now)


class _Actors(dict[str, str]):
    """node -> "kubelet/<node>": one string per node, not one per audit entry or pod (the kubelet writes
    millions at scale), made on first use without a Python call per lookup."""

    def __missing__(self, node: str) -> str:
        actor = self[node] = f"kubelet/{node}"
        return actor
