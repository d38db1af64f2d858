"""Simulation: the one facade the kubectl, tutor and TUI layers use.

It owns the store, the clock, the seeded RNG and the controllers, and runs them
in a fixed order so that the same seed and the same calls always give the same
cluster and a byte-identical audit log.
"""

from __future__ import annotations

import builtins
import copy
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from .admission import Admission, label_namespace, object_from_manifest
from .audit import AuditEntry, AuditLog
from .clock import Clock
from .config import ClusterConfig
from .controllers.base import Context, Controller
from .deletion import delete_object
from .drain import drain_queues, number_queues
from .errors import Invalid, NotFound
from .gc_tuning import collector_paused
from .interrupt import Interrupted, stop_question
from .labels import Requirement
from .leases import NodeLeases
from .merge import (
    LAST_APPLIED,
    json_patch,
    last_applied,
    last_applied_text,
    live_manifest,
    merge_patch,
    three_way_merge,
)
from .objects import CLUSTER_SCOPED, KObject
from .preflight import Preflight
from .quota import PodLimit
from .store import Store
from .tolerations import DefaultTolerationSeconds

if TYPE_CHECKING:
    from .network.requests import RequestEngine
    from .network.trace import RequestTrace
    from .network.traffic import StreamStats, TrafficStreams
    from .rollout import RolloutStatus

@dataclass(frozen=True)
class Applied:
    """What apply() did: `action` is created, configured or unchanged."""

    obj: KObject
    action: str


