"""NetworkPolicy enforcement, as a policy-enforcing network plugin (Calico, Cilium) does it.

Rules (docs concepts/services-networking/network-policies):
- a pod is isolated for a direction once a policy selecting it lists that direction in
  `policyTypes` (omitted: Ingress always, Egress only if the policy has egress rules);
- what is allowed is the union of every rule of every policy selecting the pod;
- a connection needs egress allowed at the source AND ingress allowed at the destination;
  replies to an allowed connection are implicit, so only connection setup is checked;
- traffic to and from the pod's own node is always allowed, and host-network pods are not
  subject to policies (the plugin cannot tell them from their node).

Simplification (said in the verdict's reason when it matters): `ipBlock` is matched against
pod IPs too, as Calico does; upstream leaves that implementation-defined.

Compiled policies are cached per store and namespace and checked against each policy's
resourceVersion, so a request costs a few dictionary lookups per policy.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import Any

from ..admission import METADATA_NAME_LABEL
from ..labels import Requirement, matches, requirements_of
from ..objects import KObject
from ..quantity import decimal
from ..store import Store
from .ipam import IPNetwork, parse_address, parse_network

INGRESS, EGRESS = "Ingress", "Egress"


@dataclass(frozen=True)
class Peer:
    """One end of a connection: a pod (None outside the pod network) and its IP."""

    pod: KObject | None
    ip: str


@dataclass(frozen=True)
class PolicyVerdict:
    """`direction`/`policy` name where a denied connection was dropped (None when allowed)."""

    allowed: bool
    direction: str | None
    policy: str | None
    reason: str


# ---- compiled policies -------------------------------------------------------

@dataclass(frozen=True)
class _PeerRule:
    """One `from`/`to` entry; None fields were not given."""

    pods: list[Requirement] | None
    namespaces: list[Requirement] | None
    block: tuple[IPNetwork, tuple[IPNetwork, ...]] | None


@dataclass(frozen=True)
class _PortRule:
    protocol: str
    port: int | str | None
    end_port: int | None


@dataclass(frozen=True)
class _Rule:
    peers: list[_PeerRule] | None    # None: every peer
    ports: list[_PortRule] | None    # None: every port


@dataclass(frozen=True)
class _Policy:
    name: str
    namespace: str
    selector: list[Requirement]
    ingress: list[_Rule] | None      # None: the policy does not isolate this direction
    egress: list[_Rule] | None


def _policy_types(spec: dict[str, Any]) -> list[str]:
    """`policyTypes`, or its default: Ingress always, Egress only when egress rules are given."""
    return spec.get("policyTypes") or ([INGRESS, EGRESS] if spec.get("egress") else [INGRESS])


def _compile(policy: KObject) -> _Policy:
    spec = policy.spec
    types = _policy_types(spec)
    return _Policy(
        policy.name, policy.namespace, requirements_of(spec.get("podSelector") or {}),
        [_rule(r, "from") for r in spec.get("ingress") or []] if INGRESS in types else None,
        [_rule(r, "to") for r in spec.get("egress") or []] if EGRESS in types else None,
    )


def _rule(rule: dict[str, Any], peers_key: str) -> _Rule:
    peers = rule.get(peers_key)
    ports = rule.get("ports")
    return _Rule([_peer(p) for p in peers] if peers else None,
                 [_port(p) for p in ports] if ports else None)


def _peer(peer: dict[str, Any]) -> _PeerRule:
    pods, spaces, block = peer.get("podSelector"), peer.get("namespaceSelector"), peer.get("ipBlock")
    return _PeerRule(requirements_of(pods) if pods is not None else None,
                     requirements_of(spaces) if spaces is not None else None,
                     _block(block) if block is not None else None)


def _block(block: dict[str, Any]) -> tuple[IPNetwork, tuple[IPNetwork, ...]]:
    cidr = parse_network(str(block.get("cidr", "")), strict=False)
    return cidr, tuple(parse_network(str(e), strict=False) for e in block.get("except") or [])


def _port(port: dict[str, Any]) -> _PortRule:
    return _PortRule(str(port.get("protocol") or "TCP").upper(), port.get("port"), port.get("endPort"))


class _NamespaceCache:
    __slots__ = ("by_pod", "policies", "stamp")

    def __init__(self, objs: list[KObject], stamp: int) -> None:
        self.stamp = stamp  # the store's last NetworkPolicy write when this was compiled
        self.policies = [_compile_safely(obj) for obj in objs]
        # pod uid -> (pod resourceVersion, policies isolating it for ingress, for egress)
        self.by_pod: dict[str, tuple[int, list[_Policy], list[_Policy]]] = {}



def _compile_safely(policy: KObject) -> _Policy:
    """A malformed policy (bad CIDR) still isolates its pods but allows nothing, never crashes."""
    try:
        return _compile(policy)
    except (ValueError, TypeError, KeyError, AttributeError):
        types = _policy_types(policy.spec)
        return _Policy(policy.name, policy.namespace, requirements_of(policy.spec.get("podSelector") or {}),
                       [] if INGRESS in types else None, [] if EGRESS in types else None)


# Derived data only (compiled from objects in the store), so a snapshot need not carry it.
_CACHES: weakref.WeakKeyDictionary[Store, dict[str, _NamespaceCache]] = weakref.WeakKeyDictionary()


def _isolating(store: Store, pod: KObject, direction: str) -> list[_Policy]:
    """The policies in the pod's namespace that select it and isolate it for `direction`."""
    namespace = pod.metadata.namespace
    objs = store.list("NetworkPolicy", namespace)
    if not objs:
        return []
    caches = _CACHES.get(store)
    if caches is None:
        caches = _CACHES[store] = {}
    cache = caches.get(namespace)
    stamp = store.kind_version("NetworkPolicy")
    if cache is None or cache.stamp != stamp:
        cache = caches[namespace] = _NamespaceCache(objs, stamp)
    meta = pod.metadata
    hit = cache.by_pod.get(meta.uid)
    if hit is None or hit[0] != meta.resource_version:
        chosen = [p for p in cache.policies if matches(p.selector, meta.labels)]
        hit = cache.by_pod[meta.uid] = (meta.resource_version, [p for p in chosen if p.ingress is not None],
                                        [p for p in chosen if p.egress is not None])
    return hit[1] if direction == INGRESS else hit[2]


