"""Pod IPs: each node hands out addresses from its podCIDR; hostNetwork pods use the node's IP."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from ..objects import KObject


@dataclass(slots=True)
class _Pool:
    """One node's addresses: the next unused host number, IPs freed by pods that went, the node's own IP."""

    next_host: int
    node_ip: str
    freed: list[str] = field(default_factory=list)


class PodAddresses:
    """The pod IPs of every node, given out and taken back as pods start and go."""

    def __init__(self) -> None:
        self._pools: dict[str, _Pool] = {}

    def assign(self, node: KObject, pod: KObject, ip: str | None) -> tuple[str, str]:
        """(the node's InternalIP, the pod's IP): `ip` if the pod was given one already; else hostNetwork pods
        share the node's IP, others get .2, .3, … of the node's podCIDR (freed ones reused last)."""
        pool = self._pools.get(node.metadata.name)
        if pool is None:   # not setdefault(): that would look the node's IP up again for every pod
            pool = self._pools[node.metadata.name] = _Pool(2, _internal_ip(node))
        if ip is not None:
            return pool.node_ip, ip
        if pod.spec.get("hostNetwork"):
            return pool.node_ip, pool.node_ip
        prefix = _cidr_prefix(str(node.spec.get("podCIDR") or "10.244.0.0/24"))
        if pool.next_host <= 254:
            pool.next_host += 1
            return pool.node_ip, f"{prefix}.{pool.next_host - 1}"
        return pool.node_ip, pool.freed.pop(0) if pool.freed else f"{prefix}.254"

    def release(self, node_name: str, ip: str | None) -> None:
        """A pod is gone: its IP may be handed out again (the node's own IP never is)."""
        pool = self._pools.get(node_name)
        if pool is not None and ip is not None and ip != pool.node_ip:
            pool.freed.append(ip)


@lru_cache(maxsize=8192)
def _cidr_prefix(cidr: str) -> str:
    """"10.244.3.0/24" -> "10.244.3" (asked once per pod, for a few thousand distinct node ranges)."""
    return cidr.rsplit(".", 1)[0]


def _internal_ip(node: KObject) -> str:
    for address in node.status.get("addresses") or ():
        if address.get("type") == "InternalIP":
            return str(address.get("address"))
    return ""
