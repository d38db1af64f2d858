"""Strict decoding and validation of manifests, worded like the API server's errors.

`validate_manifest` runs the server's create path in order:
1. the RESTMapper: is the kind served at this apiVersion? (`NoKindMatch`)
2. strict decoding against the kind's schema (decoding.py): a wrong
   type is `json: cannot unmarshal ...`, unknown fields are
   `strict decoding error: unknown field "spec.replica"` (both BadRequest);
3. value validation on a defaulted copy (Invalid, 422, with every cause).
`validate_update` adds the immutable-field rules of an update.
"""

from __future__ import annotations

import json
from typing import Any

from .config import ClusterConfig
from .defaults import default_spec
from .errors import BadRequest, NoKindMatch
from .objects import KObject, deep_copy
from .schema import KINDS, KindInfo
from .schema.checks import RULES, check_metadata
from .schema.fielderrors import FieldErrors, GoLiteral, go_label_selector, go_value

# Real Go decoding allows 10,000 levels; the sandbox stops far earlier (no real manifest nests 30 deep)
# so that no Python recursion limit is ever reached further down.
MAX_DEPTH = 100
_DEFAULTS_CONFIG = ClusterConfig()


def validate_manifest(manifest: dict[str, Any], *, generated: bool = False) -> None:
    """Raise the ApiError the API server would return for this manifest, or return if it is valid.

    Normalises the manifest in place as the wire format would: non-string keys
    become strings (kubectl's YAML-to-JSON step) and nulls are dropped (Go
    decodes them as zero values), so later steps see well-formed data.

    `generated`: a `kubectl create` generator built the manifest from typed flag values, so its fields
    and types are the schema's (tests/kubectl/test_generated_manifests.py decodes every generator's
    output) and strict decoding can refuse only a number out of int32 range; it runs only when the
    manifest holds such a number, and otherwise pydantic is not imported at all.
    """
    info, kind, version = _resolve_kind(manifest)
    prefix = f"{kind} in version \"{version}\" cannot be handled as a {kind}: "
    _normalise(manifest, prefix)
    if not (generated and _plainly_typed(manifest)):
        from .decoding import decode  # late: importing pydantic and building the kind's models cost ~60 ms

        decode(manifest, info, prefix, _name_of(manifest))
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


_INT32 = range(-2**31, 2**31)


def _plainly_typed(manifest: dict[str, Any]) -> bool:
    """Only strings, booleans, int32 numbers, maps and lists: what decoding a generator's output
    (right fields, right types) can never refuse nor change (no null to drop)."""
    stack: list[Any] = [manifest]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        elif not isinstance(value, (str, bool)) and not (isinstance(value, int) and value in _INT32):
            return False
    return True


def _json_key(key: Any) -> str:
    """How sigs.k8s.io/yaml turns a YAML key into a JSON one (`true`, `1`, `1.5`)."""
    if isinstance(key, bool):
        return "true" if key else "false"
    return "null" if key is None else str(key)


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

