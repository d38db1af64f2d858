"""Strict decoding of a manifest against its kind's pydantic schema, worded like the API server.

A wrong type is `json: cannot unmarshal ...`, an unknown field `strict decoding error: unknown field
"spec.replica"` (both BadRequest); a custom resource's type errors are its OpenAPI schema's 422. Kept
apart from value validation (validation.py) because importing pydantic and building a kind's models
is most of the cost of a first `kubectl create`, and a manifest the sandbox built itself from typed
values needs no decoding (see `validate_manifest(decode=False)`).
"""

from __future__ import annotations

import inspect
import types
from functools import cache
from typing import Annotated, Any, Union, get_args, get_origin, get_type_hints

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .errors import ApiError, BadRequest
from .objects import deep_copy
from .schema import KindInfo
from .schema.base import Go
from .schema.fielderrors import FieldErrors, go_value

_NONE = type(None)


def decode(manifest: dict[str, Any], info: KindInfo, prefix: str, name: str) -> None:
    """Raise the server's decoding error for `manifest`, or drop its nulls as Go's decoder would."""
    try:
        info.model.model_validate(manifest)
    except ValidationError as exc:
        raise _decoding_error(info, exc, prefix, name) from None
    _drop_nulls(manifest, info.model)


# ---- schema introspection: Go struct and type names for decoding errors -------------------------

def _unwrap(tp: Any) -> tuple[Any, str | None]:
    """Strip `X | None` and Annotated[...]; return the bare type and its Go name, if marked."""
    go_name = None
    while True:
        origin = get_origin(tp)
        if origin is Annotated:
            go_name = go_name or next((m.name for m in tp.__metadata__ if isinstance(m, Go)), None)
            tp = get_args(tp)[0]
        elif origin in (Union, types.UnionType):  # Annotated[...] | None is a typing.Union, `int | None` is not
            tp = next(a for a in get_args(tp) if a is not _NONE)
        else:
            return tp, go_name


@cache
def _fields(model: type[BaseModel]) -> dict[str, Any]:
    """JSON field name -> annotation (with its Annotated markers)."""
    hints = get_type_hints(model, include_extras=True)
    return {(info.alias or name): hints[name] for name, info in model.model_fields.items()}


def _is_model(tp: Any) -> bool:
    return inspect.isclass(tp) and issubclass(tp, BaseModel)


def _go_type(tp: Any) -> str:
    base, go_name = _unwrap(tp)
    if go_name:
        return go_name
    origin = get_origin(base)
    if origin is list:
        return "[]" + _go_type(get_args(base)[0])
    if origin is dict:
        return "map[string]" + _go_type(get_args(base)[1])
    if _is_model(base):
        return f"{getattr(base, 'go_package', 'v1')}.{base.__name__}"
    return {str: "string", bool: "bool", int: "int64", float: "float64"}.get(base, "interface {}")


def _locate(model: type[BaseModel], loc: tuple[Any, ...]) -> tuple[str, str, Any]:
    """(Go struct, JSON field path without indexes, annotation) at `loc`, as Go's errorContext has them."""
    struct, names, tp = model.__name__, [], model
    for elem in loc:
        base, _ = _unwrap(tp)
        if _is_model(base):
            struct = base.__name__
            names.append(str(elem))
            tp = _fields(base).get(elem, Any)
        elif get_origin(base) in (list, dict):
            tp = get_args(base)[-1]
        else:
            break
    return struct, ".".join(names), tp


def _path(loc: tuple[Any, ...]) -> str:
    """`spec.template.spec.containers[0].image`, as field.Path and strict errors print it."""
    out = ""
    for elem in loc:
        out += f"[{elem}]" if isinstance(elem, int) else (f".{elem}" if out else str(elem))
    return out


