"""Strict decoding and validation of manifests, worded like the API server's errors.

`validate_manifest` runs the server's create path in order:
1. the RESTMapper: is the kind served at this apiVersion? (`NoKindMatch`)
2. strict decoding against the kind's schema (`sandbox.core.schema`): a wrong
   type is `json: cannot unmarshal ...`, unknown fields are
   `strict decoding error: unknown field "spec.replica"` (both BadRequest);
3. value validation on a defaulted copy (Invalid, 422, with every cause).
`validate_update` adds the immutable-field rules of an update.
"""

from __future__ import annotations

import inspect
import json
import types
from functools import cache
from typing import Annotated, Any, Union, get_args, get_origin, get_type_hints

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .config import ClusterConfig
from .defaults import default_spec
from .errors import ApiError, BadRequest, NoKindMatch
from .objects import KObject, deep_copy
from .schema import KINDS, KindInfo
from .schema.base import Go
from .schema.checks import RULES, check_metadata
from .schema.fielderrors import FieldErrors, GoLiteral, go_label_selector, go_value

# Real Go decoding allows 10,000 levels; the sandbox stops far earlier (no real manifest nests 30 deep)
# so that no Python recursion limit is ever reached further down.
MAX_DEPTH = 100
_DEFAULTS_CONFIG = ClusterConfig()
_NONE = type(None)


def validate_manifest(manifest: dict[str, Any]) -> None:
    """Raise the ApiError the API server would return for this manifest, or return if it is valid.

    Normalises the manifest in place as the wire format would: non-string keys
    become strings (kubectl's YAML-to-JSON step) and nulls are dropped (Go
    decodes them as zero values), so later steps see well-formed data.
    """
    info, kind, version = _resolve_kind(manifest)
    prefix = f"{kind} in version \"{version}\" cannot be handled as a {kind}: "
    _normalise(manifest, prefix)
    try:
        info.model.model_validate(manifest)
    except ValidationError as exc:
        raise _decoding_error(info, exc, prefix, _name_of(manifest)) from None
    _drop_nulls(manifest, info.model)
    errs = FieldErrors()
    obj = deep_copy(manifest)
    if isinstance(obj.get("spec"), dict):
        default_spec(kind, obj["spec"], _DEFAULTS_CONFIG)
    name_rule, check = RULES[kind]
    check_metadata(errs, obj.get("metadata") or {}, name_rule)
    check(errs, obj)
    if errs:
        raise errs.to_error(info.qualified, _name_of(manifest))


def _name_of(manifest: dict[str, Any]) -> str:
    meta = manifest.get("metadata")
    name = meta.get("name") if isinstance(meta, dict) else None
    return name if isinstance(name, str) else ""


def _resolve_kind(manifest: dict[str, Any]) -> tuple[KindInfo, str, str]:
    kind = manifest.get("kind")
    if not isinstance(kind, str) or not kind:
        raise BadRequest(f"Object 'Kind' is missing in '{json.dumps(manifest, default=str)[:500]}'")
    api_version = manifest.get("apiVersion")
    info = KINDS.get(kind)
    # A missing apiVersion is taken as the kind's preferred one (a sandbox leniency; kubectl would refuse).
    if info is None or (api_version is not None and api_version not in info.versions):
        meta = manifest.get("metadata")
        namespace = meta.get("namespace") if isinstance(meta, dict) else None
        raise NoKindMatch(kind, str(api_version or ""), _name_of(manifest), str(namespace or ""))
    version = (api_version or info.versions[0]).rsplit("/", 1)[-1]
    return info, kind, version


