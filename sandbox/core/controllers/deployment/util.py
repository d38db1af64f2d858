"""Deployment helpers (k/k deployment/util/deployment_util.go): annotations,
revisions, maxSurge/maxUnavailable fenceposts and the small readers every step uses."""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

from ...objects import POD_TEMPLATE_HASH, REVISION_ANNOTATION, KObject
from ...quantity import scaled_value

DESIRED_REPLICAS_ANNOTATION = "deployment.kubernetes.io/desired-replicas"
MAX_REPLICAS_ANNOTATION = "deployment.kubernetes.io/max-replicas"
REVISION_HISTORY_ANNOTATION = "deployment.kubernetes.io/revision-history"
# Deployment annotations never copied onto its ReplicaSets (k/k annotationsToSkip).
ANNOTATIONS_TO_SKIP = (
    "kubectl.kubernetes.io/last-applied-configuration", REVISION_ANNOTATION, REVISION_HISTORY_ANNOTATION,
    DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION, "deprecated.deployment.rollback.to",
)
MAX_REV_HISTORY_LENGTH_IN_CHARS = 2000


# ---- maxSurge / maxUnavailable (k/k deployment_util ResolveFenceposts) ----------


@lru_cache(maxsize=1024)
def resolve_fenceposts(max_surge: int | str, max_unavailable: int | str, desired: int) -> tuple[int, int]:
    """Surge rounds up, unavailable rounds down; if both come to 0, unavailable is 1.

    Cached by its arguments (a few per Deployment): every sync asks several times, parsing "25%" each time."""
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
    replicas: int = obj.spec.get("replicas", 1)
    return replicas


def _status(obj: KObject, field: str) -> int:
    value: int = obj.status.get(field, 0)
    return value


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
    """k/k EqualIgnoreHash: pod templates equal apart from the pod-template-hash label (a missing or null
    metadata or labels counts as empty). Compared in place, not on stripped copies: every Deployment sync
    asks it of its ReplicaSets, and the copies cost more than the comparison."""
    if not _equal_except(a, b, "metadata"):
        return False
    meta_a, meta_b = a.get("metadata") or {}, b.get("metadata") or {}
    return _equal_except(meta_a, meta_b, "labels") and \
        _equal_except(meta_a.get("labels") or {}, meta_b.get("labels") or {}, POD_TEMPLATE_HASH)


def _equal_except(a: dict[str, Any], b: dict[str, Any], skip: str) -> bool:
    """The two maps are equal apart from key `skip`."""
    for key, value in a.items():
        if key != skip and (key not in b or b[key] != value):
            return False
    for key in b:   # (a loop, not all() over a generator: cheaper for a few keys)
        if key != skip and key not in a:
            return False
    return True


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
    return math.floor(exact + 0.5) - _replicas(rs)  # Go's math.Round for positive sizes


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
