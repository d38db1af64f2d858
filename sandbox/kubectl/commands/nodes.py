"""`kubectl cordon NODE` and `uncordon NODE` (drain has its own module)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...core.objects import KObject
from ..errors import CommandError
from ..parse import Parsed
from ..resources import BY_KIND
from ..result import CommandResult
from . import command, done
from .common import lookup

if TYPE_CHECKING:
    from ..session import Session

NODE = BY_KIND["Node"]


def node_named(session: Session, parsed: Parsed, verb: str) -> KObject:
    if not parsed.args:
        raise CommandError(f"error: USAGE: {verb} NODE [flags]\nSee 'kubectl {verb} -h' for help and examples")
    name = parsed.args[0].removeprefix("node/").removeprefix("nodes/")
    return lookup(session, NODE, "", name)


@command("cordon", flags=("selector", "dry-run"), summary="Mark node as unschedulable")
def cordon(session: Session, parsed: Parsed) -> CommandResult:
    node = node_named(session, parsed, "cordon")
    if node.spec.get("unschedulable"):
        return done(f"node/{node.name} already cordoned", node)
    session.sim.cordon(node.name, actor=session.actor)
    return done(f"node/{node.name} cordoned", node)


@command("uncordon", flags=("selector", "dry-run"), summary="Mark node as schedulable")
def uncordon(session: Session, parsed: Parsed) -> CommandResult:
    node = node_named(session, parsed, "uncordon")
    if not node.spec.get("unschedulable"):
        return done(f"node/{node.name} already uncordoned", node)
    session.sim.uncordon(node.name, actor=session.actor)
    return done(f"node/{node.name} uncordoned", node)