class Simulation:
    def __init__(self, config: ClusterConfig | None = None, **overrides: Any) -> None:
        """An empty cluster: no namespace, no node. A scenario (core/scenario) builds on it, as kubeadm
        does on a fresh control plane; `scenario.cluster()` is the default one."""
        config = replace(config or ClusterConfig(), **overrides)
        self.config = config
        self.clock = Clock()
        self.audit = AuditLog(self.clock)
        self.rng = random.Random(config.seed)
        self.admission = Admission()
        self.admission.register("Pod", DefaultTolerationSeconds(config.default_toleration_seconds))
        self.store = Store(self.clock, self.audit, self.rng, self.admission)
        self._init_policy_and_mesh()
        self._init_networking()
        self.leases = NodeLeases(self.clock, config.heartbeat_period)
        self.ctx = Context(self.store, self.clock, self.rng, self.leases, config)
        self._node_index = 0
        self._controllers: list[Controller] = []
        self.controllers = self._build_controllers()
        self._init_requests()
        self.pod_limit = PodLimit(self.store, self.clock, config.pod_limit)
        self.admission.register("Pod", self.pod_limit.admit)  # validating: after every mutating plugin

    @property
    def controllers(self) -> list[Controller]:
        """Every controller, in the order their queues are drained within one instant."""
        return self._controllers

    @controllers.setter
    def controllers(self, controllers: list[Controller]) -> None:
        number_queues(controllers, [c for c in self._controllers if c not in controllers], self.ctx.backlog)
        self._controllers = list(controllers)

    def _build_controllers(self) -> list[Controller]:
        """All controllers, in the fixed order they run in within one instant."""
        from .controllers.apiserver_endpoints import APIServerEndpoints
        from .controllers.daemonset import DaemonSetController
        from .controllers.deployment import DeploymentController
        from .controllers.disruption import DisruptionController
        from .controllers.endpointslice import (
            EndpointsController,
            EndpointSliceController,
        )
        from .controllers.garbagecollector import GarbageCollector
        from .controllers.horizontal import HorizontalController
        from .controllers.ingress import IngressController
        from .controllers.loadbalancer import LoadBalancerController
        from .controllers.nodelifecycle import NodeLifecycleController
        from .controllers.podgc import PodGarbageCollector
        from .controllers.replicaset import ReplicaSetController
        from .controllers.scheduler import Scheduler
        from .controllers.tainteviction import TaintEvictionController
        from .controllers.workloads import more_controllers
        from .kubelet import Kubelet

        ctx = self.ctx
        # Order: workload controllers first, then scheduling, node agents and
        # node health, then networking, and the garbage collector last.
        return [
            DeploymentController(ctx),
            ReplicaSetController(ctx),
            DaemonSetController(ctx),
            *more_controllers(ctx),
            Scheduler(ctx),
            Kubelet(ctx),
            NodeLifecycleController(ctx),
            TaintEvictionController(ctx),
            DisruptionController(ctx),
            HorizontalController(ctx),
            EndpointSliceController(ctx),
            EndpointsController(ctx),
            APIServerEndpoints(ctx),
            LoadBalancerController(ctx),
            IngressController(ctx),
            PodGarbageCollector(ctx),
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
        self.advance_to(self.clock.now + seconds)

    def advance_to(self, target: float) -> None:
        """Run every timer and every controller's queue up to the simulated time `target` (not before now).

        Advancing in several steps or in one gives the same cluster: timers fire at their own
        times either way. The timeline replays time this way, to the exact recorded moment.
        """
        clock = self.clock
        if target < clock.now:
            raise ValueError("cannot advance to a time in the past")
        outer = clock.cause  # timers and queued keys make their own causes current; put it back after
        backlog = self.ctx.backlog
        stop = stop_question()
        with collector_paused():
            try:
                self._drain()
                while (due := clock.pop_due(target)) is not None:
                    if stop is not None and stop():   # between timers: a quitting app's thread stops here
                        raise Interrupted
                    action, args = due
                    action(*args)
                    if backlog.ready or backlog.after:   # (here: most timers queue nothing, 300,000 at scale)
                        self._drain()
            finally:
                clock.cause = outer
        clock.now = target

    def settle(self, limit: float | None = None) -> float:
        """Advance until nothing but steady work is pending (or `limit` simulated seconds pass); returns seconds
        advanced. Steady timers (clock.py: probes that keep giving the same answer, the scheduler's periodic
        retries) keep running whenever time advances, but settle() does not wait for them."""
        start = self.clock.now
        end = start + (self.config.settle_limit if limit is None else limit)
        with collector_paused():   # (one pause for all the steps below: see gc_tuning.py)
            self._drain()
            while self.clock.busy() and (next_due := self.clock.next_due()) is not None and next_due <= end:
                self.advance(next_due - self.clock.now)
        return self.clock.now - start

    def pending(self) -> bool:
        return self.clock.busy() or any(c.queue for c in self.controllers)

    def _drain(self) -> None:
        """Run the controllers' queues until they are empty; each key's cause is current while it syncs."""
        backlog = self.ctx.backlog   # the queues holding keys: usually none after a timer
        if not (backlog.ready or backlog.after):
            return
        outer = self.clock.cause
        try:
            drain_queues(self.controllers, backlog)
        finally:
            self.clock.cause = outer

    # ---- reads -------------------------------------------------------------

    def get(self, kind: str, namespace: str, name: str) -> KObject:
        return self.store.get(kind, namespace, name)

    def try_get(self, kind: str, namespace: str, name: str) -> KObject | None:
        return self.store.try_get(kind, namespace, name)

    def list(self, kind: str, namespace: str | None = None,
             selector: Sequence[Requirement] | None = None) -> builtins.list[KObject]:
        return self.store.list(kind, namespace, selector)

    def count(self, kind: str, namespace: str | None = None) -> int:
        return self.store.count(kind, namespace)

    def by_uid(self, uid: str) -> KObject | None:
        return self.store.by_uid(uid)

    def children(self, owner_uid: str) -> builtins.list[KObject]:
        """Objects whose controller ownerReference points at `owner_uid`."""
        return self.store.children(owner_uid)

    def pods_on_node(self, node_name: str) -> builtins.list[KObject]:
        return self.store.pods_on_node(node_name)

    def pod_count_on_node(self, node_name: str) -> int:
        return self.store.pod_count_on_node(node_name)

    @property
    def resource_version(self) -> int:
        """The store's global resourceVersion: it moves on every API write."""
        return self.store.resource_version

    def change_marker(self) -> tuple[int, int]:
        """Moves on whenever what a view draws could change: an API write, or a fault recorded in the audit log."""
        return self.store.resource_version, len(self.audit)

    def audit_since(self, seq: int) -> builtins.list[AuditEntry]:
        return self.audit.since(seq)

    # ---- writes ------------------------------------------------------------

    def apply(self, manifest: dict[str, Any], *, actor: str = "you", namespace: str = "default",
              reason: str | None = None) -> Applied:
        """kubectl apply: create the object, or three-way merge the manifest into it (see merge.py)."""
        obj = object_from_manifest(manifest, self.config, namespace)
        self._require_namespace(obj)
        existing = self.store.try_get(obj.kind, obj.namespace, obj.name) if obj.name else None
        if existing is None:
            self.pod_limit.check_replicas([(obj, None)])
            obj.metadata.annotations[LAST_APPLIED] = last_applied_text(manifest)
            created = self.store.create(obj, actor, reason or f"{actor} created {obj.kind.lower()}/"
                                                              f"{obj.name or obj.metadata.generate_name}")
            return Applied(created, "created")
        merged = three_way_merge(live_manifest(existing.to_dict()), last_applied(existing.metadata.annotations),
                                 manifest)
        merged.setdefault("metadata", {}).setdefault("annotations", {})[LAST_APPLIED] = last_applied_text(manifest)
        return self._update_from(existing, merged, actor, reason)

    def create(self, manifest: dict[str, Any], *, actor: str = "you", namespace: str = "default",
               reason: str | None = None, validate: bool = True, generated: bool = False) -> KObject:
        """Admit and store `manifest`; `validate`, `generated`: see admission.object_from_manifest."""
        obj = object_from_manifest(manifest, self.config, namespace, validate=validate, generated=generated)
        self._require_namespace(obj)
        self.pod_limit.check_replicas([(obj, None)])
        return self.store.create(obj, actor, reason or f"{actor} created {obj.kind.lower()}/{obj.name}")

    def patch(self, kind: str, namespace: str, name: str, patch: Any, *, patch_type: str = "merge",
              actor: str = "you", reason: str | None = None, dry_run: str = "none") -> Applied:
        """A JSON merge patch (RFC 7386) or JSON patch (RFC 6902, `patch_type="json"`), validated like any write.

        `dry_run="client"` only applies the patch to a copy, as kubectl does before it would send it;
        `"server"` also validates it as a write would; neither writes anything."""
        existing = self.store.get(kind, namespace, name)
        live = live_manifest(existing.to_dict())
        patched = json_patch(live, patch) if patch_type == "json" else merge_patch(live, patch)
        if dry_run == "client":
            return Applied(existing, "unchanged" if patched == live else "configured")
        return self._update_from(existing, patched, actor, reason, dry_run=dry_run == "server")

    def _update_from(self, existing: KObject, manifest: dict[str, Any], actor: str, reason: str | None, *,
                     dry_run: bool = False) -> Applied:
        """Validate the merged manifest fully, then write it over the live object (or report unchanged)."""
        from .validation import validate_update

        new = object_from_manifest(manifest, self.config, existing.namespace)
        validate_update(existing, new)
        self.preflight().check(new, existing)
        meta = existing.metadata
        spec_changed = new.spec != existing.spec
        if not spec_changed and new.metadata.labels == meta.labels and new.metadata.annotations == meta.annotations \
                and new.body == existing.body and new.metadata.finalizers == meta.finalizers:
            return Applied(existing, "unchanged")
        if dry_run:
            return Applied(existing, "configured")
        existing.spec = new.spec
        existing.body = new.body
        meta.labels = new.metadata.labels
        meta.annotations = new.metadata.annotations
        meta.finalizers = new.metadata.finalizers
        why = reason or f"{actor} configured {existing.kind.lower()}/{existing.name}"
        if meta.deletion_timestamp is not None and not meta.finalizers and existing.kind != "Pod":
            self.store.delete(existing, actor, why + ": its last finalizer is gone, so the deletion completes")
        else:
            self.store.update(existing, actor, why, spec_changed=spec_changed)
        return Applied(existing, "configured")

    def delete(self, kind: str, namespace: str, name: str, *, actor: str = "you", reason: str | None = None,
               grace_period: int | None = None, propagation: str = "Background") -> KObject:
        """DELETE with DeleteOptions: gracePeriodSeconds, propagationPolicy Background|Foreground|Orphan."""
        obj = self.store.get(kind, namespace, name)
        delete_object(self.store, obj, actor, reason or f"{actor} deleted {kind.lower()}/{name}",
                      grace_period=grace_period, propagation=propagation)
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
            self.pod_limit.check_added([(obj, replicas - old)])
            obj.spec["replicas"] = replicas
            self.store.update(obj, actor, f"{actor} scaled {kind.lower()}/{name} from {old} to {replicas}",
                              verb="scale", spec_changed=True)
        return obj

    def preflight(self) -> Preflight:
        """Admission checks for writes before making them (all documents of an apply; see preflight.py)."""
        return Preflight(self)

    def _require_namespace(self, obj: KObject) -> None:
        if obj.kind in CLUSTER_SCOPED:
            return
        if self.store.try_get("Namespace", "", obj.namespace) is None:
            raise NotFound(f'namespaces "{obj.namespace}" not found')

    # ---- nodes -------------------------------------------------------------

    def add_node(self, name: str, *, control_plane: bool = False, cpu: str | None = None,
                 memory: str | None = None, actor: str | None = None) -> KObject:
        """A new machine joins: its kubelet registers the Node and starts renewing its lease."""
        from .nodes import node_object

        index = self._node_index
        self._node_index += 1
        node = node_object(name, index, self.config, control_plane=control_plane, cpu=cpu, memory=memory)
        seq = len(self.audit)  # the create's own entry
        self.store.create(node, actor or f"kubelet/{name}", f"kubelet on {name} registered the node")
        with self.clock.caused_by(seq):
            self.leases.start(name)
        return node

    def fail_node(self, name: str, *, actor: str = "you") -> None:
        """The machine stops: its kubelet no longer heartbeats or runs pods. The API notices only later."""
        node = self.store.get("Node", "", name)
        seq = self.audit.append(self.clock.now, actor, "fault", "Node", "", node.name,
                                f"{name} stopped: its kubelet no longer renews its lease or runs pods")
        with self.clock.caused_by(seq):  # the missed heartbeats, and all that follows, come from this fault
            self.leases.stop(name)

    def recover_node(self, name: str, *, actor: str = "you") -> None:
        """The machine comes back: its kubelet renews the lease and resumes its pods."""
        node = self.store.get("Node", "", name)
        if self.leases.renewing(name):
            return
        seq = self.audit.append(self.clock.now, actor, "recover", "Node", "", node.name,
                                f"{name} is back: its kubelet renews its lease again")
        with self.clock.caused_by(seq):
            self.leases.start(name)

    def lease_renew_time(self, name: str) -> float | None:
        """When the node's kubelet last renewed its Lease (None if it never did)."""
        return self.leases.renew_time(name)

    def node_is_up(self, name: str) -> bool:
        """Whether the machine runs (ground truth, which the API learns of only through heartbeats)."""
        return self.leases.renewing(name)

    # ---- networking ----------------------------------------------------------

    def _init_networking(self) -> None:
        """Service ClusterIP/NodePort allocation and the DefaultIngressClass plugin (before any watcher)."""
        from .controllers.ingress import DefaultIngressClass
        from .network.ipam import ServiceAllocator

        self.service_ips = ServiceAllocator(self.store, self.rng)
        self.admission.register("Service", self.service_ips.admit)
        self.admission.register("Ingress", DefaultIngressClass(self.store))

    def _init_requests(self) -> None:
        from .controllers.loadbalancer import LoadBalancerController
        from .kubelet import Kubelet
        from .network_on_demand import NetworkOnDemand

        balancer = next(c for c in self.controllers if isinstance(c, LoadBalancerController))
        self.network = NetworkOnDemand(self.store, self.clock, self.leases, self.service_ips, balancer,
                                       self.mesh_state)
        kubelet = next(c for c in self.controllers if isinstance(c, Kubelet))
        # httpGet probes are answered as any request is; the holder's bound method, so a snapshot's prober
        # asks the snapshot's holder
        kubelet.prober.network = self.network.requests

    @property
    def requests(self) -> RequestEngine:
        """The request engine (curl, probes, access logs), built on first use (core/network_on_demand.py)."""
        return self.network.requests()

    @property
    def traffic(self) -> TrafficStreams:
        """The traffic streams, built on first use as the request engine is."""
        return self.network.traffic()

    def curl(self, argv: builtins.list[str], *, from_pod: KObject | None = None,
             forwards: Mapping[int, tuple[KObject, int]] | None = None) -> RequestTrace:
        """Run curl (argv = its arguments) from outside the cluster, or inside `from_pod`.

        `forwards` maps a local port on your machine to the pod port a `kubectl port-forward` tunnels it to.
        """
        return self.requests.curl(argv, from_pod=from_pod, forwards=forwards)

    def probe(self, argv: builtins.list[str], *, from_pod: KObject | None = None,
              count: int = 1) -> builtins.list[RequestTrace]:
        """`count` requests as curl would send them, leaving no trace (logs, counters, round-robin positions)."""
        return self.requests.probe(argv, from_pod=from_pod, count=count)

    def container_log(self, pod: KObject, container: dict[str, Any], run: int, started: str | None,
                      exit_code: int | None) -> builtins.list[str]:
        """What one run of a container wrote: its start-up lines, then the requests it answered.

        Once the bounded access log has dropped lines, the start-up lines are gone too, as after log rotation.
        """
        from .network.accesslog import startup_lines

        requests, truncated = self.requests.access_log.lines(pod, str(container.get("name", "")), run)
        start = [] if truncated else startup_lines(self.store, pod, container, started, exit_code, self.now)
        return start + requests

    def isolated_by(self, pod: KObject) -> builtins.list[str]:
        """The NetworkPolicies that select `pod` and isolate it (ingress or egress), by name."""
        if not self.store.count("NetworkPolicy", pod.namespace):
            return []  # none can select it: the policy module (~3 ms to import) loads with the first policy
        from .network.policy import isolating_policies

        return isolating_policies(self.store, pod)

    def ingress_unserved(self, ingress: KObject) -> str | None:
        """Why no ingress controller serves `ingress` (nothing routes its rules), or None when one does."""
        from .ingress_classes import unserved_reason

        return unserved_reason(self.store, ingress)

    # ---- traffic -------------------------------------------------------------

    def _init_policy_and_mesh(self) -> None:
        """Admission plugins for NetworkPolicy and Istio, and the mesh's state."""
        from .network.counters import MeshState
        from .network.sidecar import SidecarInjector
        self.admission.register("Namespace", label_namespace)
        self.admission.register("Pod", SidecarInjector(self.store))
        self.mesh_state = MeshState()

    def traffic_start(self, url: str, rate: float, duration: float, *, from_pod: str | None = None,
                      headers: dict[str, str] | None = None, from_deployment: str | None = None) -> int:
        """Send `rate` requests per simulated second for `duration` seconds; returns the stream id.

        `from_pod` is `name` (namespace default) or `namespace/name`; `from_deployment` (`namespace/name`)
        sends from the Deployment's current Ready pods; with neither, requests come from outside the cluster.
        """
        return self.traffic.start(url, rate, duration, from_pod=from_pod, headers=headers,
                                  from_deployment=from_deployment)

    def traffic_stop(self, stream_id: int) -> None:
        self.traffic.stop(stream_id)

    def traffic_streams(self) -> builtins.list[StreamStats]:
        """Each stream's per-second buckets and totals, {version: (ok, errors)}."""
        return self.network.streams.stats() if self.network.streams is not None else []

    def traffic_running(self) -> bool:
        """Whether a traffic stream still sends (without copying any stream's figures)."""
        return self.network.streams is not None and self.network.streams.any_running()

    # ---- rollouts -----------------------------------------------------------

    def rollout_pause(self, namespace: str, name: str, *, actor: str = "you") -> KObject:
        from . import rollout

        return rollout.pause(self.store, namespace, name, actor=actor)

    def rollout_resume(self, namespace: str, name: str, *, actor: str = "you") -> KObject:
        from . import rollout

        return rollout.resume(self.store, namespace, name, actor=actor)

    def rollout_restart(self, namespace: str, name: str, *, actor: str = "you", kind: str = "Deployment") -> KObject:
        from . import rollout

        return rollout.restart(self.store, namespace, name, actor=actor, kind=kind)

    def rollout_history(self, namespace: str, name: str) -> builtins.list[tuple[int, KObject]]:
        from . import rollout

        return rollout.history(self.store, namespace, name)

    def rollout_status(self, namespace: str, name: str) -> RolloutStatus:
        """Done, failed, and kubectl's message."""
        from . import rollout

        return rollout.status(self.store, namespace, name)

    def set_image(self, kind: str, namespace: str, name: str, images: dict[str, str], *,
                  actor: str = "you", dry_run: bool = False) -> KObject:
        from . import rollout

        return rollout.set_image(self.store, kind, namespace, name, images, actor=actor, dry_run=dry_run)

    # ---- node maintenance ----------------------------------------------------

    def cordon(self, name: str, *, actor: str = "you") -> KObject:
        from . import eviction

        return eviction.cordon(self.store, name, actor)

    def uncordon(self, name: str, *, actor: str = "you") -> KObject:
        from . import eviction

        return eviction.uncordon(self.store, name, actor)

    def evict(self, namespace: str, pod_name: str, *, actor: str = "you", grace_period: int | None = None) -> None:
        """The eviction API; raises TooManyRequests when a PodDisruptionBudget allows no disruption."""
        from . import eviction

        eviction.evict(self.store, namespace, pod_name, actor, grace_period=grace_period)

    def remove_node(self, name: str, *, actor: str = "you") -> None:
        """Delete the Node object; the pod GC then force-deletes its pods."""
        from . import eviction

        eviction.remove_node(self.store, name, actor)
        self.leases.forget(name)

    # ---- snapshots ---------------------------------------------------------

    def snapshot(self) -> Simulation:
        """A detached copy of the whole simulation state: objects, clock, timers, RNG, queues, streams.

        Everything inside that points back at this simulation (bound timer callbacks, for one)
        points at the copy instead, so the copy is self-contained. Observers do not live here
        (they subscribe to the kubectl Session), so a snapshot never carries a view or a lesson.
        """
        copy_ = Simulation.__new__(Simulation)
        copy_.__dict__ = copy.deepcopy(self.__dict__, {id(self): copy_})
        return copy_

    def dispose(self) -> None:
        """Break the reference cycles between this simulation's parts (controllers, the store's watchers,
        timers), so reference counting frees it at once. Only for a simulation nobody uses any more: the
        timeline replaces whole simulations often, and left to the cyclic collector their garbage makes
        its pauses long (see gc_tuning.py). The simulation is unusable afterwards."""
        for controller in self.controllers:
            controller.__dict__.clear()
        for part in (self.store, self.leases, self.admission, self.ctx, self.network.engine, self.network.streams,
                     self.network):
            if part is not None:
                part.__dict__.clear()
        self.clock.clear()
        self.__dict__.clear()

    def restore(self, snapshot: Simulation) -> None:
        """Become the state `snapshot` holds (the snapshot stays usable for another restore)."""
        self.__dict__ = copy.deepcopy(snapshot.__dict__, {id(snapshot): self})
