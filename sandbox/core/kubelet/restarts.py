"""The kubelet's restarts: containers that exit or are killed for a failed probe, restarted with the
CrashLoopBackOff back-off or left terminated by the restartPolicy; containers started again from a changed
image; and a node's pods picked up where they froze when its kubelet comes back."""

from __future__ import annotations

from abc import abstractmethod
from random import Random
from typing import Any

from ..images import go_duration
from ..objects import KObject, condition, set_condition
from .backoff import BACKOFF_RESET, backoff_delay
from .container_status import ended_state, find_status, image_named, running_status
from .pod_run import DONE, PodRun, containers_replaced
from .startup import StartupMixin
from .startup_plan import plan_containers

SIGKILL_EXIT = 137                        # 128 + SIGKILL: the grace period ran out before the app stopped


def stopping(stop_seconds: float, grace: float) -> tuple[float, int]:
    """How long a container sent SIGTERM takes to end, and its exit code: killed when the grace period runs out
    before the app stops by itself."""
    return (stop_seconds, 0) if stop_seconds <= grace else (grace, SIGKILL_EXIT)


class RestartsMixin(StartupMixin):
    """The Kubelet's restarts (lifecycle.py holds the Kubelet and its state)."""

    rng: Random   # what each started container's id is drawn from

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
        self._run_again(run, container, status, now)
        self._set_readiness(pod, now)
        self.store.update(pod, actor, f"restarted container {name} (restart {status['restartCount']})")
        self._arm(pod, run)

    def _run_again(self, run: PodRun, container: dict[str, Any], status: dict[str, Any], now: float) -> None:
        """The container runs again from `container`: `status` (edited in place, as the pod holds it) counts one
        more restart and keeps the last end as lastState."""
        run.since[status["name"]] = now
        fresh = running_status(container, now, status["restartCount"] + 1, self.rng, status.get("lastState"))
        status.clear()
        status.update(fresh)

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
                    image_named(container).ref == status.get("image"):
                continue
            self.store.record_event(pod, "Normal", "Killing", f"Container {name} definition changed, will be "
                                                              f"restarted", actor=run.actor)
            changed.append(name)
            stop = max(stop, image_named(status).stop_seconds)
        if changed:
            run.restarting = tuple(changed)
            delay, code = stopping(stop, float(pod.spec.get("terminationGracePeriodSeconds", 30)))
            self.clock.call_later(delay, self._stopped_for_change, pod.uid, run.token, code)

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
            self._run_again(run, container, status, now)
            restarted.append((container, status))
        run.restarting = ()
        run.pull_failures = 0
        self._set_readiness(pod, now)
        images = ", ".join(f"{c.get('name', '')}={c.get('image', '')}" for c, _ in restarted)
        self.store.update(pod, run.actor, f"restarted {'container' if len(restarted) == 1 else 'containers'} with "
                                          f"the new image: {images}")
        for container, status in restarted:
            self._arm_container(pod, run, container, status, now)
        if containers_replaced(pod, run):   # an image changed again while these restarted
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
        if not run.restarting and containers_replaced(pod, run):   # an image changed while the kubelet was away
            self._definition_changed(pod, run)

    # ---- what the running stage provides (lifecycle.py) -------------------------------

    @abstractmethod
    def _set_readiness(self, pod: KObject, now: float) -> bool:
        """Mark running containers whose readiness passes; set ContainersReady/Ready; True if Ready."""

    @abstractmethod
    def _arm(self, pod: KObject, run: PodRun) -> None:
        """What happens next to running containers: their probes, and their exits."""

    @abstractmethod
    def _arm_container(self, pod: KObject, run: PodRun, container: dict[str, Any], status: dict[str, Any],
                       now: float) -> None:
        """Start a running container's probes, and set the timer of its exit if it ends by itself."""
