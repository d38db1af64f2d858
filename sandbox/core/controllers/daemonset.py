"""The DaemonSet controller (k/k pkg/controller/daemon): one pod per eligible node.

A node is eligible when the pod template's nodeSelector and required node
affinity match it and its NoSchedule/NoExecute taints are tolerated, counting
the tolerations every DaemonSet pod gets (not-ready and unreachable NoExecute
forever, so node failures never evict daemon pods). Each pod is pinned to its
node with required node affinity `matchFields metadata.name`, and the default
scheduler binds it, as in Kubernetes since 1.12.

Work is kept per node so that a 5,000-node cluster never pays a full pass per
pod event: keys are `ns/name` (full sync: template change, rollout step) or
`ns/name|node` (one node), and status totals are kept incrementally.

Simplifications: no ControllerRevision objects (the controller-revision-hash
label is a hash of the pod template), no maxSurge rolling updates, no
adoption of orphan pods, and pod creation is not slow-start batched.
"""

from __future__ import annotations

from typing import Any

from ..deletion import delete_pod
from ..errors import ApiError
from ..naming import template_hash
from ..objects import (
    NOT_READY_TAINT,
    UNREACHABLE_TAINT,
    UNSCHEDULABLE_TAINT,
    KObject,
    ObjectMeta,
    condition,
    controller_ref,
    deep_copy,
    owner_reference,
    parse_timestamp,
    pod_is_ready,
)
from ..quantity import scaled_value
from ..taints import untolerated
from .base import Context, Controller
from .node_affinity import node_affinity_matches

REVISION_HASH_LABEL = "controller-revision-hash"
TEMPLATE_GENERATION_LABEL = "pod-template-generation"

# k/k pkg/controller/daemon/util.AddOrUpdateDaemonPodTolerations
DAEMON_TOLERATIONS: list[dict[str, Any]] = [
    {"key": NOT_READY_TAINT, "operator": "Exists", "effect": "NoExecute"},
    {"key": UNREACHABLE_TAINT, "operator": "Exists", "effect": "NoExecute"},
    {"key": "node.kubernetes.io/disk-pressure", "operator": "Exists", "effect": "NoSchedule"},
    {"key": "node.kubernetes.io/memory-pressure", "operator": "Exists", "effect": "NoSchedule"},
    {"key": "node.kubernetes.io/pid-pressure", "operator": "Exists", "effect": "NoSchedule"},
    {"key": UNSCHEDULABLE_TAINT, "operator": "Exists", "effect": "NoSchedule"},
]
NETWORK_UNAVAILABLE_TOLERATION = {"key": "node.kubernetes.io/network-unavailable", "operator": "Exists",
                                  "effect": "NoSchedule"}

# Per-node status contribution: desired, current, ready, available, updated, misscheduled.
_ZERO = (0, 0, 0, 0, 0, 0)
_STATUS_FIELDS = ("desiredNumberScheduled", "currentNumberScheduled", "numberReady", "numberAvailable",
                  "updatedNumberScheduled", "numberMisscheduled")


def daemon_pod_spec(template_spec: dict[str, Any], node_name: str | None) -> dict[str, Any]:
    """The pod spec the controller creates: template + daemon tolerations (+ node pin)."""
    spec: dict[str, Any] = deep_copy(template_spec)
    tolerations = spec.setdefault("tolerations", [])
    extra = DAEMON_TOLERATIONS + ([NETWORK_UNAVAILABLE_TOLERATION] if spec.get("hostNetwork") else [])
    for toleration in extra:
        _add_or_update_toleration(tolerations, toleration)
    if node_name is not None:
        pin = {"nodeSelectorTerms": [{"matchFields": [
            {"key": "metadata.name", "operator": "In", "values": [node_name]}]}]}
        spec.setdefault("affinity", {}).setdefault("nodeAffinity", {})[
            "requiredDuringSchedulingIgnoredDuringExecution"] = pin
    return spec


