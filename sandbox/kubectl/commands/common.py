"""What several commands share: the namespace in effect, resource arguments, lookups."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ...core.errors import NotFound
from ...core.labels import Requirement, SelectorError, parse_selector
from ...core.objects import KObject, pod_is_ready
from ..errors import CommandError, error
from ..parse import Parsed
from ..resources import ALL_CATEGORY, BY_KIND, ResourceType, resolve

if TYPE_CHECKING:
    from ..session import Session

RESOURCE_NAME_FORM = ("error: there is no need to specify a resource type as a separate argument when passing "
                      "arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of "
                      "'kubectl get resource resource/<resource_name>'")


@dataclass
class Target:
    rt: ResourceType
    name: str | None = None


Found = list[tuple[ResourceType, KObject]]


def find_named(session: Session, parsed: Parsed, wanted: list[Target]) -> tuple[Found, list[str]]:
    """The named objects that exist, and kubectl's NotFound line for each that does not."""
    ns = namespace(session, parsed)
    objects, errors = [], []
    for target in wanted:
        obj = session.sim.try_get(target.rt.kind, ns, target.name or "")
        if obj is None:
            errors.append(not_found(target.rt, target.name or ""))
        else:
            objects.append((target.rt, obj))
    return objects, errors


def namespace(session: Session, parsed: Parsed) -> str:
    return parsed.flags.get("namespace") or session.namespace


def targets(args: list[str]) -> list[Target]:
    """`TYPE`, `TYPE NAME...`, `TYPE1,TYPE2 [NAME]`, `TYPE/NAME...`, and `all`."""
    if not args:
        return []
    if any("/" in a for a in args):
        if not all("/" in a for a in args):
            raise CommandError(RESOURCE_NAME_FORM)
        out = []
        for arg in args:
            kind, _, name = arg.partition("/")
            if not name:
                raise error("arguments in resource/name form must have a single resource and name")
            out.append(Target(resolve(kind), name))
        return out
    types = [t for t in args[0].split(",") if t]
    if not types:
        raise error(f'the server doesn\'t have a resource type "{args[0]}"')
    kinds = [BY_KIND[k] for t in types for k in (ALL_CATEGORY if t == "all" else ())] + \
        [resolve(t) for t in types if t != "all"]
    if len(args) == 1:
        return [Target(rt) for rt in kinds]
    return [Target(rt, name) for rt in kinds for name in args[1:]]


def selector(parsed: Parsed) -> list[Requirement] | None:
    text = parsed.flags.get("selector") or ""
    if not text:
        return None
    try:
        return parse_selector(text)
    except SelectorError as err:
        raise error(str(err)) from None


def lookup(session: Session, rt: ResourceType, ns: str, name: str) -> KObject:
    obj = session.sim.try_get(rt.kind, ns, name)
    if obj is None:
        raise NotFound(f'{rt.qualified_plural} "{name}" not found')
    return obj


def not_found(rt: ResourceType, name: str) -> str:
    return f'Error from server (NotFound): {rt.qualified_plural} "{name}" not found'


def sorted_objects(objects: list[KObject]) -> list[KObject]:
    """The API server lists in key order: namespace, then name."""
    return sorted(objects, key=lambda o: (o.namespace, o.name))


def list_objects(session: Session, parsed: Parsed, rt: ResourceType) -> list[KObject]:
    """Objects of a type in the namespace in effect (or all, with -A), filtered by -l."""
    ns = None if parsed.flags.get("all-namespaces") or not rt.namespaced else namespace(session, parsed)
    return sorted_objects(session.sim.list(rt.kind, ns, selector(parsed)))


def require_name(command: str, args: list[str], what: str = "resource") -> str:
    if not args:
        raise CommandError(f"error: {what} name is required\nSee 'kubectl {command} -h' for help and examples")
    return args[0]


def exactly_one_name(command: str, args: list[str]) -> str:
    """NameFromCommandArgs: the generators of `kubectl create` take one NAME (words after `--` are a command)."""
    if len(args) != 1:
        raise CommandError(f"error: exactly one NAME is required, got {len(args)}\n"
                           f"See 'kubectl {command} -h' for help and examples")
    return args[0]


def dry_run(parsed: Parsed) -> str:
    """`--dry-run=client|server|none`; returns the suffix kubectl prints (` (dry run)`)."""
    mode = parsed.flags.get("dry-run") or "none"
    if mode not in ("none", "client", "server"):
        raise error(f'Invalid dry-run value ({mode}). Must be "none", "server", or "client".')
    return {"client": " (dry run)", "server": " (server dry run)"}.get(mode, "")


def pod_for(session: Session, ns: str, arg: str, notes: list[str]) -> KObject:
    """A pod by name, or the pod kubectl picks for TYPE/NAME (attachablePodForObject, sorted ByLogging)."""
    kind, slash, name = arg.partition("/")
    if not slash:
        return lookup(session, BY_KIND["Pod"], ns, arg)
    rt = resolve(kind)
    if not name:
        raise error("arguments in resource/name form must have a single resource and name")
    owner = lookup(session, rt, ns, name)
    if rt.kind == "Pod":
        return owner
    match = owner.spec.get("selector") or {}
    if rt.kind in ("Service", "ReplicationController"):
        labels = dict(match)
    else:
        labels = dict(match.get("matchLabels") or {}) if isinstance(match, dict) else {}
    requirements = [(k, "=", (v,)) for k, v in sorted(labels.items())]
    pods = session.sim.list("Pod", ns, requirements) if labels else []
    if not pods:
        # kubectl waits --pod-running-timeout (20s) for a pod to appear, then gives up.
        raise error("timed out waiting for the condition")
    pods.sort(key=_by_logging)
    if len(pods) > 1:
        notes.append(f"Found {len(pods)} pods, using pod/{pods[0].name}")
    return pods[0]


def _by_logging(pod: KObject) -> tuple[Any, ...]:
    """podutils.ByLogging: scheduled, Running before Unknown before Pending, ready, more restarts, older."""
    st = pod.status
    phase_rank = {"Running": 0, "Unknown": 1, "Pending": 2}.get(st.get("phase", "Pending"), 3)
    restarts = sum(int(c.get("restartCount") or 0) for c in st.get("containerStatuses") or [])
    return (not pod.spec.get("nodeName"), phase_rank, not pod_is_ready(pod), -restarts, pod.metadata.creation_timestamp,
            pod.name)
