"""The API server: objects, resourceVersions, uids, indexes, watches, audit.

Controllers read through the indexes (kind+namespace, controller owner, node,
labels) so no hot path scans the whole store. Every write bumps the global
resourceVersion, is recorded in the audit log, and is delivered to watchers
synchronously; watchers only enqueue keys, as client-go event handlers do. While
watchers run, the write is the clock's current cause (see clock.py).
"""

from __future__ import annotations

import builtins
import itertools
import random
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from .admission import Admission
from .audit import AuditLog, LazyText
from .clock import Clock
from .errors import AlreadyExists, NotFound
from .labels import Requirement, matches
from .naming import new_uid, random_suffix
from .objects import CLUSTER_SCOPED, KObject, controller_ref

# handler(event, obj, old_labels): event is ADDED, MODIFIED or DELETED;
# old_labels is the previous label map when a MODIFIED event changed labels.
WatchHandler = Callable[[str, KObject, "dict[str, str] | None"], None]

WATCH_EVENTS = ("ADDED", "MODIFIED", "DELETED")

# Numbers every write in the process, across simulations (ObjectMeta.write_id); never seen by a learner.
_WRITE_IDS = itertools.count(1)

RESOURCE_NAMES = {
    "Deployment": "deployments.apps", "ReplicaSet": "replicasets.apps", "DaemonSet": "daemonsets.apps",
    "StatefulSet": "statefulsets.apps", "Job": "jobs.batch", "CronJob": "cronjobs.batch",
    "Ingress": "ingresses.networking.k8s.io", "IngressClass": "ingressclasses.networking.k8s.io",
    "NetworkPolicy": "networkpolicies.networking.k8s.io",
    "EndpointSlice": "endpointslices.discovery.k8s.io",
    "PodDisruptionBudget": "poddisruptionbudgets.policy",
    "HorizontalPodAutoscaler": "horizontalpodautoscalers.autoscaling",
    "VirtualService": "virtualservices.networking.istio.io",
    "DestinationRule": "destinationrules.networking.istio.io",
    "Endpoints": "endpoints",
}


def resource_name(kind: str) -> str:
    """The plural resource name kubectl puts in errors (`deployments.apps`)."""
    return RESOURCE_NAMES.get(kind, kind.lower() + "s")


