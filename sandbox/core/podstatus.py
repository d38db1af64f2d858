"""A pod's status words, as kubectl's printPod computes them (k/k pkg/printers/internalversion/printers.go).

One function for every reader: `kubectl get pods`, the map and a lesson's checks all call
`pod_status`, so they never disagree about what state a pod is in.
"""

from __future__ import annotations

from typing import Any

from .objects import KObject, condition, parse_time

# k/k pkg/util/node: the reason the node lifecycle controller gives pods on an unreachable node.
NODE_UNREACHABLE_POD_REASON = "NodeLost"


def pod_ready(pod: KObject) -> str:
    total = len(pod.spec.get("containers") or [])
    ready = sum(1 for cs in _statuses(pod) if cs.get("ready") and "running" in (cs.get("state") or {}))
    return f"{ready}/{total}"


def _statuses(pod: KObject) -> list[dict[str, Any]]:
    statuses = pod.status.get("containerStatuses") or []
    return [cs for cs in statuses if isinstance(cs, dict)]


def pod_status(pod: KObject) -> str:
    phase = pod.status.get("phase") or ""
    reason = pod.status.get("reason") or phase
    sched = condition(pod.status, "PodScheduled")
    if sched and sched.get("reason") == "SchedulingGated":
        reason = "SchedulingGated"
    init = _init_reason(pod)
    if init:
        reason = init
    else:
        reason = _container_reason(pod, reason)
    if pod.metadata.deletion_timestamp is not None:
        if pod.status.get("reason") == NODE_UNREACHABLE_POD_REASON:
            return "Unknown"
        if phase not in ("Succeeded", "Failed"):
            return "Terminating"
    return reason


def _init_reason(pod: KObject) -> str:
    """Init:N/M, Init:<reason> while init containers run (restartable sidecars left out)."""
    statuses = pod.status.get("initContainerStatuses") or []
    total = len(pod.spec.get("initContainers") or [])
    for i, cs in enumerate(statuses):
        state = cs.get("state") or {}
        term, wait = state.get("terminated"), state.get("waiting")
        if term and term.get("exitCode") == 0:
            continue
        if term:
            return "Init:" + (term.get("reason") or f"ExitCode:{term.get('exitCode')}")
        if wait and wait.get("reason") and wait["reason"] != "PodInitializing":
            return f"Init:{wait['reason']}"
        return f"Init:{i}/{total}"
    return ""


def _container_reason(pod: KObject, reason: str) -> str:
    has_running = False
    for cs in reversed(_statuses(pod)):
        state = cs.get("state") or {}
        wait, term = state.get("waiting") or {}, state.get("terminated")
        if wait.get("reason"):
            reason = wait["reason"]
        elif term and term.get("reason"):
            reason = term["reason"]
        elif term:
            signal = term.get("signal")
            reason = f"Signal:{signal}" if signal else f"ExitCode:{term.get('exitCode', 0)}"
        elif cs.get("ready") and "running" in state:
            has_running = True
    if reason == "Completed" and has_running:
        ready = condition(pod.status, "Ready")
        reason = "Running" if ready and ready.get("status") == "True" else "NotReady"
    return reason


def restarts(pod: KObject) -> tuple[int, float | None]:
    """The pod's total container restarts and when its last terminated container finished (if known)."""
    count = 0
    last: float | None = None
    for cs in _statuses(pod):
        count += cs.get("restartCount") or 0
        finished = parse_time(((cs.get("lastState") or {}).get("terminated") or {}).get("finishedAt"))
        if finished is not None and (last is None or finished > last):
            last = finished
    return count, last
