"""`kubectl delete`: by name, TYPE/NAME, -l, --all or -f; pods go gracefully and kubectl waits."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...core.objects import KObject
from ..errors import CommandError, error
from ..parse import Parsed
from ..resources import BY_KIND, ResourceType
from . import command, done
from .apply import load
from .common import Found, dry_run, find_named, list_objects, namespace, targets

if TYPE_CHECKING:
    from ..session import Session

NO_ARGS = ("error: You must provide one or more resources by argument or filename.\n"
           "Example resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n"
           "   '<resource> <name>'\n   '<resource>'")
IMMORTAL_NAMESPACES = ("default", "kube-public", "kube-system")
FORCE_WARNING = ("Warning: Immediate deletion does not wait for confirmation that the running resource has been "
                 "terminated. The resource may continue to run on the cluster indefinitely.")


@command("delete", flags=("filename", "recursive", "selector", "all", "all-namespaces", "grace-period", "force",
                          "now", "wait", "dry-run", "field-selector"), summary="Delete resources by file names, "
                                                                               "stdin, resources and names")
def delete(session: Session, parsed: Parsed):
    found, errors = _find(session, parsed)
    grace = _grace(parsed)
    suffix = dry_run(parsed)
    lines = [FORCE_WARNING] if parsed["force"] and grace == 0 else []
    if not found and not errors:
        return done("No resources found")
    for rt, obj in found:
        _check_deletable(obj)
    for rt, obj in found:
        if not suffix:
            session.sim.delete(obj.kind, obj.namespace, obj.name, actor=session.actor, grace_period=grace)
        verb = "force deleted" if parsed["force"] and grace == 0 else "deleted"
        lines.append(f'{rt.qualified} "{obj.name}" {verb}{suffix}')
    if not suffix and parsed["wait"]:
        _wait_for_pods(session, [o for _, o in found if o.kind == "Pod"])
    return done("\n".join(lines + errors), *[o for _, o in found], exit_code=1 if errors else 0)


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


def _wait_for_pods(session: Session, pods: list[KObject]) -> None:
    """kubectl delete waits until the pods are gone; capped at their grace period plus 10 s.
    A pod on a dead node stays Terminating; real kubectl would wait on, the sandbox moves on."""
    sim = session.sim
    deadline = sim.now + max((p.metadata.deletion_grace_period_seconds or 0 for p in pods), default=0) + 10
    while sim.now < deadline and any(sim.by_uid(p.uid) is not None for p in pods):
        session.advance(1)
