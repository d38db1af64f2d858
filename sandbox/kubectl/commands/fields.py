"""`--field-selector`: the fields the API server lets each kind be filtered on."""

from __future__ import annotations

from collections.abc import Callable

from ...core.errors import BadRequest
from ...core.objects import KObject
from ..resources import ResourceType

Getter = Callable[[KObject], str]

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

Clause = tuple[str, bool, str]  # field, equal?, value
_OPERATORS = (("!=", False), ("==", True), ("=", True))  # "!=" and "==" contain "=": they are tried first


def parse_field_selector(text: str, rt: ResourceType) -> list[Clause]:
    clauses = []
    for term in (t for t in text.split(",") if t):
        operator = next(((op, equal) for op, equal in _OPERATORS if op in term), None)
        if operator is None:
            raise BadRequest(f'invalid selector: \'{text}\'; can\'t understand \'{term}\'')
        op, equal = operator
        field, _, value = term.partition(op)
        if field not in _COMMON and field not in _BY_KIND.get(rt.kind, {}):
            group = f"{rt.group}/" if rt.group else "/"
            version = rt.api_version.split("/")[-1]
            raise BadRequest(f'Unable to find "{group}{version}, Resource={rt.plural}" that match '
                             f'label selector "", field selector "{text}": field label not supported: {field}')
        clauses.append((field, equal, value))
    return clauses


def field_matches(obj: KObject, clauses: list[Clause]) -> bool:
    for field, equal, value in clauses:
        getter = _COMMON.get(field) or _BY_KIND[obj.kind][field]
        if (getter(obj) == value) != equal:
            return False
    return True
