"""The Deployment controller: roll a pod template out through ReplicaSets.

Follows k/k pkg/controller/deployment (sync.go, rolling.go, recreate.go,
progress.go) and deployment/util/deployment_util.go (KUBERNETES.md §2). It reads
ReplicaSet status written by the ReplicaSet controller and only ever changes
ReplicaSets' size and annotations; pods are the ReplicaSet controller's business.
"""

from __future__ import annotations

import math
from typing import Any

from ..errors import ApiError
from ..labels import matches, requirements_of, selector_matches
from ..naming import template_hash
from ..objects import (
    POD_TEMPLATE_HASH,
    REVISION_ANNOTATION,
    KObject,
    ObjectMeta,
    controller_ref,
    deep_copy,
    owner_reference,
    parse_timestamp,
    timestamp,
)
from ..quantity import scaled_value
from .base import Context, Controller

DESIRED_REPLICAS_ANNOTATION = "deployment.kubernetes.io/desired-replicas"
MAX_REPLICAS_ANNOTATION = "deployment.kubernetes.io/max-replicas"
REVISION_HISTORY_ANNOTATION = "deployment.kubernetes.io/revision-history"
# Deployment annotations never copied onto its ReplicaSets (k/k annotationsToSkip).
ANNOTATIONS_TO_SKIP = (
    "kubectl.kubernetes.io/last-applied-configuration", REVISION_ANNOTATION, REVISION_HISTORY_ANNOTATION,
    DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION, "deprecated.deployment.rollback.to",
)
MAX_REV_HISTORY_LENGTH_IN_CHARS = 2000


class _Abort(Exception):
    """The new ReplicaSet could not be created this sync (hash collision or API error)."""


# ---- maxSurge / maxUnavailable (k/k deployment_util ResolveFenceposts) ----------


def resolve_fenceposts(max_surge: int | str, max_unavailable: int | str, desired: int) -> tuple[int, int]:
    """Surge rounds up, unavailable rounds down; if both come to 0, unavailable is 1."""
    surge = scaled_value(max_surge, desired, round_up=True)
    unavailable = scaled_value(max_unavailable, desired, round_up=False)
    if surge == 0 and unavailable == 0:
        unavailable = 1
    return surge, unavailable


def _rolling(d: KObject) -> dict[str, Any] | None:
    strategy = d.spec.get("strategy") or {}
    if strategy.get("type", "RollingUpdate") != "RollingUpdate":
        return None
    return strategy.get("rollingUpdate") or {}


def max_surge(d: KObject) -> int:
    rolling = _rolling(d)
    if rolling is None:
        return 0
    return resolve_fenceposts(rolling.get("maxSurge", "25%"), rolling.get("maxUnavailable", "25%"),
                              _replicas(d))[0]


def max_unavailable(d: KObject) -> int:
    rolling = _rolling(d)
    if rolling is None or _replicas(d) == 0:
        return 0
    unavailable = resolve_fenceposts(rolling.get("maxSurge", "25%"), rolling.get("maxUnavailable", "25%"),
                                     _replicas(d))[1]
    return min(unavailable, _replicas(d))


# ---- small readers -----------------------------------------------------------


def _replicas(obj: KObject) -> int:
    return obj.spec.get("replicas", 1)


def _status(obj: KObject, field: str) -> int:
    return obj.status.get(field, 0)


def revision(rs: KObject) -> int:
    try:
        return int(rs.metadata.annotations.get(REVISION_ANNOTATION, "0"))
    except ValueError:
        return 0


def _active(rss: list[KObject]) -> list[KObject]:
    return [rs for rs in rss if _replicas(rs) > 0]


def _by_creation(rss: list[KObject], newest_first: bool = False) -> list[KObject]:
    return sorted(rss, key=lambda rs: (rs.metadata.creation_timestamp, rs.name), reverse=newest_first)


def _spec_total(rss: list[KObject]) -> int:
    return sum(_replicas(rs) for rs in rss)


def _status_total(rss: list[KObject], field: str) -> int:
    return sum(_status(rs, field) for rs in rss)


def template_without_hash(template: dict[str, Any]) -> dict[str, Any]:
    meta = template.get("metadata") or {}
    labels = {k: v for k, v in (meta.get("labels") or {}).items() if k != POD_TEMPLATE_HASH}
    return {**template, "metadata": {**meta, "labels": labels}}