def _add_or_update_toleration(tolerations: list[dict[str, Any]], new: dict[str, Any]) -> None:
    """v1helper.AddOrUpdateTolerationInPodSpec: replace an identical toleration, else append."""
    for i, old in enumerate(tolerations):
        if all((old.get(f) or "") == (new.get(f) or "") for f in ("key", "effect", "operator", "value")):
            tolerations[i] = dict(new)
            return
    tolerations.append(dict(new))


def should_run(pod_spec: dict[str, Any], node: KObject) -> tuple[bool, bool]:
    """NodeShouldRunDaemonPod: (shouldRun, shouldContinueRunning) for a daemon pod spec on a node."""
    fits = (not pod_spec.get("nodeName") or pod_spec["nodeName"] == node.name) and \
        node_affinity_matches(pod_spec, node)
    if not fits:
        return False, False
    taints = node.spec.get("taints") or []
    tolerations = pod_spec.get("tolerations") or []
    blocking = untolerated(tolerations, taints, ("NoSchedule", "NoExecute"))
    return not blocking, not any(t.get("effect") == "NoExecute" for t in blocking)


def target_node(pod: KObject) -> str:
    """util.GetTargetNodeName: spec.nodeName, or the node the affinity pins the pod to."""
    node_name: str | None = pod.spec.get("nodeName")
    if node_name:
        return node_name
    required = ((pod.spec.get("affinity") or {}).get("nodeAffinity") or {}).get(
        "requiredDuringSchedulingIgnoredDuringExecution") or {}
    for term in required.get("nodeSelectorTerms") or []:
        for field in term.get("matchFields") or []:
            if field.get("key") == "metadata.name" and field.get("values"):
                return str(field["values"][0])
    return ""


def pod_available(pod: KObject, min_ready_seconds: int, now: float) -> bool:
    """podutil.IsPodAvailable: Ready for at least minReadySeconds."""
    ready = condition(pod.status, "Ready")
    if ready is None or ready["status"] != "True":
        return False
    return min_ready_seconds == 0 or parse_timestamp(ready["lastTransitionTime"]) + min_ready_seconds <= now


