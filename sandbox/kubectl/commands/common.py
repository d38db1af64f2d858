"""What several commands share: the namespace in effect, resource arguments, lookups."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...core.errors import NotFound
from ...core.labels import Requirement, SelectorError, parse_selector
from ...core.objects import KObject, condition, parse_time, pod_is_ready
from ..errors import CommandError, error
from ..parse import Parsed
from ..printers.gosort import go_sort
from ..resources import ALL_CATEGORY, BY_KIND, ResourceType, resolve

if TYPE_CHECKING:
    from ...core.simulation import Simulation
    from ..session import Session

# Why a waiting command (rollout status, drain, run --rm) stops early while a lesson holds the clock.
TIME_HELD = "simulated time is held until the lesson's question is answered"
TIMED_OUT = "error: timed out waiting for the condition"

RESOURCE_NAME_FORM = ("error: there is no need to specify a resource type as a separate argument when passing "
                      "arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of "
                      "'kubectl get resource resource/<resource_name>'")

# cli-runtime resource.Builder's missingResourceError: no resource named at all.
NO_ARGS = ("error: You must provide one or more resources by argument or filename.\n"
           "Example resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n"
           "   '<resource> <name>'\n   '<resource>'")


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


def advance_to(session: Session, sim: Simulation, target: float) -> str:
    """Move simulated time on to `target` through the session, so observers (a lesson) see it pass.
    Returns why the waiting command must stop ("" if it may go on): time is held, or a lesson
    replaced the cluster on the way."""
    if session.sim is sim and not session.time_held():
        session.advance(max(0.0, target - sim.now))
    if session.sim is not sim:
        return "the cluster was replaced"
    return TIME_HELD if session.time_held() else ""


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


def resources_and_pairs(args: list[str], pair_type: str, is_pair: Callable[[str], bool]) -> tuple[list[str], list[str]]:
    """cmdutil.GetResourcesAndPairs: resources first, then the `pair_type` changes (`set image`'s NAME=IMAGE,
    `taint`'s KEY=VALUE:EFFECT); a resource after a change is refused."""
    resources: list[str] = []
    pairs: list[str] = []
    for arg in args:
        if is_pair(arg):
            pairs.append(arg)
        elif pairs:
            raise error(f"all resources must be specified before {pair_type} changes: {arg}")
        else:
            resources.append(arg)
    return resources, pairs


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


def pod_for(session: Session, ns: str, arg: str, notes: list[str] | None = None) -> KObject:
    """A pod by name, or the pod kubectl picks for TYPE/NAME.

    With `notes` (kubectl logs: polymorphichelpers/logsforobject.go) pods are ranked ByLogging
    and kubectl's "Found N pods, using pod/…" is noted; without (exec and attach:
    attachablepodforobject.go) the most active pod is taken, silently.
    """
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
    pods = sorted_objects(session.sim.list("Pod", ns, requirements)) if labels else []
    if not pods:
        # kubectl waits --pod-running-timeout (20s) for a pod to appear, then gives up.
        raise error("timed out waiting for the condition")
    if notes is None:
        go_sort(pods, lambda a, b: _active_less(b, a))  # sort.Reverse(podutils.ActivePods(pods))
        return pods[0]
    go_sort(pods, _logging_less)
    if len(pods) > 1:
        notes.append(f"Found {len(pods)} pods, using pod/{pods[0].name}")
    return pods[0]


# ---- podutils.ByLogging and podutils.ActivePods (kubectl pkg/util/podutils) -----------------

_LOGGING_PHASE = {"Running": 0, "Unknown": 1, "Pending": 2}
_ACTIVE_PHASE = {"Pending": 0, "Unknown": 1, "Running": 2}


def _logging_less(a: KObject, b: KObject) -> bool:
    """Assigned, Running, ready, ready longer, more restarts, older first."""
    node_a, node_b = a.spec.get("nodeName") or "", b.spec.get("nodeName") or ""
    if node_a != node_b and (not node_a or not node_b):
        return bool(node_a)
    pa, pb = _LOGGING_PHASE.get(a.status.get("phase", ""), 0), _LOGGING_PHASE.get(b.status.get("phase", ""), 0)
    if pa != pb:
        return pa < pb
    if pod_is_ready(a) != pod_is_ready(b):
        return pod_is_ready(a)
    if pod_is_ready(a) and pod_is_ready(b) and _ready_time(a) != _ready_time(b):
        return _after_or_zero(_ready_time(b), _ready_time(a))
    if _restarts(a) != _restarts(b):
        return _restarts(a) > _restarts(b)
    if _whole(a.metadata.creation_timestamp) != _whole(b.metadata.creation_timestamp):
        return _after_or_zero(b.metadata.creation_timestamp, a.metadata.creation_timestamp)
    return False


def _active_less(a: KObject, b: KObject) -> bool:
    """Less active first: unassigned, Pending, not ready, deleting, ready shorter, more restarts, newer."""
    node_a, node_b = a.spec.get("nodeName") or "", b.spec.get("nodeName") or ""
    if node_a != node_b and (not node_a or not node_b):
        return not node_a
    pa, pb = _ACTIVE_PHASE.get(a.status.get("phase", ""), 0), _ACTIVE_PHASE.get(b.status.get("phase", ""), 0)
    if pa != pb:
        return pa < pb
    if pod_is_ready(a) != pod_is_ready(b):
        return not pod_is_ready(a)
    da, db = a.metadata.deletion_timestamp, b.metadata.deletion_timestamp
    if (da is not None) != (db is not None):
        return da is not None
    if da is not None and db is not None and int(da) != int(db):
        return da < db
    if pod_is_ready(a) and pod_is_ready(b) and _ready_time(a) != _ready_time(b):
        return _after_or_zero(_ready_time(a), _ready_time(b))
    if _restarts(a) != _restarts(b):
        return _restarts(a) > _restarts(b)
    if _whole(a.metadata.creation_timestamp) != _whole(b.metadata.creation_timestamp):
        return _after_or_zero(a.metadata.creation_timestamp, b.metadata.creation_timestamp)
    return False


def _ready_time(pod: KObject) -> float | None:
    cond = condition(pod.status, "Ready")
    return parse_time(cond.get("lastTransitionTime")) if cond and cond.get("status") == "True" else None


def _after_or_zero(t1: float | None, t2: float | None) -> bool:
    if t1 is None or t2 is None:
        return t1 is None
    return int(t1) > int(t2)


def _whole(seconds: float | None) -> int | None:
    """API timestamps have whole seconds."""
    return None if seconds is None else int(seconds)


def _restarts(pod: KObject) -> int:
    """maxContainerRestarts: the most restarts of any one container."""
    return max((int(c.get("restartCount") or 0) for c in pod.status.get("containerStatuses") or []), default=0)
