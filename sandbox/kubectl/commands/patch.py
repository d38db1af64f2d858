"""`kubectl patch TYPE NAME -p PATCH [--type strategic|merge|json]`."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import yaml

from ...core.objects import API_VERSIONS
from ..errors import CommandError, error
from ..manifests import MAX_DEPTH, flow_depth, to_json_shape
from ..parse import Parsed
from ..result import CommandResult
from . import command, done
from .common import dry_run, lookup, namespace, targets

if TYPE_CHECKING:
    from ..session import Session

PATCH_TYPES = ("strategic", "merge", "json")
# Custom resources have no strategic-merge schema (kubernetes/kubernetes#112556 gave kubectl 1.26 its words).
CUSTOM_RESOURCES = ("VirtualService", "DestinationRule")


@command("patch", flags=("patch", "type", "dry-run"), summary="Update fields of a resource")
def patch(session: Session, parsed: Parsed) -> CommandResult:
    wanted = targets(parsed.args)
    if len(wanted) != 1 or wanted[0].name is None:
        raise CommandError("error: resource(s) were provided, but no name was specified" if wanted else
                           "error: You must provide one or more resources by argument or filename.")
    text = parsed["patch"]
    if not text:
        raise error("must specify --patch or --patch-file containing the contents of the patch")
    patch_type = parsed["type"] or "strategic"
    if patch_type not in PATCH_TYPES:
        raise error(f'--type must be one of [json merge strategic], not "{patch_type}"')
    suffix = dry_run(parsed)   # (it checks the mode too)
    mode = parsed.flags.get("dry-run") or "none"
    body = _decode(text)
    target = wanted[0]
    ns = namespace(session, parsed)
    obj = lookup(session, target.rt, ns, target.name or "")
    if patch_type == "strategic" and obj.kind in CUSTOM_RESOURCES:
        raise _no_strategic_merge(obj.kind, local=mode == "client")
    # Strategic merge differs from a merge patch only inside lists (merged by key); the sandbox replaces lists.
    applied = session.sim.patch(obj.kind, ns, obj.name, body, patch_type="json" if patch_type == "json" else "merge",
                                actor=session.actor, dry_run=mode)
    verb = "patched" if applied.action != "unchanged" else "patched (no change)"
    return done(f"{target.rt.qualified}/{obj.name} {verb}{suffix}", applied.obj)


def _no_strategic_merge(kind: str, *, local: bool) -> CommandError:
    """A custom resource has no strategic-merge schema: kubectl cannot patch it locally (a client dry run),
    and the API server answers 415, which kubectl words as patch.go does."""
    gvk = f"{API_VERSIONS[kind]}, Kind={kind}"
    if local:
        return error(f"strategic merge patch is not supported for {gvk} locally, try --type merge")
    return error(f"application/strategic-merge-patch+json is not supported by {gvk}: the body of the request was "
                 "in an unknown format - accepted media types include: application/json-patch+json, "
                 "application/merge-patch+json, application/apply-patch+yaml")


def _decode(text: str) -> Any:
    """kubectl accepts the patch as JSON or YAML; nesting deeper than any manifest is refused, not recursed into."""
    if flow_depth(text) > MAX_DEPTH:
        raise error(f"unable to parse \"{text}\": the patch is nested too deeply")
    try:
        try:
            value = json.loads(text)
        except ValueError:
            value = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise error(f"unable to parse \"{text}\": {str(err).splitlines()[0]}") from None
    except ValueError:           # an integer of more digits than Python converts (4,300)
        raise error(f"unable to parse \"{text}\": a number is too long") from None
    except RecursionError:
        value = None
    if value is None and text.strip() not in ("", "null", "~"):
        raise error(f"unable to parse \"{text}\": the patch is nested too deeply")
    return to_json_shape(value, "the patch")
