"""Evaluating a lesson's checks against the cluster (through the Simulation, never the screen).

Each check gives an Outcome: whether it holds, and what was seen, in words a report and
a checklist can show ("2 of 3 wanted: pods of deployment/web that are Ready"). Checks
about what the learner did (`ran`, `pressed`) read the step's commands; `logged` reads
the audit log since the step started; `held` remembers since when its inner check holds.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..core.labels import parse_selector
from ..core.objects import KObject, controller_ref, node_is_ready, pod_is_ready
from ..core.podstatus import pod_status
from ..kubectl.resources import ALIASES
from .paths import MISSING, BadPath, read_path
from .schema import (
    AllCheck,
    AnyCheck,
    Check,
    Compared,
    CountCheck,
    FieldCheck,
    HeldCheck,
    LoggedCheck,
    NotCheck,
    PressedCheck,
    RanCheck,
    RequestCheck,
    TrafficCheck,
    UnchangedCheck,
)

if TYPE_CHECKING:
    from ..core.simulation import Simulation
    from ..kubectl.result import CommandResult


@dataclass(frozen=True)
class Outcome:
    ok: bool
    seen: str


@dataclass
class StepRecord:
    """What a step's checks may read besides the cluster: when it started, what the learner ran."""

    started_at: float
    audit_from: int
    namespace: str = "default"
    #: gives the cluster as the step began, for checks that compare against it (built on first use)
    start_of: Callable[[], Simulation] | None = None
    commands: list[CommandResult] = field(default_factory=list)
    #: id(held check) -> simulated time since which its inner check holds
    held_since: dict[int, float] = field(default_factory=dict)


    _start: Simulation | None = field(default=None, init=False, repr=False)

    @property
    def start(self) -> Simulation | None:
        if self._start is None and self.start_of is not None:
            self._start = self.start_of()
        return self._start


def evaluate(check: Check, sim: Simulation, step: StepRecord) -> Outcome:
    return _EVALUATORS[type(check)](check, sim, step)


def describe(check: Check) -> str:
    """The checklist line for a check: its label, else words made from its fields."""
    if check.label:
        return check.label
    return _DESCRIBERS[type(check)](check)


# ---- comparisons ---------------------------------------------------------------

def compare(seen: Any, want: Compared) -> bool:
    op, value = want.op, want.value
    if op == "exists":
        return (seen is not MISSING) == (value is not False)
    if seen is MISSING:
        return op == "!="
    if op == "==":
        return _same(seen, value)
    if op == "!=":
        return not _same(seen, value)
    if op == "in":
        return any(_same(seen, v) for v in value)
    if op == "matches":
        return re.search(value, str(seen)) is not None
    if isinstance(seen, bool) or not isinstance(seen, int | float):
        try:
            seen = float(seen)
        except (TypeError, ValueError):
            return False
    results: dict[str, bool] = {">=": seen >= value, "<=": seen <= value, ">": seen > value, "<": seen < value}
    return results[op]


def _same(seen: Any, value: Any) -> bool:
    if isinstance(seen, bool) or isinstance(value, bool):
        return seen is value or str(seen).lower() == str(value).lower()
    if isinstance(seen, int | float) and isinstance(value, int | float):
        return float(seen) == float(value)
    return str(seen) == str(value) if not isinstance(seen, dict | list) else seen == value


def _show(value: Any) -> str:
    return "nothing" if value is MISSING else repr(value) if isinstance(value, str) else str(value)


# ---- field and count --------------------------------------------------------------

def _field(check: FieldCheck, sim: Simulation, step: StepRecord) -> Outcome:
    spec = check.field
    kind = _kind(spec.kind)
    obj = sim.try_get(kind, spec.namespace or step.namespace, spec.name)
    if obj is None:
        seen: Any = MISSING
        where = f"{kind.lower()}/{spec.name} does not exist"
    else:
        try:
            seen = read_path(obj.to_dict(), spec.path)
        except BadPath as err:
            return Outcome(False, str(err))
        where = f"{spec.path} is {_show(seen)}"
    return Outcome(compare(seen, spec), where)


def _count(check: CountCheck, sim: Simulation, step: StepRecord) -> Outcome:
    spec = check.count
    kind = _kind(spec.kind)
    namespace = None if spec.all_namespaces else (spec.namespace or step.namespace)
    selector = parse_selector(spec.selector) if spec.selector else None
    objs = [o for o in sim.list(kind, namespace, selector) if _count_filters(o, spec, sim)]
    return Outcome(compare(len(objs), spec), f"{len(objs)} {_count_words(check)}")


