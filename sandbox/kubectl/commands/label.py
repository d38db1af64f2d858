"""`kubectl label` and `kubectl annotate`: KEY=VALUE sets, KEY- removes, --overwrite replaces."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ...core.objects import KObject
from ..errors import CommandError, error
from ..parse import Parsed
from ..resources import ResourceType
from ..result import CommandResult
from . import command, done
from .common import Target, list_objects, namespace, not_found, targets

if TYPE_CHECKING:
    from ..session import Session

_LABEL_KEY = re.compile(r"([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
                        r"[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?")
_LABEL_VALUE = re.compile(r"(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?")


def _changes(args: list[str], what: str) -> tuple[list[str], dict[str, str | None]]:
    resources: list[str] = []
    changes: dict[str, str | None] = {}
    for arg in args:
        if "=" in arg:
            key, value = arg.split("=", 1)
            _check(key, value, what)
            changes[key] = value
        elif arg.endswith("-") and len(arg) > 1 and "/" not in arg[:-1].split("/")[-1]:
            changes[arg[:-1]] = None
        else:
            resources.append(arg)
    if not changes:
        command = "label" if what == "label" else "annotate"
        raise CommandError(f"error: at least one {what} update is required\n"
                           f"See 'kubectl {command} -h' for help and examples")
    return resources, changes


def _check(key: str, value: str, what: str) -> None:
    if not _LABEL_KEY.fullmatch(key):
        raise error(f"invalid {what} spec: {key}={value}")
    if what == "label" and (len(value) > 63 or not _LABEL_VALUE.fullmatch(value)):
        raise error(f"invalid label value: \"{key}={value}\": a valid label must be an empty string or consist of "
                    "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character")


def _relabel(session: Session, parsed: Parsed, what: str, past: str) -> CommandResult:
    resources, changes = _changes(parsed.args, what)
    wanted = targets(resources)
    if not wanted:
        raise CommandError("error: one or more resources must be specified as <resource> <name> or <resource>/<name>")
    found, errors = _objects(session, parsed, wanted)
    field = "labels" if what == "label" else "annotations"
    for _, obj in found:
        current = getattr(obj.metadata, field)
        for key, value in changes.items():
            if value is not None and key in current and current[key] != value and not parsed["overwrite"]:
                raise error(f"'{key}' already has a value ({current[key]}), and --overwrite is false")
    lines = []
    for rt, obj in found:
        current = dict(getattr(obj.metadata, field))
        patch: dict[str, Any] = {k: v for k, v in changes.items() if v is not None or k in current}
        if all(current.get(k) == v for k, v in patch.items()):
            lines.append(f"{rt.qualified}/{obj.name} not {past}")
            continue
        session.sim.patch(obj.kind, obj.namespace, obj.name, {"metadata": {field: patch}}, actor=session.actor,
                          reason=f"{session.actor} {past} {obj.kind.lower()}/{obj.name}: " +
                          ", ".join(f"{k}={v}" if v is not None else f"{k}-" for k, v in patch.items()))
        lines.append(f"{rt.qualified}/{obj.name} {past}")
    return done("\n".join(lines + errors), *[o for _, o in found], exit_code=1 if errors else 0)


def _objects(session: Session, parsed: Parsed,
             wanted: list[Target]) -> tuple[list[tuple[ResourceType, KObject]], list[str]]:
    ns = namespace(session, parsed)
    found: list[tuple[ResourceType, KObject]] = []
    errors: list[str] = []
    for t in wanted:
        if t.name is None:
            if not parsed["all"] and not parsed["selector"]:
                raise error("resource(s) were provided, but no name was specified")
            found += [(t.rt, o) for o in list_objects(session, parsed, t.rt)]
            continue
        obj = session.sim.try_get(t.rt.kind, ns, t.name)
        if obj is None:
            errors.append(not_found(t.rt, t.name))
        else:
            found.append((t.rt, obj))
    return found, errors


@command("label", flags=("overwrite", "all", "selector", "all-namespaces"), summary="Update the labels on a resource")
def label(session: Session, parsed: Parsed) -> CommandResult:
    return _relabel(session, parsed, "label", "labeled")


@command("annotate", flags=("overwrite", "all", "selector", "all-namespaces"),
         summary="Update the annotations on a resource")
def annotate(session: Session, parsed: Parsed) -> CommandResult:
    return _relabel(session, parsed, "annotation", "annotated")
