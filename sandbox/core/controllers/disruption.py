"""The disruption controller (k/k pkg/controller/disruption): PodDisruptionBudget status.

It counts the healthy (Ready, not terminating) pods a PDB selects, works out how
many must stay healthy from minAvailable or maxUnavailable (an int or a percent
of the pods the owning controllers want), and writes `disruptionsAllowed`, which
the eviction API spends. Pods the eviction API has just evicted are listed in
`status.disruptedPods` and not counted as healthy for up to 2 minutes, so two
quick evictions cannot both spend the same budget.
"""

from __future__ import annotations

from typing import Any

from ..labels import requirements_of, selector_matches
from ..objects import (
    KObject,
    controller_ref,
    parse_timestamp,
    pod_is_ready,
    set_condition,
)
from ..quantity import scaled_value
from .base import Context, Controller

# k/k disruption.go DeletionTimeout: how long an evicted pod may take to disappear.
DELETION_TIMEOUT = 120.0


class DisruptionController(Controller):
    name = "disruption-controller"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.store.watch("PodDisruptionBudget", self._on_pdb)

    def _on_pdb(self, event: str, pdb: KObject, _old: object) -> None:
        if event != "DELETED":
            self.enqueue(pdb.key())
        # Pod writes matter only while some budget exists (a new budget is synced on its own event):
        # without one, the 150,000 pod writes of a large cluster do not call _on_pod at all.
        self.watch_while(self.store.count("PodDisruptionBudget") > 0, "Pod", self._on_pod)

    def _on_pod(self, _event: str, pod: KObject, old_labels: dict[str, str] | None) -> None:
        if not self.store.count("PodDisruptionBudget", pod.metadata.namespace):
            return  # the usual case: no budget in the namespace (a count is cheaper than a list per pod write)
        for pdb in self.store.list("PodDisruptionBudget", pod.namespace):
            selector = pdb.spec.get("selector")
            if selector_matches(selector, pod.metadata.labels) or \
                    (old_labels is not None and selector_matches(selector, old_labels)):
                self.enqueue(pdb.key())

    def sync(self, key: str) -> None:
        namespace, _, name = key.partition("/")
        pdb = self.store.try_get("PodDisruptionBudget", namespace, name)
        if pdb is None:
            return
        pods = self._pods(pdb)
        try:
            expected, desired = self._expected_and_desired(pdb, pods)
        except LookupError as err:
            self._write(pdb, self._status(pdb, pods, 0, 0, failure=str(err)))
            return
        self._write(pdb, self._status(pdb, pods, expected, desired))

    def _pods(self, pdb: KObject) -> list[KObject]:
        selector = pdb.spec.get("selector")
        if selector is None:
            return []  # policy/v1: a null selector selects nothing, an empty one everything
        return self.store.list("Pod", pdb.namespace, requirements_of(selector))

    def _expected_and_desired(self, pdb: KObject, pods: list[KObject]) -> tuple[int, int]:
        spec = pdb.spec
        if "maxUnavailable" in spec:
            expected = self._expected_scale(pods)
            return expected, max(0, expected - scaled_value(spec["maxUnavailable"], expected, round_up=True))
        min_available = spec.get("minAvailable", 1)
        if isinstance(min_available, int):
            return len(pods), min_available
        expected = self._expected_scale(pods)
        return expected, scaled_value(min_available, expected, round_up=True)

    def _expected_scale(self, pods: list[KObject]) -> int:
        """getExpectedScale: the replicas wanted by the controllers of the selected pods, each counted once."""
        scales: dict[str, int] = {}
        for pod in pods:
            ref = controller_ref(pod)
            if ref is None:
                raise LookupError(f'found no controller ref for pod "{pod.name}"')
            owner = self.store.by_uid(ref["uid"])
            if owner is not None and owner.kind == "ReplicaSet":
                parent_ref = controller_ref(owner)
                parent = self.store.by_uid(parent_ref["uid"]) if parent_ref else None
                if parent is not None and parent.kind == "Deployment":
                    owner = parent
            if owner is None or "replicas" not in owner.spec:
                raise LookupError(f'found no controllers for pod "{pod.name}"')
            scales[owner.uid] = owner.spec["replicas"]
        return sum(scales.values())

    def _status(self, pdb: KObject, pods: list[KObject], expected: int, desired: int, *,
                failure: str | None = None) -> dict[str, Any]:
        now = self.clock.now
        disrupted = self._live_disruptions(pdb, pods)
        healthy = sum(1 for p in pods if p.metadata.deletion_timestamp is None and p.name not in disrupted
                      and pod_is_ready(p))
        allowed = 0 if failure else max(0, healthy - desired)
        status: dict[str, Any] = {
            "conditions": [dict(c) for c in pdb.status.get("conditions", [])],
            "currentHealthy": healthy, "desiredHealthy": desired, "disruptionsAllowed": allowed,
            "expectedPods": expected, "observedGeneration": pdb.metadata.generation,
        }
        if disrupted:
            status["disruptedPods"] = disrupted
        if failure:
            set_condition(status, "DisruptionAllowed", "False", now, reason="SyncFailed", message=failure)
        elif allowed > 0:
            set_condition(status, "DisruptionAllowed", "True", now, reason="SufficientPods", message="")
        else:
            set_condition(status, "DisruptionAllowed", "False", now, reason="InsufficientPods", message="")
        status["conditions"][0]["observedGeneration"] = pdb.metadata.generation
        return status

    def _live_disruptions(self, pdb: KObject, pods: list[KObject]) -> dict[str, str]:
        """disruptedPods entries still pending: the pod exists, is not terminating, and its timeout has not passed."""
        by_name = {p.name: p for p in pods}
        live = {}
        for name, stamp in pdb.status.get("disruptedPods", {}).items():
            pod = by_name.get(name)
            expires = parse_timestamp(stamp) + DELETION_TIMEOUT
            if pod is None or pod.metadata.deletion_timestamp is not None or expires <= self.clock.now:
                continue
            live[name] = stamp
            self.enqueue_after(expires - self.clock.now, pdb.key())
        return live

    def _write(self, pdb: KObject, status: dict[str, Any]) -> None:
        if status == pdb.status:
            return
        pdb.status = status
        self.store.update(pdb, self.name, f"{status['currentHealthy']} healthy, {status['desiredHealthy']} needed: "
                                          f"{status['disruptionsAllowed']} disruption(s) allowed",
                          verb="update-status")
