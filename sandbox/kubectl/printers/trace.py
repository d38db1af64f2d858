"""A request's path hop by hop, for `sim trace` and the app's trace panel.

The networking layer records every hop of a request (sandbox/core/network/trace.py,
RequestTrace.hops): the client, DNS, a node port, a Service, an ingress controller, the pod,
each with the NetworkPolicy verdict where a connection was opened. This prints them with a
mark that reads without colour: `✓` a connection policies allowed, `✗` one they dropped,
`·` a hop with no policy check (a Service is an address, not a connection).
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ...core.network.trace import Hop, RequestTrace

ALLOWED, DENIED, PASSED = "✓", "✗", "·"


@dataclass(frozen=True)
class TraceLine:
    mark: str            # ✓ ✗ ·
    kind: str            # client, dns, node, loadbalancer, service, ingress, pod
    where: str           # the hop's name and address
    detail: str          # what happened there (routing, the policy's verdict)
    denied_by: str = ""  # the NetworkPolicy that dropped the connection here


def trace_lines(trace: RequestTrace) -> list[TraceLine]:
    return [_line(hop) for hop in trace.hops]


def _line(hop: Hop) -> TraceLine:
    where = hop.name + (f" ({hop.address})" if hop.address else "")
    verdict = hop.verdict
    if verdict is None:
        return TraceLine(PASSED, hop.kind, where, hop.note)
    if verdict.allowed:
        policy = verdict.reason if verdict.policy else "no NetworkPolicy isolates either end"
        return TraceLine(ALLOWED, hop.kind, where, "; ".join(p for p in (hop.note, policy) if p))
    direction = (verdict.direction or "").lower()
    detail = f"DENIED by networkpolicy {verdict.policy} ({direction}): {verdict.reason}"
    return TraceLine(DENIED, hop.kind, where, "; ".join(p for p in (detail, hop.note) if p), verdict.policy or "")


def request_line(trace: RequestTrace) -> str:
    """The request as it was typed: `curl -s http://web` (and where it was sent from)."""
    client = trace.hops[0].name if trace.hops else "your machine (outside the cluster)"
    return f"curl {shlex.join(trace.argv)}   from {client}"


def outcome(trace: RequestTrace) -> str:
    """How it ended: the status and the pod that answered, or curl's error."""
    if trace.status is not None:
        pod = f" from pod {trace.pod.namespace}/{trace.pod.name}" if trace.pod is not None else ""
        return f"answered HTTP {trace.status}{pod}"
    return trace.error or f"no answer (exit code {trace.exit_code})"


def format_trace(trace: RequestTrace) -> str:
    lines = [f"the last request: {request_line(trace)}"]
    width = max((len(line.kind) for line in trace_lines(trace)), default=0)
    for i, line in enumerate(trace_lines(trace), 1):
        lines.append(f"{i:>2} {line.mark} {line.kind:<{width}}  {line.where}")
        if line.detail:
            lines.append(f"{'':>{width + 7}}{line.detail}")
    lines.append(f"result: {outcome(trace)}")
    return "\n".join(lines)
