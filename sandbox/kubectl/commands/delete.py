"""`kubectl delete`: by name, TYPE/NAME, -l, --all or -f; pods go gracefully and kubectl waits.

`--cascade=background|foreground|orphan` is the DeleteOptions propagationPolicy
(staging/src/k8s.io/kubectl/pkg/cmd/delete/delete_flags.go parseCascadingFlag); the
old boolean forms still work, with kubectl's deprecation warning. kubectl waits
(`--wait`, on by default) until what it deleted is gone: a pod that is
Terminating, an owner held by the foregroundDeletion finalizer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...core.objects import KObject
from ..errors import CommandError, error
from ..parse import Parsed
from ..resources import BY_KIND, ResourceType
from ..result import CommandResult
from . import command, done
from .apply import load
from .common import NO_ARGS, Found, dry_run, find_named, list_objects, namespace, targets

if TYPE_CHECKING:
    from ..session import Session

IMMORTAL_NAMESPACES = ("default", "kube-public", "kube-system")
FORCE_WARNING = ("Warning: Immediate deletion does not wait for confirmation that the running resource has been "
                 "terminated. The resource may continue to run on the cluster indefinitely.")


@command("delete", flags=("filename", "recursive", "selector", "all", "all-namespaces", "grace-period", "force",
                          "now", "wait", "dry-run", "field-selector", "cascade"),
         summary="Delete resources by file names, stdin, resources and names")
def delete(session: Session, parsed: Parsed) -> CommandResult:
    warnings, propagation = _cascade(parsed["cascade"])
    found, errors = _find(session, parsed)
    grace = _grace(parsed)
    suffix = dry_run(parsed)
    lines = warnings + ([FORCE_WARNING] if parsed["force"] and grace == 0 else [])
    if not found and not errors:
        return done("\n".join([*lines, "No resources found"]))
    for _, obj in found:
        _check_deletable(obj)
    for rt, obj in found:
        if not suffix:
            session.sim.delete(obj.kind, obj.namespace, obj.name, actor=session.actor, grace_period=grace,
                               propagation=propagation)
        verb = "force deleted" if parsed["force"] and grace == 0 else "deleted"
        lines.append(f'{rt.qualified} "{obj.name}" {verb}{suffix}')
    if not suffix and parsed["wait"]:
        _wait_until_gone(session, [o for _, o in found])
    return done("\n".join(lines + errors), *[o for _, o in found], exit_code=1 if errors else 0)


CASCADE_POLICIES = {"background": "Background", "foreground": "Foreground", "orphan": "Orphan"}
_GO_TRUE = ("1", "t", "T", "TRUE", "true", "True")
_GO_FALSE = ("0", "f", "F", "FALSE", "false", "False")


def _cascade(value: str) -> tuple[list[str], str]:
    """parseCascadingFlag: the propagationPolicy, with the warning kubectl prints for a boolean."""
    if value in CASCADE_POLICIES:
        return [], CASCADE_POLICIES[value]
    if value in _GO_TRUE or value in _GO_FALSE:
        policy = "background" if value in _GO_TRUE else "orphan"
        return ([f"warning: --cascade={value} is deprecated (boolean value) and can be replaced with "
                 f"--cascade={policy}."], CASCADE_POLICIES[policy])
    raise error(f'invalid cascade value ({value}). Must be "background", "foreground", or "orphan"')


def _find(session: Session, parsed: Parsed) -> tuple[Found, list[str]]:
    if parsed["filename"]:
        return _from_files(session, parsed)
    wanted = targets(parsed.args)
    if not wanted:
        raise CommandError(NO_ARGS)
    named = [t for t in wanted if t.name]
    if not named and not parsed["selector"] and not parsed["all"] and not parsed["field-selector"]:
        raise error("resource(s) were provided, but no name was specified")
    if named:
        return find_named(session, parsed, named)
    return [(t.rt, o) for t in wanted for o in _selected(session, parsed, t.rt)], []


def _selected(session: Session, parsed: Parsed, rt: ResourceType) -> list[KObject]:
    from .fields import field_matches, parse_field_selector

    clauses = parse_field_selector(parsed["field-selector"], rt) if parsed["field-selector"] else []
    return [o for o in list_objects(session, parsed, rt) if field_matches(o, clauses)]


def _from_files(session: Session, parsed: Parsed) -> tuple[list[tuple[ResourceType, KObject]], list[str]]:
    from ...core.admission import object_from_manifest
    from ...core.errors import ApiError

    found, errors = [], []
    for doc in load(session, parsed, "delete"):
        try:
            obj = object_from_manifest(doc.manifest, session.sim.config, namespace(session, parsed))
        except ApiError as err:
            raise CommandError(f'error: unable to decode "{doc.source}": {err.message}') from None
        rt = BY_KIND[obj.kind]
        existing = session.sim.try_get(obj.kind, obj.namespace, obj.name)
        if existing is None:
            errors.append(f'Error from server (NotFound): error when deleting "{doc.source}": '
                          f'{rt.qualified_plural} "{obj.name}" not found')
        else:
            found.append((rt, existing))
    return found, errors


def _grace(parsed: Parsed) -> int | None:
    grace = parsed["grace-period"]
    if parsed["now"]:
        grace = 1
    if parsed["force"] and grace < 0:
        grace = 0
    if grace == 0 and not parsed["force"]:
        grace = 1  # kubectl: --grace-period=0 without --force means 1 second
    return None if grace < 0 else grace


def _check_deletable(obj: KObject) -> None:
    if obj.kind == "Namespace" and obj.name in IMMORTAL_NAMESPACES:
        raise CommandError(f'Error from server (Forbidden): namespaces "{obj.name}" is forbidden: '
                           "this namespace may not be deleted")


def _wait_until_gone(session: Session, objects: list[KObject]) -> None:
    """kubectl delete waits until what it deleted is gone (a Terminating pod, an owner in foreground deletion);
    capped at the pods' grace period (the default one for an owner whose pods go with it) plus 10 s. A pod on a
    dead node stays Terminating; real kubectl would wait on, the sandbox moves on."""
    sim = session.sim
    waiting = [o for o in objects if sim.by_uid(o.uid) is not None]
    if not waiting:
        return
    graces = [o.metadata.deletion_grace_period_seconds or 0 if o.kind == "Pod" else sim.config.termination_grace_period
              for o in waiting]
    deadline = sim.now + max(graces) + 10
    while sim.now < deadline and any(sim.by_uid(o.uid) is not None for o in waiting):
        if not session.advance(1):
            return  # time is held (a lesson waits for an answer): stop waiting
