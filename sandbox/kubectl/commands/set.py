"""`kubectl set image TYPE/NAME CONTAINER=IMAGE...`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import CommandError, error
from ..parse import Parsed
from ..result import CommandResult
from . import command, done
from .common import lookup, namespace, targets

if TYPE_CHECKING:
    from ..session import Session


@command("set image", flags=("all", "selector", "dry-run"), summary="Update the image of a pod template")
def set_image(session: Session, parsed: Parsed) -> CommandResult:
    pairs = [a for a in parsed.args if "=" in a]
    resources = [a for a in parsed.args if "=" not in a]
    if not pairs:
        raise CommandError("error: at least one image update is required\nSee 'kubectl set image -h' for help "
                           "and examples")
    wanted = targets(resources)
    if not wanted or wanted[0].name is None:
        raise CommandError("error: one or more resources must be specified as <resource> <name> or <resource>/<name>")
    images = dict(p.split("=", 1) for p in pairs)
    rt = wanted[0].rt
    obj = lookup(session, rt, namespace(session, parsed), wanted[0].name or "")
    names = [c.get("name") for c in ((obj.spec.get("template") or {}).get("spec") or {}).get("containers") or []]
    if rt.kind not in ("Deployment", "DaemonSet", "ReplicaSet", "StatefulSet"):
        raise error(f"cannot set the image of a {rt.kind} in the sandbox")
    if "*" in images:
        images = {n: images["*"] for n in names}
    for container in images:
        if container not in names:
            raise error(f'unable to find container named "{container}"')
    session.sim.set_image(obj.kind, obj.namespace, obj.name, images, actor=session.actor)
    return done(f"{rt.qualified}/{obj.name} image updated", obj)
