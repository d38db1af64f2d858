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

from .objects import deep_copy

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


# Written by the server, not the user: left out of the annotation so that
# re-applying `kubectl get -o yaml` output reports "unchanged".
_SERVER_FIELDS = ("creationTimestamp", "deletionTimestamp", "generation", "managedFields", "resourceVersion", "uid")


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
