"""Node maintenance: the eviction API, cordon, uncordon and `kubectl drain`.

evict() is the pods/eviction subresource (k/k pkg/registry/core/pod/storage/eviction.go):
the pod is deleted gracefully unless a PodDisruptionBudget has no disruption left,
which answers 429. drain() follows kubectl's pkg/drain: cordon, sort the node's
pods through the same filters with the same words, evict the rest, and retry every
5 s the evictions a budget refused. Drain runs in simulated time: the call returns
at once with what kubectl has printed so far, and refused evictions are retried by
clock timers (each retry goes to the audit log and appends to `DrainResult.lines`)
until they succeed or the timeout runs out. One simplification: kubectl prints
"pod/NAME evicted" once the pod is gone; here it is printed when the eviction is
accepted (the pod is then Terminating for its grace period).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .deletion import delete_pod
from .errors import ApiError, NotFound, TooManyRequests
from .labels import selector_matches
from .objects import KObject, controller_ref, pod_is_ready, set_condition, timestamp
from .store import Store

PDB_REFUSAL = "Cannot evict pod as it would violate the pod's disruption budget."
RETRY_SECONDS = 5.0
MIRROR_ANNOTATION = "kubernetes.io/config.mirror"

# kubectl pkg/drain/filters.go
DAEMONSET_FATAL = "DaemonSet-managed Pods (use --ignore-daemonsets to ignore)"
DAEMONSET_WARNING = "ignoring DaemonSet-managed Pods"
LOCAL_STORAGE_FATAL = "Pods with local storage (use --delete-emptydir-data to override)"
LOCAL_STORAGE_WARNING = "deleting Pods with local storage"
UNMANAGED_FATAL = "Pods declare no controller (use --force to override)"
UNMANAGED_WARNING = "deleting Pods that declare no controller"


class ServerError(ApiError):
    code = 500
    reason = "InternalError"


@dataclass
class DrainResult:
    """What `kubectl drain` printed; `lines` keeps growing while refused evictions are retried."""

    ok: bool
    lines: list[str] = field(default_factory=list)
    evicted: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)
    done: bool = False


# ---- the eviction API --------------------------------------------------------

def evict(store: Store, namespace: str, name: str, actor: str, why: str = "eviction API") -> None:
    """POST pods/NAME/eviction: delete gracefully, or raise TooManyRequests if a PDB forbids it."""
    pod = store.get("Pod", namespace, name)
    if _can_ignore_pdb(pod):
        _delete(store, pod, actor, why)
        return
    pdbs = [p for p in store.list("PodDisruptionBudget", namespace)
            if selector_matches(p.spec.get("selector"), pod.metadata.labels)]
    if len(pdbs) > 1:
        raise ServerError("This pod has more than one PodDisruptionBudget, which the eviction subresource "
                          "does not support.")
    if pdbs:
        _check_and_decrement(store, pdbs[0], pod, actor)
    _delete(store, pod, actor, why)


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


def _delete(store: Store, pod: KObject, actor: str, why: str) -> None:
    if pod.metadata.deletion_timestamp is None:
        set_condition(pod.status, "DisruptionTarget", "True", store.clock.now, reason="EvictionByEvictionAPI",
                      message="Eviction API: evicting")
    delete_pod(store, pod, actor, f"{why}: pod evicted")


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


# ---- drain -------------------------------------------------------------------

@dataclass
class _Verdict:
    delete: bool
    error: str = ""
    warning: str = ""


def drain(store: Store, name: str, *, ignore_daemonsets: bool, force: bool, delete_emptydir_data: bool,
          timeout: float | None, actor: str) -> DrainResult:
    node = store.get("Node", "", name)
    result = DrainResult(ok=False)
    result.lines.append(f"node/{name} already cordoned" if node.spec.get("unschedulable") else f"node/{name} cordoned")
    cordon(store, name, actor)
    verdicts = [(pod, _filter(store, pod, ignore_daemonsets, force, delete_emptydir_data))
                for pod in sorted(store.pods_on_node(name), key=lambda p: (p.namespace, p.name))]
    errors = _grouped(verdicts, "error")
    if errors:
        messages = [f"cannot delete {msg}: {pods}" for msg, pods in errors]
        joined = messages[0] if len(messages) == 1 else "[" + ", ".join(messages) + "]"
        result.lines += [f'error: unable to drain node "{name}" due to error: {joined}, continuing command...',
                         "There are pending nodes to be drained:", f" {name}", *messages]
        result.done = True
        return result
    warnings = _grouped(verdicts, "warning")
    if warnings:
        result.lines.append("Warning: " + "; ".join(f"{msg}: {pods}" for msg, pods in warnings))
    targets = [pod for pod, verdict in verdicts if verdict.delete]
    result.lines += [f"evicting pod {pod.namespace}/{pod.name}" for pod in targets]
    retry = _DrainRetry(store, result, name, actor, None if timeout is None else store.clock.now + timeout, timeout)
    retry.attempt([pod.key() for pod in targets])
    return result


def _filter(store: Store, pod: KObject, ignore_daemonsets: bool, force: bool, emptydir: bool) -> _Verdict:
    """kubectl's filter chain: the first filter that keeps the pod decides, else the last verdict stands."""
    terminal = pod.status.get("phase") in ("Succeeded", "Failed")
    ref = controller_ref(pod)

    def daemonset() -> _Verdict:
        if ref is None or ref.get("kind") != "DaemonSet" or terminal:
            return _Verdict(True)
        if store.try_get("DaemonSet", pod.namespace, ref["name"]) is None:
            missing = f'daemonsets.apps "{ref["name"]}" not found'
            return _Verdict(True, warning=missing) if force else _Verdict(False, error=missing)
        if ignore_daemonsets:
            return _Verdict(False, warning=DAEMONSET_WARNING)
        return _Verdict(False, error=DAEMONSET_FATAL)

    def mirror() -> _Verdict:
        # The sandbox's static pods are owned by their Node; treat them as the mirror pods they stand for.
        is_mirror = MIRROR_ANNOTATION in pod.metadata.annotations or (ref is not None and ref.get("kind") == "Node")
        return _Verdict(not is_mirror)

    def local_storage() -> _Verdict:
        if terminal or not any("emptyDir" in v for v in pod.spec.get("volumes") or []):
            return _Verdict(True)
        return _Verdict(True, warning=LOCAL_STORAGE_WARNING) if emptydir else _Verdict(False, error=LOCAL_STORAGE_FATAL)

    def unreplicated() -> _Verdict:
        if terminal or ref is not None:
            return _Verdict(True)
        return _Verdict(True, warning=UNMANAGED_WARNING) if force else _Verdict(False, error=UNMANAGED_FATAL)

    verdict = _Verdict(True)
    for check in (daemonset, mirror, local_storage, unreplicated):
        verdict = check()
        if not verdict.delete:
            break
    return verdict


