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
pushes them back, all but the chosen one, which binding pushes anew. Clusters of
up to EXACT_NODES nodes evaluate every node, so small clusters (every lesson) get
exactly the real plugins' answer.
"""

from __future__ import annotations

import heapq
from functools import lru_cache
from typing import Any

from ..audit import lazy_text, shared_text
from ..objects import KObject, condition, set_condition
from .base import Context, Controller
from .node_affinity import pinned_nodes
from .scheduler_cache import NodeInfo, PodRequest, bump_count
from .scheduler_plugins import (
    Failure,
    fit_error,
    group_filter,
    node_filter,
    resource_score,
    taint_toleration_scores,
)
from .scheduling_queue import UnschedulablePool

DEFAULT_SCHEDULER = "default-scheduler"
EXACT_NODES = 100      # up to this many nodes, every node is filtered and scored
SAMPLE_SIZE = 4        # feasible candidates scored per pod on larger clusters
SPREAD_WEIGHT = 2      # PodTopologySpread's weight in the default profile
TAINT_WEIGHT = 3       # TaintToleration's weight in the default profile
TERMINAL = ("Succeeded", "Failed")
ASSIGNED = "Successfully assigned {}/{} to {}"   # the Scheduled event, formatted when read (audit.lazy_text)

HeapEntry = tuple[float, float, int, str]   # (load, tiebreak, node version, node name)


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
            bump_count(info.owners, req.owner, -1)
        req.owner = ""   # (the placed pod's own request: nothing else holds it)

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
            failure = groups[info.group] = group_filter(info.group, req.tolerations)
        if failure is not None:
            return failure
        return node_filter(info, req)

    def _sample(self, req: PodRequest, popped: list[tuple[list[HeapEntry], HeapEntry]]) -> list[NodeInfo]:
        """Up to SAMPLE_SIZE feasible nodes, least loaded first, from the groups the pod tolerates.
        The live entries taken off the heaps are added to `popped`, for _push_back."""
        heaps = [heap for group, heap in self._heaps.items()
                 if heap and group_filter(group, req.tolerations) is None]
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
            if node_filter(info, req) is None:   # (the heap's group passed above)
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
        taint_scores = taint_toleration_scores(feasible, req.tolerations) if self._soft_tainted else None
        best_score = -1
        best: list[NodeInfo] = []
        key = score_key(req)
        for i, info in enumerate(feasible):
            version, scored_key, score = info.score
            if version != info.version or scored_key != key:
                score = resource_score(info, req)
                info.score = (info.version, key, score)
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


def score_key(req: PodRequest) -> object:
    """What resource_score reads of a pod's request: a node's remembered score serves pods with an equal key."""
    return req.cpu, req.memory, req.nz_cpu, req.nz_memory


@lru_cache(maxsize=16384)
def _bound_text(node: str, candidates: int) -> str:
    """The bind's audit reason: one text per node and candidate count (a few per node), not one per pod."""
    return shared_text(f"bound to {node}: it passed every filter and scored best of {candidates} feasible node(s)")
