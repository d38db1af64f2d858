"""`sim traffic`: start, stop and list simulated request streams (the UI draws them as sparklines).

    sim traffic                                   list streams with totals per answering version
    sim traffic start URL [--rate N] [--duration 60s] [--from POD|deploy/NAME] [-H "Host: x"] [-n NS]
    sim traffic stop ID

Flags are parsed here, pflag-style (`--rate 5`, `--rate=5`, `-H x`), because they are the
sandbox's own, not kubectl's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...core.errors import BadRequest
from ...core.network.traffic import MAX_RATE, ready_pod_of
from ...core.quantity import decimal
from ..ages import human_duration
from ..errors import error, flag_error, unknown_command
from ..printers.tabwriter import table
from ..resources import BY_KIND
from ..result import CommandResult
from . import done
from .common import lookup

if TYPE_CHECKING:
    from ..session import Session

TRAFFIC_VERBS = ("start", "stop")
START_FLAGS = ("--rate", "--duration", "--from", "--header", "--namespace")
USAGE = ('usage: sim traffic [start URL [--rate N] [--duration 60s] [--from POD|deploy/NAME] [-H "Host: x"] '
         "| stop ID]")
_SHORT = {"-H": "--header", "-n": "--namespace"}
DEFAULT_RATE = 10.0
DEFAULT_DURATION = "60s"
NO_ANSWER = "(no answer)"  # the stream's bucket for requests no pod answered


def traffic(session: Session, args: list[str]) -> CommandResult:
    if not args:
        return _list(session)
    verb, rest = args[0], args[1:]
    if verb == "start":
        return _start(session, rest)
    if verb == "stop":
        return _stop(session, rest)
    raise unknown_command(verb, "sim traffic", TRAFFIC_VERBS)


def parse_start(words: list[str]) -> tuple[list[str], dict[str, list[str]]]:
    """Positional words and {flag: [values]}; every flag takes a value."""
    args: list[str] = []
    flags: dict[str, list[str]] = {}
    i = 0
    while i < len(words):
        word = words[i]
        i += 1
        if not word.startswith("-") or word == "-":
            args.append(word)
            continue
        name, eq, value = word.partition("=")
        name = _SHORT.get(name, name)
        if name not in START_FLAGS:
            raise flag_error("sim traffic start", f"unknown flag: {word.partition('=')[0]}")
        if not eq:
            if i >= len(words):
                raise flag_error("sim traffic start", f"flag needs an argument: {name}")
            value, i = words[i], i + 1
        flags.setdefault(name, []).append(value)
    return args, flags


def _start(session: Session, words: list[str]) -> CommandResult:
    from ..durations import parse_duration

    args, flags = parse_start(words)
    if len(args) != 1:
        raise error(USAGE)
    url = args[0]
    rate = _rate(flags.get("--rate", [str(DEFAULT_RATE)])[-1])
    duration = parse_duration(flags.get("--duration", [DEFAULT_DURATION])[-1])
    namespace = flags.get("--namespace", [session.namespace])[-1]
    source = flags.get("--from", [None])[-1]
    from_pod, from_deployment = _source(session, namespace, source) if source else (None, None)
    headers = dict(_header(h) for h in flags.get("--header", []))
    try:
        stream_id = session.sim.traffic_start(url, rate, duration, from_pod=from_pod, headers=headers or None,
                                              from_deployment=from_deployment)
    except BadRequest as err:
        raise error(err.message) from None
    origin = (f"from the Ready pods of deployment {from_deployment}" if from_deployment
              else f"from pod {from_pod}" if from_pod else "from outside the cluster")
    return done(f"traffic stream {stream_id} started: {rate:g} requests/s to {url} {origin} for "
                f"{human_duration(duration)} (simulated; `sim traffic` shows it, `sim traffic stop {stream_id}` "
                "ends it)", stream=stream_id)


def _rate(text: str) -> float:
    try:
        rate = float(text)
    except ValueError:
        raise error(f'invalid rate "{text}": a number of requests per second is required') from None
    if not 0 < rate <= MAX_RATE:
        raise error(f"rate must be above 0 and at most {MAX_RATE} requests per second")
    return rate


def _header(text: str) -> tuple[str, str]:
    name, colon, value = text.partition(":")
    if not colon or not name.strip():
        raise error(f'invalid header "{text}": use "Name: value"')
    return name.strip(), value.strip()


def _source(session: Session, namespace: str, ref: str) -> tuple[str, str | None]:
    """(`namespace/pod`, None) for `POD` or `pod/POD`; for `deploy/NAME`, a Ready pod of the deployment
    (like `kubectl exec deploy/NAME`) and the deployment, whose current Ready pods send from then on."""
    kind, slash, name = ref.rpartition("/")
    if not slash or kind in ("pod", "pods", "po"):
        pod = lookup(session, BY_KIND["Pod"], namespace, name)
        return f"{pod.namespace}/{pod.name}", None
    if kind not in ("deploy", "deployment", "deployments", "deployment.apps"):
        raise error(f'--from takes POD or deploy/NAME, not "{ref}"')
    deploy = lookup(session, BY_KIND["Deployment"], namespace, name)
    pod_ref = ready_pod_of(session.sim.store, f"{namespace}/{deploy.name}")
    if pod_ref is None:
        raise error(f"deployment {name} has no Ready pod to send requests from")
    return pod_ref, f"{namespace}/{deploy.name}"


def _stop(session: Session, args: list[str]) -> CommandResult:
    stream_id = decimal(args[0]) if len(args) == 1 else None
    if stream_id is None:
        raise error("usage: sim traffic stop ID (`sim traffic` lists the streams)")
    session.sim.traffic_stop(stream_id)
    return done(f"traffic stream {args[0]} stopped")


def _list(session: Session) -> CommandResult:
    streams = session.sim.traffic_streams()
    if not streams:
        return done("No traffic streams. Start one: sim traffic start URL [--rate N] [--duration 60s]")
    rows = [["ID", "URL", "RATE", "FROM", "ELAPSED", "STATE", "VERSION", "OK", "ERRORS", "SUCCESS"]]
    for s in streams:
        state = "running" if s.running else "done"
        head = [str(s.id), s.url, f"{s.rate:g}/s", s.from_pod or "outside", f"{s.elapsed}s/{s.duration}s",
                state]
        totals = s.totals or {"-": (0, 0)}
        for i, (version, (ok, errors)) in enumerate(totals.items()):
            sent = ok + errors
            rate = f"{100 * ok / sent:.0f}%" if sent else "-"
            label = NO_ANSWER if version == "-" and sent else version
            rows.append((head if i == 0 else [""] * len(head)) + [label, str(ok), str(errors), rate])
    return done(table(rows), streams=[s.id for s in streams])

