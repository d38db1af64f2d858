"""How `kubectl apply` and `kubectl patch` combine a manifest with the live object.

apply is a three-way merge: fields you set are set, fields you set last time
and dropped now are removed, and fields nobody set in a manifest (a pod's
nodeName, a Service's allocated clusterIP, defaults) keep their live values.
Lists are replaced whole — a simplification of strategic merge, which would
merge `containers` by name.
"""

from __future__ import annotations

import json
from typing import Any

from .errors import BadRequest
from .objects import deep_copy
from .quantity import decimal

LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"


def three_way_merge(live: Any, last: Any, new: Any) -> Any:
    if not isinstance(new, dict) or not isinstance(live, dict):
        return deep_copy(new)
    last = last if isinstance(last, dict) else {}
    merged = deep_copy(live)
    for key in last:
        if key not in new:
            merged.pop(key, None)
    for key, value in new.items():
        merged[key] = three_way_merge(live.get(key), last.get(key), value)
    return merged


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386 JSON merge patch: null deletes, objects merge, anything else replaces."""
    if not isinstance(patch, dict):
        return deep_copy(patch)
    result = deep_copy(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def create_merge_patch(original: Any, modified: Any) -> Any:
    """The RFC 7386 merge patch that turns `original` into `modified` (jsonpatch.CreateMergePatch):
    changed and added keys with their new values, removed keys as null, lists whole."""
    if not isinstance(original, dict) or not isinstance(modified, dict):
        return deep_copy(modified)
    patch: dict[str, Any] = {}
    for key in original:
        if key not in modified:
            patch[key] = None
    for key, value in modified.items():
        if key not in original:
            patch[key] = deep_copy(value)
        elif isinstance(value, dict) and isinstance(original[key], dict):
            inner = create_merge_patch(original[key], value)
            if inner:
                patch[key] = inner
        elif value != original[key] or isinstance(value, bool) != isinstance(original[key], bool):
            patch[key] = deep_copy(value)
    return patch


# Written by the server, not the user: left out of the annotation so that
# re-applying `kubectl get -o yaml` output reports "unchanged".
_SERVER_FIELDS = ("creationTimestamp", "deletionTimestamp", "generation", "managedFields", "resourceVersion", "uid")


def json_patch(target: Any, operations: Any) -> Any:
    """RFC 6902 JSON patch (add, remove, replace, move, copy, test); BadRequest on a bad operation."""
    if not isinstance(operations, list):
        raise BadRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch")
    doc = deep_copy(target)
    for op in operations:
        if not isinstance(op, dict) or op.get("op") not in _JSON_PATCH_OPS:
            raise BadRequest(f"Unexpected kind: {op.get('op') if isinstance(op, dict) else op!r}")
        doc = _JSON_PATCH_OPS[op["op"]](doc, op)
    return doc


def _pointer(path: Any) -> list[str]:
    if not isinstance(path, str) or (path and not path.startswith("/")):
        raise BadRequest(f"invalid JSON pointer: {path!r}")
    return [part.replace("~1", "/").replace("~0", "~") for part in path.split("/")[1:]]


def _parent(doc: Any, path: Any) -> tuple[Any, str]:
    parts = _pointer(path)
    if not parts:
        raise BadRequest("the root of the document cannot be patched")
    node = doc
    for part in parts[:-1]:
        node = _child(node, part, path)
    return node, parts[-1]


def _child(node: Any, part: str, path: Any) -> Any:
    try:
        return node[int(part)] if isinstance(node, list) else node[part]
    except (KeyError, IndexError, ValueError, TypeError):
        raise BadRequest(f"doc is missing path: {path!r}") from None


def _add(doc: Any, op: dict[str, Any]) -> Any:
    node, last = _parent(doc, op.get("path"))
    if isinstance(node, list):
        index = len(node) if last == "-" else decimal(last)
        if index is not None and index > len(node):
            index = None
        if index is None:
            raise BadRequest(f"add operation does not apply: doc is missing path: {op.get('path')!r}")
        node.insert(index, deep_copy(op.get("value")))
    elif isinstance(node, dict):
        node[last] = deep_copy(op.get("value"))
    else:
        raise BadRequest(f"doc is missing path: {op.get('path')!r}")
    return doc


def _remove(doc: Any, op: dict[str, Any]) -> Any:
    node, last = _parent(doc, op.get("path"))
    _child(node, last, op.get("path"))
    del node[int(last) if isinstance(node, list) else last]
    return doc


def _replace(doc: Any, op: dict[str, Any]) -> Any:
    _remove(doc, op)
    return _add(doc, op)


def _move(doc: Any, op: dict[str, Any]) -> Any:
    value = _child_at(doc, op.get("from"))
    _remove(doc, {"path": op.get("from")})
    return _add(doc, {"path": op.get("path"), "value": value})


def _copy(doc: Any, op: dict[str, Any]) -> Any:
    return _add(doc, {"path": op.get("path"), "value": _child_at(doc, op.get("from"))})


def _test(doc: Any, op: dict[str, Any]) -> Any:
    if _child_at(doc, op.get("path")) != op.get("value"):
        raise BadRequest(f"testing value {op.get('path')} failed: test failed")
    return doc


def _child_at(doc: Any, path: Any) -> Any:
    node = doc
    for part in _pointer(path):
        node = _child(node, part, path)
    return node


_JSON_PATCH_OPS = {"add": _add, "remove": _remove, "replace": _replace, "move": _move, "copy": _copy,
                   "test": _test}


def last_applied_text(manifest: dict[str, Any]) -> str:
    """The annotation value kubectl writes: the manifest as compact JSON, without the annotation itself."""
    clean = deep_copy(manifest)
    clean.pop("status", None)
    metadata = clean.get("metadata")
    if isinstance(metadata, dict):
        for field in _SERVER_FIELDS:
            metadata.pop(field, None)
    annotations = clean.get("metadata", {}).get("annotations")
    if isinstance(annotations, dict):
        annotations.pop(LAST_APPLIED, None)
        if not annotations:
            clean["metadata"].pop("annotations")
    return json.dumps(clean, sort_keys=True, separators=(",", ":")) + "\n"


def last_applied(annotations: dict[str, str]) -> dict[str, Any]:
    try:
        value = json.loads(annotations.get(LAST_APPLIED, "{}"))
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def live_manifest(obj_dict: dict[str, Any]) -> dict[str, Any]:
    """A live object as input for a merge: without status."""
    obj_dict.pop("status", None)
    return obj_dict
