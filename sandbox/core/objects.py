"""API objects with real Kubernetes field names, and helpers to read them.

Every kind shares one shape: `KObject(kind, metadata, spec, status)`. `spec`
and `status` are plain dicts holding exactly the JSON fields a real API server
returns; `metadata` is a slotted class because every hot path reads it.
Simulated time is seconds since `EPOCH`.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

from .compact_pickle import pickled_as_tuple

EPOCH = datetime(2026, 1, 1, tzinfo=UTC)

API_VERSIONS: dict[str, str] = {
    "Namespace": "v1",
    "Node": "v1",
    "Pod": "v1",
    "Service": "v1",
    "Endpoints": "v1",
    "Event": "v1",
    "ConfigMap": "v1",
    "Secret": "v1",
    "ReplicaSet": "apps/v1",
    "Deployment": "apps/v1",
    "DaemonSet": "apps/v1",
    "StatefulSet": "apps/v1",
    "Job": "batch/v1",
    "CronJob": "batch/v1",
    "EndpointSlice": "discovery.k8s.io/v1",
    "Ingress": "networking.k8s.io/v1",
    "IngressClass": "networking.k8s.io/v1",
    "NetworkPolicy": "networking.k8s.io/v1",
    "PodDisruptionBudget": "policy/v1",
    "HorizontalPodAutoscaler": "autoscaling/v2",
    "VirtualService": "networking.istio.io/v1",
    "DestinationRule": "networking.istio.io/v1",
}

CLUSTER_SCOPED = frozenset({"Namespace", "Node", "IngressClass"})

# Annotations and labels the controllers agree on (their real names).
REVISION_ANNOTATION = "deployment.kubernetes.io/revision"
POD_TEMPLATE_HASH = "pod-template-hash"
DELETION_COST_ANNOTATION = "controller.kubernetes.io/pod-deletion-cost"
CONTROL_PLANE_TAINT = "node-role.kubernetes.io/control-plane"
UNREACHABLE_TAINT = "node.kubernetes.io/unreachable"
NOT_READY_TAINT = "node.kubernetes.io/not-ready"
UNSCHEDULABLE_TAINT = "node.kubernetes.io/unschedulable"
# metav1.FinalizerOrphanDependents and FinalizerDeleteDependents: the API server puts one on an
# owner deleted with propagationPolicy Orphan or Foreground; the garbage collector takes it off.
ORPHAN_FINALIZER = "orphan"
FOREGROUND_FINALIZER = "foregroundDeletion"


@lru_cache(maxsize=8192)
def timestamp(seconds: float) -> str:
    """RFC 3339 form of a simulated time, as the API server writes it (whole seconds).

    Cached by the time itself: status writes ask for "now" several times per pod, and a hit costs no Python call.
    A miss (each new instant) spells the time of day itself, and only the date through datetime."""
    day, second = divmod(int(seconds), 86400)
    hour, second = divmod(second, 3600)
    minute, second = divmod(second, 60)
    return f"{_date(day)}T{hour:02d}:{minute:02d}:{second:02d}Z"


@lru_cache(maxsize=64)
def _date(day: int) -> str:
    """The date `day` days after EPOCH (which is a midnight)."""
    return (EPOCH + timedelta(days=day)).strftime("%Y-%m-%d")


@lru_cache(maxsize=8192)
def parse_timestamp(text: str) -> float:
    """Simulated seconds of an RFC 3339 timestamp (as timestamp() writes it); ValueError if malformed."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError(f"timestamp without a time zone: {text!r}")
    return (moment - EPOCH).total_seconds()


def parse_time(text: object) -> float | None:
    """An RFC 3339 timestamp from an object, as simulated seconds (None if absent or malformed)."""
    if not isinstance(text, str) or not text:
        return None
    try:
        return parse_timestamp(text)
    except ValueError:
        return None


