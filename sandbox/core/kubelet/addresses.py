"""Pod IPs: each node hands out addresses from its podCIDR; hostNetwork pods use the node's IP."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..objects import KObject


class PodAddresses:
    """The pod IPs of every node, given out and taken back as pods start and go."""

    def __init__(self) -> None:
        self._pools: dict[str, list[Any]] = {}          # node -> [next host number, freed IPs, node IP]

    def assign(self, node: KObject, pod: KObject) -> str:
        """hostNetwork pods share the node's IP; others get .2, .3, … of the node's podCIDR (freed ones reused last)."""
        pool = self._pools.get(node.name)
        if pool is None:   # not setdefault(): that would look the node's IP up again for every pod
            pool = self._pools[node.name] = [2, [], _internal_ip(node)]
        if pod.spec.get("hostNetwork"):
            return pool[2]
        prefix = _cidr_prefix(str(node.spec.get("podCIDR") or "10.244.0.0/24"))
        if pool[0] <= 254:
            pool[0] += 1
            return f"{prefix}.{pool[0] - 1}"
        return pool[1].pop(0) if pool[1] else f"{prefix}.254"

    def node_ip(self, node_name: str) -> str:
        """The node's InternalIP (its pool exists once a pod there was given an address)."""
        return self._pools[node_name][2]

    def release(self, node_name: str, ip: str | None) -> None:
        """A pod is gone: its IP may be handed out again (the node's own IP never is)."""
        pool = self._pools.get(node_name)
        if pool is not None and ip is not None and ip != pool[2]:
            pool[1].append(ip)


@lru_cache(maxsize=8192)
def _cidr_prefix(cidr: str) -> str:
    """"10.244.3.0/24" -> "10.244.3" (asked once per pod, for a few thousand distinct node ranges)."""
    return cidr.rsplit(".", 1)[0]


def _internal_ip(node: KObject) -> str:
    for address in node.status.get("addresses") or ():
        if address.get("type") == "InternalIP":
            return str(address.get("address"))
    return ""
