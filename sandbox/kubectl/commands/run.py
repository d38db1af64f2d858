"""`kubectl run NAME --image=IMAGE [--port] [-l] [--env] [--restart] [--command] [-- ARGS…]`
(kubectl pkg/cmd/run/run.go, generate/versioned/run.go): one bare Pod, `pod/NAME created`.

With -i/-t (attach) kubectl waits for the pod, shows what its command prints, and with
--rm deletes it afterwards (`pod "NAME" deleted`). The sandbox runs one command in a
container, curl (as `kubectl exec` does); a one-off pod's curl prints exactly what real
curl prints. Simplification: without --rm the pod stays Running afterwards instead of
Completed, since the kubelet does not run container commands.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ...core.objects import KObject
from ..errors import CommandError, error
from ..parse import FlagError, Parsed, parse_go_duration
from ..printers.output import to_yaml
from ..result import CommandResult
from . import command, done
from .common import TIMED_OUT, advance_to, dry_run, namespace
from .create import client_object, create_manifest

if TYPE_CHECKING:
    from ..session import Session

USAGE_HINT = "\nSee 'kubectl run -h' for help and examples"
RESTART_POLICIES = ("Always", "OnFailure", "Never")
PULL_POLICIES = ("", "Always", "IfNotPresent", "Never")
# docker/distribution's reference.ReferenceRegexp, reduced to what image names look like
_COMPONENT = r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
_REFERENCE = re.compile(rf"^(?:[a-zA-Z0-9](?:[a-zA-Z0-9.-]*[a-zA-Z0-9])?(?::[0-9]+)?/)?{_COMPONENT}(?:/{_COMPONENT})*"
                        r"(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$")


def _usage(message: str) -> CommandError:
    return CommandError(f"error: {message}{USAGE_HINT}")


@command("run", flags=("image", "port", "labels", "restart", "env", "command", "rm", "stdin", "tty", "attach",
                       "dry-run", "output", "expose", "annotations", "image-pull-policy", "pod-running-timeout"),
         summary="Run a particular image on the cluster")
def run(session: Session, parsed: Parsed) -> CommandResult:
    image = parsed["image"][-1] if parsed["image"] else ""
    if not image:  # cobra checks required flags before the command runs
        raise error('required flag(s) "image" not set')
    if not parsed.args:
        raise _usage("NAME is required for run")
    if not _REFERENCE.match(image):
        raise error(f'Invalid image name "{image}": invalid reference format')
    if parsed["tty"] and not parsed["stdin"]:
        raise _usage("-i/--stdin is required for containers with -t/--tty=true")
    if parsed["expose"] and not parsed.flags.get("port"):
        raise _usage("--port must be set when exposing a service")
    attach = parsed["attach"] if "attach" in parsed.given else parsed["stdin"]
    restart = _restart_policy(parsed)
    if parsed["rm"] and not attach:
        raise _usage("--rm should only be used for attached containers")
    suffix = dry_run(parsed)
    if attach and suffix:
        raise _usage("--dry-run=[server|client] can't be used with attached containers options (--attach, "
                     "--stdin, or --tty)")
    if parsed["image-pull-policy"] not in PULL_POLICIES:
        raise _usage(f"invalid image pull policy: {parsed['image-pull-policy']}")
    try:
        timeout = parse_go_duration(parsed["pod-running-timeout"], "--pod-running-timeout")
    except FlagError as err:
        raise _usage(str(err)) from None
    pod = pod_manifest(parsed, image)
    if attach:
        return _attached(session, parsed, pod, restart, timeout)
    return _created(session, parsed, pod, suffix)


def _restart_policy(parsed: Parsed) -> str:
    """getRestartPolicy: Always, or OnFailure when interactive; an explicit policy must be one of the three."""
    restart = parsed.flags.get("restart") or ""
    if not restart:
        return "OnFailure" if parsed["stdin"] else "Always"
    if restart not in RESTART_POLICIES:
        raise _usage(f"invalid restart policy: {restart}")
    return restart


def pod_manifest(parsed: Parsed, image: str) -> dict[str, Any]:
    """BasicPod.Generate (generate/versioned/run.go): the pod's restartPolicy is --restart or Always (the
    OnFailure kubectl assumes for -i only decides how it waits)."""
    name = parsed.args[0]
    container: dict[str, Any] = {"image": image, "name": name, "resources": {}}
    args = parsed.args[1:] + parsed.rest
    if args:
        container["command" if parsed["command"] else "args"] = args
    env = [_env(text) for text in parsed["env"]]
    if env:
        container["env"] = env
    if parsed["image-pull-policy"]:
        container["imagePullPolicy"] = parsed["image-pull-policy"]
    port = parsed.flags.get("port")
    if port:
        if not re.fullmatch(r"[+-]?[0-9]+", port):
            raise error(f'strconv.Atoi: parsing "{port}": invalid syntax')
        container["ports"] = [{"containerPort": int(port)}]
    if parsed["stdin"]:
        container["stdin"] = True
        container["stdinOnce"] = True
    if parsed["tty"]:
        container["tty"] = True
    metadata: dict[str, Any] = {"labels": _labels(parsed.flags.get("labels") or "", name), "name": name}
    annotations = dict(_pair(text, "annotation") for text in parsed["annotations"])
    if annotations:
        metadata["annotations"] = annotations
    return {"apiVersion": "v1", "kind": "Pod", "metadata": metadata,
            "spec": {"containers": [container], "dnsPolicy": "ClusterFirst",
                     "restartPolicy": parsed.flags.get("restart") or "Always"}}


def _labels(text: str, name: str) -> dict[str, str]:
    if not text:
        return {"run": name}
    labels = {}
    for part in text.split(","):
        key, eq, value = part.partition("=")
        if not eq:
            raise error(f"unexpected label spec: {part}")
        labels[key] = value
    return labels


def _env(text: str) -> dict[str, str]:
    key, value = _pair(text, "env")
    return {"name": key, "value": value}


def _pair(text: str, what: str) -> tuple[str, str]:
    key, eq, value = text.partition("=")
    if not eq or not key:
        raise error(f"invalid {what}: {text}")
    return key, value


def _service_manifest(pod: dict[str, Any], port: str) -> dict[str, Any]:
    """`--expose`: a ClusterIP Service selecting the pod's labels, on --port."""
    labels = pod["metadata"]["labels"]
    return {"apiVersion": "v1", "kind": "Service", "metadata": {"labels": labels, "name": pod["metadata"]["name"]},
            "spec": {"ports": [{"port": int(port), "protocol": "TCP", "targetPort": int(port)}],
                     "selector": labels}}


