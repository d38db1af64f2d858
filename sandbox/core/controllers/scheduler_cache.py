"""What kube-scheduler's cache holds (k/k pkg/scheduler/framework/types.go): a pod's requests, computed
once per scheduling attempt, and each node's allocatable and committed resources, host ports and owners."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..compact_pickle import pickled_as_tuple
from ..objects import NOT_READY_TAINT, UNREACHABLE_TAINT, KObject, condition, controller_ref
from ..quantity import memory_bytes, milli_cpu
from .node_affinity import required_terms

NONZERO_CPU = 100                  # schedutil.DefaultMilliCPURequest, for scoring only
NONZERO_MEMORY = 200 * 1024 * 1024  # schedutil.DefaultMemoryRequest
BLOCKING_EFFECTS = ("NoSchedule", "NoExecute")


@pickled_as_tuple
class PodRequest:
    """What a pod asks of a node, computed once per scheduling attempt."""

    __slots__ = (
        "_signature",
        "constrained",
        "cpu",
        "memory",
        "nz_cpu",
        "nz_memory",
        "owner",
        "ports",
        "spec",
        "tolerations",
    )

    def __init__(self, pod: KObject) -> None:
        spec = pod.spec
        self.spec = spec
        cpu = memory = nz_cpu = nz_memory = 0
        ports: list[tuple[str, int]] = []
        host_network = bool(spec.get("hostNetwork"))
        for container in spec.get("containers") or ():
            c_cpu, c_mem, c_nz_cpu, c_nz_mem = _container_requests(container)
            cpu += c_cpu
            memory += c_mem
            nz_cpu += c_nz_cpu
            nz_memory += c_nz_mem
            for port in container.get("ports") or ():
                # hostNetwork pods default hostPort to containerPort (API defaulting).
                host_port = port.get("hostPort") or (port.get("containerPort") if host_network else 0)
                if host_port:
                    ports.append((str(port.get("protocol") or "TCP"), int(host_port)))
        for container in spec.get("initContainers") or ():
            # Init containers run one at a time: the pod needs the largest of them, or the sum above.
            c_cpu, c_mem, c_nz_cpu, c_nz_mem = _container_requests(container)
            cpu, memory = max(cpu, c_cpu), max(memory, c_mem)
            nz_cpu, nz_memory = max(nz_cpu, c_nz_cpu), max(nz_memory, c_nz_mem)
        self.cpu, self.memory, self.nz_cpu, self.nz_memory = cpu, memory, nz_cpu, nz_memory
        self.ports = tuple(ports)
        ref = controller_ref(pod)
        self.owner = ref["uid"] if ref else ""
        self.tolerations: list[dict[str, Any]] = spec.get("tolerations") or []
        # Whether the pod has a nodeSelector or required node affinity (read for every node filtered).
        self.constrained = bool(spec.get("nodeSelector") or required_terms(spec) is not None)
        self._signature: tuple[Any, ...] | None = None

    def forget_spec(self) -> None:
        """The pod is placed: from now on it is only counted (its requests, ports, owner). What filtering
        read of its spec is needed no more, and a checkpoint, which names the pod itself by reference
        (core/checkpoint.py), would otherwise copy that spec again for every pod."""
        self.spec, self.tolerations, self._signature = {}, [], None

    def signature(self) -> tuple[Any, ...]:
        """Everything feasibility depends on: pods with equal signatures fit the same nodes."""
        if self._signature is None:   # computed once: an unschedulable pod is retried on every cluster change
            spec = self.spec
            self._signature = (self.cpu, self.memory, self.ports, repr(spec.get("tolerations")),
                               repr(spec.get("nodeSelector")), repr(spec.get("affinity")))
        return self._signature


def _container_requests(container: dict[str, Any]) -> tuple[int, int, int, int]:
    requests = (container.get("resources") or {}).get("requests") or {}
    cpu = _quantity(requests, "cpu", milli_cpu)
    memory = _quantity(requests, "memory", memory_bytes)
    # For scoring, a container without a request counts as 100m / 200Mi (GetNonzeroRequests).
    nz_cpu = cpu if "cpu" in requests else NONZERO_CPU
    nz_memory = memory if "memory" in requests else NONZERO_MEMORY
    return cpu, memory, nz_cpu, nz_memory


def _quantity(requests: dict[str, Any], name: str, parse: Callable[[Any], int]) -> int:
    value = requests.get(name)
    if value is None:
        return 0
    try:
        return parse(value)
    except ValueError:
        return 0  # validation rejects malformed quantities; never crash the scheduler on one


class NodeInfo:
    """The scheduler's cache entry for one node: what it offers and what is committed on it."""

    __slots__ = (
        "alloc_cpu",
        "alloc_memory",
        "alloc_pods",
        "cpu",
        "group",
        "memory",
        "name",
        "node",
        "nz_cpu",
        "nz_memory",
        "owners",
        "pods",
        "ports",
        "score",
        "soft_taints",
        "taints",
        "tiebreak",
        "unschedulable",
        "version",
    )

    def __init__(self, node: KObject, tiebreak: float) -> None:
        self.name = node.name
        self.cpu = self.memory = self.nz_cpu = self.nz_memory = self.pods = 0
        self.ports: dict[tuple[str, int], int] = {}
        self.owners: dict[str, int] = {}
        self.version = 0
        # (version, request's score key, resource score) of the last score: the nodes scored for one pod are
        # mostly scored again for the next, unchanged (every change to what the score reads bumps the version).
        self.score: tuple[int, object, int] = (-1, None, 0)
        self.tiebreak = tiebreak
        self.refresh(node)

    def refresh(self, node: KObject) -> None:
        self.node = node
        allocatable = node.status.get("allocatable") or {}
        self.alloc_cpu = _quantity(allocatable, "cpu", milli_cpu)
        self.alloc_memory = _quantity(allocatable, "memory", memory_bytes)
        self.alloc_pods = _quantity(allocatable, "pods", memory_bytes)
        self.unschedulable = bool(node.spec.get("unschedulable"))
        self.taints = effective_taints(node)
        self.soft_taints = [t for t in node.spec.get("taints") or () if t.get("effect") == "PreferNoSchedule"]
        self.group = (self.unschedulable, tuple((t.get("key"), t.get("value") or "", t.get("effect"))
                                                for t in self.taints))

    def load(self) -> float:
        """Heap order: share of CPU and memory committed (non-zero requests), lowest first."""
        return self.nz_cpu / (self.alloc_cpu or 1) + self.nz_memory / (self.alloc_memory or 1)

    def add(self, req: PodRequest, sign: int) -> None:
        self.cpu += sign * req.cpu
        self.memory += sign * req.memory
        self.nz_cpu += sign * req.nz_cpu
        self.nz_memory += sign * req.nz_memory
        self.pods += sign
        for port in req.ports:
            bump_count(self.ports, port, sign)
        if req.owner:
            bump_count(self.owners, req.owner, sign)


def bump_count(counts: dict[Any, int], key: Any, sign: int) -> None:
    value = counts.get(key, 0) + sign
    if value > 0:
        counts[key] = value
    else:
        counts.pop(key, None)


def effective_taints(node: KObject) -> list[dict[str, Any]]:
    """The node's NoSchedule/NoExecute taints, plus the not-ready/unreachable taint its condition
    implies when the node lifecycle controller has not (yet) added it."""
    taints = [t for t in node.spec.get("taints") or () if t.get("effect") in BLOCKING_EFFECTS]
    ready = condition(node.status, "Ready")
    if ready is None or ready.get("status") != "True":
        key = UNREACHABLE_TAINT if ready is not None and ready.get("status") == "Unknown" else NOT_READY_TAINT
        if not any(t.get("key") == key for t in taints):
            taints.append({"key": key, "effect": "NoSchedule"})
    return taints
