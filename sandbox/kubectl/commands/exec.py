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
from ..result import CommandResult
from . import command, done
from .common import namespace, pod_for

if TYPE_CHECKING:
    from ..session import Session

POD = BY_KIND["Pod"]


def _curl(session: Session, argv: list[str], from_pod: KObject | None,
          forwards: dict[int, tuple[KObject, int]] | None = None) -> CommandResult:
    """The networking layer runs curl's whole command line and returns a RequestTrace."""
    trace = session.sim.curl(argv, from_pod=from_pod, forwards=forwards)
    session.last_request = trace
    return done(trace.output.rstrip("\n"), *([trace.pod] if trace.pod is not None else []),
                exit_code=trace.exit_code, request=trace)


@command("curl", raw=True, summary="Send a simulated HTTP request from outside the cluster")
def curl(session: Session, parsed: Parsed) -> CommandResult:
    from .portforward import live_forwards

    return _curl(session, parsed.args, None, live_forwards(session))


@command("exec", flags=("stdin", "tty", "container"), summary="Execute a command in a container")
def exec_(session: Session, parsed: Parsed) -> CommandResult:
    """ExecOptions.Complete and Validate (kubectl pkg/cmd/exec/exec.go): the command goes after `--`."""
    if not parsed.dash and len(parsed.args) > 1:
        raise CommandError("error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] "
                           "instead\nSee 'kubectl exec -h' for help and examples")
    if not parsed.args:
        raise CommandError("error: pod, type/name or --filename must be specified")
    command_words = parsed.rest
    if not command_words:
        raise CommandError("error: you must specify at least one command for the container")
    pod = pod_for(session, namespace(session, parsed), parsed.args[0])
    if pod.status.get("phase") != "Running":
        raise error(f"unable to upgrade connection: container not found (\"{_first_container(pod)}\")")
    if command_words[0] != "curl":
        raise error(f"the sandbox's containers run only `curl` (simulated requests), not `{command_words[0]}`")
    result = _curl(session, command_words[1:], pod)
    if not result.ok:
        # kubectl reports the remote command's exit code (client-go remotecommand's CodeExitError), on stderr,
        # whatever curl printed (nothing with -s): `command terminated with exit code 28`.
        result.output = "\n".join(p for p in (result.output, f"command terminated with exit code {result.exit_code}")
                                  if p)
    return result


def _first_container(pod: KObject) -> str:
    containers = pod.spec.get("containers") or [{}]
    return str(containers[0].get("name", ""))
