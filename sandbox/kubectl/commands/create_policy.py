"""`kubectl create poddisruptionbudget|pdb NAME --selector=SELECTOR --min-available=N|--max-unavailable=N`
(k/k staging/src/k8s.io/kubectl/pkg/cmd/create/create_pdb.go; the selector as
apimachinery's metav1.ParseToLabelSelector turns it into a LabelSelector)."""

from __future__ import annotations

import re
from typing import Any

from ...core.labels import SelectorError, parse_selector
from ..errors import error
from ..parse import Parsed
from .common import exactly_one_name

# create_pdb.go Validate: "10, 20, 30%, 50% (number and percentage) but not 10Gb, 20Mb"
_AMOUNT = re.compile(r"[0-9]+%?")
_OPERATORS = {"In": "In", "NotIn": "NotIn", "Exists": "Exists", "DoesNotExist": "DoesNotExist"}


def pdb_manifest(parsed: Parsed, rest: list[str]) -> dict[str, Any]:
    name = exactly_one_name("create poddisruptionbudget", rest)
    selector_text = parsed.flags.get("selector") or ""
    min_available = parsed.flags.get("min-available") or ""
    max_unavailable = parsed.flags.get("max-unavailable") or ""
    if not selector_text:
        raise error("a selector must be specified")
    if not min_available and not max_unavailable:
        raise error("one of min-available or max-unavailable must be specified")
    if min_available and max_unavailable:
        raise error("min-available and max-unavailable cannot be both specified")
    if min_available and not _AMOUNT.fullmatch(min_available):
        raise error("invalid format specified for min-available")
    if max_unavailable and not _AMOUNT.fullmatch(max_unavailable):
        raise error("invalid format specified for max-unavailable")
    spec: dict[str, Any] = {}
    if max_unavailable:
        spec["maxUnavailable"] = _int_or_string(max_unavailable)
    else:
        spec["minAvailable"] = _int_or_string(min_available)
    spec["selector"] = label_selector(selector_text)
    return {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": {"name": name}, "spec": spec}


def _int_or_string(text: str) -> int | str:
    """intstr.Parse: a number is an int, `50%` stays text."""
    return int(text) if text.isdigit() else text


def label_selector(text: str) -> dict[str, Any]:
    """ParseToLabelSelector: `=`/`==` go to matchLabels, set operators to matchExpressions, sorted by key
    (labels.Parse sorts the requirements, and each set of values)."""
    try:
        requirements = parse_selector(text)
    except SelectorError as err:
        raise error(f'couldn\'t parse the selector string "{text}": {err}') from None
    labels: dict[str, str] = {}
    expressions: list[dict[str, Any]] = []
    for key, op, values in sorted(requirements, key=lambda r: r[0]):
        if op in ("=", "=="):
            labels[key] = values[0]
        elif op in _OPERATORS:
            expression: dict[str, Any] = {"key": key, "operator": _OPERATORS[op]}
            if values:
                expression["values"] = sorted(values)
            expressions.append(expression)
        else:
            raise error(f'"{op}" is not a valid label selector operator')
    selector: dict[str, Any] = {}
    if expressions:
        selector["matchExpressions"] = expressions
    if labels:
        selector["matchLabels"] = labels
    return selector