def _created(session: Session, parsed: Parsed, pod: dict[str, Any], suffix: str) -> CommandResult:
    fmt = parsed.flags.get("output") or ""
    service = _service_manifest(pod, parsed["port"]) if parsed["expose"] else None
    if suffix and fmt == "yaml" and service is not None:
        # kubectl prints the Service first, then the Pod, each through a YAML printer of its own
        return done(to_yaml(client_object(service)) + "\n---\n---\n" + to_yaml(client_object(pod)))
    results = [create_manifest(session, parsed, manifest) for manifest in (service, pod) if manifest is not None]
    return done("\n".join(r.output for r in results), *[o for r in results for o in r.objects])


# ---- attached: a one-off pod ---------------------------------------------------------------

def _attached(session: Session, parsed: Parsed, manifest: dict[str, Any], restart: str,
              timeout: float) -> CommandResult:
    ns = namespace(session, parsed)
    created = session.sim.create(manifest, actor=session.actor, namespace=ns)
    session.advance(0)
    lines: list[str] = []
    exit_code = 0
    pod, problem = _wait_running(session, created, timeout)
    if pod is None:
        exit_code = 1
    else:
        output, exit_code, problem = _run_command(session, pod, manifest, restart)
        if output:
            lines.append(output)
    if parsed["rm"]:
        lines.append(_remove(session, ns, manifest["metadata"]["name"]))
    elif pod is not None:
        lines.append(f"(the sandbox does not run container commands: pod/{pod.name} keeps running instead of "
                     f"completing; `kubectl delete pod {pod.name}` removes it)")
    if problem:
        lines.append(problem)
    return done("\n".join(lines), exit_code=exit_code)


def _wait_running(session: Session, pod: KObject, timeout: float) -> tuple[KObject | None, str]:
    """waitForPod(podRunningAndReady): the pod once Running and Ready; or None, and why not, after
    --pod-running-timeout (or where a lesson holds the clock)."""
    sim = session.sim
    deadline = sim.now + timeout
    while True:
        current = sim.try_get("Pod", pod.namespace, pod.name)
        if current is None or current.metadata.uid != pod.metadata.uid:
            raise error(f'pods "{pod.name}" not found')
        if current.status.get("phase") == "Running" and _ready(current):
            return current, ""
        due = sim.clock.next_due()
        if sim.now >= deadline or due is None:
            stop = advance_to(session, sim, deadline) if due is None else ""
            return None, f"(the sandbox stops waiting here: {stop})" if stop else TIMED_OUT
        stop = advance_to(session, sim, min(due, deadline))
        if stop:
            return None, f"(the sandbox stops waiting here: {stop})"


def _ready(pod: KObject) -> bool:
    return any(c.get("type") == "Ready" and c.get("status") == "True" for c in pod.status.get("conditions") or [])


def _run_command(session: Session, pod: KObject, manifest: dict[str, Any], restart: str) -> tuple[str, int, str]:
    """What the container's command prints, kubectl's exit code, and the error kubectl reports."""
    container = manifest["spec"]["containers"][0]
    words = [*(container.get("command") or []), *(container.get("args") or [])]
    if not words or words[0] != "curl":
        shown = " ".join(words) or "its default command"
        return "", 1, (f"error: the sandbox runs one command in a container, curl (simulated requests), not "
                       f"`{shown}`; there is no interactive shell")
    trace = session.sim.curl(words[1:], from_pod=pod)
    output = trace.output.rstrip("\n")
    if trace.exit_code == 0 or restart == "Always":
        return output, 0, ""
    if restart == "OnFailure":
        return output, 1, ("(the sandbox stops here: with --restart=OnFailure the kubelet restarts the failed "
                           "container, and kubectl would keep waiting for it to succeed)")
    return output, trace.exit_code, f"pod {pod.namespace}/{pod.name} terminated (Error)"


def _remove(session: Session, ns: str, name: str) -> str:
    """--rm: kubectl deletes what it created. The one-off command has finished by then, so the pod has no
    running container to stop and goes at once (grace period 0)."""
    if session.sim.try_get("Pod", ns, name) is None:
        return ""
    session.sim.delete("Pod", ns, name, actor=session.actor, grace_period=0)
    return f'pod "{name}" deleted'
