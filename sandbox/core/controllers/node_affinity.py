"""Node affinity as kube-scheduler's NodeAffinity plugin reads it (k/k pkg/scheduler/framework/plugins/nodeaffinity,
component-helpers/scheduling/corev1/nodeaffinity): nodeSelector AND required terms, ORed."""

from __future__ import annotations

from typing import Any

from ..labels import matches
from ..objects import KObject


def required_terms(spec: dict[str, Any]) -> list[dict[str, Any]] | None:
    affinity = ((spec.get("affinity") or {}).get("nodeAffinity") or {})
    required = affinity.get("requiredDuringSchedulingIgnoredDuringExecution")
    if required is None:
        return None
    return required.get("nodeSelectorTerms") or []


def _expression_matches(expr: dict[str, Any], value: str | None) -> bool:
    op = expr.get("operator")
    values = expr.get("values") or []
    if op in ("Gt", "Lt"):
        try:
            number, bound = int(value or ""), int(values[0])
        except (ValueError, IndexError):
            return False
        return number > bound if op == "Gt" else number < bound
    key = expr.get("key", "")
    labels = {key: value} if value is not None else {}
    try:
        return matches([(key, str(op), tuple(values))], labels)
    except ValueError:
        return False


def _term_matches(term: dict[str, Any], node: KObject) -> bool:
    exprs = term.get("matchExpressions") or []
    fields = term.get("matchFields") or []
    if not exprs and not fields:
        return False  # an empty term matches no node
    labels = node.metadata.labels
    if not all(_expression_matches(e, labels.get(e.get("key", ""))) for e in exprs):
        return False
    # matchFields supports only metadata.name, as in Kubernetes.
    return all(f.get("key") == "metadata.name" and _expression_matches(f, node.name) for f in fields)


def node_affinity_matches(spec: dict[str, Any], node: KObject) -> bool:
    """nodeSelector AND required node affinity (terms ORed), as the NodeAffinity filter checks."""
    selector = spec.get("nodeSelector") or {}
    labels = node.metadata.labels
    if any(labels.get(k) != v for k, v in selector.items()):
        return False
    terms = required_terms(spec)
    return terms is None or any(_term_matches(t, node) for t in terms)


def pinned_nodes(spec: dict[str, Any]) -> list[str] | None:
    """Node names a pod can only go to (DaemonSet pods' matchFields, a hostname nodeSelector), or None."""
    terms = required_terms(spec)
    if terms:
        names: list[str] = []
        for term in terms:
            fields = [f for f in term.get("matchFields") or () if f.get("key") == "metadata.name"
                      and f.get("operator") == "In"]
            if not fields:
                names = []
                break
            names.extend(v for v in fields[0].get("values") or () if v not in names)
        else:
            return names
    host = (spec.get("nodeSelector") or {}).get("kubernetes.io/hostname")
    return [host] if host else None
