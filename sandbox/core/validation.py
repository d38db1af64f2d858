"""Strict decoding of manifests, worded like the API server's errors.

First version: structural checks only. (Full pydantic models per kind replace
this; the entry point stays `validate_manifest`.)
"""

from __future__ import annotations

from typing import Any

from .errors import BadRequest, Invalid
from .objects import API_VERSIONS


def validate_manifest(manifest: dict[str, Any]) -> None:
    kind = manifest.get("kind")
    if not kind:
        raise BadRequest("Object 'Kind' is missing")
    if kind not in API_VERSIONS:
        raise BadRequest(f'no matches for kind "{kind}" in version "{manifest.get("apiVersion", "")}"')
    meta = manifest.get("metadata")
    if meta is not None and not isinstance(meta, dict):
        raise BadRequest("metadata: expected an object")
    spec = manifest.get("spec", {})
    if spec is not None and not isinstance(spec, dict):
        raise BadRequest("spec: expected an object")
    replicas = (spec or {}).get("replicas")
    if replicas is not None and (not isinstance(replicas, int) or replicas < 0):
        name = (meta or {}).get("name", "")
        raise Invalid(f'{kind}.{_group(kind)} "{name}" is invalid: spec.replicas: Invalid value: {replicas}: '
                      "must be greater than or equal to 0")


def _group(kind: str) -> str:
    version = API_VERSIONS[kind]
    return version.split("/")[0] if "/" in version else ""


def validate_update(existing: Any, new: Any) -> None:
    """Immutable fields: a Deployment's, ReplicaSet's or DaemonSet's selector."""
    if existing.kind in ("Deployment", "ReplicaSet", "DaemonSet") and \
            existing.spec.get("selector") != new.spec.get("selector"):
        raise Invalid(f'{existing.kind}.apps "{existing.name}" is invalid: spec.selector: Invalid value: '
                      f'{new.spec.get("selector")!r}: field is immutable')
