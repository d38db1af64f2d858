"""`kubectl exec POD -- curl URL`, `kubectl logs POD`, and `curl URL` from outside the cluster.

Requests are simulated by the networking layer (sim.curl), which returns a
RequestTrace: curl's output plus the hops, for the TUI and the tutor.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...core.objects import KObject

from ..errors import CommandError, error
from ..parse import Parsed
from ..resources import BY_KIND
from ..printers.podstatus import pod_status
from . import command, done
from .common import lookup, namespace

if TYPE_CHECKING:
    from ..session import Session

POD = BY_KIND["Pod"]
def _curl(session: Session, argv: list[str], from_pod: KObject | None):
    """The networking layer runs curl's whole command line and returns a RequestTrace."""
    trace = session.sim.curl(argv, from_pod=from_pod)
    return done(trace.output.rstrip("\n"), *([trace.pod] if trace.pod is not None else []),
                exit_code=trace.exit_code, request=trace)


@command("curl", raw=True, summary="Send a simulated HTTP request from outside the cluster")
def curl(session: Session, parsed: Parsed):
    return _curl(session, parsed.args, None)


@command("exec", flags=("stdin", "tty", "container"), summary="Execute a command in a container")
def exec_(session: Session, parsed: Parsed):
    if not parsed.args:
        raise CommandError("error: pod, type/name or --filename must be specified")
    pod = lookup(session, POD, namespace(session, parsed), parsed.args[0].removeprefix("pod/"))
    command_words = parsed.rest or parsed.args[1:]
    if not command_words:
        raise CommandError("error: you must specify at least one command for the container")
    if pod.status.get("phase") != "Running":
        raise error(f"unable to upgrade connection: container not found ({_first_container(pod)})")
    if command_words[0] != "curl":
        raise error(f"the sandbox's containers run only `curl` (simulated requests), not `{command_words[0]}`")
    return _curl(session, command_words[1:], pod)


def _first_container(pod) -> str:
    containers = pod.spec.get("containers") or [{}]
    return str(containers[0].get("name", ""))


@command("logs", flags=("container", "tail", "selector"), summary="Print the logs for a container in a pod")
def logs(session: Session, parsed: Parsed):
    if not parsed.args:
        raise CommandError("error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is "
                           "a required argument for the logs command\nSee 'kubectl logs -h' for help and examples")
    pod = lookup(session, POD, namespace(session, parsed), parsed.args[0].removeprefix("pod/"))
    container = parsed.flags.get("container") or _first_container(pod)
    status = pod_status(pod)
    if pod.status.get("phase") != "Running":
        raise CommandError(f'Error from server (BadRequest): container "{container}" in pod "{pod.name}" is '
                           f"waiting to start: {status}")
    # The networking layer may keep per-pod access logs as sim.request_log(ns, pod); without one, logs are empty.
    reader = getattr(session.sim, "request_log", None)
    lines = list(reader(pod.namespace, pod.name)) if reader else []
    tail = parsed["tail"]
    if tail >= 0:
        lines = lines[-tail:] if tail else []
    return done("\n".join(lines), pod)
