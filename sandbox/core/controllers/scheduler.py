"""kube-scheduler's default profile (k/k pkg/scheduler, pkg/scheduler/framework/plugins), simplified.

For each unbound pod: filter the nodes (NodeUnschedulable, TaintToleration,
NodeAffinity, NodePorts, NodeResourcesFit — in the real plugin order, a node
failing at the first filter that rejects it), score the feasible ones
(LeastAllocated + BalancedAllocation + spreading of the owner's pods, weight 2 as
PodTopologySpread's system default; terminating pods count for their node's resources
but not for spreading), break ties with the seeded RNG, and bind.
No feasible node: PodScheduled=False/Unschedulable and a FailedScheduling event
in the real FitError wording; the pod waits in the unschedulable pool
(scheduling_queue.py) until a node is added or changes in a way that matters (labels,
taints, allocatable, cordon) or a pod leaves a node, with back-off, and at least
every 5 minutes. PreferNoSchedule taints count in scoring (TaintToleration, weight 3).

Like the real scheduler, it keeps its own cache of what each node has committed
(requests, host ports, pod count), updated from watch events — its informer
cache, which is why the event handlers here update state and not only enqueue.

Speed: the real scheduler stops filtering after `percentageOfNodesToScore` of a
large cluster and scores only those. Here each group of nodes with the same
taints/cordon state keeps a heap ordered by load (lazily invalidated: entries
carry the node's version and stale ones are dropped when popped). A pod pops the
least-loaded nodes until SAMPLE_SIZE of them pass the filters, scores those and
pushes them back. Clusters of up to EXACT_NODES nodes evaluate every node, so
small clusters (every lesson) get exactly the real plugins' answer.
"""

from __future__ import annotations

import copy
import heapq
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from ..audit import lazy_text, shared_text
from ..labels import matches
from ..objects import (
    NOT_READY_TAINT,
    UNREACHABLE_TAINT,
    UNSCHEDULABLE_TAINT,
    KObject,
    condition,
    controller_ref,
    set_condition,
)
from ..quantity import memory_bytes, milli_cpu
from ..taints import tolerated
from .base import Context, Controller
from .scheduling_queue import UnschedulablePool

DEFAULT_SCHEDULER = "default-scheduler"
EXACT_NODES = 100      # up to this many nodes, every node is filtered and scored
SAMPLE_SIZE = 4        # feasible candidates scored per pod on larger clusters
NONZERO_CPU = 100                  # schedutil.DefaultMilliCPURequest, for scoring only
NONZERO_MEMORY = 200 * 1024 * 1024  # schedutil.DefaultMemoryRequest
SPREAD_WEIGHT = 2                  # PodTopologySpread's weight in the default profile
TAINT_WEIGHT = 3                   # TaintToleration's weight in the default profile
MAX_NODE_SCORE = 100
TERMINAL = ("Succeeded", "Failed")
BLOCKING_EFFECTS = ("NoSchedule", "NoExecute")

# Filter failure reasons, worded as the real plugins word them.
UNSCHEDULABLE_NODE = "node(s) were unschedulable"
AFFINITY_MISMATCH = "node(s) didn't match Pod's node affinity/selector"
PORTS_TAKEN = "node(s) didn't have free ports for the requested pod ports"
NOT_HELPFUL = "Preemption is not helpful for scheduling"
NO_VICTIMS = "No preemption victims found for incoming pod"
NO_NODES = "no nodes available to schedule pods"
ASSIGNED = "Successfully assigned {}/{} to {}"   # the Scheduled event, formatted when read (audit.lazy_text)

Failure = tuple[tuple[str, ...], bool]   # (reasons, resolvable by preemption)
HeapEntry = tuple[float, float, int, str]   # (load, tiebreak, node version, node name)


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
        self.constrained = bool(spec.get("nodeSelector") or _required_terms(spec) is not None)
        self._signature: tuple[Any, ...] | None = None

    def forget_spec(self) -> None:
        """The pod is placed: from now on it is only counted (its requests, ports, owner). What filtering
        read of its spec is needed no more, and a checkpoint, which names the pod itself by reference
        (core/checkpoint.py), would otherwise copy that spec again for every pod."""
        self.spec, self.tolerations, self._signature = {}, [], None

    def unowned(self) -> PodRequest:
        """The same request, counted for no owner's spreading (a terminating pod)."""
        twin = copy.copy(self)
        twin.owner = ""
        return twin

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


