"""`kubectl set image TYPE/NAME CONTAINER=IMAGE...` and `kubectl set selector TYPE NAME EXPRESSIONS`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...core.labels import Requirement, SelectorError, parse_selector
from ...core.objects import KObject
from ..errors import CommandError, error
from ..parse import Parsed
from ..result import CommandResult
from . import command, done
from .common import dry_run, lookup, namespace, targets

if TYPE_CHECKING:
    from ..session import Session

# metav1.LabelSelectorOperator: how ParseToLabelSelector turns `!=` into an expression
_OPERATORS = {"!=": "NotIn"}


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
    suffix = dry_run(parsed)
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
    if not suffix:
        session.sim.set_image(obj.kind, obj.namespace, obj.name, images, actor=session.actor)
    return done(f"{rt.qualified}/{obj.name} image updated{suffix}", obj)


@command("set selector", flags=("dry-run",), summary="Set the selector on a resource")
def set_selector(session: Session, parsed: Parsed) -> CommandResult:
    """set_selector.go: the last argument is the selector, which replaces a Service's whole selector."""
    if not parsed.args:
        raise error("one selector is required")
    *resources, expression = parsed.args
    try:
        requirements = parse_selector(expression)
    except SelectorError as err:
        raise error(str(err)) from None
    suffix = dry_run(parsed)
    wanted = targets(resources)
    if not wanted:
        raise CommandError("error: You must provide one or more resources by argument or filename.")
    if any(t.name is None for t in wanted):
        raise CommandError("error: resource(s) were provided, but no name was specified")
    ns = namespace(session, parsed)
    objects = [(t.rt.qualified, lookup(session, t.rt, ns, t.name or "")) for t in wanted]
    lines = [_set_selector(session, qualified, obj, requirements, suffix) for qualified, obj in objects]
    return done("\n".join(lines), objects[0][1])


def _set_selector(session: Session, qualified: str, obj: KObject, requirements: list[Requirement], suffix: str) -> str:
    if obj.kind != "Service":
        raise error("setting a selector is only supported for Services")
    expressions = [r for r in requirements if r[1] != "="]
    if expressions:  # Go prints the []LabelSelectorRequirement with %v
        shown = " ".join(f"{{{key} {_OPERATORS.get(op, op)} [{' '.join(values)}]}}" for key, op, values in expressions)
        raise error(f"match expression [{shown}] not supported on this object")
    selector = {key: values[0] for key, _, values in requirements}
    if not suffix:
        # An empty selector is dropped from the Service, as the strategic merge patch kubectl sends drops it.
        op = {"op": "add", "path": "/spec/selector", "value": selector} if selector else \
            {"op": "remove", "path": "/spec/selector"}
        if selector or "selector" in obj.spec:
            session.sim.patch("Service", obj.namespace, obj.name, [op], patch_type="json", actor=session.actor)
    return f"{qualified}/{obj.name} selector updated{suffix}"
