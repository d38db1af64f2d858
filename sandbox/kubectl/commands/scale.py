"""`kubectl scale TYPE NAME --replicas=N`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import CommandError, error
from ..parse import Parsed
from ..result import CommandResult
from . import command, done
from .common import lookup, namespace, targets

if TYPE_CHECKING:
    from ..session import Session

# The Kubernetes scalability envelope (150,000 pods): the sandbox refuses more than that.
MAX_REPLICAS = 150_000
REPLICAS_REQUIRED = "error: --replicas=COUNT is required, and COUNT must be greater than or equal to 0"


@command("scale", flags=("replicas", "current-replicas"),
         summary="Set a new size for a deployment, replica set, or stateful set")
def scale(session: Session, parsed: Parsed) -> CommandResult:
    replicas = parsed.flags.get("replicas")
    if replicas is None:
        raise error('required flag(s) "replicas" not set')
    if replicas < 0:
        raise CommandError(REPLICAS_REQUIRED)
    if replicas > MAX_REPLICAS:
        raise error(f"the sandbox simulates at most {MAX_REPLICAS} pods (Kubernetes' tested limit); "
                    f"--replicas={replicas} is above it")
    wanted = targets(parsed.args)
    if not wanted or any(t.name is None for t in wanted):
        raise CommandError("error: resource(s) were provided, but no name was specified" if wanted else
                           "error: You must provide one or more resources by argument or filename.")
    ns = namespace(session, parsed)
    objects = [(t.rt, lookup(session, t.rt, ns, t.name or "")) for t in wanted]
    lines = []
    for rt, obj in objects:
        if rt.kind not in ("Deployment", "ReplicaSet", "StatefulSet"):
            raise CommandError("Error from server (NotFound): the server could not find the requested resource")
        current = parsed["current-replicas"]
        if current >= 0 and obj.spec.get("replicas") != current:
            raise error(f"Expected replicas to be {current}, was {obj.spec.get('replicas')}")
    for rt, obj in objects:
        session.sim.scale(obj.kind, ns, obj.name, replicas, actor=session.actor)
        lines.append(f"{rt.qualified}/{obj.name} scaled")
    return done("\n".join(lines), *[o for _, o in objects])