def _count_filters(obj: KObject, spec: Any, sim: Simulation) -> bool:
    if spec.name_prefix and not obj.name.startswith(spec.name_prefix):
        return False
    if spec.node is not None and obj.spec.get("nodeName") != spec.node:
        return False
    if spec.phase is not None and obj.status.get("phase") != spec.phase:
        return False
    if spec.status is not None:
        wanted = spec.status if isinstance(spec.status, list) else [spec.status]
        if obj.kind != "Pod" or pod_status(obj) not in wanted:
            return False
    if spec.ready is not None:
        ready = node_is_ready(obj) if obj.kind == "Node" else pod_is_ready(obj) if obj.kind == "Pod" else False
        if ready != spec.ready:
            return False
    return spec.owner is None or _owned_by(obj, spec.owner, sim)


def _owned_by(obj: KObject, owner: str, sim: Simulation) -> bool:
    """Whether KIND/NAME is a controller up `obj`'s chain of controller ownerReferences."""
    kind_word, _, name = owner.partition("/")
    kind = _kind(kind_word)
    here: KObject | None = obj
    for _ in range(8):  # pod -> replicaset -> deployment is as deep as the sandbox goes
        ref = controller_ref(here) if here is not None else None
        if ref is None or here is None:
            return False
        if ref.get("kind") == kind and ref.get("name") == name:
            return True
        here = sim.try_get(str(ref.get("kind")), here.namespace, str(ref.get("name")))
    return False


def _kind(word: str) -> str:
    rt = ALIASES.get(word.lower())
    return rt.kind if rt is not None else word


# ---- requests ----------------------------------------------------------------------

def _request(check: RequestCheck, sim: Simulation, step: StepRecord) -> Outcome:
    spec = check.request
    namespace = spec.namespace or step.namespace
    pod = None
    if spec.from_:
        pod = _source_pod(sim, spec.from_, namespace)
        if pod is None:
            return Outcome(False, f"no running pod for {spec.from_} to send from")
    argv = [spec.url]
    for key, value in spec.headers.items():
        argv += ["-H", f"{key}: {value}"]
    answered: set[str] = set()
    for n, trace in enumerate(sim.probe(argv, from_pod=pod, count=spec.count), 1):
        wrong = [f"{name}: got {none if got is None else got}, want {want}" for name, want, got, none in (
            ("status", spec.status, trace.status, "no answer"), ("ok", spec.ok, trace.ok, "no answer"),
            ("version", spec.version, trace.version, "no answer"),
            ("denied by", spec.denied_by, trace.denied_by, "no policy"),
            ("denied", spec.denied, trace.denied, "not denied by a policy"),
            ("exit code", spec.exit_code, trace.exit_code, "no answer"))
            if want is not None and got != want]
        if wrong:
            return Outcome(False, f"request {n} of {spec.count}: " + "; ".join(wrong))
        if trace.pod is not None:
            answered.add(trace.pod.name)
    if spec.pods is not None and len(answered) != spec.pods:
        return Outcome(False, f"{spec.count} requests were answered by {len(answered)} different pod(s), "
                              f"want {spec.pods}")
    return Outcome(True, f"{spec.count} request(s) as wanted")


def _source_pod(sim: Simulation, ref: str, namespace: str) -> KObject | None:
    kind_word, _, name = ref.rpartition("/")
    if not kind_word or _kind(kind_word) == "Pod":
        return sim.try_get("Pod", namespace, name)
    kind = _kind(kind_word)
    pods = sorted((p for p in sim.list("Pod", namespace) if pod_is_ready(p) and _owned_by(p, f"{kind}/{name}", sim)
                   and p.metadata.deletion_timestamp is None), key=lambda p: p.name)
    return pods[0] if pods else None


# ---- what the learner did -----------------------------------------------------------

def _ran(check: RanCheck, sim: Simulation, step: StepRecord) -> Outcome:
    spec = check.ran
    for result in step.commands:
        if spec.source is not None and result.source != spec.source:
            continue
        if spec.ok is not None and result.ok != spec.ok:
            continue
        if spec.url is not None and not _sent_to(result, spec.url):
            continue
        if _same_command(result, spec.command) and _has_args(result.args, spec.args) \
                and all(_flag_matches(result.flags.get(k), v) for k, v in spec.flags.items()):
            return Outcome(True, _what_you_did(result))
    return Outcome(False, f"not run yet ({len(step.commands)} command(s) this step)")


def _what_you_did(result: CommandResult) -> str:
    """A key names itself with the line it stood for, so the checklist teaches the command."""
    if result.source == "key" and result.key:
        return f"you pressed {result.key}: {result.line}"
    return f"you ran: {result.line}"


def _sent_to(result: CommandResult, pattern: str) -> bool:
    """Whether the line sent a request (curl, kubectl exec … curl) to a URL the pattern finds."""
    trace = result.data.get("request")
    return trace is not None and re.search(pattern, trace.url) is not None