def _required_terms(spec: dict[str, Any]) -> list[dict[str, Any]] | None:
    affinity = ((spec.get("affinity") or {}).get("nodeAffinity") or {})
    required = affinity.get("requiredDuringSchedulingIgnoredDuringExecution")
    if required is None:
        return None
    return required.get("nodeSelectorTerms") or []


def _expression_matches(expr: dict[str, Any], value: str | None) -> bool:
    op = expr.get("operator")
    values = expr.get("values") or []
    if op in ("Gt", "Lt"):
        try:
            number, bound = int(value or ""), int(values[0])
        except (ValueError, IndexError):
            return False
        return number > bound if op == "Gt" else number < bound
    key = expr.get("key", "")
    labels = {key: value} if value is not None else {}
    try:
        return matches([(key, str(op), tuple(values))], labels)
    except ValueError:
        return False


def _term_matches(term: dict[str, Any], node: KObject) -> bool:
    exprs = term.get("matchExpressions") or []
    fields = term.get("matchFields") or []
    if not exprs and not fields:
        return False  # an empty term matches no node
    labels = node.metadata.labels
    if not all(_expression_matches(e, labels.get(e.get("key", ""))) for e in exprs):
        return False
    # matchFields supports only metadata.name, as in Kubernetes.
    return all(f.get("key") == "metadata.name" and _expression_matches(f, node.name) for f in fields)


def node_affinity_matches(spec: dict[str, Any], node: KObject) -> bool:
    """nodeSelector AND required node affinity (terms ORed), as the NodeAffinity filter checks."""
    selector = spec.get("nodeSelector") or {}
    labels = node.metadata.labels
    if any(labels.get(k) != v for k, v in selector.items()):
        return False
    terms = _required_terms(spec)
    return terms is None or any(_term_matches(t, node) for t in terms)


def pinned_nodes(spec: dict[str, Any]) -> list[str] | None:
    """Node names a pod can only go to (DaemonSet pods' matchFields, a hostname nodeSelector), or None."""
    terms = _required_terms(spec)
    if terms:
        names: list[str] = []
        for term in terms:
            fields = [f for f in term.get("matchFields") or () if f.get("key") == "metadata.name"
                      and f.get("operator") == "In"]
            if not fields:
                names = []
                break
            names.extend(v for v in fields[0].get("values") or () if v not in names)
        else:
            return names
    host = (spec.get("nodeSelector") or {}).get("kubernetes.io/hostname")
    return [host] if host else None


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
            _bump(self.ports, port, sign)
        if req.owner:
            _bump(self.owners, req.owner, sign)


def _bump(counts: dict[Any, int], key: Any, sign: int) -> None:
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