class Store:
    def __init__(self, clock: Clock, audit: AuditLog, rng: random.Random,
                 admission: Admission | None = None) -> None:
        self.clock = clock
        self.admission = admission or Admission()
        self.audit = audit
        #: record_event(obj, event_type, event_reason, message, actor=...): a Kubernetes Event about `obj`
        self.record_event = audit.event
        self.rng = rng
        self.resource_version = 0
        self._kind_versions: dict[str, int] = {}
        self._by_kind: dict[str, dict[str, dict[str, KObject]]] = {}
        self._by_uid: dict[str, KObject] = {}
        #: by_uid(uid): the object with that uid, or None (the dict's own get: asked several times per pod
        #: write at scale, and a C call costs no Python frame)
        self.by_uid: Callable[[str], KObject | None] = self._by_uid.get
        self._children: dict[str, dict[str, KObject]] = {}
        self._pods_on_node: dict[str, dict[str, KObject]] = {}
        self._labels: dict[tuple[str, str], dict[tuple[str, str], dict[str, KObject]]] = {}
        # Each stored object with what it was indexed under (labels, owner, node), to re-index on update
        # without diffing objects; update() finds the object here too, in one lookup.
        self._indexed: dict[str, tuple[KObject, dict[str, str], str | None, str | None]] = {}
        # Those label maps, one read-only copy per distinct map (see _label_set).
        self._label_sets: dict[tuple[tuple[str, str], ...], dict[str, str]] = {}
        # (kind, event) -> handlers, in registration order. Keyed by event so that a handler that only
        # cares about deletions is not called for the millions of ADDED/MODIFIED pod writes at scale.
        self._watchers: dict[tuple[str, str], list[WatchHandler]] = {}
        # (kind, event) -> controller owner kind -> handlers: a Job controller hears only of Job-owned
        # pods, so the 150,000 pods of ReplicaSets cost it nothing (see watch()).
        self._owned_watchers: dict[tuple[str, str], dict[str, list[WatchHandler]]] = {}
        # (kind, event) -> namespace -> handlers: the endpoints controllers hear only of pods in namespaces
        # where a Service selects pods, found by one lookup per write however many namespaces that is.
        self._namespaced_watchers: dict[tuple[str, str], dict[str, list[WatchHandler]]] = {}
        # (kind, event) -> (namespace, label key, handler): handlers that hear only of objects carrying one
        # label key (see watch()), checked here rather than in a call per write.
        self._selective_watchers: dict[tuple[str, str], list[tuple[str | None, str | None, WatchHandler]]] = {}
        # (kind, event) -> those four tables' entries for it, so that a write looks its watchers up once.
        self._routes: dict[tuple[str, str], tuple[Any, Any, Any, Any]] = {}

    def __getstate__(self) -> dict[str, Any]:
        # by_uid is the dict's bound get: copy.deepcopy would keep the original's (it copies builtin methods
        # as they are), so a snapshot drops it and binds its own copy's again (__setstate__).
        state = self.__dict__.copy()
        del state["by_uid"]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.by_uid = self._by_uid.get

    # ---- reads -------------------------------------------------------------

    def get(self, kind: str, namespace: str, name: str) -> KObject:
        obj = self.try_get(kind, namespace, name)
        if obj is None:
            raise NotFound(f'{resource_name(kind)} "{name}" not found')
        return obj

    def try_get(self, kind: str, namespace: str, name: str) -> KObject | None:
        spaces = self._by_kind.get(kind)   # (no `.get(kind, {})`: that builds an empty dict per call)
        objs = None if spaces is None else spaces.get("" if kind in CLUSTER_SCOPED else namespace)
        return None if objs is None else objs.get(name)

    def list(self, kind: str, namespace: str | None = None,
             selector: Sequence[Requirement] | None = None) -> builtins.list[KObject]:
        """Objects of a kind, in creation order; `namespace=None` means all namespaces."""
        if selector:
            return list(self._select(kind, namespace, selector))
        spaces = self._by_kind.get(kind, {})
        if namespace is not None and kind not in CLUSTER_SCOPED:
            return list(spaces.get(namespace, {}).values())
        return [obj for objs in spaces.values() for obj in objs.values()]

    def count(self, kind: str, namespace: str | None = None) -> int:
        spaces = self._by_kind.get(kind, {})
        if namespace is not None and kind not in CLUSTER_SCOPED:
            return len(spaces.get(namespace, {}))
        return sum(map(len, spaces.values()))   # (no generator: every pod create asks, for the pod quota)

    def namespaces_of(self, kind: str) -> builtins.list[str]:
        return [ns for ns, objs in self._by_kind.get(kind, {}).items() if objs]

    def objects_by_uid(self) -> Mapping[str, KObject]:
        """Every object held, by uid (read only: checkpoints name objects by it; see checkpoint.py)."""
        return self._by_uid

    def children(self, owner_uid: str) -> builtins.list[KObject]:
        """Objects whose controller ownerReference points at `owner_uid`."""
        return list(self._children.get(owner_uid, {}).values())

    def pods_on_node(self, node_name: str) -> builtins.list[KObject]:
        return list(self._pods_on_node.get(node_name, {}).values())

    def pod_count_on_node(self, node_name: str) -> int:
        return len(self._pods_on_node.get(node_name, ()))

    def _select(self, kind: str, namespace: str | None, reqs: Sequence[Requirement]) -> Iterator[KObject]:
        spaces = [namespace] if namespace is not None and kind not in CLUSTER_SCOPED else self.namespaces_of(kind)
        for ns in spaces:
            index = self._labels.get((kind, "" if kind in CLUSTER_SCOPED else ns), {})
            candidates: dict[str, KObject] | None = None
            for key, op, values in reqs:
                if op in ("=", "==") or (op == "In" and len(values) == 1):
                    bucket = index.get((key, values[0]), {})
                    if candidates is None or len(bucket) < len(candidates):
                        candidates = bucket
            if candidates is None:
                candidates = self._by_kind.get(kind, {}).get(ns, {})
                pool: Iterable[KObject] = candidates.values()
            else:
                pool = list(candidates.values())
            for obj in pool:
                if matches(reqs, obj.metadata.labels):
                    yield obj

    # ---- writes ------------------------------------------------------------

    def create(self, obj: KObject, actor: str, reason: str | LazyText, *,
               event: tuple[str, str, str | LazyText] | None = None) -> KObject:
        """Store a new object: uid, name from generateName, timestamps, resourceVersion."""
        meta = obj.metadata
        if obj.kind in CLUSTER_SCOPED:
            meta.namespace = ""
        if not meta.name and meta.generate_name:
            meta.name = self._generate_name(obj.kind, meta.namespace, meta.generate_name)   # (one not taken)
        elif self.try_get(obj.kind, meta.namespace, meta.name) is not None:
            raise AlreadyExists(f'{resource_name(obj.kind)} "{meta.name}" already exists')
        self.admission.admit(obj)
        # A uid already set came from an admission plugin that needed it (a Job's selector) or from a
        # writer with its own id stream; anything else gets the next one from the simulation's RNG.
        meta.uid = meta.uid or new_uid(self.rng)
        meta.creation_timestamp = self.clock.now
        meta.generation = 1 if obj.kind not in _NO_GENERATION else 0
        self._bump(obj)
        self._by_kind.setdefault(obj.kind, {}).setdefault(meta.namespace, {})[meta.name] = obj
        self._by_uid[meta.uid] = obj
        ref = controller_ref(obj)
        self._index(obj, ref)
        seq = self.audit.append(self.clock.now, actor, "create", obj.kind, meta.namespace, meta.name, reason)
        if event:
            self.record_event(obj, event[0], event[1], event[2], actor=actor)   # (not *event: a slower call)
        self._notify("ADDED", obj, None, ref, seq)
        return obj

    def update(self, obj: KObject, actor: str, reason: str | LazyText, *, verb: str = "update",
               spec_changed: bool = False, event: tuple[str, str, str | LazyText] | None = None) -> KObject:
        """Record an in-place change to a stored object and re-index it.

        Callers mutate the object first, then call this; `spec_changed` bumps
        metadata.generation, as a spec write does on a real API server.
        """
        meta = obj.metadata
        indexed = self._indexed.get(meta.uid)
        if indexed is None or indexed[0] is not obj:
            raise NotFound(f'{resource_name(obj.kind)} "{meta.name}" not found')
        if spec_changed and obj.kind not in _NO_GENERATION:
            meta.generation += 1
        self._bump(obj)
        ref = controller_ref(obj)
        # Re-index only if labels, owner or node changed (most writes are status writes that change none).
        _, labels, owner, node = indexed
        same_labels = labels == meta.labels
        if not same_labels or owner != (ref["uid"] if ref else None):
            self._unindex(obj)
            self._index(obj, ref)
        elif obj.kind == "Pod" and node != (new_node := obj.spec.get("nodeName")):
            self._move_to_node(obj, labels, owner, node, new_node)
        old_labels = None if same_labels else labels
        seq = self.audit.append(self.clock.now, actor, verb, obj.kind, meta.namespace, meta.name, reason)
        if event:
            self.record_event(obj, event[0], event[1], event[2], actor=actor)   # (not *event: a slower call)
        self._notify("MODIFIED", obj, old_labels, ref, seq)
        return obj

    def delete(self, obj: KObject, actor: str, reason: str, *, event: tuple[str, str, str] | None = None) -> None:
        """Remove an object for good (graceful deletion is the caller's business)."""
        meta = obj.metadata
        if self._by_uid.pop(meta.uid, None) is None:
            raise NotFound(f'{resource_name(obj.kind)} "{meta.name}" not found')
        del self._by_kind[obj.kind][meta.namespace][meta.name]
        self._unindex(obj)
        self._bump(obj)
        seq = self.audit.append(self.clock.now, actor, "delete", obj.kind, meta.namespace, meta.name, reason)
        if event:
            self.record_event(obj, event[0], event[1], event[2], actor=actor)   # (not *event: a slower call)
        self._notify("DELETED", obj, None, controller_ref(obj), seq)

    def watch(self, kind: str, handler: WatchHandler, events: tuple[str, ...] = WATCH_EVENTS, *,
              owner_kind: str | None = None, namespace: str | None = None, label: str | None = None) -> None:
        """Call `handler` for each write to `kind` whose event is in `events` (all by default).

        With `owner_kind`, only for objects whose controller ownerReference names that kind (at the
        time of the write: an object that loses its owner is not reported to the old one's watcher).
        With `namespace`, only for objects in that namespace; with `label`, only for objects that carry
        that label key, or carried it before the write (a watch with a selector on the key, as an
        informer with a field or label selector narrows what the API server sends it).
        """
        for event in events:
            key = (kind, event)
            if label is not None:
                self._selective_watchers.setdefault(key, []).append((namespace, label, handler))
            elif namespace is not None:
                self._namespaced_watchers.setdefault(key, {}).setdefault(namespace, []).append(handler)
            elif owner_kind is None:
                self._watchers.setdefault(key, []).append(handler)
            else:
                self._owned_watchers.setdefault(key, {}).setdefault(owner_kind, []).append(handler)
            self._routes[key] = (self._watchers.get(key), self._owned_watchers.get(key),
                                 self._namespaced_watchers.get(key), self._selective_watchers.get(key))

    def unwatch(self, kind: str, handler: WatchHandler, *, namespace: str | None = None) -> None:
        """Stop calling `handler` (a client's watch ends, as `kubectl rollout status` ends its watch); with
        `namespace`, the handler's watch of that namespace alone."""
        for event in WATCH_EVENTS:
            if namespace is None:
                handlers = self._watchers.get((kind, event), [])
            else:
                handlers = self._namespaced_watchers.get((kind, event), {}).get(namespace, [])
            if handler in handlers:
                handlers.remove(handler)
                if not handlers and namespace is not None:
                    del self._namespaced_watchers[(kind, event)][namespace]

    # ---- internals ---------------------------------------------------------

    def _bump(self, obj: KObject) -> None:
        self.resource_version += 1
        obj.metadata.resource_version = self.resource_version
        obj.metadata.write_id = next(_WRITE_IDS)
        self._kind_versions[obj.kind] = self.resource_version

    def kind_version(self, kind: str) -> int:
        """The resourceVersion of the last write to any object of `kind` (0 if none): a cheap cache key."""
        return self._kind_versions.get(kind, 0)

    def _generate_name(self, kind: str, namespace: str, prefix: str) -> str:
        while True:
            name = prefix + random_suffix(self.rng)
            if self.try_get(kind, namespace, name) is None:
                return name

    def _notify(self, event: str, obj: KObject, old_labels: dict[str, str] | None,
                ref: dict[str, Any] | None, seq: int) -> None:
        """Deliver a write to its watchers with the write (audit entry `seq`) as the current cause:
        the keys they queue and the timers they set remember it, so what follows names it."""
        route = self._routes.get((obj.kind, event))
        if route is None:
            return
        handlers, owned, namespaced, selective = route
        clock = self.clock
        outer, clock.cause = clock.cause, seq
        try:
            for handler in handlers or ():
                handler(event, obj, old_labels)
            if owned and ref is not None:
                for handler in owned.get(ref.get("kind", ""), ()):
                    handler(event, obj, old_labels)
            if namespaced:
                for handler in namespaced.get(obj.metadata.namespace, ()):
                    handler(event, obj, old_labels)
            for namespace, label, handler in selective or ():   # (inline: a call per pod write costs)
                if namespace is not None and namespace != obj.metadata.namespace:
                    continue
                if label is not None and label not in obj.metadata.labels and \
                        (old_labels is None or label not in old_labels):
                    continue
                handler(event, obj, old_labels)
        finally:
            clock.cause = outer

    def _label_set(self, labels: dict[str, str]) -> dict[str, str]:
        """A copy of `labels` shared by every object indexed with an equal map (the pods of one ReplicaSet:
        150,000 pods would otherwise keep 150,000 copies). Never edited: the index compares with it, and
        watchers get it as the old labels."""
        key = tuple(labels.items())
        shared = self._label_sets.get(key)
        if shared is None:
            if len(self._label_sets) >= LABEL_SETS:
                self._label_sets.clear()   # only sharing is lost: each copy stays with the objects holding it
            shared = self._label_sets[key] = dict(labels)
        return shared

    def _index(self, obj: KObject, ref: dict[str, Any] | None) -> None:
        meta = obj.metadata
        labels = self._label_set(meta.labels)
        owner = ref["uid"] if ref else None
        node = obj.spec.get("nodeName") if obj.kind == "Pod" else None
        self._indexed[meta.uid] = (obj, labels, owner, node)
        index = self._labels.setdefault((obj.kind, meta.namespace), {})
        for pair in labels.items():
            index.setdefault(pair, {})[meta.uid] = obj
        if owner:
            self._children.setdefault(owner, {})[meta.uid] = obj
        if node:
            self._pods_on_node.setdefault(node, {})[meta.uid] = obj

    def _unindex(self, obj: KObject) -> dict[str, str]:
        meta = obj.metadata
        _, labels, owner, node = self._indexed.pop(meta.uid)
        index = self._labels[(obj.kind, meta.namespace)]
        for pair in labels.items():
            bucket = index[pair]
            del bucket[meta.uid]
            if not bucket:
                del index[pair]
        if owner:
            siblings = self._children[owner]
            del siblings[meta.uid]
            if not siblings:
                del self._children[owner]
        if node:
            del self._pods_on_node[node][meta.uid]
        return labels

    def _move_to_node(self, obj: KObject, labels: dict[str, str], owner: str | None,
                      node: str | None, new_node: str | None) -> None:
        """Re-index a pod whose node alone changed (a binding): the result of _unindex + _index,
        without rebuilding the label and owner entries. Each bucket still gets the pod at its end,
        as a re-index would, so every listing keeps its order."""
        uid = obj.metadata.uid
        self._indexed[uid] = (obj, labels, owner, new_node)
        index = self._labels[(obj.kind, obj.metadata.namespace)]
        for pair in labels.items():
            bucket = index[pair]
            del bucket[uid]
            bucket[uid] = obj
        if owner:
            siblings = self._children[owner]
            del siblings[uid]
            siblings[uid] = obj
        if node:
            del self._pods_on_node[node][uid]
        if new_node:
            self._pods_on_node.setdefault(new_node, {})[uid] = obj


LABEL_SETS = 10_000   # distinct label maps kept for sharing before the table starts afresh
_NO_GENERATION = frozenset({"Pod", "Node", "Namespace", "Event", "Endpoints", "EndpointSlice", "ConfigMap", "Secret"})
