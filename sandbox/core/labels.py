"""Label selectors: the API's matchLabels/matchExpressions and kubectl's `-l` strings."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

Requirement = tuple[str, str, tuple[str, ...]]  # (key, operator, values)

_KEY = r"[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?"
_VALUE = r"([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?"


class SelectorError(ValueError):
    pass


def requirements_of(selector: dict[str, Any] | None) -> list[Requirement]:
    """Requirements of an API LabelSelector (`matchLabels` and `matchExpressions`)."""
    if not selector:
        return []
    reqs: list[Requirement] = [(k, "=", (str(v),)) for k, v in (selector.get("matchLabels") or {}).items()]
    for expr in selector.get("matchExpressions") or []:
        reqs.append((expr["key"], expr["operator"], tuple(expr.get("values") or ())))
    return reqs


def matches(reqs: Sequence[Requirement], labels: dict[str, str]) -> bool:
    for key, op, values in reqs:
        present = key in labels
        if op in ("=", "==", "In"):
            if not present or labels[key] not in values:
                return False
        elif op in ("!=", "NotIn"):
            if present and labels[key] in values:
                return False
        elif op == "Exists":
            if not present:
                return False
        elif op == "DoesNotExist":
            if present:
                return False
        else:
            raise SelectorError(f"{op!r} is not a valid label selector operator")
    return True


def selector_matches(selector: dict[str, Any] | None, labels: dict[str, str]) -> bool:
    """An API LabelSelector; an empty selector matches everything, None nothing."""
    if selector is None:
        return False
    return matches(requirements_of(selector), labels)


def map_matches(selector: dict[str, str], labels: dict[str, str]) -> bool:
    """A plain map selector (Service.spec.selector): every pair must be present."""
    return all(labels.get(k) == v for k, v in selector.items())


_SET_RE = re.compile(rf"^\s*(?P<key>{_KEY})\s+(?P<op>in|notin)\s*\((?P<values>[^)]*)\)\s*$")
_EQ_RE = re.compile(rf"^\s*(?P<key>{_KEY})\s*(?P<op>==|!=|=)\s*(?P<value>{_VALUE})\s*$")
_EXISTS_RE = re.compile(rf"^\s*(?P<neg>!?)\s*(?P<key>{_KEY})\s*$")


def parse_selector(text: str) -> list[Requirement]:
    """Parse kubectl's `-l` syntax: `app=web,tier!=db,env in (a,b),!legacy,release`."""
    reqs: list[Requirement] = []
    for term in _split_terms(text):
        if m := _SET_RE.match(term):
            values = tuple(v.strip() for v in m["values"].split(",") if v.strip())
            reqs.append((m["key"], "In" if m["op"] == "in" else "NotIn", values))
        elif m := _EQ_RE.match(term):
            reqs.append((m["key"], "!=" if m["op"] == "!=" else "=", (m["value"],)))
        elif m := _EXISTS_RE.match(term):
            reqs.append((m["key"], "DoesNotExist" if m["neg"] else "Exists", ()))
        else:
            raise SelectorError(f"unable to parse requirement: {term.strip()!r}")
    return reqs


def _split_terms(text: str) -> list[str]:
    """Split on commas that are not inside parentheses."""
    terms, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            terms.append(text[start:i])
            start = i + 1
    terms.append(text[start:])
    if depth != 0:
        raise SelectorError(f"unable to parse requirement: unbalanced parentheses in {text!r}")
    return [t for t in terms if t.strip()] if text.strip() else []


def format_selector(selector: dict[str, Any] | None) -> str:
    """A LabelSelector the way kubectl prints it (`app=web,tier in (a,b)`)."""
    parts = []
    for key, op, values in requirements_of(selector):
        if op == "=":
            parts.append(f"{key}={values[0]}")
        elif op in ("In", "NotIn"):
            parts.append(f"{key} {op.lower()} ({','.join(values)})")
        elif op == "Exists":
            parts.append(key)
        else:
            parts.append(f"!{key}")
    return ",".join(parts)