def _grouped(verdicts: list[tuple[KObject, _Verdict]], kind: str) -> list[tuple[str, str]]:
    """Messages with the pods they apply to, in first-seen order (kubectl groups them in a map)."""
    groups: dict[str, list[str]] = {}
    for pod, verdict in verdicts:
        message = getattr(verdict, kind)
        if message:
            groups.setdefault(message, []).append(f"{pod.namespace}/{pod.name}")
    return [(msg, ", ".join(pods)) for msg, pods in groups.items()]


class _DrainRetry:
    """kubectl's per-pod eviction loop, on the simulated clock: 429 -> wait 5 s -> try again."""

    def __init__(self, store: Store, result: DrainResult, node: str, actor: str, deadline: float | None,
                 timeout: float | None) -> None:
        self.store = store
        self.result = result
        self.node = node
        self.actor = actor
        self.deadline = deadline
        self.timeout = timeout

    def attempt(self, keys: list[str]) -> None:
        result, now = self.result, self.store.clock.now
        pending = []
        for key in keys:
            namespace, _, name = key.partition("/")
            try:
                evict(self.store, namespace, name, self.actor, f"kubectl drain {self.node}")
            except NotFound:
                continue
            except TooManyRequests as err:
                pending.append(key)
                result.lines.append(f'error when evicting pods/"{name}" -n "{namespace}" '
                                    f"(will retry after {RETRY_SECONDS:.0f}s): {err.message}")
                self.store.audit.append(now, self.actor, "evict", "Pod", namespace, name,
                                        f"kubectl drain {self.node}: eviction refused ({err.message}); "
                                        f"retrying in {RETRY_SECONDS:.0f}s")
                continue
            result.evicted.append(key)
            result.lines.append(f"pod/{name} evicted")
        result.pending = pending
        if not pending:
            result.lines.append(f"node/{self.node} drained")
            result.ok = result.done = True
        elif self.deadline is not None and now + RETRY_SECONDS > self.deadline:
            self.store.clock.call_at(self.deadline, self.give_up)
        else:
            self.store.clock.call_later(RETRY_SECONDS, self.retry)

    def retry(self) -> None:
        self.attempt(list(self.result.pending))

    def give_up(self) -> None:
        if not self.result.pending:
            return
        limit = _go_duration(self.timeout or 0)
        errors = []
        for key in self.result.pending:
            namespace, _, name = key.partition("/")
            errors.append(f'error when evicting pods/"{name}" -n "{namespace}": global timeout reached: {limit}')
        joined = errors[0] if len(errors) == 1 else "[" + ", ".join(errors) + "]"
        self.result.lines += [f'error: unable to drain node "{self.node}" due to error: {joined}, '
                              "continuing command...", "There are pending nodes to be drained:", f" {self.node}",
                              *errors]
        self.result.done = True
        self.store.audit.append(self.store.clock.now, self.actor, "evict", "Node", "", self.node,
                                f"kubectl drain {self.node} gave up after {limit}: {len(errors)} pod(s) not evicted")


def _go_duration(seconds: float) -> str:
    """Go's time.Duration.String for whole seconds: 30s, 1m0s, 1h0m0s."""
    s = int(seconds)
    hours, rest = divmod(s, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h{minutes}m{secs}s"
    if minutes:
        return f"{minutes}m{secs}s"
    return f"{secs}s"

