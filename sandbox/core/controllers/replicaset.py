"""The ReplicaSet controller: keep `spec.replicas` active pods matching the selector.

Follows k/k pkg/controller/replicaset/replica_set.go and the ActivePods ranking in
pkg/controller/controller_utils.go.

Speed (150,000 pods): a small per-pod view (owner, active, ready, fully labelled,
ready since) kept up to date from watch events gives every ReplicaSet its counts
in O(1), so a sync only walks its own pods when it must: adopting or releasing,
scaling down, or timing minReadySeconds. A pod that only turned Ready wakes its
ReplicaSet once per simulated instant, however many pods turned Ready in it.
"""

from __future__ import annotations

from typing import Any

from ..audit import lazy_text, shared_text
from ..deletion import delete_pod
from ..errors import ApiError
from ..labels import matches, requirements_of
from ..objects import (
    DELETION_COST_ANNOTATION,
    JSON_SCALARS,
    KObject,
    ObjectMeta,
    condition,
    controller_ref,
    deep_copy,
    owner_reference,
    pod_is_active,
    pod_is_ready,
    timestamp,
)
from .base import Context, Controller

# k/k replicaset.BurstReplicas: at most this many creates or deletes per sync.
BURST_REPLICAS = 500
# k/k controller.SlowStartInitialBatchSize
SLOW_START_INITIAL_BATCH = 1
# k/k controller_utils podPhaseToOrdinal: Pending < Unknown < Running.
PHASE_ORDINAL = {"Pending": 0, "Unknown": 1, "Running": 2}
# Audit texts naming one pod, formatted when read (audit.lazy_text).
WANT_PODS = "want {} replicas, have {}: new pod from the template of replicaset/{}"
CREATED_POD = "Created pod: {}"

# What the controller last saw of a pod: (owner uid or None, active, ready, fully labelled, ready since).
PodView = tuple[str | None, bool, bool, bool, float | None]


