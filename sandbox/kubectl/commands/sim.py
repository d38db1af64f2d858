"""The sandbox's own verbs: `sim wait|node|speed|pause|resume|reset|export|addons|traffic`, and the
timeline's and causes' (`sim why|undo|redo|history|rewind|checkout|diff`, in why.py and timeline.py)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ...core.scenario import addons
from ..ages import human_duration
from ..durations import parse_duration
from ..errors import CommandError, error, unknown_command
from ..parse import Parsed, parse_flags
from ..printers.tabwriter import table
from ..resources import BY_KIND
from ..result import CommandResult
from . import command, done
from .common import lookup
from .sim_views import examples, images, trace
from .timeline import checkout, diff, history, redo, rewind, undo
from .traffic import traffic
from .why import why

if TYPE_CHECKING:
    from ..session import Session

VERBS = ("addons", "checkout", "diff", "examples", "export", "history", "images", "node", "pause", "port-forward",
         "redo", "reset", "resume", "rewind", "speed", "trace", "traffic", "undo", "wait", "why")
# Verbs that read their own flags and words (the rest take none but -n).
OWN_WORDS = ("diff", "history", "rewind", "traffic", "why")
NODE_VERBS = ("add", "fail", "recover", "remove")
MAX_WAIT = 30 * 24 * 3600.0
_NODE_NAME = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")


@command("sim", raw=True, summary="Sandbox controls: time, nodes, add-ons, traffic streams, reset, export")
def sim(session: Session, parsed: Parsed) -> CommandResult:
    # Raw: `sim traffic start` parses its own flags (--rate, --from, -H), so do a few others; the rest take none.
    words = parsed.args
    if words[:1] == ["export"]:
        return _export(session, parse_flags("sim export", words[1:], ("force", "all")))
    if not words or words[0] not in OWN_WORDS:
        words = parse_flags("sim", words, ()).args
    if not words:
        raise error("sim needs a verb: " + ", ".join(VERBS))
    verb, args = words[0], words[1:]
    handler = _HANDLERS.get(verb)
    if handler is None:
        raise unknown_command(verb, "sim", VERBS)
    return handler(session, args)


def _wait(session: Session, args: list[str]) -> CommandResult:
    if len(args) != 1:
        raise error("usage: sim wait DURATION (for example 30s, 5m, 1h30m)")
    seconds = parse_duration(args[0])
    if seconds > MAX_WAIT:
        raise error(f"sim wait is limited to {human_duration(MAX_WAIT)} at a time")
    waited = session.advance(seconds)
    if waited < seconds and session.stop_asked:  # the app's esc
        return done(f"stopped after {human_duration(waited)} of {human_duration(seconds)}; simulated time is now "
                    f"{human_duration(session.sim.now)}", waited=waited, stopped=True)
    if waited < seconds:
        return done(f"waited {human_duration(waited)}: simulated time is held until the lesson's question is "
                    "answered", waited=waited)
    return done(f"waited {human_duration(seconds)}; simulated time is now {human_duration(session.sim.now)}",
                waited=seconds)


def _node(session: Session, args: list[str]) -> CommandResult:
    if len(args) != 2:
        raise error("usage: sim node fail|recover|add|remove NAME")
    verb, name = args
    if verb not in NODE_VERBS:
        raise unknown_command(verb, "sim node", NODE_VERBS)
    sim = session.sim
    if verb == "add":
        if not _NODE_NAME.fullmatch(name) or len(name) > 253:
            raise error(f'invalid node name "{name}": a lowercase RFC 1123 subdomain is required')
        if sim.try_get("Node", "", name) is not None:
            raise CommandError(f'Error from server (AlreadyExists): nodes "{name}" already exists')
        node = sim.add_node(name)
        return done(f"node/{name} added: its kubelet registered the node", node)
    node = lookup(session, BY_KIND["Node"], "", name)
    if verb == "fail":
        if not sim.node_is_up(name):
            return done(f"node/{name} is already down", node)
        sim.fail_node(name, actor=session.actor)
        grace = human_duration(sim.config.node_monitor_grace_period)
        return done(f"node/{name} failed: its kubelet stopped (the control plane notices after {grace} without a "
                    "heartbeat)", node)
    if verb == "recover":
        if sim.node_is_up(name):
            return done(f"node/{name} is already up", node)
        sim.recover_node(name, actor=session.actor)
        return done(f"node/{name} recovered: its kubelet renews its lease again", node)
    sim.remove_node(name, actor=session.actor)
    return done(f"node/{name} removed", node)


def _speed(session: Session, args: list[str]) -> CommandResult:
    if len(args) != 1:
        raise error("usage: sim speed N (1 = real time, 10, 60, ...)")
    try:
        speed = float(args[0].rstrip("x"))
    except ValueError:
        raise error(f'invalid speed "{args[0]}": a number such as 1, 10 or 60 is required') from None
    if not 0 < speed <= 1000:
        raise error("speed must be above 0 and at most 1000")
    session.speed = speed
    return done(f"speed {speed:g}x")


def _pause(session: Session, args: list[str]) -> CommandResult:
    session.paused = True
    return done("simulated time paused (sim resume continues it; commands still run)")


def _resume(session: Session, args: list[str]) -> CommandResult:
    session.paused = False
    return done(f"simulated time running at {session.speed:g}x")


def _reset(session: Session, args: list[str]) -> CommandResult:
    return done(session.reset())


def _export(session: Session, parsed: Parsed) -> CommandResult:
    from ..export import export_workloads

    if len(parsed.args) != 1:
        raise error("usage: sim export DIR [--force] [--all]")
    folder = parsed.args[0]
    report = export_workloads(session.sim, session.cwd / folder, force=parsed["force"], everything=parsed["all"],
                              label=folder)
    lines = report.lines()
    if not report.wrote and not report.unchanged:
        lines.insert(0, "nothing to export: no workloads of yours outside the system namespaces "
                        "(--all exports the system and addon objects too)")
    return done("\n".join(lines), files=[str(report.folder / n) for n in report.wrote])


def _addons(session: Session, args: list[str]) -> CommandResult:
    """Like `minikube addons`: list, enable NAME, disable NAME."""
    from ...core.errors import ApiError

    if not args or args == ["list"]:
        rows = [["ADDON NAME", "STATUS"]] + [[name, "enabled ✅" if on else "disabled"]
                                             for name, on in addons.listing(session.sim)]
        return done(table(rows))
    if args[0] in ("enable", "disable") and len(args) == 2:
        method = addons.enable if args[0] == "enable" else addons.disable
        try:
            return done(method(session.sim, args[1], actor=session.actor))
        except ApiError as err:
            raise CommandError(f"❌  {err.message}") from None
    raise error("usage: sim addons list|enable NAME|disable NAME")


def _port_forward(session: Session, args: list[str]) -> CommandResult:
    """The port-forwards still running (`kubectl port-forward` keeps running until Ctrl-C); `stop` ends them."""
    from .portforward import live_forwards

    live_forwards(session)
    if not args:
        if not session.port_forwards:
            return done("no port-forward is running")
        rows = [["LOCAL PORT", "POD", "POD PORT", "STARTED BY"]] + [
            [str(f.local), f"{f.namespace}/{f.pod}", str(f.remote), f.line]
            for _, f in sorted(session.port_forwards.items())]
        return done(table(rows))
    if args[0] == "stop" and len(args) == 2:
        ports = sorted(session.port_forwards) if args[1] == "all" else [p for p in session.port_forwards
                                                                         if str(p) == args[1]]
        if not ports:
            raise error(f"no port-forward listens on port {args[1]}")
        for port in ports:
            del session.port_forwards[port]
        return done("\n".join(f"port-forward on localhost:{port} stopped" for port in ports))
    raise error("usage: sim port-forward [stop PORT|all]")


_HANDLERS = {"wait": _wait, "node": _node, "speed": _speed, "pause": _pause, "resume": _resume, "reset": _reset,
             "addons": _addons, "traffic": traffic, "port-forward": _port_forward,
             "examples": examples, "images": images, "trace": trace, "why": why, "undo": undo, "redo": redo,
             "history": history, "rewind": rewind, "checkout": checkout, "diff": diff}
