"""`sim why`: what made an object what it is, what it is waiting for, and what a command set off.

    sim why KIND/NAME [-n NS]        the chain from the object's newest change down to its root
                                     (your command, a lesson's, or the cluster's start), then why not
    sim why --tree KIND/NAME         everything the root of that chain set off
    sim why --effects 'LINE' | N     everything one command (the newest that ran LINE, or point N) set off
    sim why curl URL ...             why a request fails: the hop and the policy that stopped it
    sim why kubectl exec POD -- curl URL ...
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...core.audit import root_cause
from ...core.objects import KObject
from ...core.why import Chain, chain_for, root_of, tree
from ...core.whynot import why_not
from ..errors import error
from ..parse import parse_flags, tokenize
from ..printers.why import chain_text, tree_text
from ..resources import ResourceType
from ..result import CommandResult
from ..timeline import Node
from . import done
from .common import namespace, pod_for, targets

if TYPE_CHECKING:
    from ..session import Session

USAGE = ("usage: sim why KIND/NAME [-n NS] [--tree] | sim why --effects 'LINE'|POINT | "
         "sim why curl URL | sim why kubectl exec POD -- curl URL")
REQUEST_WORDS = ("curl", "kubectl", "k")


def why(session: Session, args: list[str]) -> CommandResult:
    if args[:1] and args[0] in REQUEST_WORDS:
        return _request(session, args)
    parsed = parse_flags("sim why", args, ("tree", "effects"))
    if parsed["effects"]:
        if parsed.args:
            raise error(USAGE)
        return _effects(session, parsed["effects"])
    if len(parsed.args) != 1 or "/" not in parsed.args[0]:
        raise error(USAGE)
    (target,) = targets(parsed.args)
    rt, name = target.rt, target.name or ""
    ns = namespace(session, parsed) if rt.namespaced else ""
    chain = chain_for(session.sim.audit, rt.kind, ns, name)
    obj = session.sim.try_get(rt.kind, ns, name)
    if chain is None:
        raise error(f'{rt.singular}/{name} has no history here: nothing ever created or changed it'
                    + (f" in namespace {ns}" if ns else ""))
    if parsed["tree"]:
        return _tree(session, chain)
    stuck = why_not(session.sim, obj) if obj is not None else []
    # the app's why panel reads the chain and the findings from the result, not from the text
    return done(_chain(rt, name, obj, chain, stuck), *([obj] if obj is not None else []), chain=chain,
                why_not=stuck)


def _chain(rt: ResourceType, name: str, obj: KObject | None, chain: Chain, stuck: list[str]) -> str:
    ref = f"{rt.singular}/{name}"
    if obj is None:
        return chain_text(f"{ref} no longer exists. What removed it, newest first:", chain)
    text = chain_text(f"{ref}: what made it what it is now, newest first:", chain)
    if stuck:
        text += "\n\nWhy not further:\n" + "\n".join(f"  {line}" for line in stuck)
    return text


def _tree(session: Session, chain: Chain) -> CommandResult:
    audit = session.sim.audit
    cause = chain.links[-1].entry.cause
    title = f"everything {chain.root.label!r} set off:" if chain.root is not None else \
        "everything since the cluster was built that no command set off:"
    return done(tree_text(title, tree(audit, cause)))


def _effects(session: Session, which: str) -> CommandResult:
    audit = session.sim.audit
    if which.isdigit():
        node = _point_node(session, int(which))
        label = f"{node.actor}: {node.line}"
        index = next((i for i in range(len(audit.roots) - 1, -1, -1) if audit.roots[i][1] == label
                      and audit.roots[i][0] >= node.audit_from), None)
    else:
        wanted = " ".join(tokenize(which))
        index = next((i for i in range(len(audit.roots) - 1, -1, -1)
                      if " ".join(tokenize(audit.roots[i][1].partition(": ")[2])) == wanted), None)
    if index is None:
        raise error(f"no command {which!r} ran on this cluster (sim history lists the points)")
    root = root_of(audit, root_cause(index))
    assert root is not None
    return done(tree_text(f"everything {root.label!r} set off:", tree(audit, root_cause(index))))


def _point_node(session: Session, index: int) -> Node:
    points = session.timeline.points(session.timeline.branch)
    if not 0 < index < len(points):
        raise error(f"no point {index} with a command on branch {session.timeline.branch}: "
                    f"its commands are points 1 to {len(points) - 1}")
    return points[index]


def _request(session: Session, words: list[str]) -> CommandResult:
    """Send the request again as a probe (it leaves no trace) and say where it stopped."""
    from_pod = None
    argv = words[1:]
    if words[0] != "curl":
        parsed = parse_flags("kubectl exec", words[1:], ("container", "stdin", "tty"))
        if parsed.args[:1] != ["exec"] or len(parsed.args) < 2 or parsed.rest[:1] != ["curl"]:
            raise error(USAGE)
        from_pod = pod_for(session, namespace(session, parsed), parsed.args[1], [])
        argv = parsed.rest[1:]
    (trace,) = session.sim.probe(argv, from_pod=from_pod)
    hops = "\n".join(f"  {hop.line()}" for hop in trace.hops)
    if trace.ok:
        answer = f"the request succeeds: {trace.status}" + (f" from pod {trace.pod.name}" if trace.pod else "")
        return done(f"{answer}\nits way:\n{hops}")
    outcome = f"HTTP {trace.status}" if trace.status is not None else (trace.error or "no answer")
    lines = [f"the request fails: {outcome}", "its way:", hops]
    denied = next((h for h in trace.hops if h.verdict is not None and not h.verdict.allowed), None)
    if denied is not None and denied.verdict is not None:
        lines.append(f"stopped at {denied.kind} {denied.name}: NetworkPolicy {denied.verdict.policy} "
                     f"({denied.verdict.direction}) denies it: {denied.verdict.reason}")
    elif trace.hops:
        last = trace.hops[-1]
        lines.append(f"stopped at {last.kind} {last.name}" + (f": {last.note}" if last.note else ""))
    return done("\n".join(lines))