class DaemonSetController(Controller):
    name = "daemonset-controller"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        # ds uid -> target node -> pod uid -> pod (client-go would index the informer cache the same way)
        self._pods: dict[str, dict[str, dict[str, KObject]]] = {}
        self._per_node: dict[str, dict[str, tuple[int, ...]]] = {}
        self._totals: dict[str, list[int]] = {}
        self._generation: dict[str, int] = {}
        self._rolling: dict[str, bool] = {}
        self.store.watch("DaemonSet", self._on_daemonset)
        self.store.watch("Node", self._on_node)
        self.store.watch("Pod", self._on_pod, owner_kind="DaemonSet")

    # ---- watch handlers (enqueue only) -------------------------------------

    def _on_daemonset(self, event: str, ds: KObject, _old: object) -> None:
        if event == "DELETED":
            for table in (self._pods, self._per_node, self._totals, self._generation, self._rolling):
                table.pop(ds.uid, None)
            return
        # Our own status writes also arrive here; only spec changes need a full pass.
        if self._generation.get(ds.uid) != ds.metadata.generation:
            self._generation[ds.uid] = ds.metadata.generation
            self.enqueue(ds.key())

    def _on_node(self, _event: str, node: KObject, _old: object) -> None:
        for ds in self.store.list("DaemonSet"):
            self.enqueue(f"{ds.key()}|{node.name}")

    def _on_pod(self, event: str, pod: KObject, _old: object) -> None:
        ref = controller_ref(pod)
        assert ref is not None  # watched with owner_kind="DaemonSet"
        node = target_node(pod)
        by_node = self._pods.setdefault(ref["uid"], {})
        for pods in by_node.values():  # a pod's target node never changes, but be safe on rebinding
            if pods.pop(pod.uid, None) is not None:
                break
        if event != "DELETED":
            by_node.setdefault(node, {})[pod.uid] = pod
        key = f"{pod.namespace}/{ref['name']}"
        self.enqueue(key if self._rolling.get(ref["uid"]) else f"{key}|{node}")

    # ---- sync --------------------------------------------------------------

    def sync(self, key: str) -> None:
        ds_key, _, node_name = key.partition("|")
        namespace, _, name = ds_key.partition("/")
        ds = self.store.try_get("DaemonSet", namespace, name)
        if ds is None or ds.metadata.deletion_timestamp is not None:
            return
        spec = daemon_pod_spec(ds.spec["template"].get("spec") or {}, None)
        revision = template_hash(ds.spec["template"])
        if node_name:
            self._sync_node(ds, spec, revision, node_name)
        else:
            for node in self.store.list("Node"):
                self._sync_node(ds, spec, revision, node.name)
            self._rolling_update(ds, revision)
        self._write_status(ds)

    def _sync_node(self, ds: KObject, spec: dict[str, Any], revision: str, node_name: str) -> None:
        node = self.store.try_get("Node", "", node_name)
        per_node = self._per_node.setdefault(ds.uid, {})
        if node is None:  # pods bound to a deleted node are the pod GC's business
            self._account(ds, node_name, _ZERO)
            per_node.pop(node_name, None)
            return
        run, keep = should_run(spec, node)
        pods = sorted(self._pods.get(ds.uid, {}).get(node_name, {}).values(),
                      key=lambda p: (p.metadata.creation_timestamp, p.name))
        if run and not pods:
            created = self._create_pod(ds, node_name, revision)
            pods = [created] if created is not None else []
        elif keep:
            pods = self._delete_failed_and_extra(ds, node_name, pods)
        elif pods:
            for pod in pods:
                self._delete(ds, pod, f"node {node_name} no longer fits the DaemonSet (selector, affinity or taints)")
        self._account(ds, node_name, self._contribution(ds, run, pods, revision))

    def _delete_failed_and_extra(self, ds: KObject, node_name: str, pods: list[KObject]) -> list[KObject]:
        running = []
        for pod in pods:
            if pod.metadata.deletion_timestamp is not None:
                continue
            if pod.status.get("phase") == "Failed":
                self.store.record_event(ds, "Warning", "FailedDaemonPod",
                                        f"Found failed daemon pod {pod.namespace}/{pod.name} on node {node_name}, "
                                        "will try to kill it", actor=self.name)
                self._delete(ds, pod, f"daemon pod on {node_name} failed; a new one replaces it")
            else:
                running.append(pod)
        for extra in running[1:]:
            self._delete(ds, extra, f"more than one daemon pod on {node_name}: keeping the oldest")
        return pods

    def _contribution(self, ds: KObject, run: bool, pods: list[KObject], revision: str) -> tuple[int, ...]:
        if not run:
            return (0, 0, 0, 0, 0, 1 if pods else 0)
        if not pods:
            return (1, 0, 0, 0, 0, 0)
        pod = pods[0]
        ready = pod_is_ready(pod)
        min_ready = ds.spec.get("minReadySeconds", 0)
        available = ready and pod_available(pod, min_ready, self.clock.now)
        if ready and not available:
            self.enqueue_after(min_ready, ds.key())
        updated = pod.metadata.labels.get(REVISION_HASH_LABEL) == revision
        return (1, 1, int(ready), int(available), int(updated), 0)

    def _account(self, ds: KObject, node_name: str, new: tuple[int, ...]) -> None:
        per_node = self._per_node.setdefault(ds.uid, {})
        old = per_node.get(node_name, _ZERO)
        if old == new:
            return
        per_node[node_name] = new
        totals = self._totals.setdefault(ds.uid, [0] * 6)
        for i in range(6):
            totals[i] += new[i] - old[i]

    def _rolling_update(self, ds: KObject, revision: str) -> None:
        """rollingUpdate with maxSurge 0: replace old pods, at most maxUnavailable unavailable at a time."""
        strategy = ds.spec.get("updateStrategy") or {}
        if strategy.get("type", "RollingUpdate") != "RollingUpdate":
            self._rolling[ds.uid] = False
            return
        desired = self._totals.get(ds.uid, [0] * 6)[0]
        max_unavailable = scaled_value((strategy.get("rollingUpdate") or {}).get("maxUnavailable", 1),
                                       desired, round_up=True) or 1
        min_ready = ds.spec.get("minReadySeconds", 0)
        now = self.clock.now
        unavailable, replace_now, candidates = 0, [], []
        for node_name, pods_by_uid in sorted(self._pods.get(ds.uid, {}).items()):
            if not self._per_node.get(ds.uid, {}).get(node_name, _ZERO)[0]:
                continue
            live = [p for p in pods_by_uid.values() if p.metadata.deletion_timestamp is None]
            new = [p for p in live if p.metadata.labels.get(REVISION_HASH_LABEL) == revision]
            old = [p for p in live if p.metadata.labels.get(REVISION_HASH_LABEL) != revision]
            if len(live) != 1:
                unavailable += 1
            elif new:
                unavailable += not pod_available(new[0], min_ready, now)
            elif not pod_available(old[0], min_ready, now):
                replace_now.append(old[0])
                unavailable += 1
            elif unavailable < max_unavailable:
                candidates.append(old[0])
        budget = max(0, max_unavailable - unavailable)
        victims = replace_now + candidates[:budget]
        for pod in victims:
            self._delete(ds, pod, f"rolling update to revision {revision}: replacing out-of-date pod "
                                  f"({max_unavailable} may be unavailable at once)")
        self._rolling[ds.uid] = bool(victims or candidates or unavailable)

    # ---- writes ------------------------------------------------------------

    def _create_pod(self, ds: KObject, node_name: str, revision: str) -> KObject | None:
        template = ds.spec["template"]
        labels = dict((template.get("metadata") or {}).get("labels") or {})
        labels[REVISION_HASH_LABEL] = revision
        labels[TEMPLATE_GENERATION_LABEL] = str(ds.metadata.generation)
        annotations = dict((template.get("metadata") or {}).get("annotations") or {})
        meta = ObjectMeta(namespace=ds.namespace, labels=labels, annotations=annotations,
                          owner_references=[owner_reference(ds)], generate_name=f"{ds.name}-")
        pod = KObject("Pod", meta, daemon_pod_spec(template.get("spec") or {}, node_name), {"phase": "Pending"})
        key = f"{ds.key()}|{node_name}"
        try:
            self.store.create(pod, self.name, f"node {node_name} has no pod of daemonset {ds.name}: created one")
        except ApiError as exc:  # an exceeded quota: FailedCreate, retried with back-off as upstream does
            self.store.record_event(ds, "Warning", "FailedCreate", f"Error creating: {exc.message}", actor=self.name)
            self.retry_later(key)
            return None
        if self._failures:
            self.forget(key)
        self.store.record_event(ds, "Normal", "SuccessfulCreate", f"Created pod: {pod.name}", actor=self.name)
        return pod

    def _delete(self, ds: KObject, pod: KObject, reason: str) -> None:
        if pod.metadata.deletion_timestamp is not None:
            return
        delete_pod(self.store, pod, self.name, f"{reason}: deleted {pod.name}")
        self.store.record_event(ds, "Normal", "SuccessfulDelete", f"Deleted pod: {pod.name}", actor=self.name)

    def _write_status(self, ds: KObject) -> None:
        totals = self._totals.get(ds.uid, [0] * 6)
        status = dict(zip(_STATUS_FIELDS, totals, strict=True))
        status["numberUnavailable"] = totals[0] - totals[3]
        status["observedGeneration"] = ds.metadata.generation
        if not status["numberUnavailable"]:
            del status["numberUnavailable"]  # omitempty, as the API serialises it
        if ds.status == status:
            return
        ds.status = status
        self.store.update(ds, self.name, f"{status['numberReady']}/{status['desiredNumberScheduled']} daemon pods "
                                         "ready", verb="update-status")
