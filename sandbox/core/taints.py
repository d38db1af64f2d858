"""Taints and tolerations (k8s.io/api/core/v1 toleration.go semantics)."""

from __future__ import annotations

from typing import Any

Taint = dict[str, Any]
Toleration = dict[str, Any]


def tolerates(toleration: Toleration, taint: Taint) -> bool:
    """ToleratesTaint: effects match (empty tolerates all), keys match (empty key + Exists tolerates all)."""
    effect = toleration.get("effect") or ""
    if effect and effect != taint.get("effect"):
        return False
    key = toleration.get("key") or ""
    if key and key != taint.get("key"):
        return False
    operator = toleration.get("operator") or "Equal"
    if operator == "Exists":
        return True
    if not key:
        return False  # Equal with an empty key is invalid; it tolerates nothing
    return (toleration.get("value") or "") == (taint.get("value") or "")


def tolerated(tolerations: list[Toleration], taint: Taint) -> bool:
    for toleration in tolerations:   # (a loop, not any() over a generator: the scheduler asks for every pod)
        if tolerates(toleration, taint):
            return True
    return False


def untolerated(tolerations: list[Toleration], taints: list[Taint], effects: tuple[str, ...]) -> list[Taint]:
    """Taints with one of `effects` that no toleration covers, in the node's order."""
    return [t for t in taints if t.get("effect") in effects and not tolerated(tolerations, t)]


def toleration_seconds(tolerations: list[Toleration], taint: Taint) -> float | None:
    """How long a pod may stay on a node with this NoExecute taint: the shortest
    matching tolerationSeconds; None means forever; 0 means evict now."""
    best: float | None = None
    forever = False
    matched = False
    for toleration in tolerations:
        if not tolerates(toleration, taint):
            continue
        matched = True
        seconds = toleration.get("tolerationSeconds")
        if seconds is None:
            forever = True
        else:
            best = seconds if best is None else min(best, seconds)
    if not matched:
        return 0.0
    if best is not None:
        return max(0.0, float(best))
    return None if forever else 0.0


def format_taint(taint: Taint) -> str:
    """`key=value:Effect`, as kubectl prints a taint."""
    value = taint.get("value")
    return f"{taint['key']}={value}:{taint['effect']}" if value else f"{taint['key']}:{taint['effect']}"
