"""Checks every kind shares: metadata, label selectors, int-or-percent values (k/k apimachinery validation)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..fielderrors import (
    FieldErrors,
    check_labels,
    check_nonnegative,
    dns1123_label,
    go_int_or_string,
    percent,
    qualified_name,
)

Obj = dict[str, Any]
PROTOCOLS = ["SCTP", "TCP", "UDP"]
NODE_PORT_RANGE = (30000, 32767)  # kube-apiserver --service-node-port-range default


# ---- metadata ---------------------------------------------------------------------------------

def check_metadata(errs: FieldErrors, meta: Obj, name_check: Callable[[str], list[str]], path: str = "metadata",
                   *, require_name: bool = True) -> None:
    """ValidateObjectMeta: name (or generateName), namespace, labels, annotations."""
    name, generate = meta.get("name") or "", meta.get("generateName") or ""
    if generate:
        for msg in name_check(generate.rstrip("-") if generate.endswith("-") else generate):
            errs.invalid(f"{path}.generateName", generate, msg)
    if name:
        for msg in name_check(name):
            errs.invalid(f"{path}.name", name, msg)
    elif require_name and not generate:
        errs.required(f"{path}.name", "name or generateName is required")
    namespace = meta.get("namespace")
    if namespace:
        for msg in dns1123_label(namespace):
            errs.invalid(f"{path}.namespace", namespace, msg)
    check_labels(errs, meta.get("labels"), f"{path}.labels")
    for key in sorted(meta.get("annotations") or {}):
        for msg in qualified_name(key.lower()):
            errs.invalid(f"{path}.annotations", key, msg)


def check_selector(errs: FieldErrors, selector: Obj, path: str) -> None:
    """ValidateLabelSelector."""
    for i, expr in enumerate(selector.get("matchExpressions") or []):
        epath = f"{path}.matchExpressions[{i}]"
        op, values = expr.get("operator") or "", expr.get("values") or []
        if op in ("In", "NotIn") and not values:
            errs.required(f"{epath}.values", "must be specified when `operator` is 'In' or 'NotIn'")
        elif op in ("Exists", "DoesNotExist") and values:
            errs.forbidden(f"{epath}.values", "may not be specified when `operator` is 'Exists' or 'DoesNotExist'")
        elif op not in ("In", "NotIn", "Exists", "DoesNotExist"):
            errs.invalid(f"{epath}.operator", op, "not a valid selector operator")
        for msg in qualified_name(expr.get("key") or ""):
            errs.invalid(f"{epath}.key", expr.get("key") or "", msg)
    check_labels(errs, selector.get("matchLabels"), f"{path}.matchLabels")


def int_or_percent(errs: FieldErrors, value: int | str, path: str) -> None:
    """ValidatePositiveIntOrPercent and IsNotMoreThan100Percent."""
    if isinstance(value, str):
        for msg in percent(value):
            errs.invalid(path, go_int_or_string(value), msg)
    else:
        check_nonnegative(errs, value, path)


def int_or_percent_value(value: int | str | None) -> int:
    """getIntOrPercentValue: "25%" -> 25, 3 -> 3; a malformed string counts as 0."""
    if isinstance(value, str):
        return int(value[:-1]) if not percent(value) else 0
    return value or 0


def not_over_100(errs: FieldErrors, value: int | str | None, path: str) -> None:
    if isinstance(value, str) and not percent(value) and int(value[:-1]) > 100:
        errs.invalid(path, go_int_or_string(value), "must not be greater than 100%")
