"""The RESTARTS column: the core's restart count with kubectl's age of the last restart."""

from __future__ import annotations

from ...core.objects import KObject
from ...core.podstatus import restarts
from ..ages import since


def pod_restarts(pod: KObject, now: float) -> str:
    """`3 (45s ago)` once a container has restarted and its last termination time is known; else the count."""
    count, last = restarts(pod)
    if count and last is not None:
        return f"{count} ({since(now, last)} ago)"
    return str(count)
