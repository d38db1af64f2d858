"""The Kubelet controller: one controller acting for every node's kubelet (actor `kubelet/<node>`).

It watches pods and node leases, and drives each pod it runs through its stages
(pod_run.py) with timers on the simulated clock: start-up (sandbox and IP, then
the planned pulls and container starts), probes (probes.py: readiness, and
restarts for failed liveness and startup probes), exits and restarts with
back-off, and termination.
"""

from __future__ import annotations

from typing import Any

from ..audit import lazy_text
from ..controllers.base import Context, Controller
from ..images import exit_behaviour, go_duration, lookup
from ..objects import KObject, condition, set_condition, timestamp
from .addresses import PodAddresses
from .backoff import BACKOFF_RESET, backoff_delay
from .container_status import (
    UNKNOWN_IMAGE,
    ended_state,
    find_status,
    pod_conditions,
    qos_class,
    running_status,
    terminated_status,
    waiting_status,
)
from .node_status import post_ready
from .pod_run import CREATING, DONE, KILLING, NEW, RUNNING, PodRun
from .probes import Prober
from .startup_plan import RUN, plan_containers, plan_startup

NEXT_SYNC_SECONDS = 1.0                   # ErrImagePull shows until the pod worker's next sync
SANDBOX_STARTED = "started the pod sandbox on {} (IP {}); pulling images and creating containers"  # audit.lazy_text
STARTED_READY = "all containers started; the pod is Ready"
STARTED_WAITING = "all containers started; waiting for their probes"
SIGKILL_EXIT = 137                        # 128 + SIGKILL: the grace period ran out before the app stopped


