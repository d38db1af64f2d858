"""The status the kubelet writes for a pod: container states (waiting, running, terminated),
the pod's conditions and its qosClass."""

from __future__ import annotations

import random
from typing import Any

from ..images import Image, lookup
from ..objects import KObject, condition, timestamp

UNKNOWN_IMAGE = Image("", 0, 0.0)         # stands in for an image the registry lacks (never pulled)


def waiting_status(container: dict[str, Any], reason: str) -> dict[str, Any]:
    return {"image": container.get("image", ""), "imageID": "", "lastState": {}, "name": container.get("name", ""),
            "ready": False, "restartCount": 0, "started": False, "state": {"waiting": {"reason": reason}}}


def running_status(container: dict[str, Any], now: float, restarts: int, rng: random.Random,
                   last_state: dict[str, Any] | None = None) -> dict[str, Any]:
    image = lookup(str(container.get("image", ""))) or UNKNOWN_IMAGE
    return {"containerID": f"containerd://{rng.getrandbits(256):064x}", "image": image.ref,
            "imageID": image.image_id, "lastState": last_state or {}, "name": container.get("name", ""),
            "ready": False, "restartCount": restarts, "started": True,
            "state": {"running": {"startedAt": timestamp(now)}}}


def terminated_status(container: dict[str, Any], now: float, code: int, rng: random.Random) -> dict[str, Any]:
    image = lookup(str(container.get("image", ""))) or UNKNOWN_IMAGE
    return {"containerID": f"containerd://{rng.getrandbits(256):064x}", "image": image.ref,
            "imageID": image.image_id, "lastState": {}, "name": container.get("name", ""), "ready": False,
            "restartCount": 0, "started": False,
            "state": {"terminated": {"exitCode": code, "finishedAt": timestamp(now),
                                     "reason": "Completed" if code == 0 else "Error",
                                     "startedAt": timestamp(now)}}}


def find_status(pod: KObject, name: str) -> dict[str, Any] | None:
    for key in ("containerStatuses", "initContainerStatuses"):
        statuses: list[dict[str, Any]] = pod.status.get(key) or []
        for status in statuses:
            if status["name"] == name:
                return status
    return None


def pod_conditions(pod: KObject, containers: list[dict[str, Any]], now: float, *,
                   initialized: bool) -> list[dict[str, Any]]:
    """Conditions in the order a 1.32 kubelet writes them (`containers`: the pod's); PodScheduled as the
    scheduler set it."""
    at = timestamp(now)
    if initialized:
        init: dict[str, Any] = {"type": "Initialized", "status": "True", "lastTransitionTime": at}
    else:
        inits = " ".join(c.get("name", "") for c in pod.spec.get("initContainers") or ())
        init = {"type": "Initialized", "status": "False", "lastTransitionTime": at,
                "reason": "ContainersNotInitialized", "message": f"containers with incomplete status: [{inits}]"}
    names = " ".join([c.get("name", "") for c in containers])
    unready = f"containers with unready status: [{names}]"
    return [{"type": "PodReadyToStartContainers", "status": "True", "lastTransitionTime": at}, init,
            {"type": "Ready", "status": "False", "lastTransitionTime": at, "reason": "ContainersNotReady",
             "message": unready},
            {"type": "ContainersReady", "status": "False", "lastTransitionTime": at, "reason": "ContainersNotReady",
             "message": unready},
            condition(pod.status, "PodScheduled") or {"type": "PodScheduled", "status": "True",
                                                      "lastTransitionTime": at}]


def qos_class(spec: dict[str, Any]) -> str:
    """Guaranteed (cpu and memory limits, requests equal to them, in every container), BestEffort
    (no requests or limits anywhere) or Burstable."""
    best_effort = True
    guaranteed = True
    for key in ("containers", "initContainers"):
        for container in spec.get(key) or ():
            resources = container.get("resources")
            if not resources:
                guaranteed = False
            else:
                requests = resources.get("requests")
                limits = resources.get("limits")
                if requests or limits:
                    best_effort = False
                if guaranteed:
                    guaranteed = bool(limits) and _guaranteed(requests or {}, limits)
            if not (best_effort or guaranteed):
                return "Burstable"   # (the rest of the containers cannot change that)
    if best_effort:
        return "BestEffort"
    return "Guaranteed" if guaranteed else "Burstable"


def _guaranteed(requests: dict[str, Any], limits: dict[str, Any]) -> bool:
    """A container's cpu and memory limits are set, and its requests (where given) equal them."""
    for name in ("cpu", "memory"):
        if name not in limits or str(requests.get(name, limits[name])) != str(limits[name]):
            return False
    return True
