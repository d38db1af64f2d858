"""ConfigMaps, Secrets and Nodes (pkg/apis/core/validation), PodDisruptionBudgets
(pkg/apis/policy/validation) and HorizontalPodAutoscalers (pkg/apis/autoscaling/validation).
"""

from __future__ import annotations

from ..fielderrors import (
    FieldErrors,
    GoLiteral,
    config_key,
    go_quote,
    label_value,
    qualified_name,
)
from .common import Obj, check_selector, int_or_percent, not_over_100


def check_config_data(errs: FieldErrors, obj: Obj) -> None:
    """ValidateConfigMap / ValidateSecret: every data key is a config key (IsConfigMapKey)."""
    for field in ("data", "binaryData", "stringData"):
        for key in sorted(obj.get(field) or {}):
            for msg in config_key(key):
                errs.invalid(f"{field}[{key}]", key, msg)
    for key in sorted(set(obj.get("data") or {}) & set(obj.get("binaryData") or {})):
        errs.invalid(f"data[{key}]", key, "duplicate of key present in binaryData")


def check_pdb(errs: FieldErrors, obj: Obj) -> None:
    spec = obj.get("spec") or {}
    min_available, max_unavailable = spec.get("minAvailable"), spec.get("maxUnavailable")
    if min_available is not None and max_unavailable is not None:
        # The API server prints the spec with %#v: pointers show as addresses (fixed ones here).
        selector = "(0xc000a3e100)" if spec.get("selector") is not None else "(nil)"
        policy = "(0xc000a3e140)" if spec.get("unhealthyPodEvictionPolicy") else "(nil)"
        errs.invalid("spec", GoLiteral(
            "policy.PodDisruptionBudgetSpec{MinAvailable:(*intstr.IntOrString)(0xc000a3e0e0), "
            f"Selector:(*v1.LabelSelector){selector}, MaxUnavailable:(*intstr.IntOrString)(0xc000a3e120), "
            f"UnhealthyPodEvictionPolicy:(*policy.UnhealthyPodEvictionPolicyType){policy}}}"),
            "minAvailable and maxUnavailable cannot be both set")
    for field in ("minAvailable", "maxUnavailable"):
        value = spec.get(field)
        if value is not None:
            int_or_percent(errs, value, f"spec.{field}")
            not_over_100(errs, value, f"spec.{field}")
    if spec.get("selector") is not None:
        check_selector(errs, spec["selector"], "spec.selector")


TAINT_EFFECTS = ["NoExecute", "NoSchedule", "PreferNoSchedule"]


def check_node(errs: FieldErrors, obj: Obj) -> None:
    """validateNodeTaints: keys and values like labels', a known effect, unique by key and effect."""
    seen: set[tuple[str, str]] = set()   # membership only
    for i, taint in enumerate((obj.get("spec") or {}).get("taints") or []):
        path = f"spec.taints[{i}]"
        key, value, effect = taint.get("key") or "", taint.get("value") or "", taint.get("effect") or ""
        for msg in qualified_name(key):
            errs.invalid(f"{path}.key", key, msg)
        label_errors = label_value(value)
        if label_errors:
            errs.invalid(f"{path}.value", value, ";".join(label_errors))
        if not effect:
            errs.required(f"{path}.effect")
        elif effect not in TAINT_EFFECTS:
            errs.not_supported(f"{path}.effect", effect, TAINT_EFFECTS)
        if (key, effect) in seen:
            errs.duplicate(path, GoLiteral(f"core.Taint{{Key:{go_quote(key)}, Value:{go_quote(value)}, "
                                           f"Effect:{go_quote(effect)}, TimeAdded:(*v1.Time)(nil)}}"),
                           "taints must be unique by key and effect pair")
        seen.add((key, effect))


def check_hpa(errs: FieldErrors, obj: Obj) -> None:
    """k/k pkg/apis/autoscaling/validation: validateHorizontalPodAutoscalerSpec (scale to zero off)."""
    spec = obj.get("spec") or {}
    low, high = spec.get("minReplicas"), spec.get("maxReplicas") or 0
    if low is not None and low < 1:
        errs.invalid("spec.minReplicas", low, "must be greater than or equal to 1")
    if high < 1:
        errs.invalid("spec.maxReplicas", high, "must be greater than 0")
    if low is not None and high < low:
        errs.invalid("spec.maxReplicas", high, "must be greater than or equal to `minReplicas`")
    ref = spec.get("scaleTargetRef") or {}
    for field in ("kind", "name"):
        if not ref.get(field):
            errs.required(f"spec.scaleTargetRef.{field}")


def check_nothing(errs: FieldErrors, obj: Obj) -> None:
    """Kinds whose values the sandbox does not check beyond their metadata and schema."""
