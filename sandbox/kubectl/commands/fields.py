"""`--field-selector`: the fields the API server lets each kind be filtered on.

Objects are filtered as the store holds them; Events (built from the audit log) as the
dicts `kubectl get events -o json` prints.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...core.errors import BadRequest
from ..resources import ResourceType

Getter = Callable[[Any], str]

_COMMON: dict[str, Getter] = {
    "metadata.name": lambda o: o.name,
    "metadata.namespace": lambda o: o.namespace,
}
_BY_KIND: dict[str, dict[str, Getter]] = {
    "Pod": {
        "spec.nodeName": lambda o: str(o.spec.get("nodeName") or ""),
        "spec.restartPolicy": lambda o: str(o.spec.get("restartPolicy") or ""),
        "spec.schedulerName": lambda o: str(o.spec.get("schedulerName") or ""),
        "spec.serviceAccountName": lambda o: str(o.spec.get("serviceAccountName") or ""),
        "status.phase": lambda o: str(o.status.get("phase") or ""),
        "status.podIP": lambda o: str(o.status.get("podIP") or ""),
        "status.nominatedNodeName": lambda o: str(o.status.get("nominatedNodeName") or ""),
    },
    "Node": {"spec.unschedulable": lambda o: "true" if o.spec.get("unschedulable") else "false"},
    "Namespace": {"status.phase": lambda o: str(o.status.get("phase") or "Active")},
}


def _involved(key: str) -> Getter:
    return lambda e: str((e.get("involvedObject") or {}).get(key) or "")


# k/k pkg/apis/core/v1/conversion.go, AddFieldLabelConversionsForEvent
_EVENT: dict[str, Getter] = {
    "metadata.name": lambda e: str(e["metadata"]["name"]),
    "metadata.namespace": lambda e: str(e["metadata"]["namespace"]),
    **{f"involvedObject.{key}": _involved(key) for key in
       ("kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath")},
    "reason": lambda e: str(e.get("reason") or ""),
    "reportingComponent": lambda e: str(e.get("reportingComponent") or ""),
    "source": lambda e: str((e.get("source") or {}).get("component") or ""),
    "type": lambda e: str(e.get("type") or ""),
}


def _fields(kind: str) -> dict[str, Getter]:
    return _EVENT if kind == "Event" else {**_COMMON, **_BY_KIND.get(kind, {})}


Clause = tuple[Getter, bool, str]  # the field's getter, equal?, value
_OPERATORS = (("!=", False), ("==", True), ("=", True))  # "!=" and "==" contain "=": they are tried first


def parse_field_selector(text: str, rt: ResourceType) -> list[Clause]:
    clauses: list[Clause] = []
    for term in (t for t in text.split(",") if t):
        operator = next(((op, equal) for op, equal in _OPERATORS if op in term), None)
        if operator is None:
            raise BadRequest(f'invalid selector: \'{text}\'; can\'t understand \'{term}\'')
        op, equal = operator
        field, _, value = term.partition(op)
        getter = _fields(rt.kind).get(field)
        if getter is None:
            group = f"{rt.group}/" if rt.group else "/"
            version = rt.api_version.split("/")[-1]
            raise BadRequest(f'Unable to find "{group}{version}, Resource={rt.plural}" that match '
                             f'label selector "", field selector "{text}": field label not supported: {field}')
        clauses.append((getter, equal, value))
    return clauses


def field_matches(obj: Any, clauses: list[Clause]) -> bool:
    """`obj` is a KObject, or an Event's dict."""
    return all((getter(obj) == value) == equal for getter, equal, value in clauses)
