"""The sandbox's one bound on pods, enforced like a ResourceQuota on `pods` across the cluster.

Nothing a learner types may make the simulation hold more than `ClusterConfig.pod_limit`
pods: a `--replicas=1000000000` would otherwise create pods until memory runs out. Two
checks, both worded as k/k's ResourceQuota admission plugin words a refusal
(staging/src/k8s.io/apiserver/pkg/admission/plugin/resourcequota/controller.go, CheckRequest):

    pods "web-7d9f8c6b5d-x2kq4" is forbidden: exceeded quota: sandbox-pod-limit,
    requested: pods=1, used: pods=200000, limited: pods=200000

- every Pod create (any path: controllers, static pods, `kubectl run`) is admitted only while
  the pods counted stay within the limit; a controller that is refused records FailedCreate,
  as it would against a real quota;
- a write that sets `spec.replicas` on a Deployment, ReplicaSet, StatefulSet or
  ReplicationController (create, apply, patch, edit, scale) is refused when the pods it asks
  for on top of those counted would exceed the limit. A real quota counts only pods; this
  check is the sandbox's, so that a huge replica count is refused before any object exists.

Pods count as k/k's QuotaV1Pod counts them (pkg/quota/v1/evaluator/core/pods.go): not
Succeeded or Failed, and not terminating past their grace period.
"""

from __future__ import annotations

from collections.abc import Iterable

from .clock import Clock
from .errors import Forbidden
from .objects import KObject
from .store import Store, resource_name

QUOTA_NAME = "sandbox-pod-limit"
REPLICATED_KINDS = frozenset({"Deployment", "ReplicaSet", "StatefulSet", "ReplicationController"})


def counts_for_quota(pod: KObject, now: float) -> bool:
    """k/k QuotaV1Pod: terminal pods and pods stuck terminating past their grace period are free."""
    if pod.status.get("phase") in ("Succeeded", "Failed"):
        return False
    meta = pod.metadata
    if meta.deletion_timestamp is not None and meta.deletion_grace_period_seconds is not None:
        return now <= meta.deletion_timestamp + meta.deletion_grace_period_seconds
    return True


def requested_replicas(obj: KObject | None) -> int:
    """The pods a workload asks for (0 for kinds without replicas, or a malformed value)."""
    if obj is None or obj.kind not in REPLICATED_KINDS:
        return 0
    replicas = obj.spec.get("replicas", 1)
    return replicas if isinstance(replicas, int) and not isinstance(replicas, bool) else 0


class PodLimit:
    """Admission plugin for Pods plus the replicas check the Simulation's write paths call."""

    def __init__(self, store: Store, clock: Clock, limit: int) -> None:
        self.store = store
        self.clock = clock
        self.limit = limit
        # (pod resourceVersion, time) -> exact count: repeated refusals while nothing changed scan once
        self._exact: tuple[int, float, int] | None = None

    def used(self, extra: int = 0) -> int:
        """Pods counted against the limit. Exact only when it matters: every stored pod counts
        at most once, so while all of them plus `extra` fit, the raw count is answer enough."""
        raw = self.store.count("Pod")
        if raw + extra <= self.limit:
            return raw
        version, now = self.store.kind_version("Pod"), self.clock.now
        if self._exact is None or self._exact[:2] != (version, now):
            exact = sum(1 for pod in self.store.list("Pod") if counts_for_quota(pod, now))
            self._exact = (version, now, exact)
        return self._exact[2]

    def admit(self, pod: KObject) -> None:
        """Admission plugin for Pod creates."""
        used = self.used(1)
        if used + 1 > self.limit:
            raise self.exceeded(pod, 1, used)

    def check_replicas(self, changes: Iterable[tuple[KObject, KObject | None]]) -> None:
        """Refuse writes (new object, the stored one or None) whose added replicas do not fit, together."""
        self.check_added([(new, requested_replicas(new) - requested_replicas(old)) for new, old in changes])

    def check_added(self, added: list[tuple[KObject, int]]) -> None:
        """Refuse when the pods these workloads add (object, more replicas) do not fit; named after the first."""
        total = sum(n for _, n in added if n > 0)
        if total <= 0:
            return
        used = self.used(total)
        if used + total > self.limit:
            first = next(obj for obj, n in added if n > 0)
            raise self.exceeded(first, total, used)

    def exceeded(self, obj: KObject, requested: int, used: int) -> Forbidden:
        name = obj.name or obj.metadata.generate_name
        return Forbidden(f'{resource_name(obj.kind)} "{name}" is forbidden: exceeded quota: {QUOTA_NAME}, '
                         f"requested: pods={requested}, used: pods={used}, limited: pods={self.limit}")