@pickled_as_tuple
class ObjectMeta:
    __slots__ = (
        "annotations",
        "creation_timestamp",
        "deletion_grace_period_seconds",
        "deletion_timestamp",
        "finalizers",
        "generate_name",
        "generation",
        "labels",
        "name",
        "namespace",
        "owner_references",
        "resource_version",
        "uid",
        "write_id",
    )

    def __init__(self, name: str = "", namespace: str = "", *, labels: dict[str, str] | None = None,
                 annotations: dict[str, str] | None = None,
                 owner_references: list[dict[str, Any]] | None = None,
                 generate_name: str = "") -> None:
        self.name = name
        self.namespace = namespace
        self.uid = ""
        self.labels: dict[str, str] = labels if labels is not None else {}
        self.annotations: dict[str, str] = annotations if annotations is not None else {}
        self.owner_references: list[dict[str, Any]] = owner_references if owner_references is not None else []
        self.creation_timestamp: float = 0.0
        self.deletion_timestamp: float | None = None
        self.deletion_grace_period_seconds: int | None = None
        # Replaced, never edited in place: one shared empty tuple serves the many objects without any.
        self.finalizers: tuple[str, ...] = ()
        self.generation = 0
        self.resource_version = 0
        # Not part of the API object: the number of the store write that made this version, unique in
        # the process (resourceVersions repeat across the timeline's branches and rebuilt clusters), so
        # a checkpoint can name an exact content by it (see checkpoint.py).
        self.write_id = 0
        self.generate_name = generate_name

    def to_dict(self, cluster_scoped: bool) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.annotations:
            out["annotations"] = dict(self.annotations)
        out["creationTimestamp"] = timestamp(self.creation_timestamp)
        if self.deletion_grace_period_seconds is not None:
            out["deletionGracePeriodSeconds"] = self.deletion_grace_period_seconds
        if self.deletion_timestamp is not None:
            out["deletionTimestamp"] = timestamp(self.deletion_timestamp)
        if self.finalizers:
            out["finalizers"] = list(self.finalizers)
        if self.generate_name:
            out["generateName"] = self.generate_name
        if self.generation:
            out["generation"] = self.generation
        if self.labels:
            out["labels"] = dict(self.labels)
        out["name"] = self.name
        if not cluster_scoped:
            out["namespace"] = self.namespace
        if self.owner_references:
            out["ownerReferences"] = [dict(ref) for ref in self.owner_references]
        out["resourceVersion"] = str(self.resource_version)
        out["uid"] = self.uid
        return out


@pickled_as_tuple
class KObject:
    """One API object. `spec` and `status` hold the real JSON fields."""

    __slots__ = ("api_version", "body", "kind", "metadata", "spec", "status")

    def __init__(self, kind: str, metadata: ObjectMeta, spec: dict[str, Any] | None = None,
                 status: dict[str, Any] | None = None, *, api_version: str | None = None,
                 body: dict[str, Any] | None = None) -> None:
        self.kind = kind
        self.api_version = api_version or API_VERSIONS.get(kind, "v1")
        self.metadata = metadata
        self.spec: dict[str, Any] = spec if spec is not None else {}
        self.status: dict[str, Any] = status if status is not None else {}
        # Top-level fields of kinds without spec/status (Endpoints' subsets,
        # EndpointSlice's endpoints, Event's message, ...).
        self.body: dict[str, Any] = body if body is not None else {}

    @property
    def name(self) -> str:
        return self.metadata.name

    @property
    def namespace(self) -> str:
        return self.metadata.namespace

    @property
    def uid(self) -> str:
        return self.metadata.uid

    @property
    def cluster_scoped(self) -> bool:
        return self.kind in CLUSTER_SCOPED

    def key(self) -> str:
        """The work-queue key, `namespace/name` (or `name` when cluster-scoped)."""
        return self.metadata.name if self.kind in CLUSTER_SCOPED else f"{self.metadata.namespace}/{self.metadata.name}"

    def to_dict(self) -> dict[str, Any]:
        """The object as `kubectl get -o json` shows it (a deep copy)."""
        out: dict[str, Any] = {"apiVersion": self.api_version, "kind": self.kind}
        out.update(deep_copy(self.body))
        out["metadata"] = self.metadata.to_dict(self.cluster_scoped)
        if self.spec or self.kind not in _KINDS_WITHOUT_SPEC:
            out["spec"] = deep_copy(self.spec)
        if self.status:
            out["status"] = deep_copy(self.status)
        return out

    def __repr__(self) -> str:
        return f"<{self.kind} {self.key()}>"