def isolating_policies(store: Store, pod: KObject) -> list[str]:
    """Names of the NetworkPolicies that select the pod and isolate it in either direction (the map marks it)."""
    if _enforced(pod) is None:
        return []
    names = [p.name for p in _isolating(store, pod, INGRESS)]
    names += [p.name for p in _isolating(store, pod, EGRESS) if p.name not in names]
    return names


# ---- evaluation ----------------------------------------------------------------

def check_connection(store: Store, src: Peer, dst: Peer, port: int, protocol: str) -> PolicyVerdict:
    """May `src` open a connection to `dst` on `port`/`protocol`? (Replies need no check.)"""
    protocol = protocol.upper()
    src_pod, dst_pod = _enforced(src.pod), _enforced(dst.pod)
    notes = []
    if src_pod is not None:
        verdict = _check_side(store, src_pod, dst, dst_pod, EGRESS, port, protocol)
        if not verdict.allowed:
            return verdict
        notes.append(verdict.reason)
    if dst_pod is not None:
        verdict = _check_side(store, dst_pod, src, src_pod, INGRESS, port, protocol)
        if not verdict.allowed:
            return verdict
        notes.append(verdict.reason)
    return PolicyVerdict(True, None, None, "; ".join(notes) or "allowed: no NetworkPolicy applies to either end")


def _enforced(pod: KObject | None) -> KObject | None:
    """Policies apply to pod-network pods only; a host-network pod counts as its node."""
    if pod is None or pod.spec.get("hostNetwork"):
        return None
    return pod


def _check_side(store: Store, pod: KObject, remote: Peer, remote_pod: KObject | None, direction: str,
                port: int, protocol: str) -> PolicyVerdict:
    """Is `direction` traffic of `pod` (with `remote` at the other end) allowed by its policies?"""
    isolating = _isolating(store, pod, direction)
    where = f"pod {pod.namespace}/{pod.name}"
    if not isolating:
        return PolicyVerdict(True, None, None, f"{direction.lower()} allowed: no NetworkPolicy isolates {where}")
    if remote.ip and remote.ip == _node_ip(store, pod):
        return PolicyVerdict(True, None, None,
                             f"{direction.lower()} allowed: traffic between {where} and its own node is always allowed")
    # The port is on the destination: the policy's pod for ingress, the remote pod for egress.
    port_owner = pod if direction == INGRESS else remote_pod
    for policy in isolating:
        for rule in _rules(policy, direction) or ():
            if (_port_ok(rule.ports, port, protocol, port_owner)
                    and _peers_ok(store, rule.peers, policy, remote, remote_pod)):
                return PolicyVerdict(True, None, policy.name,
                                     f"{direction.lower()} allowed by networkpolicy {policy.namespace}/{policy.name}")
    names = ", ".join(p.name for p in isolating)
    side = "to" if direction == EGRESS else "from"
    note = " (ipBlock is matched against pod IPs too, as Calico does)" if _has_ip_block(isolating, direction) else ""
    return PolicyVerdict(False, direction, isolating[0].name,
                         f"{direction.lower()} denied: {where} is isolated for {direction.lower()} by networkpolicy "
                         f"{names} and no rule allows {protocol}/{port} {side} {_describe(remote, remote_pod)}{note}")


