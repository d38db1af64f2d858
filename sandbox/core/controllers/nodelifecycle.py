"""Node health (k/k pkg/controller/nodelifecycle); the taints it sets evict pods through tainteviction.py.

NodeLifecycleController: when a node's lease stops being renewed, Ready (and the
pressure conditions) become Unknown once node-monitor-grace-period (50 s) has
passed since the last renewal; the node's pods are marked not Ready (they leave
endpoints); the node gets `unreachable:NoSchedule` at once (TaintNodesByCondition)
and `unreachable:NoExecute` through a per-zone rate limiter (0.1 nodes/s, slower
or stopped when a zone is mostly unhealthy; all taints lifted when every zone is
fully disrupted, as the real controller assumes the control plane is the one cut off).

It is event-driven instead of polling every 5 s: a one-off timer per stopped
lease, and a tainting pass timer only while nodes wait for the rate limiter.
Nodes are tainted in the order they were found unhealthy.
"""

from __future__ import annotations

from typing import Any

from ..objects import (
    NOT_READY_TAINT,
    UNREACHABLE_TAINT,
    UNSCHEDULABLE_TAINT,
    KObject,
    condition,
    set_condition,
    timestamp,
)
from ..taints import format_taint
from .base import Context, Controller

ZONE_LABELS = ("topology.kubernetes.io/zone", "failure-domain.beta.kubernetes.io/zone")
REGION_LABELS = ("topology.kubernetes.io/region", "failure-domain.beta.kubernetes.io/region")
EXCLUDE_DISRUPTION_LABEL = "node.kubernetes.io/exclude-disruption"

# nodeConditionToTaintKeyStatusMap: condition type -> status -> NoSchedule taint key
CONDITION_TAINTS: dict[str, dict[str, str]] = {
    "Ready": {"False": NOT_READY_TAINT, "Unknown": UNREACHABLE_TAINT},
    "MemoryPressure": {"True": "node.kubernetes.io/memory-pressure"},
    "DiskPressure": {"True": "node.kubernetes.io/disk-pressure"},
    "NetworkUnavailable": {"True": "node.kubernetes.io/network-unavailable"},
    "PIDPressure": {"True": "node.kubernetes.io/pid-pressure"},
}
MANAGED_NO_SCHEDULE = frozenset([key for m in CONDITION_TAINTS.values() for key in m.values()] + [UNSCHEDULABLE_TAINT])
NO_EXECUTE_FOR = {"False": NOT_READY_TAINT, "Unknown": UNREACHABLE_TAINT}
# Conditions set to Unknown when the kubelet stops posting (NetworkUnavailable is left alone).
HEALTH_CONDITIONS = ("Ready", "MemoryPressure", "DiskPressure", "PIDPressure")

NORMAL, PARTIAL, FULL, INITIAL = "Normal", "PartialDisruption", "FullDisruption", "Initial"


def zone_key(node: KObject) -> str:
    """nodetopology.GetZoneKey: region and zone labels; "" when a node has neither."""
    labels = node.metadata.labels
    region = next((labels[k] for k in REGION_LABELS if k in labels), "")
    zone = next((labels[k] for k in ZONE_LABELS if k in labels), "")
    return f"{region}:\x00:{zone}" if region or zone else ""


def ready_status(node: KObject) -> str | None:
    cond = condition(node.status, "Ready")
    return cond["status"] if cond else None


class _ZoneTainter:
    """scheduler.RateLimitedTimedQueue: a FIFO of nodes behind a token bucket of burst 1, in simulated time."""

    __slots__ = ("full_at", "qps", "queue")

    def __init__(self, qps: float, now: float) -> None:
        self.qps = qps
        self.full_at = now
        self.queue: dict[str, int] = {}  # node -> the cause it was queued for (its NotReady write)

    def try_accept(self, now: float) -> bool:
        if self.qps <= 0 or now < self.full_at:
            return False
        self.full_at = now + 1.0 / self.qps
        return True

    def swap(self, qps: float, now: float) -> None:
        """SwapLimiter: a new bucket; it starts empty if the old one was saturated."""
        if qps == self.qps:
            return
        saturated = not self.try_accept(now)
        self.qps = qps
        self.full_at = now + 1.0 / qps if qps > 0 and saturated else now