class Scheduler(Controller):
    name = DEFAULT_SCHEDULER

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.rng = ctx.rng
        self._nodes: dict[str, NodeInfo] = {}
        self._heaps: dict[tuple[Any, ...], list[HeapEntry]] = {}
        self._members: dict[tuple[Any, ...], int] = {}   # group -> nodes in it (an empty group's heap goes)
        self._placed: dict[str, tuple[str, PodRequest]] = {}   # pod uid -> (node, request)
        self._pool = UnschedulablePool(self.clock, self.enqueue)
        self._pooled = self._pool.pods   # uid -> its pool entry
        self._soft_tainted: dict[str, bool] = {}   # nodes with a PreferNoSchedule taint (scoring looks only then)
        self._writing: str | None = None   # uid of the pod whose status the scheduler is writing right now
        self._infeasible: dict[tuple[Any, ...], str] = {}      # signature -> message, until the cluster changes
        self.store.watch("Node", self._on_node)
        self.store.watch("Pod", self._on_pod)

    # ---- cache (informer handlers) -------------------------------------------

    def _on_node(self, event: str, node: KObject, old_labels: dict[str, str] | None) -> None:
        info = self._nodes.get(node.name)
        if event == "DELETED":
            if self._nodes.pop(node.name, None) is not None:
                self._leave_group(info.group)   # type: ignore[union-attr]
        elif info is None:
            info = self._nodes[node.name] = NodeInfo(node, self.rng.random())
            self._members[info.group] = self._members.get(info.group, 0) + 1
            for pod in self.store.pods_on_node(node.name):
                placed = self._placed.get(pod.uid)
                if placed is not None:
                    info.add(placed[1], 1)
                elif pod.status.get("phase") not in TERMINAL:
                    self._place(pod.uid, node.name, PodRequest(pod))
            self._push(info)
        else:
            before = (info.group, info.alloc_cpu, info.alloc_memory, info.alloc_pods, info.soft_taints)
            info.refresh(node)
            if old_labels is None and \
                    before == (info.group, info.alloc_cpu, info.alloc_memory, info.alloc_pods, info.soft_taints):
                return  # a status write (heartbeat, conditions) that changes nothing the scheduler looks at
            if info.group != before[0]:
                self._members[info.group] = self._members.get(info.group, 0) + 1
                self._leave_group(before[0])
            self._push(info)
        if info is not None and info.soft_taints and event != "DELETED":
            self._soft_tainted[node.name] = True
        else:
            self._soft_tainted.pop(node.name, None)
        self._cluster_changed()

    def _on_pod(self, event: str, pod: KObject, _old: object) -> None:
        uid = pod.metadata.uid
        if event == "DELETED":
            self._pooled.pop(uid, None)
            self._release(uid)
            return
        node = pod.spec.get("nodeName")
        if node:
            if uid in self._placed:
                if pod.status.get("phase") in TERMINAL:
                    self._release(uid)
                elif pod.metadata.deletion_timestamp is not None:
                    self._terminating(uid)
            elif pod.status.get("phase") not in TERMINAL:
                self._pooled.pop(uid, None)
                self._place(uid, node, PodRequest(pod))   # bound by someone else (nodeName set, mirror pod)
            return
        if uid == self._writing:
            return   # the echo of our own status write (isPodUpdated ignores status-only updates)
        if pod.metadata.deletion_timestamp is None and pod.spec.get("schedulerName", DEFAULT_SCHEDULER) == \
                DEFAULT_SCHEDULER:
            pooled = self._pooled.get(uid)
            if pooled is None or pooled.rv != pod.metadata.resource_version:  # skip the echo of our own write
                self.enqueue(uid)

    def _leave_group(self, group: tuple[Any, ...]) -> None:
        """A node left `group`; once no node is in it, drop its heap (only stale entries are left),
        so that scheduling does not check every pod's tolerations against groups long gone."""
        self._members[group] -= 1
        if not self._members[group]:
            del self._members[group]
            self._heaps.pop(group, None)

    def _place(self, uid: str, node: str, req: PodRequest) -> None:
        req.forget_spec()
        self._placed[uid] = (node, req)
        info = self._nodes.get(node)
        if info is not None:
            info.add(req, 1)
            self._push(info)

    def _terminating(self, uid: str) -> None:
        """A terminating pod keeps its requests on the node until it is gone, but spreading no longer counts
        it (countPodsMatchSelector skips pods with a deletionTimestamp, kubernetes/kubernetes#87621)."""
        node, req = self._placed[uid]
        if not req.owner:
            return  # not counted, or already uncounted
        info = self._nodes.get(node)
        if info is not None:
            _bump(info.owners, req.owner, -1)
        self._placed[uid] = (node, req.unowned())

    def _release(self, uid: str) -> None:
        placed = self._placed.pop(uid, None)
        if placed is None:
            return
        info = self._nodes.get(placed[0])
        if info is not None:
            info.add(placed[1], -1)
            self._push(info)
        self._cluster_changed()

    def _cluster_changed(self) -> None:
        """Room may have appeared: forget cached verdicts and retry the unschedulable pool (after back-off)."""
        self._infeasible.clear()
        self._pool.cluster_changed()

    def _push(self, info: NodeInfo) -> None:
        info.version += 1
        heap = self._heaps.setdefault(info.group, [])
        heapq.heappush(heap, (info.load(), info.tiebreak, info.version, info.name))
        if len(heap) > 4 * len(self._nodes) + 1024:
            self._compact(info.group)

    def _compact(self, group: tuple[Any, ...]) -> None:
        """Drop stale heap entries once they outnumber live ones."""
        heap = [(i.load(), i.tiebreak, i.version, i.name) for i in self._nodes.values() if i.group == group]
        heapq.heapify(heap)
        self._heaps[group] = heap

    # ---- scheduling ------------------------------------------------------------

    def sync(self, key: str) -> None:
        pod = self.store.by_uid(key)
        if pod is None or pod.kind != "Pod" or pod.spec.get("nodeName") or \
                pod.metadata.deletion_timestamp is not None or \
                pod.spec.get("schedulerName", DEFAULT_SCHEDULER) != DEFAULT_SCHEDULER:
            self._pooled.pop(key, None)
            return
        pooled = self._pooled.get(key)
        # A pooled pod is retried after every cluster change: reuse its request while the pod is unchanged.
        req = pooled.req if pooled is not None and pooled.rv == pod.metadata.resource_version else PodRequest(pod)
        if self._infeasible:
            message = self._infeasible.get(req.signature())
            if message is not None:
                self._unschedulable(pod, message, req)
                return
        # Only a pod with a nodeSelector or required node affinity (constrained) can be pinned.
        pinned = pinned_nodes(pod.spec) if req.constrained else None
        failures: list[Failure] | None
        popped: list[tuple[list[HeapEntry], HeapEntry]] = []
        if pinned is not None:
            feasible, failures = self._evaluate([self._nodes[n] for n in pinned if n in self._nodes], req)
            failures = None  # the diagnosis must cover every node, not only the pinned ones
        elif len(self._nodes) <= EXACT_NODES:
            feasible, failures = self._evaluate(list(self._nodes.values()), req)
        else:
            feasible, failures = self._sample(req, popped), None
        if feasible:
            chosen = self._choose(feasible, req)
            self._push_back(popped, chosen.name)
            self._bind(pod, req, chosen, len(feasible))
            return
        self._push_back(popped, None)
        if failures is None:
            _, failures = self._evaluate(list(self._nodes.values()), req)
        message = fit_error(len(self._nodes), failures)
        self._infeasible[req.signature()] = message
        self._unschedulable(pod, message, req)

    def _evaluate(self, nodes: list[NodeInfo], req: PodRequest) -> tuple[list[NodeInfo], list[Failure]]:
        feasible: list[NodeInfo] = []
        failures: list[Failure] = []
        groups: dict[tuple[Any, ...], Failure | None] = {}
        for info in nodes:
            failure = self._filter(info, req, groups)
            if failure is None:
                feasible.append(info)
            else:
                failures.append(failure)
        return feasible, failures

    def _filter(self, info: NodeInfo, req: PodRequest, groups: dict[tuple[Any, ...], Failure | None]) -> Failure | None:
        """The first filter plugin that rejects the node, with its reasons; None if the pod fits."""
        failure: Failure | None = groups.get(info.group, _UNSET)
        if failure is _UNSET:
            failure = groups[info.group] = _group_filter(info.group, req.tolerations)
        if failure is not None:
            return failure
        return _node_filter(info, req)

    def _sample(self, req: PodRequest, popped: list[tuple[list[HeapEntry], HeapEntry]]) -> list[NodeInfo]:
        """Up to SAMPLE_SIZE feasible nodes, least loaded first, from the groups the pod tolerates.
        The live entries taken off the heaps are added to `popped`, for _push_back."""
        heaps = [heap for group, heap in self._heaps.items()
                 if heap and _group_filter(group, req.tolerations) is None]
        feasible: list[NodeInfo] = []
        nodes, heappop = self._nodes, heapq.heappop   # (locals: the loop runs for every pod)
        while len(feasible) < SAMPLE_SIZE:
            if len(heaps) == 1:   # the usual case: every node tolerated is in one group
                best = heaps[0] or None
            else:
                best = None
                for heap in heaps:
                    if heap and (best is None or heap[0] < best[0]):
                        best = heap
            if best is None:
                break
            entry = heappop(best)
            info = nodes.get(entry[3])
            if info is None or info.version != entry[2]:
                continue  # stale: the node changed or left since this entry was pushed
            popped.append((best, entry))
            if _node_filter(info, req) is None:   # (the heap's group passed above)
                feasible.append(info)
        return feasible

    @staticmethod
    def _push_back(popped: list[tuple[list[HeapEntry], HeapEntry]], chosen: str | None) -> None:
        """Return sampled entries to their heaps, except the chosen node's: binding pushes that node anew,
        and its old entry would only lie stale near the top, popped and dropped by the next pods."""
        for heap, entry in popped:
            if entry[3] != chosen:
                heapq.heappush(heap, entry)

    def _choose(self, feasible: list[NodeInfo], req: PodRequest) -> NodeInfo:
        """Highest total score; ties broken by the seeded RNG (the real scheduler samples ties at random)."""
        counts = [info.owners.get(req.owner, 0) for info in feasible] if req.owner else []
        most = max(counts) if counts else 0
        least = min(counts) if counts else 0
        # TaintToleration scores every node alike while no node has a PreferNoSchedule taint: skipped then.
        taint_scores = _taint_toleration_scores(feasible, req.tolerations) if self._soft_tainted else None
        best_score = -1
        best: list[NodeInfo] = []
        for i, info in enumerate(feasible):
            score = _resource_score(info, req)
            if taint_scores is not None:
                score += TAINT_WEIGHT * taint_scores[i]
            if most:
                score += SPREAD_WEIGHT * (100 * (most + least - counts[i]) // most)
            else:
                score += SPREAD_WEIGHT * 100
            if score > best_score:
                best_score, best = score, [info]
            elif score == best_score:
                best.append(info)
        return best[0] if len(best) == 1 else self.rng.choice(best)

    def _bind(self, pod: KObject, req: PodRequest, info: NodeInfo, candidates: int) -> None:
        meta = pod.metadata
        pod.spec["nodeName"] = info.name
        status = pod.status
        status.setdefault("phase", "Pending")
        set_condition(status, "PodScheduled", "True", self.clock.now)
        scheduled = condition(status, "PodScheduled")
        if scheduled is not None:
            scheduled.pop("reason", None)
            scheduled.pop("message", None)
        self._pooled.pop(meta.uid, None)
        self._place(meta.uid, info.name, req)
        self.store.update(pod, self.name, _bound_text(info.name, candidates), verb="bind",
                          event=("Normal", "Scheduled", lazy_text(ASSIGNED, meta.namespace, meta.name, info.name)))

    def _unschedulable(self, pod: KObject, message: str, req: PodRequest) -> None:
        uid = pod.metadata.uid
        pooled = self._pooled.get(uid)
        if pooled is not None and pooled.message == message:
            # Same verdict: nothing to write. Only the 5-minute retry says so again (see scheduling_queue.py).
            if pooled.flushed:
                self.store.record_event(pod, "Warning", "FailedScheduling", message, actor=self.name)
            self._pool.failed(uid, message, pooled.rv, req)
            return
        status = pod.status
        status.setdefault("phase", "Pending")
        set_condition(status, "PodScheduled", "False", self.clock.now, reason="Unschedulable", message=message)
        self._writing = uid
        try:
            self.store.update(pod, self.name, f"no node fits the pod: {message}",
                              event=("Warning", "FailedScheduling", message))
        finally:
            self._writing = None
        self._pool.failed(uid, message, pod.metadata.resource_version, req)


_UNSET: Any = object()


@lru_cache(maxsize=16384)
def _bound_text(node: str, candidates: int) -> str:
    """The bind's audit reason: one text per node and candidate count (a few per node), not one per pod."""
    return shared_text(f"bound to {node}: it passed every filter and scored best of {candidates} feasible node(s)")


def _node_filter(info: NodeInfo, req: PodRequest) -> Failure | None:
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


def _group_filter(group: tuple[Any, ...], tolerations: list[dict[str, Any]]) -> Failure | None:
    """NodeUnschedulable and TaintToleration: one verdict for every node of a group (same cordon, same taints)."""
    unschedulable, taints = group
    if unschedulable and not tolerated(tolerations, {"key": UNSCHEDULABLE_TAINT, "effect": "NoSchedule"}):
        return (UNSCHEDULABLE_NODE,), False
    for key, value, effect in taints:
        if not tolerated(tolerations, {"key": key, "value": value, "effect": effect}):
            return (f"node(s) had untolerated taint {{{key}: {value}}}",), False
    return None


def _taint_toleration_scores(feasible: list[NodeInfo], tolerations: list[dict[str, Any]]) -> list[int]:
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


def _resource_score(info: NodeInfo, req: PodRequest) -> int:
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