def _rules(policy: _Policy, direction: str) -> list[_Rule] | None:
    return policy.ingress if direction == INGRESS else policy.egress


def _port_ok(ports: list[_PortRule] | None, port: int, protocol: str, owner: KObject | None) -> bool:
    if ports is None:
        return True
    for rule in ports:
        if rule.protocol != protocol:
            continue
        if rule.port is None:
            return True
        number = _resolve_port(rule.port, protocol, owner)
        if number is None:
            continue
        end = rule.end_port if rule.end_port is not None and isinstance(rule.port, int) else number
        if number <= port <= end:
            return True
    return False


def _resolve_port(port: int | str, protocol: str, owner: KObject | None) -> int | None:
    """A number, a numeric string, or a named port looked up in the destination pod's containers."""
    if isinstance(port, int):
        return port
    if (digits := decimal(port)) is not None:
        return digits
    if owner is None:
        return None
    for container in owner.spec.get("containers") or ():
        for declared in container.get("ports") or ():
            if declared.get("name") == port and str(declared.get("protocol") or "TCP").upper() == protocol:
                number: int | None = declared.get("containerPort")
                return number
    return None


def _peers_ok(store: Store, peers: list[_PeerRule] | None, policy: _Policy, remote: Peer,
              remote_pod: KObject | None) -> bool:
    if peers is None:
        return True
    return any(_peer_ok(store, peer, policy, remote, remote_pod) for peer in peers)


def _peer_ok(store: Store, peer: _PeerRule, policy: _Policy, remote: Peer, remote_pod: KObject | None) -> bool:
    if peer.block is not None:
        return _in_block(remote.ip, peer.block)
    if remote_pod is None:
        return False
    meta = remote_pod.metadata
    if peer.namespaces is None:
        namespace_ok = meta.namespace == policy.namespace     # podSelector alone: the policy's namespace
    else:
        namespace_ok = matches(peer.namespaces, _namespace_labels(store, meta.namespace))
    return namespace_ok and (peer.pods is None or matches(peer.pods, meta.labels))


def _in_block(ip: str, block: tuple[IPNetwork, tuple[IPNetwork, ...]]) -> bool:
    try:
        address = parse_address(ip)
    except ValueError:
        return False
    cidr, excepts = block
    return address in cidr and not any(address in e for e in excepts)


def _namespace_labels(store: Store, namespace: str) -> dict[str, str]:
    """The namespace's labels; `kubernetes.io/metadata.name` is always there, as the API server ensures."""
    obj = store.try_get("Namespace", "", namespace)
    labels = obj.metadata.labels if obj is not None else {}
    return labels if METADATA_NAME_LABEL in labels else {**labels, METADATA_NAME_LABEL: namespace}


def _node_ip(store: Store, pod: KObject) -> str | None:
    node_name = pod.spec.get("nodeName")
    node = store.try_get("Node", "", node_name) if node_name else None
    if node is None:
        return None
    for address in node.status.get("addresses") or ():
        if address.get("type") == "InternalIP":
            ip: str | None = address.get("address")
            return ip
    return None


def _has_ip_block(policies: list[_Policy], direction: str) -> bool:
    return any(peer.block is not None for p in policies for r in _rules(p, direction) or () for peer in r.peers or ())


def _describe(peer: Peer, pod: KObject | None) -> str:
    if pod is not None:
        return f"pod {pod.namespace}/{pod.name} ({peer.ip or 'no IP'})"
    if peer.pod is not None:
        return f"host-network pod {peer.pod.namespace}/{peer.pod.name} ({peer.ip})"
    return peer.ip or "an unknown address"
