"""The status the kubelet writes for a pod: container states (waiting, running, terminated),
the pod's conditions and its qosClass."""

from __future__ import annotations

import random
from typing import Any

from ..images import Image, lookup
from ..objects import KObject, condition, timestamp
from ..quantity import parse_quantity

UNKNOWN_IMAGE = Image("", 0, 0.0)         # stands in for an image the registry lacks (never pulled)


def image_named(entry: dict[str, Any]) -> Image:
    """The catalogue image a container (its spec, or its status) names; UNKNOWN_IMAGE if the registry lacks it."""
    return lookup(str(entry.get("image", ""))) or UNKNOWN_IMAGE


def waiting_status(container: dict[str, Any], reason: str) -> dict[str, Any]:
    return {"image": container.get("image", ""), "imageID": "", "lastState": {}, "name": container.get("name", ""),
            "ready": False, "restartCount": 0, "started": False, "state": {"waiting": {"reason": reason}}}


def running_status(container: dict[str, Any], now: float, restarts: int, rng: random.Random,
                   last_state: dict[str, Any] | None = None) -> dict[str, Any]:
    """A container that started now; `started` stays false until its startup probe, if it has one, passes."""
    image = image_named(container)
    return {"containerID": f"containerd://{rng.getrandbits(256):064x}", "image": image.ref,
            "imageID": image.image_id, "lastState": last_state or {}, "name": container.get("name", ""),
            "ready": False, "restartCount": restarts, "started": not container.get("startupProbe"),
            "state": {"running": {"startedAt": timestamp(now)}}}


def terminated_status(container: dict[str, Any], now: float, code: int, rng: random.Random) -> dict[str, Any]:
    image = image_named(container)
    return {"containerID": f"containerd://{rng.getrandbits(256):064x}", "image": image.ref,
            "imageID": image.image_id, "lastState": {}, "name": container.get("name", ""), "ready": False,
            "restartCount": 0, "started": False,
            "state": {"terminated": {"exitCode": code, "finishedAt": timestamp(now),
                                     "reason": "Completed" if code == 0 else "Error",
                                     "startedAt": timestamp(now)}}}


def ended_state(status: dict[str, Any], code: int, now: float) -> dict[str, Any]:
    """The terminated state of the running container `status` describes, ending now with exit `code`."""
    return {"containerID": status.get("containerID", ""), "exitCode": code, "finishedAt": timestamp(now),
            "reason": "Completed" if code == 0 else "Error", "startedAt": status["state"]["running"]["startedAt"]}


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


# The resources QoS is computed from (k/k qos.go isSupportedQoSComputeResource): others, such as
# ephemeral-storage or extended resources, do not make a pod Burstable.
QOS_RESOURCES = ("cpu", "memory")


def qos_class(spec: dict[str, Any]) -> str:
    """k/k qos.ComputePodQOS: BestEffort without a positive cpu or memory request or limit anywhere;
    Guaranteed when every container limits both and the pod's requests add up to its limits; else Burstable.

    Requests are taken as the API server defaults them (a resource's request is its limit when unset), and
    compared as quantities, so "1" and "1000m" are equal."""
    requests: dict[str, float] = {}
    limits: dict[str, float] = {}
    guaranteed = True
    for key in ("containers", "initContainers"):
        for container in spec.get(key) or ():
            resources = container.get("resources") or {}
            limited = resources.get("limits") or {}
            requested = resources.get("requests") or {}
            found = 0
            for name in QOS_RESOURCES:
                request = requested.get(name, limited.get(name))
                if request is not None and (quantity := parse_quantity(request)) > 0:
                    requests[name] = requests.get(name, 0.0) + quantity
                if name in limited and (quantity := parse_quantity(limited[name])) > 0:
                    limits[name] = limits.get(name, 0.0) + quantity
                    found += 1
            if found < len(QOS_RESOURCES):
                guaranteed = False
                if requests or limits:
                    return "Burstable"   # (the rest of the containers cannot change that)
    if not requests and not limits:
        return "BestEffort"
    return "Guaranteed" if guaranteed and requests == limits else "Burstable"
