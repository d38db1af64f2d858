"""`kubectl edit TYPE NAME`: the live object in an editor; saving patches what changed.

As EditOptions.Run does (k/k staging/src/k8s.io/kubectl/pkg/cmd/util/editor/editoptions.go):
the file is kubectl's header plus the object as `-o yaml` prints it; on save, comments are
stripped; no change is `Edit cancelled, no changes made.`; an empty file `Edit cancelled, saved
file was empty.`; a YAML syntax error, or an Invalid answer from the server, reopens the file
with the reasons as comments under the header (`error: deployments.apps "web" is invalid`), and
saving the reopened file unchanged gives up with `error: Edit cancelled, no valid changes were
saved.`. The patch is the change from the first printed object to the saved one.

In the app the editor is the YAML pane (session.editor); in a `kubesandbox run` script the
edited object comes as a heredoc (`kubectl edit deployment web <<EOF`), standing for the file
saved in the editor. Simplifications: one object per edit; the patch is a JSON merge patch
(lists replaced whole, where kubectl sends a strategic merge patch that merges containers by name).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...core.errors import ApiError, Invalid, NotFound
from ...core.merge import create_merge_patch
from ..editor import (
    EditReason,
    EditRequest,
    go_value,
    has_lines,
    header_text,
    manual_strip,
    strip_comments,
)
from ..errors import CommandError, error
from ..manifests import parse_stream
from ..parse import Parsed
from ..printers.output import object_name, to_yaml
from ..resources import BY_KIND
from ..result import CommandResult
from . import command, done
from .common import lookup, namespace, targets

if TYPE_CHECKING:
    from ...core.objects import KObject
    from ..session import Session

NO_RESOURCE = ("Error: You must provide one or more resources by argument or filename.\n"
               "Example resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n"
               "   '<resource> <name>'\n   '<resource>'")
NO_EDITOR = ("error: there is no editor here: in the app `kubectl edit` opens the YAML editor; in a script, give the "
             "edited object as a heredoc (kubectl edit {kind} {name} <<EOF ... EOF)")
CHANGED_IDENTITY = "error: At least one of apiVersion, kind and name was changed"
REOPENED = "(kubectl would reopen the file in your editor, with these lines at the top:)"
STRICT = "strict decoding error:"


@command("edit", summary="Edit a resource on the server")
def edit(session: Session, parsed: Parsed) -> CommandResult:
    wanted = targets(parsed.args)
    if not wanted:
        raise CommandError(NO_RESOURCE)
    if len(wanted) != 1 or wanted[0].name is None:
        raise error("the sandbox edits one object at a time: kubectl edit TYPE NAME")
    obj = lookup(session, wanted[0].rt, namespace(session, parsed), wanted[0].name)
    request = open_request(session, obj)
    if session.stdin is not None:
        return save(session, request, session.stdin)
    if not session.editor:
        raise CommandError(NO_EDITOR.format(kind=obj.kind.lower(), name=obj.name))
    return done("", obj, edit=request)


def open_request(session: Session, obj: KObject) -> EditRequest:
    """The file kubectl edit writes for `obj`: its header, then the object as `-o yaml` prints it."""
    printed = to_yaml(obj.to_dict()) + "\n"
    ns = f" -n {obj.namespace}" if obj.namespace and obj.namespace != session.namespace else ""
    line = f"kubectl edit {obj.kind.lower()} {obj.name}{ns}"
    return EditRequest(line, "edit", header_text() + printed, original=printed, kind=obj.kind,
                       namespace=obj.namespace, name=obj.name)


def save(session: Session, request: EditRequest, text: str) -> CommandResult:
    """One pass of editFn's loop: what kubectl does with the file saved in the editor."""
    if request.previous is not None and strip_comments(request.previous) == strip_comments(text):
        raise CommandError("error: Edit cancelled, no valid changes were saved.")
    if strip_comments(request.original) == strip_comments(text):
        return done("Edit cancelled, no changes made.")
    if not has_lines(text):
        return done("Edit cancelled, saved file was empty.")
    try:
        docs = parse_stream(text, "edited-file")
    except CommandError as err:
        problem = str(err).removeprefix("error: ").removeprefix("error parsing edited-file: ")
        return _reopen(session, request, text, EditReason(f"The edited file had a syntax error: {problem}"), "")
    edited = docs[0].manifest if len(docs) == 1 else None
    original = parse_stream(request.original, "original")[0].manifest
    if not isinstance(edited, dict) or any(edited.get(k) != original.get(k) for k in ("apiVersion", "kind")) \
            or _meta(edited, "name") != _meta(original, "name"):
        raise CommandError(CHANGED_IDENTITY)
    given = _meta(edited, "namespace")
    if given and given != request.namespace:
        raise error(f'the namespace from the provided object "{given}" does not match the namespace '
                    f'"{request.namespace}". You must pass \'--namespace={given}\' to perform this operation.')
    return _patch(session, request, text, create_merge_patch(original, edited))


def _patch(session: Session, request: EditRequest, text: str, patch: dict[str, Any]) -> CommandResult:
    rt = BY_KIND[request.kind]
    resource = f'{rt.qualified_plural} "{request.name}"'
    live = session.sim.try_get(request.kind, request.namespace, request.name)
    if live is None:
        raise CommandError(f"error: {resource} could not be found on the server")
    if not patch:
        return done(f"{object_name(live)} skipped", live)
    try:
        applied = session.sim.patch(request.kind, request.namespace, request.name, patch, actor=session.actor)
    except NotFound:
        raise CommandError(f"error: {resource} could not be found on the server") from None
    except Invalid as err:
        reason = EditReason(f"{resource} was not valid", tuple(err.causes))
        return _reopen(session, request, text, reason, f"error: {resource} is invalid")
    except ApiError as err:
        if STRICT not in err.message:
            raise CommandError(f"error: {resource} could not be patched: {err.message}") from None
        # The API server answers a strict decoding failure in a patch as Invalid, naming the patch
        # (applyPatchToObject in apiserver/pkg/endpoints/handlers/patch.go).
        detail = err.message[err.message.index(STRICT):]
        reason = EditReason(f"{resource} was not valid", (f'patch: Invalid value: "{go_value(patch)}": {detail}',))
        return _reopen(session, request, text, reason, f"error: {resource} is invalid")
    return done(f"{object_name(applied.obj)} edited", applied.obj)


def _reopen(session: Session, request: EditRequest, text: str, reason: EditReason, message: str) -> CommandResult:
    """The file comes back with the reason under the header; the edits are kept (without comments)."""
    reopened = EditRequest(request.line, "edit", header_text((reason,)) + manual_strip(text), request.original,
                           previous=text, kind=request.kind, namespace=request.namespace, name=request.name,
                           reasons=(reason,))
    output = message
    if not session.editor:  # no editor to reopen: say what it would have shown
        comments = header_text((reason,)).removeprefix(header_text()).rstrip("\n")
        output = "\n".join(part for part in (message, REOPENED, comments) if part)
    return done(output, exit_code=1, edit=reopened)


def _meta(manifest: dict[str, Any], key: str) -> Any:
    meta = manifest.get("metadata")
    return meta.get(key) if isinstance(meta, dict) else None
