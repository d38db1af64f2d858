"""The new ReplicaSet, revisions, scaling and history cleanup (k/k sync.go)."""

from __future__ import annotations

from typing import Any

from ...errors import ApiError
from ...naming import template_hash
from ...objects import (
    POD_TEMPLATE_HASH,
    REVISION_ANNOTATION,
    KObject,
    ObjectMeta,
    condition,
    controller_ref,
    deep_copy,
    owner_reference,
)
from .progress import ProgressMixin, _new_condition, _set_condition
from .util import (
    ANNOTATIONS_TO_SKIP,
    _active,
    _active_or_latest,
    _append_revision_history,
    _is_saturated,
    _proportion,
    _replicas,
    _rolling,
    _set_min_ready,
    _set_replicas_annotations,
    _spec_total,
    _status,
    _with_new,
    equal_ignore_hash,
    find_new_replica_set,
    max_surge,
    new_rs_new_replicas,
    revision,
    template_without_hash,
)


class _Abort(Exception):
    """The new ReplicaSet could not be created this sync (hash collision or API error)."""


class SyncMixin(ProgressMixin):
    #: the last answer of _get_all_replica_sets: (store version, Deployment, ReplicaSets, answer); the sync clears it
    _last_all: tuple[int, KObject, list[KObject], tuple[KObject | None, list[KObject]]] | None = None

    # ---- the new ReplicaSet and revisions (k/k getNewReplicaSet) --------------

    def _get_all_replica_sets(self, d: KObject, rss: list[KObject], *,
                              create: bool) -> tuple[KObject | None, list[KObject]]:
        # A sync asks twice, as upstream's does (isScalingEvent, then the rollout). When the first call
        # wrote nothing, nothing has changed since, and the second gets the same answer: reuse it.
        version = self.store.resource_version
        last = self._last_all
        if last is not None and last[0] == version and last[1] is d and last[2] is rss and \
                (last[3][0] is not None or not create):
            return last[3]
        new_rs = find_new_replica_set(d, rss)
        old_rss = [rs for rs in rss if rs is not new_rs]
        new_revision = max((revision(rs) for rs in old_rss), default=0) + 1
        if new_rs is not None:
            self._sync_existing_new_rs(d, new_rs, new_revision)
        elif create:
            new_rs = self._create_new_rs(d, old_rss, new_revision)
        wrote = self.store.resource_version != version
        self._last_all = None if wrote else (version, d, rss, (new_rs, old_rss))
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
        status = d.status   # copied only to be changed: most syncs find the new ReplicaSet as it was
        if "progressDeadlineSeconds" in d.spec and condition(status, "Progressing") is None:
            status = deep_copy(status)
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
        for rs, size in zip(rss, sizes, strict=True):
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
