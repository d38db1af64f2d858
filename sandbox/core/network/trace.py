"""What a simulated request went through: its hops, with their NetworkPolicy verdicts, and what it got back."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..objects import KObject
from . import policy
from .exchange import image_of, repository_and_tag


@dataclass
class Hop:
    kind: str                          # client, port-forward, dns, node, loadbalancer, service, ingress, pod
    name: str
    address: str = ""
    verdict: policy.PolicyVerdict | None = None
    note: str = ""
    pod: KObject | None = None

    def line(self) -> str:
        text = f"{self.kind} {self.name}" + (f" ({self.address})" if self.address else "")
        if self.verdict is not None and not self.verdict.allowed:
            text += f" — DENIED: {self.verdict.reason}"
        return text + (f" — {self.note}" if self.note else "")


@dataclass
class RequestTrace:
    argv: list[str]
    url: str = ""
    request_headers: dict[str, str] = field(default_factory=dict)
    hops: list[Hop] = field(default_factory=list)
    status: int | None = None          # HTTP status; None when curl got no HTTP answer
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: str = ""
    error: str | None = None           # curl's error line, e.g. "curl: (6) Could not resolve host: web"
    exit_code: int = 0
    pod: KObject | None = None         # the pod whose answer the client got
    output: str = ""                   # what curl prints
    address: str | None = None         # the IP curl connected to (the host it resolved); None if unresolved

    @property
    def ok(self) -> bool:
        return self.status is not None and self.status < 400

    @property
    def image(self) -> str | None:
        return image_of(self.pod) if self.pod is not None else None

    @property
    def version(self) -> str | None:
        """The answering pod's `version` label, else its image tag."""
        if self.pod is None:
            return None
        return self.pod.metadata.labels.get("version") or repository_and_tag(image_of(self.pod))[1]

    @property
    def denied_by(self) -> str | None:
        verdict = self._denial()
        return verdict.policy if verdict is not None else None

    @property
    def denied(self) -> str | None:
        """`Ingress` or `Egress`: the side whose NetworkPolicy dropped the request (a DNS query counts, as egress)."""
        verdict = self._denial()
        return verdict.direction if verdict is not None else None

    def _denial(self) -> policy.PolicyVerdict | None:
        return next((hop.verdict for hop in self.hops if hop.verdict is not None and not hop.verdict.allowed), None)

    def explain(self) -> str:
        return "\n".join(hop.line() for hop in self.hops)

    def upstream(self, first: int) -> str | None:
        """`NAMESPACE-SERVICE-PORT ADDRESS` of the backend an ingress controller proxied to (the hops from
        `first` on), for its access log."""
        hops = self.hops[first:]
        service = next((h for h in hops if h.kind == "service"), None)
        pod = next((h for h in hops if h.kind == "pod"), None)
        if service is None or pod is None:
            return None
        port = service.address.rsplit(":", 1)[-1]
        return f"{service.name.replace('/', '-')}-{port} {pod.address}"
