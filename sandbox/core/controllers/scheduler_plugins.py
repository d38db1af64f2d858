"""The default profile's filter and score plugins (k/k pkg/scheduler/framework/plugins: NodeUnschedulable,
TaintToleration, NodeAffinity, NodePorts, NodeResourcesFit, NodeResourcesBalancedAllocation) and the
FailedScheduling message (framework.FitError with the preemption PostFilter's diagnosis)."""

from __future__ import annotations

from typing import Any

from ..objects import UNSCHEDULABLE_TAINT
from ..taints import tolerated
from .node_affinity import node_affinity_matches
from .scheduler_cache import NodeInfo, PodRequest

MAX_NODE_SCORE = 100

# Filter failure reasons, worded as the real plugins word them.
UNSCHEDULABLE_NODE = "node(s) were unschedulable"
AFFINITY_MISMATCH = "node(s) didn't match Pod's node affinity/selector"
PORTS_TAKEN = "node(s) didn't have free ports for the requested pod ports"
NOT_HELPFUL = "Preemption is not helpful for scheduling"
NO_VICTIMS = "No preemption victims found for incoming pod"
NO_NODES = "no nodes available to schedule pods"

Failure = tuple[tuple[str, ...], bool]   # (reasons, resolvable by preemption)


def fit_error(total: int, failures: list[Failure]) -> str:
    """The FailedScheduling message: framework.FitError plus the preemption PostFilter's diagnosis."""
    if total == 0:
        return NO_NODES
    reasons: dict[str, int] = {}
    preemption: dict[str, int] = {}
    for node_reasons, resolvable in failures:
        for reason in node_reasons:
            reasons[reason] = reasons.get(reason, 0) + 1
        verdict = NO_VICTIMS if resolvable else NOT_HELPFUL
        preemption[verdict] = preemption.get(verdict, 0) + 1
    histogram = ", ".join(sorted(f"{n} {r}" for r, n in reasons.items()))
    verdicts = ", ".join(sorted(f"{n} {r}" for r, n in preemption.items()))
    return f"0/{total} nodes are available: {histogram}. preemption: 0/{total} nodes are available: {verdicts}."


def node_filter(info: NodeInfo, req: PodRequest) -> Failure | None:
    """The filters after the group's (NodeAffinity, NodePorts, NodeResourcesFit) for one node."""
    if req.constrained and not node_affinity_matches(req.spec, info.node):
        return (AFFINITY_MISMATCH,), False
    if req.ports and any(port in info.ports for port in req.ports):
        return (PORTS_TAKEN,), True
    room = info.pods + 1 <= info.alloc_pods
    cpu = not req.cpu or info.cpu + req.cpu <= info.alloc_cpu
    memory = not req.memory or info.memory + req.memory <= info.alloc_memory
    if room and cpu and memory:
        return None   # (no list of reasons built for the usual answer)
    verdicts = ((room, "Too many pods"), (cpu, "Insufficient cpu"), (memory, "Insufficient memory"))
    return tuple(reason for fits, reason in verdicts if not fits), True


def group_filter(group: tuple[Any, ...], tolerations: list[dict[str, Any]]) -> Failure | None:
    """NodeUnschedulable and TaintToleration: one verdict for every node of a group (same cordon, same taints)."""
    unschedulable, taints = group
    if unschedulable and not tolerated(tolerations, {"key": UNSCHEDULABLE_TAINT, "effect": "NoSchedule"}):
        return (UNSCHEDULABLE_NODE,), False
    for key, value, effect in taints:
        if not tolerated(tolerations, {"key": key, "value": value, "effect": effect}):
            return (f"node(s) had untolerated taint {{{key}: {value}}}",), False
    return None


def taint_toleration_scores(feasible: list[NodeInfo], tolerations: list[dict[str, Any]]) -> list[int]:
    """TaintToleration's score: fewer untolerated PreferNoSchedule taints is better, normalised to 0-100
    (helper.DefaultNormalizeScore with reverse); only tolerations with effect PreferNoSchedule or none count."""
    counts = [0] * len(feasible)
    if any(info.soft_taints for info in feasible):
        soft = [t for t in tolerations if (t.get("effect") or "PreferNoSchedule") == "PreferNoSchedule"]
        counts = [sum(1 for taint in info.soft_taints if not tolerated(soft, taint)) for info in feasible]
    most = max(counts, default=0)
    if most == 0:
        return [MAX_NODE_SCORE] * len(feasible)
    return [MAX_NODE_SCORE - MAX_NODE_SCORE * count // most for count in counts]


def resource_score(info: NodeInfo, req: PodRequest) -> int:
    """NodeResourcesFit's LeastAllocated score plus NodeResourcesBalancedAllocation's, each 0-100 (one
    function: it runs for every node scored, several per pod)."""
    alloc_cpu, alloc_memory = info.alloc_cpu, info.alloc_memory
    # LeastAllocated: the free share of each resource after the pod (non-zero requests), weighted equally.
    requested = info.nz_cpu + req.nz_cpu
    free_cpu = 0 if alloc_cpu <= 0 or requested > alloc_cpu else (alloc_cpu - requested) * 100 // alloc_cpu
    requested = info.nz_memory + req.nz_memory
    free_memory = 0 if alloc_memory <= 0 or requested > alloc_memory else \
        (alloc_memory - requested) * 100 // alloc_memory
    # BalancedAllocation: 100 when CPU and memory are equally used.
    cpu = min(1.0, (info.cpu + req.cpu) / alloc_cpu) if alloc_cpu else 1.0
    memory = min(1.0, (info.memory + req.memory) / alloc_memory) if alloc_memory else 1.0
    return (free_cpu + free_memory) // 2 + int((1 - abs(cpu - memory) / 2) * 100)
