"""`kubectl set image TYPE/NAME... CONTAINER=IMAGE...` and `kubectl set selector TYPE NAME EXPRESSIONS`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ...core.errors import ApiError
from ...core.labels import Requirement, SelectorError, parse_selector
from ...core.objects import KObject
from ...core.rollout import image_changes, pod_spec
from ..errors import CommandError, check_errors, error
from ..parse import Parsed
from ..result import CommandResult
from . import command, done
from .common import (
    NO_ARGS,
    Found,
    dry_run,
    find_named,
    list_objects,
    lookup,
    namespace,
    resources_and_pairs,
    targets,
)
from .patch import CUSTOM_RESOURCES

if TYPE_CHECKING:
    from ..session import Session

# metav1.LabelSelectorOperator: how ParseToLabelSelector turns `!=` into an expression
_OPERATORS = {"!=": "NotIn"}


@command("set image", flags=("all", "selector", "dry-run"), summary="Update the image of a pod template")
def set_image(session: Session, parsed: Parsed) -> CommandResult:
    """set_image.go: Complete (split the arguments, find every object), Validate, then Run: one patch per object.

    Every argument is checked and every object found before the first write; an object's own failure (a
    container it lacks, an update the server refuses) is reported at the end while the others go on."""
    suffix = dry_run(parsed)
    resources, images = _resources_and_images(parsed.args)
    objects = _find_objects(session, parsed, resources)
    _validate(parsed, images)
    plans = [(rt, obj, _plan(obj, images)) for rt, obj in objects]
    missing = [message for _, _, plan in plans for message in plan.missing]
    lines, failures, changed = [], [], []
    for rt, obj, plan in plans:
        if plan.unsupported:
            failures.append(f"error: {rt.plural}/{obj.name} {plan.unsupported}")
        elif plan.images:
            try:   # a client dry run sends nothing; a server one is validated as the write would be
                if parsed.flags.get("dry-run") != "client":
                    session.sim.set_image(obj.kind, obj.namespace, obj.name, plan.images, actor=session.actor,
                                          dry_run=parsed.flags.get("dry-run") == "server")
            except ApiError as err:   # fmt.Errorf("...: %v", err): the server's message, not its reason
                failures.append(f"failed to patch image update to pod template: {err.message}")
                continue
            changed.append(obj)
            lines.append(f"{rt.qualified}/{obj.name} image updated{suffix}")
    errors = missing + failures
    return done("\n".join(lines + check_errors(errors)), *changed, exit_code=1 if errors else 0)


def _resources_and_images(args: list[str]) -> tuple[list[str], dict[str, str]]:
    """cmdutil.GetResourcesAndPairs, then ParsePairs: NAME=IMAGE pairs (or NAME-, which set image refuses)
    follow every resource; a later pair replaces an earlier one for the same container."""
    resources, pairs = resources_and_pairs(
        args, "image", lambda arg: ("=" in arg and not arg.startswith("=")) or (arg.endswith("-") and arg != "-"))
    invalid = [p for p in pairs if "=" not in p]
    if invalid:
        raise error(f"invalid image format: {', '.join(invalid)}")
    return resources, dict(p.split("=", 1) for p in pairs)


def _find_objects(session: Session, parsed: Parsed, resources: list[str]) -> Found:
    """resource.Builder with LabelSelectorParam and ResourceTypeOrNameArgs(--all, ...): `TYPE/NAME...`,
    `TYPE NAME...`, or `TYPE[,TYPE]` with -l or --all. Any object not found fails the whole command."""
    chosen = parsed.flags.get("selector") or ""
    if not resources:
        raise error("at least one resource must be specified to use a selector") if chosen else CommandError(NO_ARGS)
    wanted = targets(resources)
    if chosen and any("/" in r for r in resources):
        raise error("selectors and the all flag cannot be used when passing resource/name arguments")
    if chosen and len(resources) > 1:
        raise error("name cannot be provided when a selector is specified")
    if len(resources) > 1 and "/" not in resources[0] and len({t.rt.kind for t in wanted}) > 1:
        raise error("you must specify only one resource")
    if any(t.name is None for t in wanted):
        if not chosen and not parsed["all"]:
            raise error("resource(s) were provided, but no name was specified")
        return [(t.rt, obj) for t in wanted for obj in list_objects(session, parsed, t.rt)]
    found, not_found = find_named(session, parsed, wanted)
    if not_found:
        raise CommandError("\n".join(not_found))
    return found


def _validate(parsed: Parsed, images: dict[str, str]) -> None:
    """SetImageOptions.Validate, its errors aggregated. (Its "one or more resources must be specified" is for
    -f, which the sandbox lacks: without resources the builder has refused already.)"""
    problems = []
    if parsed["all"] and parsed.flags.get("selector"):
        problems.append("cannot set --all and --selector at the same time")
    if not images:
        problems.append("at least one image update is required")
    elif len(images) > 1 and "*" in images:
        problems.append("all containers are already specified by *, but saw more than one "
                        "container_name=container_image pairs")
    if problems:
        raise CommandError("\n".join(check_errors(problems)))


@dataclass
class _Plan:
    """What set image does to one object: the images that change, the containers it lacks, or why it cannot."""

    images: dict[str, str] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    unsupported: str = ""


def _plan(obj: KObject, images: dict[str, str]) -> _Plan:
    """The update function set_image.go hands UpdatePodSpecForObject: setImage on the init containers and the
    containers; a name matching neither is an error, the names that match are still set."""
    pod = pod_spec(obj)
    if pod is None:
        return _Plan(unsupported=f"the object is not a pod or does not have a pod template: {_go_type(obj)}")
    missing, changes = image_changes(pod, images)
    plan = _Plan(missing=[f'error: unable to find container named "{name}"' for name in missing])
    if changes:   # an object whose images are all as asked gets an empty patch: no write
        plan.images = {name: image for name, image in images.items() if name not in missing}
    return plan


def _go_type(obj: KObject) -> str:
    """%T of the object the builder decoded: a typed `*v1.Service`, or unstructured for a custom resource."""
    if obj.kind in CUSTOM_RESOURCES:
        return "*unstructured.Unstructured"
    return f"*{obj.api_version.rsplit('/', 1)[-1]}.{obj.kind}"


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