def _sort_key(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    # Go decodes the JSON kubectl sends, whose object keys are sorted: first error in that order wins.
    return tuple((1, e, "") if isinstance(e, int) else (0, 0, str(e)) for e in loc)


# ---- pydantic errors -> the API server's words ----------------------------------------------------

_ABORTING = ("intstr", "quantity", "base64")  # custom UnmarshalJSON errors stop decoding at once


def _decoding_error(info: KindInfo, exc: ValidationError, prefix: str, name: str) -> ApiError:
    errors = sorted(exc.errors(include_url=False), key=lambda e: _sort_key(e["loc"]))
    unknown = [e for e in errors if e["type"] == "extra_forbidden"]
    wrong = [e for e in errors if e["type"] != "extra_forbidden"]
    crd = getattr(info.model, "crd", False)
    if wrong and not (crd and unknown):
        if crd:
            return _crd_type_errors(info, wrong, name)
        first = next((e for e in wrong if e["type"] in _ABORTING), wrong[0])
        return BadRequest(prefix + _type_error(info.model, first))
    fields = ", ".join(f'unknown field "{_path(e["loc"])}"' for e in unknown)
    return BadRequest(prefix + "strict decoding error: " + fields)


def _type_error(model: type[BaseModel], error: ErrorDetails) -> str:
    if error["type"] in ("quantity", "base64"):
        return error["msg"]
    struct, field, tp = _locate(model, error["loc"])
    go_type = "int32" if error["type"] == "intstr" else _go_type(tp)
    value = _json_value(error["input"], go_type)
    return f"json: cannot unmarshal {value} into Go struct field {struct}.{field} of type {go_type}"


def _json_value(value: Any, go_type: str) -> str:
    """encoding/json's UnmarshalTypeError.Value: "string", "object", or "number 1.5" for a bad integer."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        integral = go_type.startswith(("int", "uint")) or go_type == "intstr.IntOrString"
        return f"number {value}" if integral else "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object" if isinstance(value, dict) else "null"


_OPENAPI_TYPES = {"string": "string", "bool": "boolean", "int32": "integer", "int64": "integer",
                  "float64": "number"}


def _crd_type_errors(info: KindInfo, errors: list[ErrorDetails], name: str) -> ApiError:
    """A custom resource's OpenAPI schema errors: 422 with every cause."""
    errs = FieldErrors()
    for error in errors:
        path = _path(error["loc"])
        value = error["input"]
        _, _, tp = _locate(info.model, error["loc"])
        go_type = _go_type(tp)
        want = _OPENAPI_TYPES.get(go_type, "array" if go_type.startswith("[]") else "object")
        if error["type"] in ("greater_than_equal", "less_than_equal"):
            bound = "greater than or equal to -2147483648" if value < 0 else "less than or equal to 2147483647"
            errs.invalid(path, value, f"{path} in body should be {bound}")
            continue
        got = _openapi_type(value)
        errs.invalid(path, got, f"{path} in body must be of type {want}: {go_value(got)}")
    return errs.to_error(info.qualified, name)


def _openapi_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


# ---- nulls ----------------------------------------------------------------------------------------

_ZERO = {str: "", bool: False, int: 0, float: 0.0}


def _drop_nulls(value: Any, tp: Any) -> None:
    """Go decodes null as the zero value: drop null fields, zero null list items and map values."""
    base, _ = _unwrap(tp)
    if _is_model(base) and isinstance(value, dict):
        fields = _fields(base)
        for key in [k for k, v in value.items() if v is None]:
            del value[key]
        for key, item in value.items():
            _drop_nulls(item, fields.get(key, Any))
    elif get_origin(base) in (list, dict) and isinstance(value, (list, dict)):
        item_tp = get_args(base)[-1]
        item_base, _ = _unwrap(item_tp)
        zero = {} if _is_model(item_base) else _ZERO.get(item_base)
        keys = range(len(value)) if isinstance(value, list) else list(value)
        for key in keys:
            if value[key] is None and zero is not None:
                value[key] = deep_copy(zero)
            _drop_nulls(value[key], item_tp)
