"""Admission: turn a manifest (a dict, as read from YAML) into a stored object.

The path a real API server takes: decode and validate the manifest strictly,
apply defaults, then run mutating admission plugins registered per kind
(DefaultTolerationSeconds for pods, sidecar injection, ClusterIP allocation).
Nothing is stored until every step has passed, so a bad manifest leaves the
cluster unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .config import ClusterConfig
from .defaults import default_body, default_spec
from .errors import BadRequest, Invalid
from .objects import API_VERSIONS, KObject, ObjectMeta, deep_copy

# A mutating plugin gets the object about to be created (or updated) and may change it.
Plugin = Callable[[KObject], None]

METADATA_NAME_LABEL = "kubernetes.io/metadata.name"


def object_from_manifest(manifest: Any, config: ClusterConfig, default_namespace: str = "default", *,
                         validate: bool = True, generated: bool = False) -> KObject:
    """Validate and default a manifest into an unsaved KObject; raises an ApiError.

    `validate=False` is for the sandbox's own trusted manifests (the kubeadm-style
    system workloads): it skips importing the pydantic schemas, which is most of
    the app's start-up time. tests/test_shipped_manifests.py checks those
    manifests against the real Kubernetes schemas instead. `generated`: built by a `kubectl create`
    generator (see validation.validate_manifest).
    """
    if not isinstance(manifest, dict):
        raise BadRequest(f"Object 'Kind' is missing in '{manifest!r}'"[:200])
    if validate:
        from .validation import validate_manifest  # late: the pydantic models are costly to build

        validate_manifest(manifest, generated=generated)
    manifest = deep_copy(manifest)
    kind = manifest["kind"]
    meta = manifest.get("metadata") or {}
    namespace = "" if kind in ("Namespace", "Node", "IngressClass") else meta.get("namespace") or default_namespace
    metadata = ObjectMeta(
        meta.get("name", ""), namespace,
        labels={str(k): str(v) for k, v in (meta.get("labels") or {}).items()},
        annotations={str(k): str(v) for k, v in (meta.get("annotations") or {}).items()},
        generate_name=meta.get("generateName", ""),
        owner_references=[dict(ref) for ref in meta.get("ownerReferences") or [] if isinstance(ref, dict)],
    )
    metadata.finalizers = tuple(str(f) for f in meta.get("finalizers") or ())
    if not metadata.name and not metadata.generate_name:
        raise Invalid(f'{kind} "" is invalid: metadata.name: Required value: name or generateName is required',
                      ["metadata.name: Required value: name or generateName is required"])
    spec = manifest.get("spec") or {}
    default_spec(kind, spec, config)
    body = {k: v for k, v in manifest.items() if k not in ("apiVersion", "kind", "metadata", "spec", "status")}
    default_body(kind, body)
    api_version = manifest.get("apiVersion") or API_VERSIONS.get(kind, "v1")
    return KObject(kind, metadata, spec, {}, api_version=api_version, body=body)


class Admission:
    """Mutating admission plugins, run by the store on every create."""

    def __init__(self) -> None:
        self._plugins: dict[str, list[Plugin]] = {}

    def register(self, kind: str, plugin: Plugin) -> None:
        self._plugins.setdefault(kind, []).append(plugin)

    def admit(self, obj: KObject) -> None:
        for plugin in self._plugins.get(obj.kind, ()):
            plugin(obj)


def label_namespace(namespace: KObject) -> None:
    """The API server labels every Namespace `kubernetes.io/metadata.name=<name>` (NetworkPolicies select
    namespaces by it); upstream pkg/registry/core/namespace/strategy.go PrepareForCreate."""
    namespace.metadata.labels[METADATA_NAME_LABEL] = namespace.metadata.name