def _same_command(result: CommandResult, command: str) -> bool:
    """`kubectl scale` matches `k scale …`; `sim node fail` matches the `sim` command whose words start so."""
    words = command.split()
    if words[:1] == ["k"]:
        words[0] = "kubectl"
    own = result.command.split()
    full = [*own, *result.args]
    return bool(own) and words[:len(own)] == own and len(full) >= len(words) \
        and all(_canon(a) == _canon(b) for a, b in zip(words, full, strict=False))


def _has_args(args: list[str], wanted: list[str]) -> bool:
    """Each wanted argument appears; `TYPE/NAME` and `TYPE NAME` are the same, and so are a type's aliases."""
    have = [_canon(w) for a in args for w in a.split("/", 1)]
    want = [_canon(w) for a in wanted for w in a.split("/", 1)]
    return all(w in have for w in want)


def _canon(word: str) -> str:
    rt = ALIASES.get(word.lower())
    return rt.kind if rt is not None else word


def _flag_matches(got: Any, want: Any) -> bool:
    if got is None:
        return False
    if isinstance(got, list):
        return str(want) in [str(g) for g in got]
    return _same(got, want)


def _pressed(check: PressedCheck, sim: Simulation, step: StepRecord) -> Outcome:
    spec = check.pressed
    for result in step.commands:
        if result.source == "key" and result.key == spec.key and (spec.on is None or _acted_on(result, spec.on)):
            return Outcome(True, _what_you_did(result))
    return Outcome(False, f"{spec.key} not pressed yet")


def _acted_on(result: CommandResult, on: str) -> bool:
    kind_word, _, name = on.partition("/")
    kind = _kind(kind_word)
    if any(o.kind == kind and o.name == name for o in result.objects):
        return True
    return name in result.args or f"{kind_word}/{name}" in result.args


def _logged(check: LoggedCheck, sim: Simulation, step: StepRecord) -> Outcome:
    spec = check.logged
    pattern = re.compile(spec.text) if spec.text else None
    for entry in sim.audit_since(step.audit_from):
        if (spec.actor is None or entry.actor == spec.actor) and (spec.verb is None or entry.verb == spec.verb) \
                and (spec.kind is None or entry.kind == _kind(spec.kind)) \
                and (spec.namespace is None or entry.namespace == spec.namespace) \
                and (spec.name_prefix is None or entry.name.startswith(spec.name_prefix)) \
                and (spec.reason is None or entry.event_reason == spec.reason) \
                and (pattern is None or pattern.search(entry.reason)):
            return Outcome(True, entry.line().strip())
    return Outcome(False, "not in the event log since the step began")


def _traffic(check: TrafficCheck, sim: Simulation, step: StepRecord) -> Outcome:
    spec = check.traffic
    streams = sim.traffic_streams()
    stream = next((s for s in streams if s.id == spec.stream), None) if spec.stream is not None else \
        (streams[-1] if streams else None)
    if stream is None:
        return Outcome(False, "no traffic stream running (sim traffic start …)")
    totals = [counts for version, counts in stream.totals.items() if spec.version in (None, version)]
    ok, errors = sum(c[0] for c in totals), sum(c[1] for c in totals)
    sent = ok + errors
    rate = ok / sent if sent else 0.0
    seen = f"stream {stream.id}: {ok} of {sent} requests succeeded ({rate:.0%})"
    if spec.finished and stream.running:
        return Outcome(False, seen + ", still running")
    return Outcome(sent >= spec.min_requests and (rate >= spec.min_success if sent else spec.min_requests == 0), seen)


def _unchanged(check: UnchangedCheck, sim: Simulation, step: StepRecord) -> Outcome:
    spec = check.unchanged
    kind = _kind(spec.kind)
    namespace = spec.namespace or step.namespace
    if step.start is None:
        return Outcome(False, "the step's starting cluster is not known")
    for name in spec.names:
        before, now = step.start.try_get(kind, namespace, name), sim.try_get(kind, namespace, name)
        if before is None or now is None or before.uid != now.uid:
            return Outcome(False, f"{kind.lower()}/{name} was " + ("deleted" if now is None else "replaced"))
        if before.spec != now.spec or before.metadata.labels != now.metadata.labels:
            return Outcome(False, f"{kind.lower()}/{name} was changed")
        if _pod_uids(step.start, before) != _pod_uids(sim, now):
            return Outcome(False, f"the pods of {kind.lower()}/{name} were replaced")
    return Outcome(True, f"{', '.join(spec.names)} untouched")


def _pod_uids(sim: Simulation, owner: KObject) -> set[str]:
    """The uids of the pods `owner` runs (through its ReplicaSets for a Deployment)."""
    children = sim.children(owner.uid)
    pods = [c for c in children if c.kind == "Pod"]
    for child in children:
        if child.kind == "ReplicaSet":
            pods += [p for p in sim.children(child.uid) if p.kind == "Pod"]
    return {p.uid for p in pods}