_KINDS_WITHOUT_SPEC = frozenset({"Endpoints", "EndpointSlice", "Event", "ConfigMap", "Secret"})


def deep_copy(value: Any) -> Any:
    """Copy JSON-like data; several times faster than copy.deepcopy for it."""
    if isinstance(value, dict):
        return {k: v if type(v) in JSON_SCALARS else deep_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [v if type(v) in JSON_SCALARS else deep_copy(v) for v in value]
    return value


# JSON's scalars: deep_copy returns them as they are, without a call for each (most values are scalars);
# copies made by the hundred thousand test for them the same way.
JSON_SCALARS = frozenset({str, int, float, bool, type(None)})


def controller_ref(obj: KObject) -> dict[str, Any] | None:
    """The ownerReference with `controller: true`, if any."""
    refs = obj.metadata.owner_references
    if not refs:
        return None
    for ref in refs:
        if ref.get("controller"):
            return ref
    return None


def owner_reference(owner: KObject) -> dict[str, Any]:
    """A controller ownerReference pointing at `owner`, as controllers write it."""
    return {
        "apiVersion": owner.api_version,
        "blockOwnerDeletion": True,
        "controller": True,
        "kind": owner.kind,
        "name": owner.metadata.name,
        "uid": owner.metadata.uid,
    }


def condition(status: dict[str, Any], ctype: str) -> dict[str, Any] | None:
    conditions: list[dict[str, Any]] = status.get("conditions") or []   # (a list built only when there is none)
    for cond in conditions:
        if cond["type"] == ctype:
            return cond
    return None


def set_condition(status: dict[str, Any], ctype: str, value: str, now: float, *,
                  reason: str | None = None, message: str | None = None,
                  probe_time: bool = False) -> bool:
    """Set a condition in `status.conditions`; returns True if anything changed.

    lastTransitionTime moves only when the status value flips, as in Kubernetes.
    """
    conditions = status.get("conditions")
    if conditions is None:   # (not setdefault: that builds a list per call)
        conditions = status["conditions"] = []
    for cond in conditions:
        if cond["type"] == ctype:
            changed: bool = cond["status"] != value
            if changed:
                cond["status"] = value
                cond["lastTransitionTime"] = timestamp(now)
            if reason is not None and cond.get("reason") != reason:
                cond["reason"] = reason
                changed = True
            if message is not None and cond.get("message") != message:
                cond["message"] = message
                changed = True
            if probe_time:
                cond["lastProbeTime"] = timestamp(now)
            return changed
    cond = {"type": ctype, "status": value, "lastTransitionTime": timestamp(now)}
    if probe_time:
        cond["lastProbeTime"] = timestamp(now)
    if reason is not None:
        cond["reason"] = reason
    if message is not None:
        cond["message"] = message
    conditions.append(cond)
    return True


def is_condition_true(obj: KObject, ctype: str) -> bool:
    cond = condition(obj.status, ctype)
    return cond is not None and cond["status"] == "True"


def pod_is_ready(pod: KObject) -> bool:
    # is_condition_true(pod, "Ready") without its two calls: asked on every pod write at scale
    for cond in pod.status.get("conditions", ()):
        if cond["type"] == "Ready":
            return bool(cond["status"] == "True")
    return False


def pod_is_active(pod: KObject) -> bool:
    """Counts toward a ReplicaSet: not Succeeded/Failed and not being deleted."""
    return pod.metadata.deletion_timestamp is None and pod.status.get("phase") not in ("Succeeded", "Failed")


def node_is_ready(node: KObject) -> bool:
    return is_condition_true(node, "Ready")
