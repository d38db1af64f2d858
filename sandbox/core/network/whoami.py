"""traefik/whoami: a tiny Go web server that answers with who answered and what it received.

Lessons use it to make traffic visible: its page names the pod (`Hostname`), the pod's
IPs, the address the connection came from (`RemoteAddr`: the client pod, a node after
kube-proxy's SNAT, or an ingress controller) and the request exactly as it arrived,
headers a proxy added included. Its `/health` answers with a status code a POST can
change, so one replica can be made to fail its readiness probe.

Upstream: github.com/traefik/whoami app.go at v1.10.3 (whoamiHandler, apiHandler,
benchHandler, healthHandler, getIPs); Go's net/http Request.Write for the request dump
and its response header order (the header map sorted, then Date, Content-Length and the
sniffed Content-Type). Simplification: `/data`, `/echo` (WebSocket), `?wait=` and
`?env=true` are not simulated; those paths answer as `/` does.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import zlib
from collections.abc import Mapping
from typing import Any

from ..objects import KObject

REPOSITORY = "whoami"
DEFAULT_PORT = 80
HEALTHY = 200
GO_USER_AGENT = "Go-http-client/1.1"     # what Request.Write prints when the request had no User-Agent
EPHEMERAL_PORTS = (32768, 60999)         # Linux's default net.ipv4.ip_local_port_range
# Headers Request.Write prints itself, or never (net/http reqWriteExcludeHeader).
_WRITTEN_FIRST = ("Host", "User-Agent", "Content-Length", "Transfer-Encoding", "Trailer")


def hostname(pod: KObject) -> str:
    """A pod's hostname: spec.hostname, else its name cut to 63 characters (the kubelet's GeneratePodHostname)."""
    return str(pod.spec.get("hostname") or pod.name[:63].rstrip("-."))


def interface_ips(pod: KObject) -> list[str]:
    """getIPs(): every address of every interface, lo first, then eth0 with its IPv6 link-local address
    (made from a MAC address drawn from the pod's uid, as the veth's is random)."""
    ips = ["127.0.0.1", "::1"]
    pod_ip = str(pod.status.get("podIP") or "")
    if pod_ip:
        mac = bytearray(hashlib.md5(pod.uid.encode()).digest()[:6])
        mac[0] = (mac[0] | 0x02) & 0xFE                      # locally administered, unicast
        eui = bytes([mac[0] ^ 0x02, *mac[1:3], 0xFF, 0xFE, *mac[3:6]])
        ips += [pod_ip, str(ipaddress.IPv6Address(b"\xfe\x80" + bytes(6) + eui))]
    return ips


def ephemeral_port(client: str, server: str, n: int) -> int:
    """The client's source port: chosen by its kernel, here drawn from both ends and a request number."""
    low, high = EPHEMERAL_PORTS
    return low + zlib.crc32(f"{client}>{server}#{n}".encode()) % (high - low + 1)


def request_dump(method: str, uri: str, host: str, headers: Mapping[str, str], body: str) -> str:
    """Go's Request.Write: the request line, Host, User-Agent, Content-Length, the other headers sorted, the body."""
    lines = [f"{method} {uri} HTTP/1.1", f"Host: {host}",
             f"User-Agent: {headers.get('User-Agent', GO_USER_AGENT)}"]
    if body:
        lines.append(f"Content-Length: {len(body.encode())}")
    lines += [f"{key}: {value}" for key, value in sorted(headers.items()) if key not in _WRITTEN_FIRST]
    return "\r\n".join(lines) + "\r\n\r\n" + body


def page(pod: KObject, name: str, remote: str, method: str, uri: str, headers: Mapping[str, str],
         body: str) -> str:
    """whoamiHandler: Name (if set), Hostname, the IPs, RemoteAddr, then the request as it arrived."""
    lines = [f"Name: {name}"] if name else []
    lines += [f"Hostname: {hostname(pod)}", *(f"IP: {ip}" for ip in interface_ips(pod)), f"RemoteAddr: {remote}"]
    return "\n".join(lines) + "\n" + request_dump(method, uri, headers.get("Host", ""), headers, body)


def api(pod: KObject, name: str, remote: str, method: str, uri: str, headers: Mapping[str, str]) -> str:
    """apiHandler: the same as JSON (Go's encoding/json: struct field order, map keys sorted, empty fields
    omitted), followed by the newline json.Encoder writes."""
    data: dict[str, Any] = {"hostname": hostname(pod), "ip": interface_ips(pod),
                            "headers": {k: [v] for k, v in sorted(headers.items()) if k != "Host"},
                            "url": uri, "host": headers.get("Host", ""), "method": method}
    if name:
        data["name"] = name
    data["remoteAddr"] = remote
    return json.dumps(data, separators=(",", ":")) + "\n"


def health_update(body: str) -> tuple[int | None, str]:
    """healthHandler's POST: the new status code, or None and json.Decoder's error for a body that does not
    start with an integer (Decode reads the first JSON value and ignores what follows; `null` leaves 0)."""
    text = body.lstrip()
    if not text:
        return None, "EOF"
    try:
        value, _end = json.JSONDecoder().raw_decode(text)
    except json.JSONDecodeError:
        return None, f"invalid character '{text[0]}' looking for beginning of value"
    if value is None:
        return 0, ""
    if isinstance(value, bool) or not isinstance(value, int | float):
        kind = {str: "string", bool: "bool", list: "array", dict: "object"}[type(value)]
        return None, f"json: cannot unmarshal {kind} into Go value of type int"
    if isinstance(value, float) or not -2**63 <= value < 2**63:
        number = text[:_end].strip()
        return None, f"json: cannot unmarshal number {number} into Go value of type int"
    return value, ""


def health_key(pod: KObject, container: Mapping[str, Any]) -> str:
    """The health code lives in the process: a restarted container starts healthy again."""
    restarts = next((int(s.get("restartCount") or 0) for s in pod.status.get("containerStatuses") or ()
                     if s.get("name") == container.get("name")), 0)
    return f"{pod.uid}/{restarts}"