def _normalise(manifest: dict[str, Any], prefix: str) -> None:
    """Stringify keys and bound the depth, without recursion (the input may nest arbitrarily)."""
    stack: list[tuple[Any, int]] = [(manifest, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise BadRequest(prefix + f"exceeded max depth (the sandbox accepts {MAX_DEPTH} levels)")
        if isinstance(value, dict):
            if any(not isinstance(k, str) for k in value):
                items = [(_json_key(k), v) for k, v in value.items()]
                value.clear()
                value.update(items)
            stack.extend((v, depth + 1) for v in value.values() if isinstance(v, (dict, list)))
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value if isinstance(v, (dict, list)))


def _json_key(key: Any) -> str:
    """How sigs.k8s.io/yaml turns a YAML key into a JSON one (`true`, `1`, `1.5`)."""
    if isinstance(key, bool):
        return "true" if key else "false"
    return "null" if key is None else str(key)


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


# ---- updates --------------------------------------------------------------------------------------

POD_UPDATE_MESSAGE = (
    "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,"
    "`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),"
    "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)")
# Tolerations the DefaultTolerationSeconds plugin adds; a re-applied manifest need not repeat them.
_DEFAULT_TOLERATION_KEYS = ("node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable")


def validate_update(existing: KObject, new: KObject) -> None:
    """Immutable fields: workload selectors, a Service's clusterIP, almost all of a Pod's spec."""
    errs = FieldErrors()
    kind = existing.kind
    if kind in ("Deployment", "ReplicaSet", "DaemonSet"):
        selector = new.spec.get("selector")
        if selector != existing.spec.get("selector"):
            errs.invalid("spec.selector", go_label_selector(selector or {}), "field is immutable")
    elif kind == "Service":
        old_ip, new_ip = existing.spec.get("clusterIP"), new.spec.get("clusterIP")
        if old_ip and new_ip and new_ip != old_ip:
            errs.invalid("spec.clusterIPs[0]", GoLiteral(f'[]string{{{go_value(new_ip)}}}'), "may not change once set")
    elif kind == "StatefulSet":
        if _without(new.spec, STATEFULSET_MUTABLE) != _without(existing.spec, STATEFULSET_MUTABLE):
            errs.forbidden("spec", "updates to statefulset spec for fields other than 'replicas', 'ordinals', "
                                   "'template', 'updateStrategy', 'revisionHistoryLimit', "
                                   "'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden")
    elif kind == "Job":
        _job_update(errs, existing.spec, new.spec)
    elif kind == "Pod":
        changed = _pod_spec_changes(existing.spec, new.spec)
        if changed:
            errs.forbidden("spec", POD_UPDATE_MESSAGE + "\n" + _spec_diff(existing.spec, new.spec, changed))
    if errs:
        info = KINDS.get(kind)
        raise errs.to_error(info.qualified if info else kind, existing.name)


# ValidateStatefulSetUpdate: the spec fields an update may change.
STATEFULSET_MUTABLE = ("replicas", "ordinals", "template", "updateStrategy", "revisionHistoryLimit",
                       "persistentVolumeClaimRetentionPolicy", "minReadySeconds")


def _without(spec: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    return {k: v for k, v in spec.items() if k not in fields}


def _job_update(errs: FieldErrors, old: dict[str, Any], new: dict[str, Any]) -> None:
    """ValidateJobSpecUpdate: the selector, completions, completion mode and pod template are immutable.

    The server prints the whole old template as a Go struct; the sandbox shortens it to `{...}`.
    """
    if new.get("selector") != old.get("selector"):
        errs.invalid("spec.selector", go_label_selector(new.get("selector") or {}), "field is immutable")
    for field in ("completions", "completionMode"):
        if new.get(field) != old.get(field):
            errs.invalid(f"spec.{field}", new.get(field), "field is immutable")
    if new.get("template") != old.get("template"):
        errs.invalid("spec.template", GoLiteral("core.PodTemplateSpec{...}"), "field is immutable")


def _pod_spec_changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Spec fields the update changes that a pod update may not change.

    Fields absent from the new manifest keep their stored value (nodeName set by
    the scheduler, injected sidecars), as `kubectl apply`'s merge would keep them.
    """
    changed = []
    for key, value in new.items():
        if key in ("containers", "initContainers"):
            stored = {c.get("name"): c for c in old.get(key) or []}
            if any(_without_image(c) != _without_image(stored.get(c.get("name")) or {}) for c in value):
                changed.append(key)
        elif key == "tolerations":
            kept = [t for t in old.get(key) or [] if t.get("key") not in _DEFAULT_TOLERATION_KEYS]
            if any(t not in value for t in kept):
                changed.append(key)
        elif key != "activeDeadlineSeconds" and value != old.get(key):
            changed.append(key)
    return changed


def _without_image(container: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in container.items() if k != "image"}


def _spec_diff(old: dict[str, Any], new: dict[str, Any], changed: list[str]) -> str:
    """A short diff in the style of the server's go-cmp output (simplified: changed fields only)."""
    lines = ["  core.PodSpec{"]
    for key in changed:
        go_field = key[0].upper() + key[1:]
        lines.append(f"- \t{go_field}: {_short(old.get(key))},")
        lines.append(f"+ \t{go_field}: {_short(new.get(key))},")
    lines.append("  }")
    return "\n".join(lines)


def _short(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return "{...}" if value else "nil"
    return go_value(value)