class Kubelet(Controller):
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
                _containers_replaced(pod, run):
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
        elif run.stage == RUNNING and _containers_replaced(pod, run) and not run.restarting:
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

    # ---- start-up: sandbox, pulls, containers -----------------------------------

    def _create(self, pod: KObject, run: PodRun) -> None:
        node = self.store.try_get("Node", "", run.node)
        if node is None:
            return
        host_ip, run.ip = self._addresses.assign(node, pod, run.ip)
        now = self.clock.now
        spec = pod.spec
        status = pod.status
        status["phase"] = "Pending"
        status["hostIP"] = host_ip
        status["hostIPs"] = [{"ip": host_ip}]
        status["podIP"] = run.ip
        status["podIPs"] = [{"ip": run.ip}]
        if "startTime" not in status:
            status["startTime"] = timestamp(now)
        status["qosClass"] = qos_class(spec)
        inits = spec.get("initContainers")
        containers = spec.get("containers") or []
        if inits:
            status["initContainerStatuses"] = [waiting_status(c, "PodInitializing" if i else "ContainerCreating")
                                               for i, c in enumerate(inits)]
        waiting = "PodInitializing" if inits else "ContainerCreating"
        status["containerStatuses"] = [waiting_status(c, waiting) for c in containers]
        status["conditions"] = pod_conditions(pod, containers, now, initialized=not inits)
        self.store.update(pod, run.actor, lazy_text(SANDBOX_STARTED, run.node, run.ip))
        self._start_plan(pod, run)

    def _start_plan(self, pod: KObject, run: PodRun) -> None:
        run.stage = CREATING
        run.plan = plan_startup(pod, self._node_images(run.node), self.clock.now)
        self._step(pod, run)

    def _node_images(self, node: str) -> dict[str, float]:
        present = self._images.get(node)
        if present is None:   # (not setdefault: that builds a dict for every pod)
            present = self._images[node] = {}
        return present

    def _advance(self, uid: str, token: int) -> None:
        """The timer of the plan's next step."""
        live = self.live(uid, token)
        if live is not None:
            pod, run = live
            self._step(pod, run)

    def _step(self, pod: KObject, run: PodRun) -> None:
        """Carry out the plan's steps that are due, then wait for the next one."""
        now = self.clock.now
        actor = run.actor
        plan = run.plan
        record_event = self.store.record_event
        while plan and plan[-1][0] <= now:
            _, events, end = plan.pop()
            for event_type, reason, message in events:
                record_event(pod, event_type, reason, message, actor=actor)
            if end is not None:   # the last step
                if end == RUN and run.restarting:   # (==: a plan restored from a checkpoint holds its own copy)
                    self._restarted(pod, run)
                elif end == RUN:
                    self._started(pod, run)
                else:
                    self._pull_failed(pod, run, *end)
                return
        if plan:
            self.clock.call_at(plan[-1][0], self._advance, pod.metadata.uid, run.token)

    def _pull_failed(self, pod: KObject, run: PodRun, name: str, reason: str, message: str, ref: str) -> None:
        actor = run.actor
        run.pull_failures += 1
        status = find_status(pod, name)
        if status is not None:
            status["state"] = {"waiting": {"reason": reason, "message": message}}
        if reason == "ErrImagePull":
            self.store.record_event(pod, "Warning", "Failed", f'Failed to pull image "{ref}": {message}', actor=actor)
        else:
            self.store.record_event(pod, "Warning", "ErrImageNeverPull", message, actor=actor)
        self.store.update(pod, actor, f"could not pull image {ref}: {message}",
                          event=("Warning", "Failed", f"Error: {reason}"))
        delay = backoff_delay(run.pull_failures)
        if reason == "ErrImagePull":
            self.clock.call_later(NEXT_SYNC_SECONDS, self._pull_backoff, pod.uid, run.token, name, ref, delay)
        self.clock.call_later(delay, self._retry_pull, pod.uid, run.token)

    def _pull_backoff(self, uid: str, token: int, name: str, ref: str, delay: float) -> None:
        live = self.live(uid, token)
        if live is None:
            return
        pod, run = live
        status = find_status(pod, name)
        if status is not None:
            status["state"] = {"waiting": {"reason": "ImagePullBackOff",
                                           "message": f'Back-off pulling image "{ref}"'}}
        actor = run.actor
        self.store.record_event(pod, "Normal", "BackOff", f'Back-off pulling image "{ref}"', actor=actor)
        self.store.update(pod, actor, f"image pull failed; next try in {go_duration(delay)} (back-off doubles "
                                      f"from 10s to 5m0s)", event=("Warning", "Failed", "Error: ImagePullBackOff"))

    def _retry_pull(self, uid: str, token: int) -> None:
        live = self.live(uid, token)
        if live is None:
            return
        pod, run = live
        if run.restarting:
            self._plan_restart(pod, run)
        else:
            self._start_plan(pod, run)

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
            fresh = running_status(container, now, 0, rng)
            if container.get("startupProbe"):
                fresh["started"] = False   # until the startup probe passes
            statuses.append(fresh)
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
        image = lookup(str(container.get("image", ""))) or UNKNOWN_IMAGE
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
        image = lookup(str(status.get("image", ""))) or UNKNOWN_IMAGE
        grace_period = float(pod.spec.get("terminationGracePeriodSeconds", 30) if grace is None else grace)
        stops, code = (image.stop_seconds, 0) if image.stop_seconds <= grace_period else (grace_period, SIGKILL_EXIT)
        self.clock.call_later(stops, self._exited, pod.uid, run.token, name, status["restartCount"], code, True)

    # ---- exits and restarts ------------------------------------------------------

    def _exited(self, uid: str, token: int, name: str, restarts: int, code: int, killed: bool = False) -> None:
        """The container stopped: by itself, or killed for a failed probe (`killed`: restarted under
        OnFailure even with exit code 0)."""
        live = self.live(uid, token)
        if live is None:
            return
        pod, run = live
        status = find_status(pod, name)
        if status is None or status["restartCount"] != restarts or "running" not in status["state"] or \
                pod.metadata.deletion_timestamp is not None:
            return
        now = self.clock.now
        terminated = ended_state(status, code, now)
        policy = pod.spec.get("restartPolicy") or "Always"
        if policy == "Never" or (policy == "OnFailure" and code == 0 and not killed):
            self._finished(pod, run, status, terminated)
            return
        if now - run.since.get(name, now) >= BACKOFF_RESET:
            run.crashes[name] = 0
        crashes = run.crashes.get(name, 0)
        run.crashes[name] = crashes + 1
        delay = 0.0 if crashes == 0 else backoff_delay(crashes)
        status["lastState"] = {"terminated": terminated}
        status["started"] = False
        actor = run.actor
        if delay == 0:
            self._restart_container(uid, run.token, name)   # the first restart is immediate
            return
        meta = pod.metadata
        pod_ref = f"{meta.name}_{meta.namespace}({meta.uid})"
        status["state"] = {"waiting": {"reason": "CrashLoopBackOff",
                                       "message": f"back-off {go_duration(delay)} restarting failed "
                                                  f"container={name} pod={pod_ref}"}}
        self._set_readiness(pod, now)
        self.store.update(pod, actor, f"container {name} exited with code {code}; restarting in "
                                      f"{go_duration(delay)} (CrashLoopBackOff doubles from 10s to 5m0s)",
                          event=("Warning", "BackOff", f"Back-off restarting failed container {name} in pod {pod_ref}"))
        self.clock.call_later(delay, self._restart_container, uid, run.token, name)

    def _restart_container(self, uid: str, token: int, name: str) -> None:
        live = self.live(uid, token)
        if live is None:
            return
        pod, run = live
        status = find_status(pod, name)
        container = next((c for c in pod.spec.get("containers") or () if c.get("name") == name), None)
        if status is None or container is None or pod.metadata.deletion_timestamp is not None:
            return
        now = self.clock.now
        actor = run.actor
        ref = str(container.get("image", ""))
        self.store.record_event(pod, "Normal", "Pulled", f'Container image "{ref}" already present on machine',
                                actor=actor)
        self.store.record_event(pod, "Normal", "Created", f"Created container: {name}", actor=actor)
        self.store.record_event(pod, "Normal", "Started", f"Started container {name}", actor=actor)
        restarts = status["restartCount"] + 1
        run.since[name] = now
        fresh = running_status(container, now, restarts, self.rng, status.get("lastState"))
        if container.get("startupProbe"):
            fresh["started"] = False   # until the startup probe passes
        status.clear()
        status.update(fresh)
        self._set_readiness(pod, now)
        self.store.update(pod, actor, f"restarted container {name} (restart {restarts})")
        self._arm(pod, run)

    # ---- a changed image (kubectl set image pod/..., patch) ------------------------------

    def _definition_changed(self, pod: KObject, run: PodRun) -> None:
        """kuberuntime computePodActions: a running container whose spec no longer matches the one it runs
        (on a Pod only the image may change) is killed, "Container NAME definition changed, will be
        restarted", within the pod's grace period, then started from the new spec whatever the restartPolicy
        and without back-off (the back-off key includes the container's hash). Simplified: a change made while
        containers restart waits until they run again or their pull is retried."""
        run.containers = pod.spec.get("containers")
        changed, stop = [], 0.0
        for container in run.containers or ():
            name = container.get("name", "")
            status = find_status(pod, name)
            if status is None or "running" not in status["state"] or \
                    (lookup(str(container.get("image", ""))) or UNKNOWN_IMAGE).ref == status.get("image"):
                continue
            self.store.record_event(pod, "Normal", "Killing", f"Container {name} definition changed, will be "
                                                              f"restarted", actor=run.actor)
            changed.append(name)
            stop = max(stop, (lookup(str(status.get("image", ""))) or UNKNOWN_IMAGE).stop_seconds)
        if changed:
            run.restarting = tuple(changed)
            grace = float(pod.spec.get("terminationGracePeriodSeconds", 30))
            code = 0 if stop <= grace else SIGKILL_EXIT
            self.clock.call_later(min(stop, grace), self._stopped_for_change, pod.uid, run.token, code)

    def _stopped_for_change(self, uid: str, token: int, code: int) -> None:
        """The old containers stopped: each shows its termination until the new one runs, then pull and start."""
        live = self.live(uid, token)
        if live is None:
            return
        pod, run = live
        now = self.clock.now
        for name in run.restarting:
            status = find_status(pod, name)
            if status is not None and "running" in status["state"]:
                status["state"] = status["lastState"] = {"terminated": ended_state(status, code, now)}
                status["started"] = False
        self._set_readiness(pod, now)
        if len(run.restarting) == 1:
            why = f"container {run.restarting[0]} stopped: its image changed; starting it with the new one"
        else:
            why = f"containers {', '.join(run.restarting)} stopped: their images changed; starting them with the " \
                  f"new ones"
        self.store.update(pod, run.actor, why)
        self._plan_restart(pod, run)

    def _plan_restart(self, pod: KObject, run: PodRun) -> None:
        """Pull and start the containers being restarted, from the pod's spec as it is now."""
        run.containers = pod.spec.get("containers")
        restarting = [c for c in run.containers or () if c.get("name", "") in run.restarting]
        run.plan = plan_containers(restarting, self._node_images(run.node), self.clock.now)
        self._step(pod, run)

    def _restarted(self, pod: KObject, run: PodRun) -> None:
        """The containers whose image changed run again: restartCount + 1, the old one's end as lastState."""
        now = self.clock.now
        restarted = []
        for container in run.containers or ():
            name = container.get("name", "")
            status = find_status(pod, name)
            if name not in run.restarting or status is None:
                continue
            run.since[name] = now
            fresh = running_status(container, now, status["restartCount"] + 1, self.rng, status.get("lastState"))
            if container.get("startupProbe"):
                fresh["started"] = False   # until the startup probe passes
            status.clear()
            status.update(fresh)
            restarted.append((container, status))
        run.restarting = ()
        run.pull_failures = 0
        self._set_readiness(pod, now)
        images = ", ".join(f"{c.get('name', '')}={c.get('image', '')}" for c, _ in restarted)
        self.store.update(pod, run.actor, f"restarted {'container' if len(restarted) == 1 else 'containers'} with "
                                          f"the new image: {images}")
        for container, status in restarted:
            self._arm_container(pod, run, container, status, now)
        if _containers_replaced(pod, run):   # an image changed again while these restarted
            self._definition_changed(pod, run)

    def _finished(self, pod: KObject, run: PodRun, status: dict[str, Any], terminated: dict[str, Any]) -> None:
        """A container that is not restarted stays terminated; when all are, the pod Succeeded or Failed."""
        status["state"] = {"terminated": terminated}
        status["ready"] = False
        status["started"] = False
        now = self.clock.now
        self._set_readiness(pod, now)
        states = [s["state"] for s in pod.status.get("containerStatuses") or ()]
        if all("terminated" in s for s in states):
            failed = any(s["terminated"]["exitCode"] != 0 for s in states)
            pod.status["phase"] = "Failed" if failed else "Succeeded"
            run.stage = DONE
            for ctype in ("Ready", "ContainersReady"):
                set_condition(pod.status, ctype, "False", now, reason="PodFailed" if failed else "PodCompleted")
                condition(pod.status, ctype).pop("message", None)  # type: ignore[union-attr]
        self.store.update(pod, run.actor, f"container {status['name']} exited with code "
                                                 f"{terminated['exitCode']} (restartPolicy "
                                                 f"{pod.spec.get('restartPolicy')}): not restarted")

    def _resume_running(self, pod: KObject, run: PodRun) -> None:
        """Back from a stop: containers waiting out a back-off restart now, those whose image changed start
        again from their pull; the rest report Ready again."""
        for status in pod.status.get("containerStatuses") or ():
            if "waiting" in status["state"] and status["name"] not in run.restarting:
                self._restart_container(pod.uid, run.token, status["name"])
        if any("running" in s["state"] for s in pod.status.get("containerStatuses") or ()
               if s["name"] in run.restarting):
            self._stopped_for_change(pod.uid, run.token, 0)   # its timer went stale with the kubelet
        elif run.restarting:
            self._plan_restart(pod, run)
        before = (condition(pod.status, "Ready") or {}).get("status")
        ready = self._set_readiness(pod, self.clock.now)
        if ready and before != "True":
            self.store.update(pod, run.actor, "kubelet is back: containers still run and are Ready")
        self._arm(pod, run)
        if not run.restarting and _containers_replaced(pod, run):   # an image changed while the kubelet was away
            self._definition_changed(pod, run)

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
                image = lookup(str(status.get("image", ""))) or UNKNOWN_IMAGE
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


def _containers_replaced(pod: KObject, run: PodRun) -> bool:
    """A write replaced the pod's containers since the kubelet last looked (a new image, maybe: writers replace
    the list, never edit it in place; see replicaset.SHARED_SPEC_FIELDS)."""
    return run.containers is not None and pod.spec.get("containers") is not run.containers


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
