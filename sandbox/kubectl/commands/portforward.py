"""`kubectl port-forward TYPE/NAME [LOCAL:]REMOTE…` (kubectl pkg/cmd/portforward, client-go tools/portforward).

kubectl picks one pod (a Service's or Deployment's most active pod, as exec does), turns a
Service port into the pod's container port and a named port into its number, then listens
on localhost until you press Ctrl-C. In the sandbox the forward keeps running after the
command line returns: `curl localhost:PORT` reaches that pod (straight into it, so no
NetworkPolicy applies) until `sim port-forward stop PORT`, `sim reset`, or the pod going
away (kubectl's forward ends when it loses its pod).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...core.objects import KObject
from ..errors import CommandError, error
from ..parse import Parsed
from ..resources import BY_KIND, resolve
from ..result import CommandResult
from . import command, done
from .common import lookup, namespace, pod_for

if TYPE_CHECKING:
    from ..session import Session

USAGE = ("error: TYPE/NAME and list of ports are required for port-forward\n"
         "See 'kubectl port-forward -h' for help and examples")
FIRST_RANDOM_PORT = 32768  # Linux's first ephemeral port: what `:80` gets when it is free


@dataclass(frozen=True)
class Forward:
    """One listening port of a running `kubectl port-forward`."""

    local: int
    remote: int
    namespace: str
    pod: str
    uid: str
    addresses: tuple[str, ...]
    line: str  # the command that started it

    def target(self, session: Session) -> KObject | None:
        """The pod, while the forward lives: gone or no longer running, the forward has ended."""
        pod = session.sim.try_get("Pod", self.namespace, self.pod)
        if pod is None or pod.metadata.uid != self.uid or pod.status.get("phase") != "Running":
            return None
        return pod


def live_forwards(session: Session) -> dict[int, tuple[KObject, int]]:
    """Local port -> (pod, container port) of every forward still running; ended ones are dropped."""
    live = {}
    for port, forward in sorted(session.port_forwards.items()):
        pod = forward.target(session)
        if pod is None:
            del session.port_forwards[port]
        else:
            live[port] = (pod, forward.remote)
    return live


@command("port-forward", flags=("address", "pod-running-timeout"),
         summary="Forward one or more local ports to a pod")
def port_forward(session: Session, parsed: Parsed) -> CommandResult:
    if len(parsed.args) < 2:
        raise CommandError(USAGE)
    ns = namespace(session, parsed)
    arg, specs = parsed.args[0], parsed.args[1:]
    kind, slash, name = arg.partition("/")
    rt = resolve(kind) if slash else BY_KIND["Pod"]
    obj = lookup(session, rt, ns, name if slash else arg)
    pod = pod_for(session, ns, f"{rt.plural}/{obj.name}")
    ports = [_to_container_port(spec, obj, pod) for spec in specs]
    if pod.status.get("phase") != "Running":
        raise error(f"unable to forward port because pod is not running. Current status={pod.status.get('phase')}")
    addresses = _addresses(parsed["address"] or ["localhost"])
    pairs = [_parse_port(spec) for spec in ports]
    return _listen(session, parsed, pod, pairs, addresses)


def _listen(session: Session, parsed: Parsed, pod: KObject, pairs: list[tuple[int, int]],
            addresses: list[str]) -> CommandResult:
    live_forwards(session)
    lines, opened = [], []
    for local, remote in pairs:
        if local == 0:
            local = next(p for p in range(FIRST_RANDOM_PORT, 65536) if p not in session.port_forwards)
        if local in session.port_forwards:
            failures = " ".join(f"unable to create listener: Error listen {_proto(a)} {_host_port(a, local)}: "
                                "bind: address already in use" for a in addresses)
            lines.append(f"Unable to listen on port {local}: Listeners failed to create with the following "
                         f"errors: [{failures}]")
            continue
        lines += [f"Forwarding from {_host_port(a, local)} -> {remote}" for a in addresses]
        forward = Forward(local, remote, pod.namespace, pod.name, pod.metadata.uid, tuple(addresses),
                          "kubectl port-forward " + " ".join(parsed.args))
        session.port_forwards[local] = forward
        opened.append(forward)
    if not opened:
        wanted = " ".join(f"{{{local} {remote}}}" for local, remote in pairs)
        lines.append(f"error: unable to listen on any of the requested ports: [{wanted}]")
        return done("\n".join(lines), pod, exit_code=1)
    lines.append("(the forward keeps running in the sandbox: `sim port-forward` lists it, "
                 f"`sim port-forward stop {opened[0].local}` ends it as Ctrl-C would)")
    return done("\n".join(lines), pod, forwards=opened)


def _to_container_port(spec: str, obj: KObject, pod: KObject) -> str:
    """translateServicePortToTargetPort for a Service, convertPodNamedPortToNumber otherwise."""
    local, _, remote = spec.rpartition(":") if ":" in spec else (spec, "", spec)
    if obj.kind != "Service":
        if remote == "":
            raise error("remote port cannot be empty")
        number = remote if remote.isdigit() else str(_named_container_port(pod, remote))
        return number if local == remote else f"{local}:{number}"
    ports = obj.spec.get("ports") or []
    if remote.isdigit():
        port_number = int(remote)
    else:
        found = next((p for p in ports if p.get("name") == remote), None)
        if found is None:
            raise error(f"Service '{obj.name}' does not have a named port '{remote}'")
        port_number = int(found["port"])
        if local == remote:
            local = str(port_number)
    container = _service_target(obj, pod, port_number)
    return f"{local}:{container}" if local != str(container) else str(container)


def _service_target(svc: KObject, pod: KObject, port: int) -> int:
    """LookupContainerPortNumberByServicePort."""
    for spec in svc.spec.get("ports") or []:
        if spec.get("port") != port:
            continue
        if svc.spec.get("clusterIP") == "None":
            return port
        target = spec.get("targetPort")
        if target is None or isinstance(target, int):
            return int(target or port)
        return _named_container_port(pod, str(target))
    raise error(f"Service {svc.name} does not have a service port {port}")


def _named_container_port(pod: KObject, name: str) -> int:
    for container in [*(pod.spec.get("containers") or []), *(pod.spec.get("initContainers") or [])]:
        for port in container.get("ports") or []:
            if port.get("name") == name:
                return int(port["containerPort"])
    raise error(f"Pod '{pod.name}' does not have a named port '{name}'")


def _parse_port(spec: str) -> tuple[int, int]:
    """parsePorts: `LOCAL:REMOTE`, `PORT` (both), `:REMOTE` (any free local port)."""
    parts = spec.split(":")
    if len(parts) > 2:
        raise error(f"invalid port format '{spec}'")
    local_text, remote_text = (parts[0], parts[0]) if len(parts) == 1 else (parts[0] or "0", parts[1])
    local = _uint16(local_text, "local")
    remote = _uint16(remote_text, "remote")
    if remote == 0:
        raise error("remote port must be > 0")
    return local, remote


def _uint16(text: str, which: str) -> int:
    if not text.isdigit() or not text.isascii():
        raise error(f"error parsing {which} port '{text}': strconv.ParseUint: parsing \"{text}\": invalid syntax")
    if int(text) > 65535:
        raise error(f"error parsing {which} port '{text}': strconv.ParseUint: parsing \"{text}\": value out of range")
    return int(text)


def _addresses(values: list[str]) -> list[str]:
    """parseAddresses: `localhost` means 127.0.0.1 and ::1; sorted, duplicates dropped."""
    found: set[str] = set()
    for value in (v for text in values for v in text.split(",")):
        if value == "localhost":
            found |= {"127.0.0.1", "::1"}
            continue
        try:
            found.add(str(ipaddress.ip_address(value)))
        except ValueError:
            raise error(f"{value} is not a valid IP") from None
    return sorted(found)


def _proto(address: str) -> str:
    return "tcp6" if ":" in address else "tcp4"


def _host_port(address: str, port: int) -> str:
    """net.JoinHostPort."""
    return f"[{address}]:{port}" if ":" in address else f"{address}:{port}"