class ReplicaSetController(Controller):
    name = "replicaset-controller"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self._seen: dict[str, PodView] = {}
        self._tallies: dict[str, list[int]] = {}  # rs uid -> [active, ready, fully labelled]
        self._keys: dict[str, str] = {}  # rs uid -> "namespace/name"
        self._template_labels: dict[str, dict[str, str]] = {}
        self._needs_claim: dict[str, bool] = {}  # rs uids whose pods must be (re)claimed
        self._owner_refs: dict[str, dict[str, Any]] = {}  # rs uid -> the ownerReference its new pods share
        self._ready_changed: dict[str, int] = {}  # rs keys woken at the end of this instant -> cause
        self._flush_at: float | None = None
        self.store.watch("ReplicaSet", self._on_replicaset)
        self.store.watch("Pod", self._on_pod)

    # ---- watch handlers (they only enqueue) ----------------------------------

    def _on_replicaset(self, event: str, rs: KObject, _old: dict[str, str] | None) -> None:
        uid = rs.metadata.uid
        if event == "DELETED":
            for table in (self._tallies, self._keys, self._template_labels, self._needs_claim, self._owner_refs):
                table.pop(uid, None)
            return
        labels = (rs.spec.get("template", {}).get("metadata") or {}).get("labels") or {}
        if event == "ADDED":
            self._tallies[uid] = [0, 0, 0]
            self._keys[uid] = rs.key()
            self._needs_claim[uid] = True
            self._template_labels[uid] = dict(labels)
        elif labels != self._template_labels.get(uid):
            self._template_labels[uid] = dict(labels)
            self._recount_labelled(rs)
        self.enqueue(rs.key())

    def _on_pod(self, event: str, pod: KObject, old_labels: dict[str, str] | None) -> None:
        uid = pod.metadata.uid
        prev = self._seen.pop(uid, None) if event == "DELETED" else self._seen.get(uid)
        new = None if event == "DELETED" else self._view(pod, prev, relabel=old_labels is not None)
        if new == prev and old_labels is None and event == "MODIFIED":
            return   # nothing the controller counts changed (a bind, a status write): nothing to do
        if new is not None:
            self._seen[uid] = new
        prev_owner = prev[0] if prev else None
        new_owner = new[0] if new else None
        if prev != new:
            if prev is not None:
                self._count(prev, -1)
            if new is not None:
                self._count(new, 1)
        if prev_owner and prev_owner != new_owner:
            self._wake(prev_owner)
        if new is not None and new_owner:
            if old_labels is not None:
                self._needs_claim[new_owner] = True  # its labels changed: it may have to be released
                self._wake(new_owner)
            elif prev is None or prev_owner != new_owner or prev[1] != new[1]:
                self._wake(new_owner)
            elif prev != new:
                self._wake_at_end_of_instant(new_owner)
        elif new is not None and new[1] and controller_ref(pod) is None and \
                (event == "ADDED" or old_labels is not None or prev_owner):
            self._wake_selecting(pod)

    def _view(self, pod: KObject, prev: PodView | None, *, relabel: bool) -> PodView:
        """What the controller counts of `pod` now; `relabel` if its labels or its owner's template labels
        may have changed since `prev` (otherwise "fully labelled" is taken from `prev` while the owner stays)."""
        ref = controller_ref(pod)
        owner = ref["uid"] if ref is not None and ref["uid"] in self._tallies else None
        active = pod_is_active(pod)
        ready = active and pod_is_ready(pod)
        labelled = False
        if owner is not None and active:
            if not relabel and prev is not None and prev[0] == owner and prev[1]:
                labelled = prev[3]   # (most writes are status writes: no label compare for them)
            else:   # every template label, equal
                labelled = self._template_labels[owner].items() <= pod.metadata.labels.items()
        since = (prev[4] if prev is not None and prev[2] else self.clock.now) if ready else None
        return owner, active, ready, labelled, since

    def _count(self, view: PodView, sign: int) -> None:
        owner, active, ready, labelled, _ = view
        tally = self._tallies.get(owner) if owner else None
        if tally is None or not active:
            return
        tally[0] += sign
        tally[1] += sign if ready else 0
        tally[2] += sign if labelled else 0

    def _wake(self, rs_uid: str) -> None:
        key = self._keys.get(rs_uid)
        if key is not None:
            self.enqueue(key)

    def _wake_at_end_of_instant(self, rs_uid: str) -> None:
        """Readiness changes come by the thousand in one instant: sync each ReplicaSet once, after them."""
        key = self._keys.get(rs_uid)
        if key is None:
            return
        self._ready_changed.setdefault(key, self.clock.cause)  # each key keeps its own first cause
        if self._flush_at != self.clock.now:
            self._flush_at = self.clock.now
            self.clock.call_at(self.clock.now, self._flush)

    def _flush(self) -> None:
        keys, self._ready_changed, self._flush_at = self._ready_changed, {}, None
        for key, cause in keys.items():
            self.queue.add_caused(key, cause)

    def _wake_selecting(self, pod: KObject) -> None:
        """An orphan appeared: every ReplicaSet whose selector matches it may adopt it."""
        for rs in self.store.list("ReplicaSet", pod.metadata.namespace):
            reqs = requirements_of(rs.spec.get("selector"))
            if reqs and rs.metadata.deletion_timestamp is None and matches(reqs, pod.metadata.labels):
                self._needs_claim[rs.metadata.uid] = True
                self.enqueue(rs.key())

    def _recount_labelled(self, rs: KObject) -> None:
        for pod in self.store.children(rs.metadata.uid):
            prev = self._seen.get(pod.metadata.uid)
            if pod.kind == "Pod" and prev is not None:
                new = self._view(pod, prev, relabel=True)
                self._count(prev, -1)
                self._count(new, 1)
                self._seen[pod.metadata.uid] = new

    # ---- sync ----------------------------------------------------------------

    def sync(self, key: str) -> None:
        namespace, name = key.split("/", 1)
        rs = self.store.try_get("ReplicaSet", namespace, name)
        if rs is None or rs.metadata.uid not in self._tallies:
            return
        if rs.metadata.deletion_timestamp is not None:
            # Being deleted (with the orphan or foregroundDeletion finalizer): it neither adopts nor creates
            # (replica_set.go: manageReplicas only while DeletionTimestamp is nil; RecheckDeletionTimestamp).
            self._update_status(rs, None)
            return
        if self._needs_claim.pop(rs.metadata.uid, False):
            self._claim_pods(rs)
        error = self._manage_replicas(rs)
        self._update_status(rs, error)
        if error is not None:
            self.retry_later(key)  # a refused create (an exceeded quota) is retried with back-off
        elif self._failures:
            self.forget(key)

    def _claim_pods(self, rs: KObject) -> None:
        """Release owned pods the selector no longer matches; adopt matching orphans (k/k ClaimPods)."""
        reqs = requirements_of(rs.spec.get("selector"))
        if not reqs:
            return  # apps/v1 requires a non-empty selector; never claim every pod in the namespace
        for pod in self.store.children(rs.metadata.uid):
            if pod.kind == "Pod" and pod_is_active(pod) and not matches(reqs, pod.metadata.labels):
                pod.metadata.owner_references = [r for r in pod.metadata.owner_references
                                                 if r.get("uid") != rs.metadata.uid]
                self.store.update(pod, self.name, f"released from replicaset/{rs.name}: its labels no longer "
                                                  "match the selector")
        for pod in self.store.list("Pod", rs.metadata.namespace, reqs):
            if controller_ref(pod) is None and pod_is_active(pod):
                pod.metadata.owner_references = [*pod.metadata.owner_references, owner_reference(rs)]
                self.store.update(pod, self.name, f"adopted by replicaset/{rs.name}: an orphan whose labels "
                                                  "match its selector")

    def _manage_replicas(self, rs: KObject) -> ApiError | None:
        want = rs.spec.get("replicas", 1)
        have = self._tallies[rs.metadata.uid][0]
        if have < want:
            return self._create_pods(rs, min(want - have, BURST_REPLICAS), want)
        if have > want:
            return self._delete_pods(rs, min(have - want, BURST_REPLICAS), want)
        return None

    def _create_pods(self, rs: KObject, count: int, want: int) -> ApiError | None:
        """k/k slowStartBatch: batches of 1, 2, 4, 8…; a batch with a failure ends the sync."""
        tally = self._tallies[rs.metadata.uid]
        owner_ref = self._owner_ref(rs)
        batch = min(count, SLOW_START_INITIAL_BATCH)
        remaining = count
        while batch > 0:
            error = None
            for _ in range(batch):
                reason = lazy_text(WANT_PODS, want, tally[0], rs.name)
                try:
                    pod = self.store.create(pod_from_template(rs, owner_ref), self.name, reason)
                except ApiError as exc:
                    error = exc
                    self.store.record_event(rs, "Warning", "FailedCreate", f"Error creating: {exc.message}",
                                            actor=self.name)
                    continue
                self.store.record_event(rs, "Normal", "SuccessfulCreate", lazy_text(CREATED_POD, pod.metadata.name),
                                        actor=self.name)
            if error is not None:
                return error
            remaining -= batch
            batch = min(2 * batch, remaining)
        return None

    def _owner_ref(self, rs: KObject) -> dict[str, Any]:
        """One ownerReference dict per ReplicaSet, shared by its pods (saves a dict per pod)."""
        uid = rs.metadata.uid
        ref = self._owner_refs.get(uid)
        if ref is None:
            ref = self._owner_refs[uid] = owner_reference(rs)
        return ref

    def _delete_pods(self, rs: KObject, count: int, want: int) -> ApiError | None:
        victims = self._pods_to_delete(rs, count)
        tally = self._tallies[rs.metadata.uid]
        for pod in victims:
            reason = f"want {want} replicas, have {tally[0]}: deleting {pod.name} ({_victim_note(pod)})"
            try:
                delete_pod(self.store, pod, self.name, reason)
            except ApiError as exc:
                self.store.record_event(rs, "Warning", "FailedDelete", f"Error deleting: {exc.message}",
                                        actor=self.name)
                return exc
            self.store.record_event(rs, "Normal", "SuccessfulDelete", f"Deleted pod: {pod.name}", actor=self.name)
        return None

    def _pods_to_delete(self, rs: KObject, count: int) -> list[KObject]:
        """k/k getPodsToDelete: rank active pods by ActivePodsWithRanks, take the first `count`."""
        pods = self._active_pods(rs)
        crowding: dict[str, int] = {}
        for related in self._related_pods(rs, pods):
            node = related.spec.get("nodeName", "")
            crowding[node] = crowding.get(node, 0) + 1
        pods.sort(key=lambda pod: self._victim_rank(pod, crowding))
        return pods[:count]

    def _active_pods(self, rs: KObject) -> list[KObject]:
        return [p for p in self.store.children(rs.metadata.uid) if p.kind == "Pod" and pod_is_active(p)]

    def _related_pods(self, rs: KObject, own: list[KObject]) -> list[KObject]:
        """Active pods of every ReplicaSet with the same controller (k/k getIndirectlyRelatedPods)."""
        ref = controller_ref(rs)
        if ref is None:
            return own
        related: list[KObject] = []
        for sibling in self.store.children(ref["uid"]):
            if sibling.kind == "ReplicaSet":
                related.extend(own if sibling is rs else self._active_pods(sibling))
        return related

    def _victim_rank(self, pod: KObject, crowding: dict[str, int]) -> tuple[Any, ...]:
        """Sort key, smallest deleted first, in the order of k/k ActivePodsWithRanks.Less.

        Upstream (LogarithmicScaleDown) compares ready and creation times in
        power-of-two buckets; here they are compared exactly, ties broken by UID.
        """
        node = pod.spec.get("nodeName") or ""
        view = self._seen.get(pod.metadata.uid)
        ready = bool(view and view[2])
        since = view[4] if view and view[4] is not None else 0.0
        return (
            1 if node else 0,                                   # 1. unscheduled first
            PHASE_ORDINAL.get(pod.status.get("phase", ""), 0),  # 2. Pending < Unknown < Running
            1 if ready else 0,                                  # 3. not Ready first
            deletion_cost(pod),                                 # 4. lower deletion cost first
            -crowding.get(node, 0),                             # 5. more sibling pods on its node first
            -since if ready else 0.0,                           # 6. more recently Ready first
            -max_restarts(pod),                                 # 7. more restarts first
            -pod.metadata.creation_timestamp,                   # 8. newer first
            pod.metadata.uid,                                   # deterministic tie-break
        )

    # ---- status --------------------------------------------------------------

    def _update_status(self, rs: KObject, error: ApiError | None) -> None:
        active, ready, labelled = self._tallies[rs.metadata.uid]
        available = self._available(rs, ready)
        status: dict[str, Any] = {"replicas": active}
        if labelled:   # the rest omitempty, as the API returns them
            status["fullyLabeledReplicas"] = labelled
        if ready:
            status["readyReplicas"] = ready
        if available:
            status["availableReplicas"] = available
        if rs.metadata.generation:
            status["observedGeneration"] = rs.metadata.generation
        old_conditions = rs.status.get("conditions")
        conditions = [c for c in old_conditions if c["type"] != "ReplicaFailure"] if old_conditions else []
        if error is not None:
            old = condition(rs.status, "ReplicaFailure")
            reason = "FailedCreate" if active < rs.spec.get("replicas", 1) else "FailedDelete"
            # k/k replicaset.SetCondition: an existing condition with the same status and reason is kept
            # (a refused create's message names a new pod each time; rewriting it would requeue forever).
            conditions.append(old if old and old["reason"] == reason else {
                "type": "ReplicaFailure", "status": "True", "reason": reason, "message": error.message,
                "lastTransitionTime": timestamp(self.clock.now)})
        if conditions:
            status["conditions"] = conditions
        if status != rs.status:
            rs.status = status
            self.store.update(rs, self.name, f"status: {active} of {rs.spec.get('replicas', 1)} replicas, "
                                             f"{ready} ready, {available} available", verb="update-status")

    def _available(self, rs: KObject, ready: int) -> int:
        """Ready for at least minReadySeconds; requeue when the next pod gets there."""
        min_ready = rs.spec.get("minReadySeconds", 0)
        if not min_ready or not ready:
            return ready
        now = self.clock.now
        available, next_at = 0, None
        for pod in self.store.children(rs.metadata.uid):
            view = self._seen.get(pod.metadata.uid)
            if view is None or not view[2] or view[4] is None:
                continue
            if view[4] + min_ready <= now:
                available += 1
            elif next_at is None or view[4] + min_ready < next_at:
                next_at = view[4] + min_ready
        if next_at is not None:
            self.enqueue_after(next_at - now, rs.key())
        return available


