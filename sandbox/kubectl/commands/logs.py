"""`kubectl logs POD|TYPE/NAME [-c CONTAINER] [--tail N] [-p] [-f] [-l SELECTOR]`.

The lines come from the core's container logs (sandbox/core/network/accesslog.py):
what the image prints when it starts, then a line per request it answered. Which
container run is read follows the kubelet's rules (validateContainerLogStatus).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...core.labels import Requirement
from ...core.objects import KObject
from ..errors import CommandError, error
from ..parse import Parsed
from ..resources import BY_KIND
from ..result import CommandResult
from . import command, done
from .common import namespace, pod_for, selector

if TYPE_CHECKING:
    from ..session import Session

POD = BY_KIND["Pod"]
DEFAULT_CONTAINER = "kubectl.kubernetes.io/default-container"
SELECTOR_TAIL = 10          # with -l, kubectl shows the last 10 lines of each pod
MAX_LOG_REQUESTS = 5        # --max-log-requests default
FOLLOW_NOTE = ("(the sandbox does not stream logs: `-f` printed what was logged so far; run the command again "
               "to see new lines)")
USAGE = ("error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required "
         "argument for the logs command\nSee 'kubectl logs -h' for help and examples")


@command("logs", flags=("container", "tail", "selector", "follow", "previous", "all-namespaces"),
         summary="Print the logs for a container in a pod")
def logs(session: Session, parsed: Parsed) -> CommandResult:
    ns = namespace(session, parsed)
    requirements = selector(parsed)
    if requirements is not None:
        if parsed.args:
            raise error("only one of -l or POD | TYPE/NAME may be specified")
        return _by_selector(session, parsed, ns, requirements)
    if not parsed.args:
        raise CommandError(USAGE)
    notes: list[str] = []
    pod = pod_for(session, ns, parsed.args[0], notes)
    container = _container(pod, parsed.flags.get("container"), notes)
    lines = container_lines(session, pod, container, bool(parsed["previous"]))
    lines = _tail(lines, parsed["tail"])
    if parsed["follow"]:
        lines.append(FOLLOW_NOTE)
    return done("\n".join(notes + lines), pod, lines=lines)


def _by_selector(session: Session, parsed: Parsed, ns: str, requirements: list[Requirement]) -> CommandResult:
    all_ns = bool(parsed.flags.get("all-namespaces"))
    pods = sorted(session.sim.list("Pod", None if all_ns else ns, requirements), key=lambda p: (p.namespace, p.name))
    if not pods:
        return done("No resources found" if all_ns else f"No resources found in {ns} namespace.")
    if len(pods) > MAX_LOG_REQUESTS and parsed["follow"]:
        raise error(f"you are attempting to follow {len(pods)} log streams, but maximum allowed concurrency is "
                    f"{MAX_LOG_REQUESTS}, use --max-log-requests to increase the limit")
    tail = parsed["tail"] if "tail" in parsed.given else SELECTOR_TAIL
    out: list[str] = []
    for pod in pods:
        notes: list[str] = []
        container = _container(pod, parsed.flags.get("container"), notes)
        out += notes + _tail(container_lines(session, pod, container, bool(parsed["previous"])), tail)
    if parsed["follow"]:
        out.append(FOLLOW_NOTE)
    return done("\n".join(out), *pods)


def _container(pod: KObject, wanted: str | None, notes: list[str]) -> dict[str, Any]:
    containers: list[dict[str, Any]] = list(pod.spec.get("containers") or [])
    inits: list[dict[str, Any]] = list(pod.spec.get("initContainers") or [])
    if wanted:
        found = next((c for c in containers + inits if c.get("name") == wanted), None)
        if found is None:
            raise error(f"container {wanted} is not valid for pod {pod.name}")
        return found
    preferred = pod.metadata.annotations.get(DEFAULT_CONTAINER)
    chosen = next((c for c in containers if c.get("name") == preferred), containers[0] if containers else {})
    if len(containers) + len(inits) > 1 and preferred is None:
        names = [str(c.get("name")) for c in containers] + [f"{c.get('name')} (init)" for c in inits]
        notes.append(f'Defaulted container "{chosen.get("name")}" out of: {", ".join(names)}')
    return chosen


def container_lines(session: Session, pod: KObject, container: dict[str, Any], previous: bool) -> list[str]:
    """The log of the container run the kubelet would read (the current one, or the previous with -p)."""
    name = str(container.get("name", ""))
    statuses = (pod.status.get("containerStatuses") or []) + (pod.status.get("initContainerStatuses") or [])
    status = next((s for s in statuses if s.get("name") == name), None) or {}
    state, last = status.get("state") or {}, (status.get("lastState") or {}).get("terminated")
    restarts = int(status.get("restartCount") or 0)
    # Runs are numbered by the restart count they started with; while a restarted container runs,
    # lastState is the run before it, while it waits in CrashLoopBackOff it is the latest run.
    last_run = restarts - 1 if "running" in state else restarts
    if previous:
        if not last:
            raise _bad_request(f'previous terminated container "{name}" in pod "{pod.name}" not found')
        return _run_lines(session, pod, container, last_run, last.get("startedAt"), last.get("exitCode"))
    if "running" in state:
        return _run_lines(session, pod, container, restarts, state["running"].get("startedAt"), None)
    if "terminated" in state:
        term = state["terminated"]
        return _run_lines(session, pod, container, restarts, term.get("startedAt"), term.get("exitCode"))
    if last:
        return _run_lines(session, pod, container, last_run, last.get("startedAt"), last.get("exitCode"))
    raise _bad_request(f'container "{name}" in pod "{pod.name}" is waiting to start: {_waiting(state, pod)}')


def _waiting(state: dict[str, Any], pod: KObject) -> str:
    reason = (state.get("waiting") or {}).get("reason") or "ContainerCreating"
    return {"ErrImagePull": "image can't be pulled",
            "ImagePullBackOff": "trying and failing to pull image"}.get(reason, reason)


def _run_lines(session: Session, pod: KObject, container: dict[str, Any], run: int, started: str | None,
               exit_code: int | None) -> list[str]:
    return session.sim.container_log(pod, container, run, started, exit_code)


def _tail(lines: list[str], tail: int) -> list[str]:
    if tail < 0:
        return lines
    return lines[-tail:] if tail else []


def _bad_request(message: str) -> CommandError:
    return CommandError(f"Error from server (BadRequest): {message}")
