"""The kubelet's start-up of a pod: its sandbox and IP, then the planned image pulls and container starts
(startup_plan.py), each step on a timer of the simulated clock, and the back-off of a pull that fails."""

from __future__ import annotations

from abc import abstractmethod
from typing import TYPE_CHECKING

from ..audit import lazy_text
from ..controllers.base import Controller
from ..images import go_duration
from ..objects import KObject, timestamp
from .backoff import backoff_delay
from .container_status import find_status, pod_conditions, qos_class, waiting_status
from .pod_run import CREATING, PodRun
from .startup_plan import RUN, plan_startup

if TYPE_CHECKING:
    from .addresses import PodAddresses

NEXT_SYNC_SECONDS = 1.0                   # ErrImagePull shows until the pod worker's next sync
SANDBOX_STARTED = "started the pod sandbox on {} (IP {}); pulling images and creating containers"  # audit.lazy_text


class StartupMixin(Controller):
    """The Kubelet's start-up stages (lifecycle.py holds the Kubelet and its state)."""

    _addresses: PodAddresses
    _images: dict[str, dict[str, float]]

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

    # ---- where start-up hands over (lifecycle.py, restarts.py) ----------------------

    @abstractmethod
    def live(self, uid: str, token: int) -> tuple[KObject, PodRun] | None:
        """The pod and its run if a timer set with `token` still applies and the machine runs."""

    @abstractmethod
    def _started(self, pod: KObject, run: PodRun) -> None:
        """Every container of a new pod started."""

    @abstractmethod
    def _restarted(self, pod: KObject, run: PodRun) -> None:
        """The containers whose image changed run again."""

    @abstractmethod
    def _plan_restart(self, pod: KObject, run: PodRun) -> None:
        """Pull and start the containers being restarted."""
