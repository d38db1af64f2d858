"""What a kubelet posts about its node when it starts (or comes back): the node conditions, Ready."""

from __future__ import annotations

from ..objects import KObject, condition, set_condition, timestamp
from ..store import Store

NODE_CONDITIONS = (
    ("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available",
     "NodeHasSufficientMemory"),
    ("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", "NodeHasNoDiskPressure"),
    ("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available",
     "NodeHasSufficientPID"),
    ("Ready", "True", "KubeletReady", "kubelet is posting ready status", "NodeReady"),
)


def post_ready(store: Store, node: KObject, now: float) -> None:
    actor = f"kubelet/{node.name}"
    status = node.status
    store.record_event(node, "Normal", "Starting", "Starting kubelet.", actor=actor)
    changed = []
    for ctype, value, reason, message, event_reason in NODE_CONDITIONS:
        if set_condition(status, ctype, value, now, reason=reason, message=message):
            changed.append(event_reason)
        condition(status, ctype)["lastHeartbeatTime"] = timestamp(now)  # type: ignore[index]
    store.update(node, actor, "kubelet started and posted node status: Ready")
    for event_reason in changed:
        store.record_event(node, "Normal", event_reason, f"Node {node.name} status is now: {event_reason}",
                           actor=actor)
