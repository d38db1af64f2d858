"""Service address allocation: ClusterIPs and NodePorts, as the API server does it.

kube-apiserver allocates at admission: a ClusterIP from --service-cluster-ip-range
(kubeadm's default 10.96.0.0/12; 10.96.0.1 is the `kubernetes` Service, 10.96.0.10
kube-dns) and a nodePort from --service-node-port-range (30000-32767) for NodePort
and LoadBalancer Services. Requested values are honoured when free. Dynamic
allocation is random (seeded here) and prefers the upper part of each range, which
leaves the lower band to static requests (KEP-3070 / KEP-3668).
"""

from __future__ import annotations

import ipaddress
import random
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..errors import Invalid
from ..objects import KObject
from ..store import Store

SERVICE_CIDR = ipaddress.ip_network("10.96.0.0/12")
NODE_PORT_MIN, NODE_PORT_MAX = 30000, 32767
NODE_PORT_TYPES = ("NodePort", "LoadBalancer")

_IP_BASE = int(SERVICE_CIDR.network_address)
_IP_SIZE = SERVICE_CIDR.num_addresses - 2          # without network and broadcast address
_IP_STATIC_BAND = min(max(16, _IP_SIZE // 16), 256)
_PORT_SIZE = NODE_PORT_MAX - NODE_PORT_MIN + 1
_PORT_STATIC_BAND = min(max(16, _PORT_SIZE // 32), 128)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=4096)   # (every request routed parses a few addresses; the objects are immutable)
def parse_address(text: str) -> IPAddress:
    """ipaddress.ip_address, remembered; ValueError if `text` is no address."""
    return ipaddress.ip_address(text)


@lru_cache(maxsize=1024)
def parse_network(text: str, *, strict: bool = True) -> IPNetwork:
    """ipaddress.ip_network, remembered; ValueError if `text` is no network."""
    return ipaddress.ip_network(text, strict=strict)


@dataclass
class Reserved:
    """Addresses the earlier documents of one multi-document apply ask for."""

    ips: set[str] = field(default_factory=set)
    ports: set[int] = field(default_factory=set)


class ServiceAllocator:
    """Admission plugin for Services plus the allocation table it keeps.

    Allocations are recorded when the Service is actually stored (a watch on
    ADDED), so a create that fails later in admission leaks nothing.
    """

    def __init__(self, store: Store, rng: random.Random) -> None:
        self.store = store
        self.rng = rng
        self.ips: dict[str, str] = {}        # ip -> service uid
        self.ports: dict[int, str] = {}      # nodePort -> service uid
        self._by_uid: dict[str, tuple[str | None, list[int | None]]] = {}
        store.watch("Service", self._on_service)

    # ---- admission -----------------------------------------------------

    def admit(self, svc: KObject) -> None:
        """Fill spec.clusterIP(s) and nodePorts; raise Invalid with the API server's words."""
        spec = svc.spec
        svc.status.setdefault("loadBalancer", {})
        if spec.get("type") != "ExternalName" and spec.get("clusterIP") != "None":
            requested = spec.get("clusterIP") or (spec.get("clusterIPs") or [None])[0]
            ip = self.check_ip(svc, requested) if requested else self._free_ip()
            spec["clusterIP"] = ip
            spec["clusterIPs"] = [ip]
        self._admit_ports(svc)

    def check_ip(self, svc: KObject, ip: str, reserved: set[str] | frozenset[str] = frozenset()) -> str:
        prefix = f'Service "{svc.name}" is invalid: spec.clusterIPs: Invalid value: []string{{"{ip}"}}: '
        try:
            addr = ipaddress.ip_address(ip)
        except ValueError:
            raise Invalid(prefix + "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)") from None
        if addr not in SERVICE_CIDR or addr in (SERVICE_CIDR.network_address, SERVICE_CIDR.broadcast_address):
            raise Invalid(prefix + f"failed to allocate IP {ip}: the provided IP ({ip}) is not in the valid "
                                   f"range. The range of valid IPs is {SERVICE_CIDR}")
        if ip in self.ips or ip in reserved:
            raise Invalid(prefix + f"failed to allocate IP {ip}: provided IP is already allocated")
        return ip

    def _admit_ports(self, svc: KObject) -> None:
        wants_ports = svc.spec.get("type") in NODE_PORT_TYPES
        taken: list[int] = []
        for i, port in enumerate(svc.spec.get("ports", [])):
            requested = port.get("nodePort")
            field = f'Service "{svc.name}" is invalid: spec.ports[{i}].nodePort'
            if not wants_ports:
                if requested:
                    raise Invalid(f"{field}: Forbidden: may not be used when `type` is '{svc.spec.get('type')}'")
                continue
            if requested:
                if not NODE_PORT_MIN <= requested <= NODE_PORT_MAX:
                    raise Invalid(f"{field}: Invalid value: {requested}: provided port is not in the valid range. "
                                  f"The range of valid ports is {NODE_PORT_MIN}-{NODE_PORT_MAX}")
                if requested in self.ports or requested in taken:
                    raise Invalid(f"{field}: Invalid value: {requested}: provided port is already allocated")
            else:
                port["nodePort"] = self._free_port(taken)
            taken.append(port["nodePort"])

    def _free_ip(self) -> str:
        offset = self._pick(_IP_STATIC_BAND, _IP_SIZE,
                            lambda n: str(ipaddress.ip_address(_IP_BASE + 1 + n)) in self.ips)
        return str(ipaddress.ip_address(_IP_BASE + 1 + offset))

    def _free_port(self, taken: list[int]) -> int:
        busy = lambda n: NODE_PORT_MIN + n in self.ports or NODE_PORT_MIN + n in taken  # noqa: E731
        return NODE_PORT_MIN + self._pick(_PORT_STATIC_BAND, _PORT_SIZE, busy)

    def _pick(self, band: int, size: int, busy: Any) -> int:
        """A random free offset, upper (dynamic) band first, then the static band."""
        for low, high in ((band, size), (0, band)):
            start = self.rng.randrange(low, high)
            for n in range(high - low):
                candidate = low + (start - low + n) % (high - low)
                if not busy(candidate):
                    return candidate
        kind = "IPs" if size == _IP_SIZE else "ports"
        raise Invalid(f"Internal error occurred: failed to allocate a serviceIP: range is full ({kind})")

    # ---- checks before a write (no allocation) ---------------------------

    def check(self, svc: KObject, existing: KObject | None, reserved: Reserved | None = None) -> None:
        """Raise Invalid, as admission would, if the addresses `svc` asks for are taken.

        `existing` is the stored Service an update replaces (its own addresses stay its own);
        `reserved` holds what earlier documents of the same apply ask for, and gets this one's.
        """
        reserved = reserved if reserved is not None else Reserved()
        owner = existing.uid if existing is not None else None
        spec = svc.spec
        requested = spec.get("clusterIP") or (spec.get("clusterIPs") or [None])[0]
        if requested and requested != "None" and spec.get("type") != "ExternalName" and \
                (existing is None or requested != existing.spec.get("clusterIP")):
            reserved.ips.add(self.check_ip(svc, requested, reserved.ips))
        wants_ports = spec.get("type") in NODE_PORT_TYPES
        taken: list[int] = []
        for i, port in enumerate(spec.get("ports", [])):
            requested_port = port.get("nodePort")
            if not requested_port:
                continue
            field = f'Service "{svc.name}" is invalid: spec.ports[{i}].nodePort'
            if not wants_ports:
                raise Invalid(f"{field}: Forbidden: may not be used when `type` is '{spec.get('type')}'")
            if not NODE_PORT_MIN <= requested_port <= NODE_PORT_MAX:
                raise Invalid(f"{field}: Invalid value: {requested_port}: provided port is not in the valid range. "
                              f"The range of valid ports is {NODE_PORT_MIN}-{NODE_PORT_MAX}")
            holder = self.ports.get(requested_port)
            if (holder is not None and holder != owner) or requested_port in taken or requested_port in reserved.ports:
                raise Invalid(f"{field}: Invalid value: {requested_port}: provided port is already allocated")
            taken.append(requested_port)
        reserved.ports.update(taken)

    # ---- bookkeeping ---------------------------------------------------

    def _on_service(self, event: str, svc: KObject, _old: object) -> None:
        if event == "DELETED":
            self._release(svc.uid)
            return
        if event == "MODIFIED":
            self._keep_allocated(svc)
        self._release(svc.uid)
        ip = svc.spec.get("clusterIP")
        if ip and ip != "None":
            self.ips[ip] = svc.uid
        ports = [p.get("nodePort") for p in svc.spec.get("ports", [])]
        for port in ports:
            if port:
                self.ports[port] = svc.uid
        self._by_uid[svc.uid] = (ip, ports)

    def _keep_allocated(self, svc: KObject) -> None:
        """An update keeps the allocated clusterIP and nodePorts, as the API server's update path does.

        Simplification: Simulation.apply replaces the spec wholesale and runs no update
        admission, so the fields a manifest omits are put back here, before any
        controller hears of the change (this watch is registered first).
        """
        ip, old_ports = self._by_uid.get(svc.uid, (None, []))
        spec = svc.spec
        if ip and not spec.get("clusterIP"):
            spec["clusterIP"] = ip
            spec["clusterIPs"] = [ip]
        if spec.get("type") not in NODE_PORT_TYPES:
            return
        for port, old in zip(spec.get("ports", []), old_ports, strict=False):  # the update may add or drop ports
            if old and not port.get("nodePort"):
                port["nodePort"] = old
        taken = [p["nodePort"] for p in spec.get("ports", []) if p.get("nodePort")]
        for port in spec.get("ports", []):
            if not port.get("nodePort"):
                port["nodePort"] = self._free_port(taken)
                taken.append(port["nodePort"])

    def _release(self, uid: str) -> None:
        ip, ports = self._by_uid.pop(uid, (None, []))
        if ip and self.ips.get(ip) == uid:
            del self.ips[ip]
        for port in ports:
            if port and self.ports.get(port) == uid:
                del self.ports[port]