# ---- composition ------------------------------------------------------------------

def _held(check: HeldCheck, sim: Simulation, step: StepRecord) -> Outcome:
    inner = evaluate(check.held.check, sim, step)
    key = id(check)
    if not inner.ok:
        step.held_since.pop(key, None)
        return Outcome(False, inner.seen)
    since = step.held_since.setdefault(key, sim.now)
    held = sim.now - since
    return Outcome(held >= check.held.for_, f"{inner.seen} for {held:g}s of {check.held.for_:g}s")


def _all(check: AllCheck, sim: Simulation, step: StepRecord) -> Outcome:
    outcomes = [evaluate(c, sim, step) for c in check.all]  # every one, so held checks keep their time
    failed = [o.seen for o in outcomes if not o.ok]
    return Outcome(not failed, "; ".join(failed) if failed else "all hold")


def _any(check: AnyCheck, sim: Simulation, step: StepRecord) -> Outcome:
    outcomes = [evaluate(c, sim, step) for c in check.any]
    good = [o.seen for o in outcomes if o.ok]
    return Outcome(bool(good), good[0] if good else "; ".join(o.seen for o in outcomes))


def _not(check: NotCheck, sim: Simulation, step: StepRecord) -> Outcome:
    inner = evaluate(check.not_, sim, step)
    return Outcome(not inner.ok, inner.seen)


Evaluator = Callable[[Any, "Simulation", StepRecord], Outcome]
_EVALUATORS: dict[type, Evaluator] = {
    FieldCheck: _field, CountCheck: _count, RequestCheck: _request, RanCheck: _ran, PressedCheck: _pressed,
    LoggedCheck: _logged, TrafficCheck: _traffic, UnchangedCheck: _unchanged, HeldCheck: _held, AllCheck: _all,
    AnyCheck: _any, NotCheck: _not,
}


# ---- words for the checklist ----------------------------------------------------------

_OP_WORDS = {"==": "exactly", "!=": "not", ">=": "at least", "<=": "at most", ">": "more than", "<": "fewer than"}


def _count_words(check: CountCheck) -> str:
    spec = check.count
    kind = _kind(spec.kind)
    words = [f"{kind.lower()}(s)"]
    if spec.owner:
        words.append(f"of {spec.owner}")
    if spec.selector:
        words.append(f"with {spec.selector}")
    if spec.node:
        words.append(f"on {spec.node}")
    if spec.status:
        words.append("in " + "/".join(spec.status if isinstance(spec.status, list) else [spec.status]))
    if spec.phase:
        words.append(f"in phase {spec.phase}")
    if spec.ready is not None:
        words.append("Ready" if spec.ready else "not Ready")
    return " ".join(words)


_DESCRIBERS: dict[type, Callable[[Any], str]] = {
    FieldCheck: lambda c: f"{c.field.kind.lower()}/{c.field.name}: {c.field.path} {c.field.op} {c.field.value}",
    CountCheck: lambda c: f"{_OP_WORDS.get(c.count.op, c.count.op)} {c.count.value} {_count_words(c)}",
    RequestCheck: lambda c: f"curl {c.request.url}" + (f" from {c.request.from_}" if c.request.from_ else "")
                            + (f" answers {c.request.status}" if c.request.status else "")
                            + (f" is denied by {c.request.denied_by}" if c.request.denied_by else "")
                            + (f" is denied ({c.request.denied.lower()})" if c.request.denied else "")
                            + (f", answered by {c.request.pods} pods" if c.request.pods is not None else ""),
    RanCheck: lambda c: "run " + " ".join([c.ran.command, *c.ran.args,
                                            *(f"--{k}={v}" for k, v in c.ran.flags.items())])
                        + (f" (a request to {c.ran.url})" if c.ran.url else ""),
    PressedCheck: lambda c: f"press {c.pressed.key}" + (f" on {c.pressed.on}" if c.pressed.on else ""),
    LoggedCheck: lambda c: "the event log shows " + " ".join(
        str(v) for v in (c.logged.actor, c.logged.verb, c.logged.reason, c.logged.kind) if v),
    TrafficCheck: lambda c: f"traffic succeeds at least {c.traffic.min_success:.0%}"
                            + (f" for {c.traffic.version}" if c.traffic.version else ""),
    UnchangedCheck: lambda c: f"{', '.join(c.unchanged.names)} untouched",
    HeldCheck: lambda c: f"{describe(c.held.check)} for {c.held.for_:g}s",
    AllCheck: lambda c: " and ".join(describe(x) for x in c.all),
    AnyCheck: lambda c: " or ".join(describe(x) for x in c.any),
    NotCheck: lambda c: f"not: {describe(c.not_)}",
}
