"""Node maintenance on the API side: the eviction API, cordon and uncordon.

evict() is the pods/eviction subresource (k/k pkg/registry/core/pod/storage/eviction.go):
the pod is deleted gracefully unless a PodDisruptionBudget has no disruption left,
which answers 429. `kubectl drain` is a client of this API and lives in the kubectl layer.
"""

from __future__ import annotations

from .deletion import delete_pod
from .errors import ApiError, TooManyRequests
from .labels import selector_matches
from .objects import KObject, pod_is_ready, set_condition, timestamp
from .store import Store

PDB_REFUSAL = "Cannot evict pod as it would violate the pod's disruption budget."


class ServerError(ApiError):
    code = 500
    reason = "InternalError"


# ---- the eviction API --------------------------------------------------------

def evict(store: Store, namespace: str, name: str, actor: str, why: str = "eviction API",
          grace_period: int | None = None) -> None:
    """POST pods/NAME/eviction: delete gracefully, or raise TooManyRequests if a PDB forbids it."""
    pod = store.get("Pod", namespace, name)
    if _can_ignore_pdb(pod):
        _delete(store, pod, actor, why, grace_period)
        return
    pdbs = [p for p in store.list("PodDisruptionBudget", namespace)
            if selector_matches(p.spec.get("selector"), pod.metadata.labels)]
    if len(pdbs) > 1:
        raise ServerError("This pod has more than one PodDisruptionBudget, which the eviction subresource "
                          "does not support.")
    if pdbs:
        _check_and_decrement(store, pdbs[0], pod, actor)
    _delete(store, pod, actor, why, grace_period)


def _can_ignore_pdb(pod: KObject) -> bool:
    return pod.metadata.deletion_timestamp is not None or \
        pod.status.get("phase") in ("Succeeded", "Failed", "Pending")


def _check_and_decrement(store: Store, pdb: KObject, pod: KObject, actor: str) -> None:
    status = pdb.status
    if not pod_is_ready(pod) and pdb.spec.get("unhealthyPodEvictionPolicy") == "AlwaysAllow":
        return
    if not pod_is_ready(pod) and status.get("currentHealthy", 0) >= status.get("desiredHealthy", 0) > 0:
        return  # IfHealthyBudget: an unhealthy pod may go while the application is whole
    if status.get("observedGeneration", 0) < pdb.metadata.generation:
        raise TooManyRequests(f"{PDB_REFUSAL} The disruption budget {pdb.name} is still being processed "
                              "by the server.")
    if status.get("disruptionsAllowed", 0) == 0:
        raise TooManyRequests(PDB_REFUSAL)
    status["disruptionsAllowed"] -= 1
    if status["disruptionsAllowed"] == 0:
        set_condition(status, "DisruptionAllowed", "False", store.clock.now, reason="InsufficientPods", message="")
    status.setdefault("disruptedPods", {})[pod.name] = timestamp(store.clock.now)
    store.update(pdb, actor, f"eviction of pod {pod.name} spends one disruption: "
                             f"{status['disruptionsAllowed']} left", verb="update-status")


def _delete(store: Store, pod: KObject, actor: str, why: str, grace_period: int | None) -> None:
    if pod.metadata.deletion_timestamp is None:
        set_condition(pod.status, "DisruptionTarget", "True", store.clock.now, reason="EvictionByEvictionAPI",
                      message="Eviction API: evicting")
    delete_pod(store, pod, actor, f"{why}: pod evicted", grace_period=grace_period)


# ---- cordon and uncordon -----------------------------------------------------

def cordon(store: Store, name: str, actor: str) -> KObject:
    """spec.unschedulable = true; the node lifecycle controller adds the unschedulable taint."""
    node = store.get("Node", "", name)
    if not node.spec.get("unschedulable"):
        node.spec["unschedulable"] = True
        store.update(node, actor, f"{actor} cordoned {name}: no new pods will be scheduled there")
    return node


def uncordon(store: Store, name: str, actor: str) -> KObject:
    node = store.get("Node", "", name)
    if node.spec.pop("unschedulable", None):
        store.update(node, actor, f"{actor} uncordoned {name}: pods may be scheduled there again")
    return node


def remove_node(store: Store, name: str, actor: str) -> None:
    node = store.get("Node", "", name)
    store.delete(node, actor, f"{actor} removed node {name}; the pod GC force-deletes its pods")