def equal_ignore_hash(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """k/k EqualIgnoreHash: pod templates equal apart from the pod-template-hash label."""
    return template_without_hash(a) == template_without_hash(b)


def find_new_replica_set(d: KObject, rss: list[KObject]) -> KObject | None:
    """The oldest ReplicaSet whose template matches the Deployment's."""
    template = d.spec.get("template", {})
    for rs in _by_creation(rss):
        if equal_ignore_hash(rs.spec.get("template", {}), template):
            return rs
    return None


def _desired_annotation(rs: KObject) -> int | None:
    try:
        return int(rs.metadata.annotations[DESIRED_REPLICAS_ANNOTATION])
    except (KeyError, ValueError):
        return None


# ---- conditions (k/k deployment_util SetDeploymentCondition) ------------------


def get_condition(status: dict[str, Any], ctype: str) -> dict[str, Any] | None:
    return next((c for c in status.get("conditions", ()) if c["type"] == ctype), None)


def _new_condition(ctype: str, value: str, reason: str, message: str, now: float) -> dict[str, Any]:
    ts = timestamp(now)
    return {"type": ctype, "status": value, "lastUpdateTime": ts, "lastTransitionTime": ts,
            "reason": reason, "message": message}


def _set_condition(status: dict[str, Any], cond: dict[str, Any]) -> None:
    """Same status and reason: keep it; same status: keep lastTransitionTime; else replace."""
    current = get_condition(status, cond["type"])
    if current is not None and current["status"] == cond["status"] and current["reason"] == cond["reason"]:
        return
    if current is not None and current["status"] == cond["status"]:
        cond["lastTransitionTime"] = current["lastTransitionTime"]
    status["conditions"] = [c for c in status.get("conditions", []) if c["type"] != cond["type"]] + [cond]


def _remove_condition(status: dict[str, Any], ctype: str) -> None:
    if get_condition(status, ctype) is not None:
        status["conditions"] = [c for c in status["conditions"] if c["type"] != ctype]
        if not status["conditions"]:
            del status["conditions"]


def deployment_complete(d: KObject, status: dict[str, Any]) -> bool:
    want = _replicas(d)
    return (status.get("updatedReplicas", 0) == want and status.get("replicas", 0) == want
            and status.get("availableReplicas", 0) == want
            and status.get("observedGeneration", 0) >= d.metadata.generation)


class DeploymentController(Controller):
    name = "deployment-controller"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self._deadline_checks: dict[str, tuple[float, int]] = {}  # key -> (when, timer handle) of the progress check
        self.store.watch("Deployment", self._on_deployment)
        self.store.watch("ReplicaSet", self._on_replicaset)
        self.store.watch("Pod", self._on_pod, events=("DELETED",))  # not called for the many other pod writes

    # ---- watch handlers ------------------------------------------------------

    def _on_deployment(self, event: str, d: KObject, _old: dict[str, str] | None) -> None:
        if event != "DELETED":
            self.enqueue(d.key())

    def _on_replicaset(self, event: str, rs: KObject, _old: dict[str, str] | None) -> None:
        ref = controller_ref(rs)
        if ref is not None:
            if ref.get("kind") == "Deployment":
                self.enqueue(f"{rs.metadata.namespace}/{ref['name']}")
            return
        if event != "DELETED":  # an orphan: a Deployment whose selector matches may adopt it
            for d in self.store.list("Deployment", rs.metadata.namespace):
                if selector_matches(d.spec.get("selector"), rs.metadata.labels):
                    self.enqueue(d.key())

    def _on_pod(self, event: str, pod: KObject, _old: dict[str, str] | None) -> None:
        """Recreate waits for old pods to be gone: wake it when one goes (registered for DELETED only)."""
        ref = controller_ref(pod)
        rs = self.store.by_uid(ref["uid"]) if ref is not None and ref.get("kind") == "ReplicaSet" else None
        owner = controller_ref(rs) if rs is not None else None
        d = self.store.by_uid(owner["uid"]) if owner is not None else None
        if d is not None and d.kind == "Deployment" and (d.spec.get("strategy") or {}).get("type") == "Recreate":
            self.enqueue(d.key())

    # ---- sync (k/k syncDeployment) -------------------------------------------

    def sync(self, key: str) -> None:
        namespace, name = key.split("/", 1)
        d = self.store.try_get("Deployment", namespace, name)
        if d is None:
            return
        if not requirements_of(d.spec.get("selector")):
            self._refuse_select_all(d)
            return
        rss = self._claim_replica_sets(d)
        self._check_paused_conditions(d)
        try:
            if d.spec.get("paused") or self._is_scaling_event(d, rss):
                self._sync_scale(d, rss)
            elif (d.spec.get("strategy") or {}).get("type") == "Recreate":
                self._rollout_recreate(d, rss)
            else:
                self._rollout_rolling(d, rss)
        except _Abort:
            return

    def _refuse_select_all(self, d: KObject) -> None:
        if d.status.get("observedGeneration") != d.metadata.generation:
            self.store.record_event(d, "Warning", "SelectingAll",
                                    "This deployment is selecting all pods. A non-empty selector is required.",
                                    actor=self.name)
            d.status["observedGeneration"] = d.metadata.generation
            self.store.update(d, self.name, "status: refused to act on an empty selector", verb="update-status")

    def _claim_replica_sets(self, d: KObject) -> list[KObject]:
        """Owned ReplicaSets the selector still matches; release the rest, adopt matching orphans."""
        reqs = requirements_of(d.spec.get("selector"))
        claimed = []
        for rs in self.store.children(d.metadata.uid):
            if rs.kind != "ReplicaSet":
                continue
            if matches(reqs, rs.metadata.labels):
                claimed.append(rs)
                continue
            rs.metadata.owner_references = [r for r in rs.metadata.owner_references if r.get("uid") != d.uid]
            self.store.update(rs, self.name, f"released from deployment/{d.name}: its labels no longer match "
                                             "the selector")
        for rs in self.store.list("ReplicaSet", d.metadata.namespace, reqs):
            if controller_ref(rs) is None:
                rs.metadata.owner_references = [*rs.metadata.owner_references, owner_reference(d)]
                self.store.update(rs, self.name, f"adopted by deployment/{d.name}: an orphan whose labels match "
                                                 "its selector")
                claimed.append(rs)
        return claimed

    def _check_paused_conditions(self, d: KObject) -> None:
        if "progressDeadlineSeconds" not in d.spec:
            return
        cond = get_condition(d.status, "Progressing")
        if cond is not None and cond["reason"] == "ProgressDeadlineExceeded":
            return
        paused_cond = cond is not None and cond["reason"] == "DeploymentPaused"
        if d.spec.get("paused") and not paused_cond:
            new = _new_condition("Progressing", "Unknown", "DeploymentPaused", "Deployment is paused", self.clock.now)
        elif not d.spec.get("paused") and paused_cond:
            new = _new_condition("Progressing", "Unknown", "DeploymentResumed", "Deployment is resumed",
                                 self.clock.now)
        else:
            return
        status = deep_copy(d.status)
        _set_condition(status, new)
        self._write_status(d, status, new["message"].lower())

    def _is_scaling_event(self, d: KObject, rss: list[KObject]) -> bool:
        """Some active ReplicaSet was sized for a different spec.replicas than the current one."""
        new_rs, old_rss = self._get_all_replica_sets(d, rss, create=False)
        for rs in _active([*old_rss, *([new_rs] if new_rs else [])]):
            desired = _desired_annotation(rs)
            if desired is not None and desired != _replicas(d):
                return True
        return False

    # ---- the new ReplicaSet and revisions (k/k getNewReplicaSet) --------------

    def _get_all_replica_sets(self, d: KObject, rss: list[KObject], *,
                              create: bool) -> tuple[KObject | None, list[KObject]]:
        new_rs = find_new_replica_set(d, rss)
        old_rss = [rs for rs in rss if rs is not new_rs]
        new_revision = max((revision(rs) for rs in old_rss), default=0) + 1
        if new_rs is not None:
            self._sync_existing_new_rs(d, new_rs, new_revision)
        elif create:
            new_rs = self._create_new_rs(d, old_rss, new_revision)
        return new_rs, old_rss

    def _sync_existing_new_rs(self, d: KObject, rs: KObject, new_revision: int) -> None:
        changed = self._set_new_rs_annotations(d, rs, new_revision, exists=True)
        min_ready = d.spec.get("minReadySeconds", 0)
        if changed or rs.spec.get("minReadySeconds", 0) != min_ready:
            spec_changed = rs.spec.get("minReadySeconds", 0) != min_ready
            _set_min_ready(rs, min_ready)
            self.store.update(rs, self.name, f"revision {revision(rs)}: the current template of deployment/{d.name}",
                              spec_changed=spec_changed)
            return  # the write wakes this Deployment again; it records the revision then (as upstream)
        status = deep_copy(d.status)
        if "progressDeadlineSeconds" in d.spec and get_condition(status, "Progressing") is None:
            _set_condition(status, _new_condition("Progressing", "True", "FoundNewReplicaSet",
                                                  f'Found new replica set "{rs.name}"', self.clock.now))
        self._set_revision_and_status(d, rs.metadata.annotations.get(REVISION_ANNOTATION, ""), status)

    def _create_new_rs(self, d: KObject, old_rss: list[KObject], new_revision: int) -> KObject:
        template = deep_copy(template_without_hash(d.spec.get("template", {})))
        pod_hash = template_hash(template, d.status.get("collisionCount", 0))
        labels = {**template["metadata"]["labels"], POD_TEMPLATE_HASH: pod_hash}
        template["metadata"]["labels"] = labels
        selector = deep_copy(d.spec["selector"])
        selector["matchLabels"] = {**(selector.get("matchLabels") or {}), POD_TEMPLATE_HASH: pod_hash}
        meta = ObjectMeta(f"{d.name}-{pod_hash}", d.metadata.namespace, labels=dict(labels),
                          owner_references=[owner_reference(d)])
        rs = KObject("ReplicaSet", meta, {"replicas": 0, "selector": selector, "template": template})
        _set_min_ready(rs, d.spec.get("minReadySeconds", 0))
        rs.spec["replicas"] = new_rs_new_replicas(d, [*old_rss, rs], rs)
        self._set_new_rs_annotations(d, rs, new_revision, exists=False)
        existing = self.store.try_get("ReplicaSet", d.metadata.namespace, rs.name)
        if existing is not None:
            return self._adopt_existing_or_collide(d, existing)
        try:
            self.store.create(rs, self.name, f"revision {new_revision}: deployment/{d.name} has a new pod template")
        except ApiError as exc:
            self._failed_create(d, rs, exc)
        if _replicas(rs) > 0:
            self._scaled_event(d, rs, "up", 0, _replicas(rs))
        status = deep_copy(d.status)
        if "progressDeadlineSeconds" in d.spec:
            _set_condition(status, _new_condition("Progressing", "True", "NewReplicaSetCreated",
                                                  f'Created new replica set "{rs.name}"', self.clock.now))
        self._set_revision_and_status(d, str(new_revision), status)
        return rs

    def _adopt_existing_or_collide(self, d: KObject, existing: KObject) -> KObject:
        """Same name: ours with an equal template is the new RS; anything else is a hash collision."""
        ref = controller_ref(existing)
        if ref is not None and ref["uid"] == d.uid and \
                equal_ignore_hash(d.spec.get("template", {}), existing.spec.get("template", {})):
            self._set_revision_and_status(d, existing.metadata.annotations.get(REVISION_ANNOTATION, ""),
                                          deep_copy(d.status))
            return existing
        status = deep_copy(d.status)
        status["collisionCount"] = status.get("collisionCount", 0) + 1
        self._write_status(d, status, f"hash collision with replicaset/{existing.name}: collisionCount "
                                      f"{status['collisionCount']}")
        raise _Abort

    def _failed_create(self, d: KObject, rs: KObject, exc: ApiError) -> None:
        """Upstream retries with back-off; here the next change to the Deployment retries."""
        message = f'Failed to create new replica set "{rs.name}": {exc.message}'
        status = deep_copy(d.status)
        if "progressDeadlineSeconds" in d.spec:
            _set_condition(status, _new_condition("Progressing", "False", "ReplicaSetCreateError", message,
                                                  self.clock.now))
        self.store.record_event(d, "Warning", "ReplicaSetCreateError", message, actor=self.name)
        self._write_status(d, status, message)
        raise _Abort

    def _set_new_rs_annotations(self, d: KObject, rs: KObject, new_revision: int, *, exists: bool) -> bool:
        """k/k SetNewReplicaSetAnnotations: copy annotations, raise the revision, keep revision history."""
        annotations = rs.metadata.annotations
        changed = False
        for key, value in d.metadata.annotations.items():
            if key not in ANNOTATIONS_TO_SKIP and annotations.get(key) != value:
                annotations[key] = value
                changed = True
        old_text = annotations.get(REVISION_ANNOTATION)
        old_revision = revision(rs)
        if old_revision < new_revision:
            annotations[REVISION_ANNOTATION] = str(new_revision)
            changed = True
            if old_text is not None:
                _append_revision_history(annotations, old_text)
        if not exists and _set_replicas_annotations(rs, _replicas(d), _replicas(d) + max_surge(d)):
            changed = True
        return changed

    def _set_revision_and_status(self, d: KObject, rev: str, status: dict[str, Any]) -> None:
        """Copy the new ReplicaSet's revision onto the Deployment; write only if something changed."""
        changed = status != d.status
        if rev and d.metadata.annotations.get(REVISION_ANNOTATION) != rev:
            d.metadata.annotations[REVISION_ANNOTATION] = rev
            changed = True
        if changed:
            d.status = status
            self.store.update(d, self.name, f"revision {rev}")

    # ---- scaling (k/k sync.go scale) -----------------------------------------

    def _sync_scale(self, d: KObject, rss: list[KObject]) -> None:
        new_rs, old_rss = self._get_all_replica_sets(d, rss, create=False)
        self._scale(d, new_rs, old_rss)
        if d.spec.get("paused"):
            self._cleanup(d, old_rss)
        self._sync_status(d, _with_new(old_rss, new_rs), new_rs)

    def _scale(self, d: KObject, new_rs: KObject | None, old_rss: list[KObject]) -> None:
        want = _replicas(d)
        only = _active_or_latest(new_rs, old_rss)
        if only is not None:
            if _replicas(only) != want:
                self._scale_rs(d, only, want)
            return
        if _is_saturated(d, new_rs):
            for rs in _active(old_rss):
                self._scale_rs(d, rs, 0)
            return
        if _rolling(d) is None:
            return
        self._scale_proportionally(d, _active(_with_new(old_rss, new_rs)))

    def _scale_proportionally(self, d: KObject, rss: list[KObject]) -> None:
        """Spread a size change over the active ReplicaSets in proportion to their size (k/k scale)."""
        allowed = _replicas(d) + max_surge(d) if _replicas(d) > 0 else 0
        to_add = allowed - _spec_total(rss)
        if to_add > 0:  # bigger first; on a tie the newer grows first
            rss = sorted(rss, key=lambda rs: (-_replicas(rs), -rs.metadata.creation_timestamp, rs.name))
        elif to_add < 0:  # bigger first; on a tie the older shrinks first
            rss = sorted(rss, key=lambda rs: (-_replicas(rs), rs.metadata.creation_timestamp, rs.name))
        operation = "up" if to_add > 0 else "down"
        added = 0
        sizes = []
        for rs in rss:
            proportion = _proportion(d, rs, to_add, added) if to_add else 0
            sizes.append(_replicas(rs) + proportion)
            added += proportion
        if to_add and sizes:
            sizes[0] = max(sizes[0] + to_add - added, 0)  # leftovers go to the largest
        for rs, size in zip(rss, sizes):
            self._scale_rs(d, rs, size, operation, always=True)

    def _scale_rs(self, d: KObject, rs: KObject, size: int, operation: str | None = None, *,
                  always: bool = False) -> bool:
        """k/k scaleReplicaSet(AndRecordEvent): set the size and the desired/max annotations."""
        old = _replicas(rs)
        if old == size and not always:
            return False
        surge_max = _replicas(d) + max_surge(d)
        annotations_changed = _set_replicas_annotations(rs, _replicas(d), surge_max)
        if old == size and not annotations_changed:
            return False
        if old == size:
            self.store.update(rs, self.name, f"deployment/{d.name} now wants {_replicas(d)} replicas, "
                                             f"at most {surge_max} during a rollout")
            return False
        rs.spec["replicas"] = size
        operation = operation or ("up" if size > old else "down")
        self.store.update(rs, self.name, f"deployment/{d.name} wants {_replicas(d)} replicas: "
                                         f"scaled {operation} from {old} to {size}", verb="scale", spec_changed=True)
        self._scaled_event(d, rs, operation, old, size)
        return True

    def _scaled_event(self, d: KObject, rs: KObject, operation: str, old: int, new: int) -> None:
        self.store.record_event(d, "Normal", "ScalingReplicaSet",
                                f"Scaled {operation} replica set {rs.name} from {old} to {new}", actor=self.name)

    # ---- rolling update (k/k rolling.go) -------------------------------------

    def _rollout_rolling(self, d: KObject, rss: list[KObject]) -> None:
        new_rs, old_rss = self._get_all_replica_sets(d, rss, create=True)
        assert new_rs is not None
        all_rss = [*old_rss, new_rs]
        if self._reconcile_new_rs(d, all_rss, new_rs) or \
                self._reconcile_old_rss(d, all_rss, _active(old_rss), new_rs):
            self._sync_rollout_status(d, all_rss, new_rs)
            return
        if deployment_complete(d, d.status):
            self._cleanup(d, old_rss)
        self._sync_rollout_status(d, all_rss, new_rs)

    def _reconcile_new_rs(self, d: KObject, all_rss: list[KObject], new_rs: KObject) -> bool:
        if _replicas(new_rs) == _replicas(d):
            return False
        if _replicas(new_rs) > _replicas(d):
            return self._scale_rs(d, new_rs, _replicas(d))
        return self._scale_rs(d, new_rs, new_rs_new_replicas(d, all_rss, new_rs))

    def _reconcile_old_rss(self, d: KObject, all_rss: list[KObject], old_rss: list[KObject],
                           new_rs: KObject) -> bool:
        if _spec_total(old_rss) == 0:
            return False
        min_available = _replicas(d) - max_unavailable(d)
        new_unavailable = _replicas(new_rs) - _status(new_rs, "availableReplicas")
        max_scaled_down = _spec_total(all_rss) - min_available - new_unavailable
        if max_scaled_down <= 0:
            return False
        old_rss = _by_creation(old_rss)
        cleaned = self._cleanup_unhealthy_replicas(d, old_rss, max_scaled_down)
        scaled = self._scale_down_old_for_rolling_update(d, [*old_rss, new_rs], old_rss)
        return cleaned + scaled > 0

    def _cleanup_unhealthy_replicas(self, d: KObject, old_rss: list[KObject], max_cleanup: int) -> int:
        """Old ReplicaSets (oldest first) lose their unavailable pods first: that costs no availability."""
        total = 0
        for rs in old_rss:
            if total >= max_cleanup:
                break
            unhealthy = _replicas(rs) - _status(rs, "availableReplicas")
            if _replicas(rs) == 0 or unhealthy <= 0:
                continue
            count = min(max_cleanup - total, unhealthy)
            self._scale_rs(d, rs, _replicas(rs) - count)
            total += count
        return total

    def _scale_down_old_for_rolling_update(self, d: KObject, all_rss: list[KObject], old_rss: list[KObject]) -> int:
        min_available = _replicas(d) - max_unavailable(d)
        available = _status_total(all_rss, "availableReplicas")
        if available <= min_available:
            return 0
        budget = available - min_available
        total = 0
        for rs in old_rss:
            if total >= budget:
                break
            if _replicas(rs) == 0:
                continue
            count = min(_replicas(rs), budget - total)
            self._scale_rs(d, rs, _replicas(rs) - count)
            total += count
        return total

    # ---- recreate (k/k recreate.go) ------------------------------------------

    def _rollout_recreate(self, d: KObject, rss: list[KObject]) -> None:
        new_rs, old_rss = self._get_all_replica_sets(d, rss, create=False)
        scaled_down = False
        for rs in _active(old_rss):
            scaled_down = self._scale_rs(d, rs, 0) or scaled_down
        if scaled_down or self._old_pods_running(new_rs, old_rss):
            self._sync_rollout_status(d, _with_new(old_rss, new_rs), new_rs)
            return
        if new_rs is None:
            new_rs, old_rss = self._get_all_replica_sets(d, rss, create=True)
            assert new_rs is not None
        self._scale_rs(d, new_rs, _replicas(d))
        if deployment_complete(d, d.status):
            self._cleanup(d, old_rss)
        self._sync_rollout_status(d, [*old_rss, new_rs], new_rs)

    def _old_pods_running(self, new_rs: KObject | None, old_rss: list[KObject]) -> bool:
        """Any old pod not yet Succeeded or Failed, terminating ones included."""
        if _status_total(old_rss, "replicas") > 0:
            return True
        for rs in old_rss:
            for pod in self.store.children(rs.metadata.uid):
                if pod.kind == "Pod" and pod.status.get("phase") not in ("Succeeded", "Failed"):
                    return True
        return False

    # ---- history cleanup -----------------------------------------------------

    def _cleanup(self, d: KObject, old_rss: list[KObject]) -> None:
        """Delete the oldest empty ReplicaSets beyond revisionHistoryLimit."""
        limit = d.spec.get("revisionHistoryLimit")
        if limit is None:
            return
        excess = len(old_rss) - limit
        if excess <= 0:
            return
        by_revision = sorted(old_rss, key=lambda rs: (revision(rs), rs.metadata.creation_timestamp, rs.name))
        for rs in by_revision[:excess]:
            if _status(rs, "replicas") != 0 or _replicas(rs) != 0 or \
                    rs.metadata.generation > _status(rs, "observedGeneration"):
                continue
            self.store.delete(rs, self.name, f"revision {revision(rs)} of deployment/{d.name} is beyond "
                                             f"revisionHistoryLimit {limit}")

    # ---- status and progress (k/k sync.go, progress.go) ----------------------

    def _calculate_status(self, d: KObject, all_rss: list[KObject], new_rs: KObject | None) -> dict[str, Any]:
        available = _status_total(all_rss, "availableReplicas")
        values = {
            "observedGeneration": d.metadata.generation,
            "replicas": _status_total(all_rss, "replicas"),
            "updatedReplicas": _status(new_rs, "replicas") if new_rs is not None else 0,
            "readyReplicas": _status_total(all_rss, "readyReplicas"),
            "availableReplicas": available,
            "unavailableReplicas": max(_spec_total(all_rss) - available, 0),
            "collisionCount": d.status.get("collisionCount", 0),
        }
        status: dict[str, Any] = {k: v for k, v in values.items() if v}  # omitempty
        if d.status.get("conditions"):
            status["conditions"] = deep_copy(d.status["conditions"])
        if available >= _replicas(d) - max_unavailable(d):
            cond = _new_condition("Available", "True", "MinimumReplicasAvailable",
                                  "Deployment has minimum availability.", self.clock.now)
        else:
            cond = _new_condition("Available", "False", "MinimumReplicasUnavailable",
                                  "Deployment does not have minimum availability.", self.clock.now)
        _set_condition(status, cond)
        return status

    def _sync_status(self, d: KObject, all_rss: list[KObject], new_rs: KObject | None) -> None:
        self._write_status(d, self._calculate_status(d, all_rss, new_rs), None)

    def _sync_rollout_status(self, d: KObject, all_rss: list[KObject], new_rs: KObject | None) -> None:
        status = self._calculate_status(d, all_rss, new_rs)
        has_deadline = "progressDeadlineSeconds" in d.spec
        if not has_deadline:
            _remove_condition(status, "Progressing")
        current = get_condition(d.status, "Progressing")
        complete_before = status.get("replicas", 0) == status.get("updatedReplicas", 0) and \
            current is not None and current["reason"] == "NewReplicaSetAvailable"
        if has_deadline and not complete_before:
            self._estimate_progress(d, status, new_rs, current)
        if status == d.status:
            self._requeue_stuck(d, status)
            return
        self._write_status(d, status, None)

    def _estimate_progress(self, d: KObject, status: dict[str, Any], new_rs: KObject | None,
                           current: dict[str, Any] | None) -> None:
        subject = f'ReplicaSet "{new_rs.name}"' if new_rs is not None else f'Deployment "{d.name}"'
        now = self.clock.now
        if deployment_complete(d, status):
            _set_condition(status, _new_condition("Progressing", "True", "NewReplicaSetAvailable",
                                                  f"{subject} has successfully progressed.", now))
        elif self._progressing(d, status):
            cond = _new_condition("Progressing", "True", "ReplicaSetUpdated", f"{subject} is progressing.", now)
            if current is not None:
                if current["status"] == "True":
                    cond["lastTransitionTime"] = current["lastTransitionTime"]
                _remove_condition(status, "Progressing")
            _set_condition(status, cond)
        elif self._timed_out(d, status):
            _set_condition(status, _new_condition("Progressing", "False", "ProgressDeadlineExceeded",
                                                  f"{subject} has timed out progressing.", now))

    @staticmethod
    def _progressing(d: KObject, new: dict[str, Any]) -> bool:
        old = d.status
        old_old = old.get("replicas", 0) - old.get("updatedReplicas", 0)
        new_old = new.get("replicas", 0) - new.get("updatedReplicas", 0)
        return (new.get("updatedReplicas", 0) > old.get("updatedReplicas", 0) or old_old > new_old
                or new.get("readyReplicas", 0) > old.get("readyReplicas", 0)
                or new.get("availableReplicas", 0) > old.get("availableReplicas", 0))

    def _timed_out(self, d: KObject, status: dict[str, Any]) -> bool:
        cond = get_condition(status, "Progressing")
        if cond is None or cond["reason"] == "NewReplicaSetAvailable":
            return False
        if cond["reason"] == "ProgressDeadlineExceeded":
            return True
        return parse_timestamp(cond["lastUpdateTime"]) + d.spec["progressDeadlineSeconds"] < self.clock.now

    def _requeue_stuck(self, d: KObject, status: dict[str, Any]) -> None:
        """No progress seen: look again just after the deadline (k/k requeueStuckDeployment)."""
        cond = get_condition(d.status, "Progressing")
        if "progressDeadlineSeconds" not in d.spec or cond is None:
            return
        # Upstream also requeues a finished rollout that lost pods later (rate-limited,
        # forever), but such a resync never changes anything: its progress is not estimated.
        finished = cond["reason"] == "NewReplicaSetAvailable" and status.get("replicas") == status.get("updatedReplicas")
        if finished or deployment_complete(d, status) or cond["reason"] == "ProgressDeadlineExceeded":
            self._cancel_deadline_check(d.key())
            return
        key = d.key()
        due = max(parse_timestamp(cond["lastUpdateTime"]) + d.spec["progressDeadlineSeconds"] + 1, self.clock.now + 1)
        pending = self._deadline_checks.get(key)
        if pending is not None:
            if pending[0] == due:
                return
            self.clock.cancel(pending[1])
        self._deadline_checks[key] = (due, self.clock.call_at(due, self._deadline_check, key))

    def _cancel_deadline_check(self, key: str) -> None:
        """The rollout finished or failed: nothing to look at later, so leave no timer for settle()."""
        pending = self._deadline_checks.pop(key, None)
        if pending is not None:
            self.clock.cancel(pending[1])

    def _deadline_check(self, key: str) -> None:
        self._deadline_checks.pop(key, None)
        self.enqueue(key)

    def _write_status(self, d: KObject, status: dict[str, Any], reason: str | None) -> None:
        if status == d.status:
            return
        d.status = status
        self.store.update(d, self.name, reason or _status_reason(d), verb="update-status")


# ---- helpers shared by the steps above ---------------------------------------


def new_rs_new_replicas(d: KObject, all_rss: list[KObject], new_rs: KObject) -> int:
    """k/k NewRSNewReplicas: how far the new ReplicaSet may grow without passing replicas + maxSurge."""
    if _rolling(d) is None:
        return _replicas(d)
    max_total = _replicas(d) + max_surge(d)
    current = _spec_total(all_rss)
    if current >= max_total:
        return _replicas(new_rs)
    return _replicas(new_rs) + min(max_total - current, _replicas(d) - _replicas(new_rs))


def _proportion(d: KObject, rs: KObject, to_add: int, added: int) -> int:
    """k/k GetReplicaSetProportion, bounded by what is left to add (or remove)."""
    if _replicas(rs) == 0 or to_add == added:
        return 0
    fraction = _fraction(d, rs)
    allowed = to_add - added
    return min(fraction, allowed) if to_add > 0 else max(fraction, allowed)


def _fraction(d: KObject, rs: KObject) -> int:
    if _replicas(d) == 0:
        return -_replicas(rs)
    max_now = _replicas(d) + max_surge(d)
    try:
        max_before = int(rs.metadata.annotations[MAX_REPLICAS_ANNOTATION])
    except (KeyError, ValueError):
        max_before = 0
    if max_before == 0:
        max_before = d.status.get("replicas", 0)
        if max_before == 0:
            return 0
    exact = _replicas(rs) * max_now / max_before
    return int(math.floor(exact + 0.5)) - _replicas(rs)  # Go's math.Round for positive sizes


def _set_replicas_annotations(rs: KObject, desired: int, max_replicas: int) -> bool:
    annotations = rs.metadata.annotations
    changed = False
    for key, value in ((DESIRED_REPLICAS_ANNOTATION, str(desired)), (MAX_REPLICAS_ANNOTATION, str(max_replicas))):
        if annotations.get(key) != value:
            annotations[key] = value
            changed = True
    return changed


def _append_revision_history(annotations: dict[str, str], old_revision: str) -> None:
    history = annotations.get(REVISION_HISTORY_ANNOTATION, "")
    revisions = history.split(",") if history else []
    total = len(history) + len(old_revision) + 1
    while total > MAX_REV_HISTORY_LENGTH_IN_CHARS and revisions:
        total -= len(revisions.pop(0)) + 1
    annotations[REVISION_HISTORY_ANNOTATION] = ",".join([*revisions, old_revision])


def _set_min_ready(rs: KObject, min_ready: int) -> None:
    if min_ready:
        rs.spec["minReadySeconds"] = min_ready
    else:
        rs.spec.pop("minReadySeconds", None)


def _with_new(old_rss: list[KObject], new_rs: KObject | None) -> list[KObject]:
    return [*old_rss, new_rs] if new_rs is not None else list(old_rss)


def _active_or_latest(new_rs: KObject | None, old_rss: list[KObject]) -> KObject | None:
    """The one active ReplicaSet, or the newest if none is active; None if several are."""
    if new_rs is None and not old_rss:
        return None
    olds = _by_creation(old_rss, newest_first=True)
    active = _active(_with_new(olds, new_rs))
    if not active:
        return new_rs if new_rs is not None else olds[0]
    return active[0] if len(active) == 1 else None


def _is_saturated(d: KObject, new_rs: KObject | None) -> bool:
    return (new_rs is not None and _replicas(new_rs) == _replicas(d)
            and _desired_annotation(new_rs) == _replicas(d)
            and _status(new_rs, "availableReplicas") == _replicas(d))


def _status_reason(d: KObject) -> str:
    s = d.status
    return (f"status: {s.get('replicas', 0)} replicas, {s.get('updatedReplicas', 0)} updated, "
            f"{s.get('availableReplicas', 0)} available of {_replicas(d)} wanted")