# Pod spec fields shared with the template instead of copied (150,000 pods would hold 150,000
# copies). Safe because nothing edits them in place: writers replace the list (copy-on-write,
# see rollout.set_image and network.sidecar.inject), and to_dict() hands out deep copies.
SHARED_SPEC_FIELDS = ("containers",)


def pod_from_template(rs: KObject, owner_ref: dict[str, Any] | None = None) -> KObject:
    """k/k GetPodFromTemplate: labels and annotations from the template, a controller ownerRef.

    `owner_ref` lets a caller share one ownerReference dict between the pods of one
    ReplicaSet (it is never edited in place: claims replace the whole list).
    """
    template = rs.spec.get("template", {})
    meta = template.get("metadata") or {}
    metadata = ObjectMeta("", rs.metadata.namespace, labels=dict(meta.get("labels") or {}),
                          annotations=dict(meta.get("annotations") or {}),
                          owner_references=[owner_ref or owner_reference(rs)],
                          generate_name=shared_text(f"{rs.metadata.name}-"))   # one string for its pods
    spec = {k: v if k in SHARED_SPEC_FIELDS or type(v) in JSON_SCALARS else deep_copy(v)
            for k, v in (template.get("spec") or {}).items()}
    return KObject("Pod", metadata, spec, {"phase": "Pending"})


def deletion_cost(pod: KObject) -> int:
    """controller.kubernetes.io/pod-deletion-cost; invalid or missing counts as 0."""
    try:
        return int(pod.metadata.annotations.get(DELETION_COST_ANNOTATION, 0))
    except ValueError:
        return 0


def max_restarts(pod: KObject) -> int:
    return max((s.get("restartCount", 0) for s in pod.status.get("containerStatuses", ())), default=0)


def _victim_note(pod: KObject) -> str:
    """Why this pod was ranked first to go, in plain words."""
    if not pod.spec.get("nodeName"):
        return "not scheduled yet"
    phase = pod.status.get("phase", "Pending")
    if phase != "Running":
        return f"still {phase}"
    if not pod_is_ready(pod):
        return "not Ready"
    return "ranked first to go: deletion cost, crowded node, most recently Ready, newest"
