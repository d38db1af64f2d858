"""`kubectl get --sort-by=FIELD` (kubectl pkg/cmd/get/sorter.go and customcolumn.go).

The field is a relaxed JSONPath (`.metadata.name`, `metadata.name` or `{.metadata.name}`).
Each object is ranked by the first value the path finds in it; strings that both parse as
quantities (`250m`, `1Gi`) compare as quantities, other strings as strings; an object without
the field sorts first. kubectl sorts with Go's unstable sort.Sort, ported in gosort so ties
land where kubectl puts them.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from ..errors import error
from .gofmt import quote, type_name
from .gosort import go_sort
from .jsonpath import JSONPath
from .jsonpath_parser import JSONPathError

_RELAXED = re.compile(r"^\{\.?([^{}]+)\}$|^\.?([^{}]+)$")
RELAXED_ERROR = ("unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or "
                 "'{.name1.name2}'")
_MISSING = object()


def relaxed_jsonpath(expression: str) -> str:
    """RelaxedJSONPathExpression: `.a.b`, `a.b`, `{a.b}` all become `{.a.b}`; ValueError otherwise."""
    if not expression:
        return expression
    m = _RELAXED.match(expression)
    if m is None:
        raise ValueError(RELAXED_ERROR)
    return "{." + (m.group(1) or m.group(2)) + "}"


class UnsortableError(Exception):
    pass


def sort_items(items: list[Any], data: list[dict[str, Any]], field: str, *, table: bool) -> list[Any]:
    """`items` ordered by `field` of the matching `data` (the objects as kubectl sees them).

    `table` picks which of kubectl's two sorters words the errors: the table sorter (default
    and wide output) or the list sorter (yaml, json, name, jsonpath, custom-columns).
    """
    try:
        path = relaxed_jsonpath(field)
    except ValueError:
        if not table:
            raise error(RELAXED_ERROR) from None
        path = field
    try:
        parser = JSONPath(path)
    except JSONPathError as err:
        raise error(f"sorting error: {err}" if table else str(err)) from None
    keys = [_first_value(parser, obj, path, table) for obj in data]
    if items and all(k is _MISSING for k in keys):
        raise error(f'couldn\'t find any field with path "{path}" in the list of objects')
    pairs = list(zip(keys, items, strict=True))
    where = "[][][]reflect.Value" if table else "*unstructured.Unstructured"
    try:
        go_sort(pairs, lambda a, b: _less(a[0], b[0]))
    except UnsortableError as err:
        raise error(f"Field {path} in {where} is an unsortable type: interface, err: {err}") from None
    return [item for _, item in pairs]


def _first_value(parser: JSONPath, obj: dict[str, Any], path: str, table: bool) -> Any:
    try:
        results = parser.find_results(obj)
    except JSONPathError as err:
        if table:
            raise error(f"Failed to get values for [][]reflect.Value(nil) using {path} "
                        f"(&errors.errorString{{s:{quote(str(err))}}})") from None
        raise error(str(err)) from None
    return results[0][0] if results and results[0] else _MISSING


def _less(i: Any, j: Any) -> bool:
    """RuntimeSort.Less / TableSorter.Less over isLess's interface{} branch."""
    if i is _MISSING:
        return True
    if j is _MISSING:
        return False
    if i is None or j is None:
        return i is None and j is not None
    if isinstance(i, bool) or isinstance(i, (dict, list)):
        raise UnsortableError(f"unsortable type: {type_name(i)}")
    if type_name(i) != type_name(j):
        raise UnsortableError("unsortable interface: interface")
    if isinstance(i, str):
        a, b = quantity(i), quantity(j)
        if a is not None and b is not None:
            return a < b
    return bool(i < j)


_QUANTITY = re.compile(r"^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))([eE][+-]?[0-9]+|[KMGTPE]i|[numkMGTPE])?$")
_SUFFIX = {"n": Decimal("1e-9"), "u": Decimal("1e-6"), "m": Decimal("1e-3"), "k": Decimal(10**3),
           "M": Decimal(10**6), "G": Decimal(10**9), "T": Decimal(10**12), "P": Decimal(10**15),
           "E": Decimal(10**18), "Ki": Decimal(2**10), "Mi": Decimal(2**20), "Gi": Decimal(2**30),
           "Ti": Decimal(2**40), "Pi": Decimal(2**50), "Ei": Decimal(2**60)}


def quantity(text: str) -> Decimal | None:
    """resource.ParseQuantity's value, or None when the text is not a quantity."""
    m = _QUANTITY.match(text)
    if m is None:
        return None
    number, suffix = Decimal(m.group(1)), m.group(2) or ""
    if suffix[:1] in ("e", "E") and len(suffix) > 1:
        return number.scaleb(int(suffix[1:]))
    return number * _SUFFIX.get(suffix, Decimal(1))
