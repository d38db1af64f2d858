"""`kubectl apply -f`: create or update every object in files, folders or stdin.

Every document is validated and put through the cluster's admission checks (Service
addresses taken or asked for twice, the sandbox pod limit; core/preflight.py) before anything
is written, so one bad document leaves the cluster as it was (kubectl itself would apply the
documents before it).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ...core.admission import object_from_manifest
from ...core.errors import AlreadyExists, ApiError, NotFound
from ...core.interrupt import check as check_interrupt
from ...core.objects import KObject
from ...core.store import resource_name
from ..editor import APPLY_HEADER, apply_request
from ..errors import CommandError, error, server_error
from ..manifests import Document, read_sources
from ..parse import Parsed
from ..printers.output import object_name
from ..result import CommandResult
from . import command, done
from .common import dry_run, namespace

if TYPE_CHECKING:
    from ..session import Session

NO_FILE = ("error: must specify one of -f and -k\n\n"
           "See 'kubectl apply -h' for help and examples")


@command("apply", flags=("filename", "recursive", "dry-run", "output"),
         summary="Apply a configuration to a resource by file name or stdin")
def apply(session: Session, parsed: Parsed) -> CommandResult:
    if not parsed["filename"]:
        raise CommandError(NO_FILE)
    if "-" in parsed["filename"] and session.stdin is None and session.editor:
        # Standard input is typed in the app's editor; saving runs this line with it (Session.save_edit).
        return done("", edit=apply_request(APPLY_HEADER, session.line))
    docs = load(session, parsed, "apply")
    objects = checked(session, parsed, docs, creating=False)
    suffix = dry_run(parsed)
    lines, touched = [], []
    for doc, obj in objects:
        check_interrupt()  # a quitting app stops here (core/interrupt.py); nothing after it is kept
        action = would_apply(session, obj) if suffix else _apply(session, doc, parsed)
        lines.append(f"{object_name(obj)} {action}{suffix}")
        touched.append(session.sim.try_get(obj.kind, obj.namespace, obj.name) or obj)
    return done("\n".join(lines), *touched)


def load(session: Session, parsed: Parsed, verb: str) -> list[Document]:
    recursive = parsed.flags.get("recursive", False)
    docs = [doc for name in parsed["filename"]
            for doc in read_sources([name], _folder_for(session, name), session.stdin, recursive)]
    if not docs:
        raise error(f"no objects passed to {verb}")
    return docs


def _folder_for(session: Session, name: str) -> Path:
    """Where a relative path is read from: the working directory, or in a lesson its folder when the
    path is there and not in the working directory."""
    lesson = session.lesson_dir
    if lesson is None or name.startswith(("-", "http://", "https://")) or Path(name).is_absolute():
        return session.cwd
    try:
        return lesson if not (session.cwd / name).exists() and (lesson / name).exists() else session.cwd
    except OSError:         # a name too long for the file system: read_sources reports it
        return session.cwd


def checked(session: Session, parsed: Parsed, docs: list[Document], *, creating: bool,
            admission: bool = True, generated: bool = False) -> list[tuple[Document, KObject]]:
    """Validate every document up front (and, with `admission`, the cluster's admission checks; a
    client-side dry run skips those as kubectl's never reaches the server); raise the first error,
    worded as kubectl words it. `generated`: the documents come from a `kubectl create` generator
    (see core.validation.validate_manifest)."""
    ns = namespace(session, parsed)
    new_namespaces: list[str] = []
    out: list[tuple[Document, KObject]] = []
    preflight = session.sim.preflight() if admission and parsed.flags.get("dry-run") != "client" else None
    for doc in docs:
        check_interrupt()
        _check_namespace_flag(parsed, doc, ns)
        try:
            obj = object_from_manifest(doc.manifest, session.sim.config, ns, generated=generated)
        except ApiError as err:
            raise CommandError(server_error(err, f'error when creating "{doc.source}"')) from None
        existing = session.sim.try_get(obj.kind, obj.namespace, obj.name)
        if creating and existing is None and any(o.kind == obj.kind and o.namespace == obj.namespace and
                                                 o.name == obj.name and obj.name for _, o in out):
            existing = obj   # named twice in one create: the second would fail after the first was written
        try:
            _check_object(session, obj, existing, new_namespaces, creating)
            if preflight is not None:
                preflight.check(obj, existing)
        except ApiError as err:
            verb = "retrieving current configuration of" if existing is not None and not creating else "creating"
            raise CommandError(server_error(err, f'error when {verb} "{doc.source}"')) from None
        if obj.kind == "Namespace":
            new_namespaces.append(obj.name)
        out.append((doc, obj))
    return out


def _check_namespace_flag(parsed: Parsed, doc: Document, ns: str) -> None:
    meta = doc.manifest.get("metadata") if isinstance(doc.manifest, dict) else None
    given = meta.get("namespace") if isinstance(meta, dict) else None
    if parsed.flags.get("namespace") and isinstance(given, str) and given and given != ns:
        raise error(f'the namespace from the provided object "{given}" does not match the namespace "{ns}". '
                    f"You must pass '--namespace={given}' to perform this operation.")


def _check_object(session: Session, obj: KObject, existing: KObject | None, new_namespaces: list[str],
                  creating: bool) -> None:
    if existing is not None:
        if creating:
            raise AlreadyExists(f'{resource_name(obj.kind)} "{obj.name}" already exists')
        from ...core.validation import validate_update  # late: pydantic schemas cost start-up time

        validate_update(existing, obj)
        return
    if not obj.cluster_scoped and obj.namespace not in new_namespaces and \
            session.sim.try_get("Namespace", "", obj.namespace) is None:
        raise NotFound(f'namespaces "{obj.namespace}" not found')


def _apply(session: Session, doc: Document, parsed: Parsed) -> str:
    return session.sim.apply(doc.manifest, actor=session.actor, namespace=namespace(session, parsed)).action


def would_apply(session: Session, obj: KObject) -> str:
    """What apply would do, without doing it (--dry-run)."""
    existing = session.sim.try_get(obj.kind, obj.namespace, obj.name)
    if existing is None:
        return "created"
    same = (existing.spec == obj.spec and existing.body == obj.body and existing.metadata.labels == obj.metadata.labels
            and existing.metadata.annotations == obj.metadata.annotations)
    return "unchanged" if same else "configured"

