"""Simulation: the one facade the kubectl, tutor and TUI layers use.

It owns the store, the clock, the seeded RNG and the controllers, and runs them
in a fixed order so that the same seed and the same calls always give the same
cluster and a byte-identical audit log.
"""

from __future__ import annotations

import copy
import random
from dataclasses import dataclass, replace
from typing import Any

from .admission import Admission, object_from_manifest
from .audit import AuditEntry, AuditLog
from .clock import Clock
from .config import ClusterConfig
from .controllers.base import Context, Controller
from .deletion import delete_object
from .errors import Invalid, NotFound
from .leases import NodeLeases
from .objects import CLUSTER_SCOPED, KObject, deep_copy
from .store import Store

# Work-queue passes one advance() may run before the controllers are declared stuck.
MAX_SYNCS_PER_DRAIN = 10_000_000


class ControllersDidNotSettle(RuntimeError):
    pass


@dataclass(frozen=True)
class Applied:
    """What apply() did: `action` is created, configured or unchanged."""

    obj: KObject
    action: str


class Simulation:
    def __init__(self, config: ClusterConfig | None = None, *, bootstrap: bool = True, **overrides: Any) -> None:
        config = replace(config or ClusterConfig(), **overrides)
        self.config = config
        self.clock = Clock()
        self.audit = AuditLog()
        self.rng = random.Random(config.seed)
        self.admission = Admission()
        self.store = Store(self.clock, self.audit, self.rng, self.admission)
        self.leases = NodeLeases(self.clock, config.heartbeat_period)
        self.ctx = Context(self.store, self.clock, self.rng, self.leases, config)
        self._node_index = 0
        self.controllers: list[Controller] = self._build_controllers()
        if bootstrap:
            from .cluster import bootstrap_cluster

            bootstrap_cluster(self, system_workloads=config.system_workloads)

    def _build_controllers(self) -> list[Controller]:
        """All controllers, in the fixed order they run in within one instant."""
        from .controllers.garbagecollector import GarbageCollector

        ctx = self.ctx
        # Order: workload controllers first, then scheduling, node agents and
        # node health, then networking, and the garbage collector last.
        return [
            GarbageCollector(ctx),
        ]

    # ---- time --------------------------------------------------------------

    @property
    def now(self) -> float:
        return self.clock.now

    def advance(self, seconds: float) -> None:
        """Run every timer and every controller's queue up to now + seconds."""
        if seconds < 0:
            raise ValueError("cannot advance by a negative time")
        target = self.clock.now + seconds
        self._drain()
        while (due := self.clock.pop_due(target)) is not None:
            action, args = due
            action(*args)
            self._drain()
        self.clock.now = target

    def settle(self, limit: float | None = None) -> float:
        """Advance until nothing is pending (or `limit` simulated seconds pass); returns seconds advanced."""
        start = self.clock.now
        end = start + (self.config.settle_limit if limit is None else limit)
        self._drain()
        while (next_due := self.clock.next_due()) is not None and next_due <= end:
            self.advance(next_due - self.clock.now)
        return self.clock.now - start

    def pending(self) -> bool:
        return self.clock.pending() > 0 or any(c.queue for c in self.controllers)

    def _drain(self) -> None:
        budget = MAX_SYNCS_PER_DRAIN
        busy = True
        while busy:
            busy = False
            for controller in self.controllers:
                queue = controller.queue
                # Take only what is queued now, then let the next controller run: fair, and deterministic.
                for _ in range(len(queue)):
                    controller.sync(queue.pop())
                    busy = True
                    budget -= 1
            if budget <= 0:
                raise ControllersDidNotSettle("controllers kept requeueing work without settling")

    # ---- reads -------------------------------------------------------------

    def get(self, kind: str, namespace: str, name: str) -> KObject:
        return self.store.get(kind, namespace, name)

    def try_get(self, kind: str, namespace: str, name: str) -> KObject | None:
        return self.store.try_get(kind, namespace, name)

    def list(self, kind: str, namespace: str | None = None, selector: list | None = None) -> list[KObject]:
        return self.store.list(kind, namespace, selector)

    @property
    def log(self) -> AuditLog:
        return self.audit

    def audit_since(self, seq: int) -> list[AuditEntry]:
        return self.audit.since(seq)

    # ---- writes ------------------------------------------------------------

    def apply(self, manifest: dict[str, Any], *, actor: str = "you", namespace: str = "default",
              reason: str | None = None) -> Applied:
        """Create the object, or replace its spec, labels and annotations (kubectl apply)."""
        obj = object_from_manifest(manifest, self.config, namespace)
        self._require_namespace(obj)
        existing = self.store.try_get(obj.kind, obj.namespace, obj.name) if obj.name else None
        if existing is None:
            created = self.store.create(obj, actor, reason or f"{actor} created {obj.kind.lower()}/{obj.name or obj.metadata.generate_name}")
            return Applied(created, "created")
        return self._replace(existing, obj, actor, reason)

    def create(self, manifest: dict[str, Any], *, actor: str = "you", namespace: str = "default",
               reason: str | None = None) -> KObject:
        obj = object_from_manifest(manifest, self.config, namespace)
        self._require_namespace(obj)
        return self.store.create(obj, actor, reason or f"{actor} created {obj.kind.lower()}/{obj.name}")

    def _replace(self, existing: KObject, new: KObject, actor: str, reason: str | None) -> Applied:
        from .validation import validate_update

        validate_update(existing, new)
        meta = existing.metadata
        spec_changed = new.spec != existing.spec
        if not spec_changed and new.metadata.labels == meta.labels and new.metadata.annotations == meta.annotations \
                and new.body == existing.body:
            return Applied(existing, "unchanged")
        existing.spec = new.spec
        existing.body = new.body
        meta.labels = new.metadata.labels
        meta.annotations = new.metadata.annotations
        self.store.update(existing, actor, reason or f"{actor} configured {existing.kind.lower()}/{existing.name}",
                          spec_changed=spec_changed)
        return Applied(existing, "configured")

    def patch(self, kind: str, namespace: str, name: str, patch: dict[str, Any], *, actor: str = "you",
              reason: str | None = None) -> Applied:
        """A JSON merge patch (RFC 7386) applied through the same validation as apply."""
        existing = self.store.get(kind, namespace, name)
        manifest = merge_patch(existing.to_dict(), patch)
        manifest.pop("status", None)
        return self.apply(manifest, actor=actor, namespace=namespace, reason=reason)

    def delete(self, kind: str, namespace: str, name: str, *, actor: str = "you", reason: str | None = None,
               grace_period: int | None = None) -> KObject:
        obj = self.store.get(kind, namespace, name)
        delete_object(self.store, obj, actor, reason or f"{actor} deleted {kind.lower()}/{name}",
                      grace_period=grace_period)
        return obj

    def scale(self, kind: str, namespace: str, name: str, replicas: int, *, actor: str = "you") -> KObject:
        obj = self.store.get(kind, namespace, name)
        if "replicas" not in obj.spec:
            raise NotFound(f"the server could not find the requested resource (scale of {kind.lower()}/{name})")
        if not isinstance(replicas, int) or replicas < 0:
            raise Invalid(f'{kind} "{name}" is invalid: spec.replicas: Invalid value: {replicas}: '
                          "must be greater than or equal to 0")
        old = obj.spec["replicas"]
        if old != replicas:
            obj.spec["replicas"] = replicas
            self.store.update(obj, actor, f"{actor} scaled {kind.lower()}/{name} from {old} to {replicas}",
                              verb="scale", spec_changed=True)
        return obj

    def _require_namespace(self, obj: KObject) -> None:
        if obj.kind in CLUSTER_SCOPED:
            return
        if self.store.try_get("Namespace", "", obj.namespace) is None:
            raise NotFound(f'namespaces "{obj.namespace}" not found')

    # ---- nodes -------------------------------------------------------------

    def add_node(self, name: str, *, control_plane: bool = False, cpu: str | None = None,
                 memory: str | None = None, actor: str | None = None) -> KObject:
        """A new machine joins: its kubelet registers the Node and starts renewing its lease."""
        from .cluster import node_object

        index = self._node_index
        self._node_index += 1
        node = node_object(name, index, self.config, control_plane=control_plane, cpu=cpu, memory=memory)
        self.store.create(node, actor or f"kubelet/{name}", f"kubelet on {name} registered the node")
        self.leases.start(name)
        return node

    def fail_node(self, name: str, *, actor: str = "you") -> None:
        """The machine stops: its kubelet no longer heartbeats or runs pods. The API notices only later."""
        node = self.store.get("Node", "", name)
        self.audit.append(self.clock.now, actor, "fault", "Node", "", node.name,
                          f"{name} stopped: its kubelet no longer renews its lease or runs pods")
        self.leases.stop(name)

    def recover_node(self, name: str, *, actor: str = "you") -> None:
        """The machine comes back: its kubelet renews the lease and resumes its pods."""
        node = self.store.get("Node", "", name)
        if self.leases.renewing(name):
            return
        self.audit.append(self.clock.now, actor, "recover", "Node", "", node.name,
                          f"{name} is back: its kubelet renews its lease again")
        self.leases.start(name)

    def node_is_up(self, name: str) -> bool:
        """Whether the machine runs (ground truth, which the API learns of only through heartbeats)."""
        return self.leases.renewing(name)

    # ---- snapshots ---------------------------------------------------------

    def snapshot(self) -> dict[str, Any]:
        """A deep copy of the whole simulation state (objects, clock, timers, RNG, queues)."""
        return copy.deepcopy(self.__dict__)

    def restore(self, snapshot: dict[str, Any]) -> None:
        self.__dict__ = copy.deepcopy(snapshot)


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386 JSON merge patch: null deletes, objects merge, anything else replaces."""
    if not isinstance(patch, dict):
        return deep_copy(patch)
    result = deep_copy(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result