class NodeLifecycleController(Controller):
    # kube-controller-manager runs it as "node-lifecycle-controller", but its Events (and so describe's
    # From column) name the source "node-controller": pkg/controller/nodelifecycle, NewNodeLifecycleController.
    name = "node-controller"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.config = ctx.config
        self.leases = ctx.leases
        self._checks: dict[str, float] = {}          # node -> when its health check is due
        self._ready: dict[str, str | None] = {}      # node -> last observed Ready status
        self._zone_of: dict[str, str] = {}
        self._zone_ready: dict[str, dict[str, bool]] = {}
        self._zone_states: dict[str, str] = {}
        self._tainters: dict[str, _ZoneTainter] = {}
        self._pass_at: float | None = None
        self.leases.watch(self._on_lease)
        self.store.watch("Node", self._on_node)

    # ---- notifications -----------------------------------------------------

    def _on_node(self, _event: str, node: KObject, _old: object) -> None:
        self.enqueue(node.name)

    def _on_lease(self, node: str) -> None:
        """A kubelet stopped or started renewing its lease."""
        if self.leases.renewing(node):
            self._checks.pop(node, None)  # the kubelet posts Ready=True itself; sync() then lifts the taints
            return
        renewed = self.leases.renew_time(node)
        due = (self.clock.now if renewed is None else renewed) + self.config.node_monitor_grace_period
        self._checks[node] = due
        self.clock.call_at(due, self._check_health, node, due)

    def _check_health(self, node_name: str, due: float) -> None:
        """tryUpdateNodeHealth, once the grace period has run out without a renewal."""
        if self._checks.get(node_name) != due or self.leases.renewing(node_name):
            return
        del self._checks[node_name]
        node = self.store.try_get("Node", "", node_name)
        if node is None:
            return
        now = self.clock.now
        changed = False
        for ctype in HEALTH_CONDITIONS:
            current = condition(node.status, ctype)
            if current is None:
                changed |= set_condition(node.status, ctype, "Unknown", now, reason="NodeStatusNeverUpdated",
                                        message="Kubelet never posted node status.")
            elif current["status"] != "Unknown":
                changed |= set_condition(node.status, ctype, "Unknown", now, reason="NodeStatusUnknown",
                                        message="Kubelet stopped posting node status.")
        if not changed:
            return
        last = self.leases.renew_time(node_name)
        self.store.update(node, self.name, f"no lease renewal from {node_name} for "
                                           f"{now - (last or now):.0f}s (grace period "
                                           f"{self.config.node_monitor_grace_period:.0f}s): Ready is Unknown",
                          verb="update-status")

    # ---- sync --------------------------------------------------------------

    def sync(self, key: str) -> None:
        node = self.store.try_get("Node", "", key)
        if node is None:
            self._forget(key)
            return
        ready = ready_status(node)
        was = self._ready.get(key)
        self._ready[key] = ready
        self._count_in_zone(node, ready)
        if was == "True" and ready != "True":
            self.store.record_event(node, "Normal", "NodeNotReady", f"Node {key} status is now: NodeNotReady",
                                    actor=self.name)
            self._mark_pods_not_ready(node)
        self._reconcile_taints(node, ready)

    def _reconcile_taints(self, node: KObject, ready: str | None) -> None:
        """NoSchedule taints from conditions and cordon; NoExecute swaps and removal (one write)."""
        taints: list[dict[str, Any]] = node.spec.get("taints") or []
        wanted = [CONDITION_TAINTS[c["type"]][c["status"]] for c in node.status.get("conditions", ())
                  if c["status"] in CONDITION_TAINTS.get(c["type"], {})]
        if node.spec.get("unschedulable"):
            wanted.append(UNSCHEDULABLE_TAINT)
        have = [t["key"] for t in taints if t.get("effect") == "NoSchedule" and t.get("key") in MANAGED_NO_SCHEDULE]
        add = [{"effect": "NoSchedule", "key": k} for k in wanted if k not in have]
        drop = {("NoSchedule", k) for k in have if k not in wanted}
        tainter = self._tainters[self._zone_of[node.name]]
        no_execute = {t["key"] for t in taints if t.get("effect") == "NoExecute"}
        if ready == "True" or ready is None:
            drop |= {("NoExecute", k) for k in (NOT_READY_TAINT, UNREACHABLE_TAINT) if k in no_execute}
            tainter.queue.pop(node.name, None)  # markNodeAsReachable
        else:
            key, opposite = NO_EXECUTE_FOR[ready], NO_EXECUTE_FOR["Unknown" if ready == "False" else "False"]
            if opposite in no_execute:  # swap straight away, no rate limit
                add.append({"effect": "NoExecute", "key": key})
                drop.add(("NoExecute", opposite))
            elif key not in no_execute and node.name not in tainter.queue:
                tainter.queue[node.name] = self.clock.cause
                self._schedule_pass(self.clock.now)
        self._write_taints(node, add, drop)

    def _write_taints(self, node: KObject, add: list[dict[str, Any]], drop: set[tuple[str, str]]) -> None:
        if not add and not drop:
            return
        stamp = timestamp(self.clock.now)
        taints = [t for t in node.spec.get("taints") or [] if (t.get("effect"), t.get("key")) not in drop]
        taints += [dict(t, timeAdded=stamp) for t in add]
        if taints:
            node.spec["taints"] = taints
        else:
            node.spec.pop("taints", None)
        parts = [f"added {format_taint(t)}" for t in add] + [f"removed {k}:{e}" for e, k in sorted(drop)]
        self.store.update(node, self.name, f"{node.name}: " + ", ".join(parts))

    def _mark_pods_not_ready(self, node: KObject) -> None:
        """controllerutil.MarkPodsNotReady: the node cannot vouch for its pods, so they leave endpoints."""
        now = self.clock.now
        for pod in self.store.pods_on_node(node.name):
            ready = condition(pod.status, "Ready")
            if ready is None or ready["status"] == "False":
                continue
            set_condition(pod.status, "Ready", "False", now)
            self.store.update(pod, self.name, f"node {node.name} is not ready: pod marked not Ready",
                              verb="update-status", event=("Warning", "NodeNotReady", "Node is not ready"))

    # ---- zones and the rate-limited NoExecute tainting ---------------------

    def _count_in_zone(self, node: KObject, ready: str | None) -> None:
        zone = zone_key(node)
        old_zone = self._zone_of.get(node.name)
        if old_zone is not None and old_zone != zone:
            self._forget(node.name)
            self._ready[node.name] = ready
        self._zone_of[node.name] = zone
        if zone not in self._tainters:
            self._tainters[zone] = _ZoneTainter(self.config.node_eviction_rate, self.clock.now)
        members = self._zone_ready.setdefault(zone, {})
        counted = EXCLUDE_DISRUPTION_LABEL not in node.metadata.labels
        is_ready = ready == "True"
        if (node.name in members) != counted or members.get(node.name) != is_ready:
            if counted:
                members[node.name] = is_ready
            else:
                members.pop(node.name, None)
            self._schedule_pass(self.clock.now)

    def _forget(self, name: str) -> None:
        zone = self._zone_of.pop(name, None)
        self._ready.pop(name, None)
        self._checks.pop(name, None)
        if zone is not None:
            self._zone_ready.get(zone, {}).pop(name, None)
            self._tainters[zone].queue.pop(name, None)
            self._schedule_pass(self.clock.now)

    def _schedule_pass(self, when: float) -> None:
        if self._pass_at is None or when < self._pass_at:
            self._pass_at = when
            self.clock.call_at(when, self._run_pass, when)

    def _run_pass(self, when: float) -> None:
        """handleDisruption, then doNoExecuteTaintingPass; runs after every same-instant health change."""
        if self._pass_at != when:
            return
        self._pass_at = None
        self._handle_disruption()
        now = self.clock.now
        for zone in sorted(self._tainters):
            tainter = self._tainters[zone]
            while tainter.queue and tainter.try_accept(now):
                name = next(iter(tainter.queue))
                with self.clock.caused_by(tainter.queue.pop(name)):  # a pass serves many nodes: each its own cause
                    self._apply_no_execute(name)
            if tainter.queue and tainter.qps > 0:
                self._schedule_pass(tainter.full_at)

    def _apply_no_execute(self, name: str) -> None:
        node = self.store.try_get("Node", "", name)
        ready = ready_status(node) if node is not None else None
        if node is None or ready not in NO_EXECUTE_FOR:
            return
        key, opposite = NO_EXECUTE_FOR[ready], NO_EXECUTE_FOR["Unknown" if ready == "False" else "False"]
        taints = node.spec.get("taints") or []
        if any(t.get("key") == key and t.get("effect") == "NoExecute" for t in taints):
            return
        rate = self._tainters[self._zone_of[name]].qps
        self._write_taints(node, [{"effect": "NoExecute", "key": key}], {("NoExecute", opposite)})
        self.store.audit.append(self.clock.now, self.name, "note", "Node", "", name,
                                f"NoExecute taint applied through the eviction rate limiter ({rate:g} nodes/s "
                                f"in zone {self._zone_of[name] or '(none)'})")

    def _zone_state(self, zone: str) -> str:
        members = self._zone_ready.get(zone, {})
        ready = sum(1 for r in members.values() if r)
        not_ready = len(members) - ready
        if ready == 0 and not_ready > 0:
            return FULL
        if not_ready > 2 and not_ready / len(members) >= self.config.unhealthy_zone_threshold:
            return PARTIAL
        return NORMAL

    def _handle_disruption(self) -> None:
        now = self.clock.now
        zones = [z for z in sorted(self._zone_ready) if self._zone_ready[z]]
        new_states = {z: self._zone_state(z) for z in zones}
        all_are_full = all(s == FULL for s in new_states.values())
        for zone in zones:
            self._zone_states.setdefault(zone, INITIAL)
        all_was_full = True
        for zone in list(self._zone_states):
            if zone not in new_states:
                del self._zone_states[zone]
            elif self._zone_states[zone] != FULL:
                all_was_full = False
        if all_are_full and all_was_full:
            return
        if all_are_full:
            for node in self.store.list("Node"):
                self._write_taints(node, [], {("NoExecute", NOT_READY_TAINT), ("NoExecute", UNREACHABLE_TAINT)}
                                   & {(t.get("effect"), t.get("key")) for t in node.spec.get("taints") or []})
            for zone in self._zone_states:
                self._tainters[zone].queue.clear()
                self._tainters[zone].swap(0, now)
                self._zone_states[zone] = FULL
            self.store.audit.append(now, self.name, "note", "Node", "", "(all)",
                                    "every node is not Ready: entering master disruption mode, no evictions "
                                    "(the control plane assumes it is the one cut off)")
            return
        for zone, state in list(self._zone_states.items()):
            if all_was_full or state != new_states[zone]:
                self._set_limiter(zone, new_states[zone])
                self._zone_states[zone] = new_states[zone]
        if all_was_full:  # exiting: unhealthy nodes queue up for tainting again
            for name, ready in self._ready.items():
                if ready not in ("True", None):
                    self.enqueue(name)

    def _set_limiter(self, zone: str, state: str) -> None:
        config = self.config
        qps = config.node_eviction_rate
        if state == PARTIAL:
            size = len(self._zone_ready.get(zone, {}))
            qps = config.secondary_node_eviction_rate if size > config.large_cluster_size_threshold else 0.0
        self._tainters[zone].swap(qps, self.clock.now)
