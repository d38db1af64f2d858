"""The StatefulSet controller: pods with stable names, made and removed in order
(k/k pkg/controller/statefulset/stateful_set_control.go, stateful_set_utils.go).

Pod `<set>-<ordinal>` for each ordinal from `spec.ordinals.start` (0), with the
hostname of its name and the subdomain `spec.serviceName` (a headless Service of
that name gives it the DNS name `web-0.web.<ns>.svc.cluster.local`), and the
labels `statefulset.kubernetes.io/pod-name`, `apps.kubernetes.io/pod-index` and
`controller-revision-hash`. Under `OrderedReady` (the default) each sync does at
most one thing: it creates the lowest missing ordinal only once every lower one
is Running and Ready (and available for minReadySeconds), deletes surplus pods
highest ordinal first and only while the rest are healthy, and replaces a pod
that Failed or Succeeded. `Parallel` creates and deletes all at once. A
RollingUpdate deletes the highest-ordinal pod still at an old revision (down to
`partition`), one at a time, waiting for each replacement to be available;
OnDelete waits for the user to delete pods.

Simplifications: no ControllerRevision objects are written (the controller
remembers the templates of the revisions it has seen, so `partition` can still
recreate old pods at their revision) and `kubectl rollout history` does not
list them; volumeClaimTemplates are stored but no PersistentVolumeClaims are
made; maxUnavailable (alpha in 1.32) is not used.
"""

from __future__ import annotations

import re
from typing import Any

from ..deletion import delete_pod
from ..errors import ApiError
from ..labels import matches, requirements_of
from ..naming import template_hash
from ..objects import KObject, controller_ref, deep_copy, owner_reference, pod_is_ready
from .base import Context, Controller
from .daemonset import pod_available
from .replicaset import pod_from_template

POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name"
POD_INDEX_LABEL = "apps.kubernetes.io/pod-index"
REVISION_LABEL = "controller-revision-hash"
_ORDINAL = re.compile(r"^(.*)-([0-9]+)$")


def ordinal_of(set_name: str, pod: KObject) -> int | None:
    """getParentNameAndOrdinal: the ordinal of a pod named `<set>-<n>`, else None."""
    match = _ORDINAL.match(pod.name)
    if match is None or match.group(1) != set_name:
        return None
    return int(match.group(2))


class StatefulSetController(Controller):
    name = "statefulset-controller"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self._templates: dict[str, dict[str, dict[str, Any]]] = {}   # set uid -> revision -> pod template
        self.store.watch("StatefulSet", self._on_statefulset)
        self.store.watch("Pod", self._on_pod, owner_kind="StatefulSet")

    def _on_statefulset(self, event: str, sts: KObject, _old: object) -> None:
        if event == "DELETED":
            self._templates.pop(sts.uid, None)
            return
        self.enqueue(sts.key())

    def _on_pod(self, _event: str, pod: KObject, _old: object) -> None:
        ref = controller_ref(pod)
        if ref is not None:
            self.enqueue(f"{pod.namespace}/{ref['name']}")

    # ---- sync ----------------------------------------------------------------

    def sync(self, key: str) -> None:
        namespace, name = key.split("/", 1)
        sts = self.store.try_get("StatefulSet", namespace, name)
        if sts is None:
            return
        pods = self._claim_pods(sts)
        update_revision = self._revision(sts)
        current_revision = sts.status.get("currentRevision") or update_revision
        start = (sts.spec.get("ordinals") or {}).get("start", 0)
        replicas = sts.spec.get("replicas", 1)
        members: dict[int, KObject] = {}
        condemned: list[KObject] = []
        for pod in pods:
            ordinal = ordinal_of(sts.name, pod)
            if ordinal is None:
                continue
            if start <= ordinal < start + replicas:
                members[ordinal] = pod
            else:
                condemned.append(pod)
        condemned.sort(key=lambda p: -(ordinal_of(sts.name, p) or 0))
        if sts.metadata.deletion_timestamp is None:
            self._reconcile(sts, members, condemned, range(start, start + replicas), current_revision,
                            update_revision)
        self._write_status(sts, current_revision, update_revision)

    def _reconcile(self, sts: KObject, members: dict[int, KObject], condemned: list[KObject], ordinals: range,
                   current: str, update: str) -> None:
        """updateStatefulSet: living replicas in order, then condemned ones, then the rolling update."""
        monotonic = sts.spec.get("podManagementPolicy", "OrderedReady") != "Parallel"
        for ordinal in ordinals:
            if self._process_replica(sts, members, ordinal, monotonic, current, update) and monotonic:
                return
        first_unhealthy = next((p for p in [*[members.get(o) for o in ordinals], *reversed(condemned)]
                                if p is not None and not self._available(sts, p)), None)
        for pod in condemned:
            if self._process_condemned(sts, pod, first_unhealthy, monotonic) and monotonic:
                return
        if (sts.spec.get("updateStrategy") or {}).get("type") == "RollingUpdate":
            self._rolling_update(sts, members, ordinals, update)

    def _process_replica(self, sts: KObject, members: dict[int, KObject], ordinal: int, monotonic: bool,
                         current: str, update: str) -> bool:
        """processReplica: True when the sync must stop here (under OrderedReady)."""
        pod = members.get(ordinal)
        if pod is not None and pod.status.get("phase") in ("Failed", "Succeeded"):
            # The pod is recreated at the next sync, once it is gone.
            self._delete(sts, pod, f"pod {pod.name} {pod.status['phase'].lower()}: it is recreated with its name")
            return True
        if pod is None:
            pod = self._create(sts, ordinal, current, update)
            if pod is None or monotonic:
                return True
            members[ordinal] = pod
        if pod.metadata.deletion_timestamp is not None:
            return True
        return not self._available(sts, pod)

    def _process_condemned(self, sts: KObject, pod: KObject, first_unhealthy: KObject | None,
                           monotonic: bool) -> bool:
        """processCondemned: highest ordinal first, and under OrderedReady only while the others are healthy."""
        if pod.metadata.deletion_timestamp is not None:
            return True
        if monotonic and pod is not first_unhealthy and not self._available(sts, pod):
            return True
        self._delete(sts, pod, f"scale down to {sts.spec.get('replicas', 1)}: ordinal "
                               f"{ordinal_of(sts.name, pod)} is beyond the last one")
        return True

    def _rolling_update(self, sts: KObject, members: dict[int, KObject], ordinals: range, update: str) -> None:
        """Delete the highest-ordinal pod not at the update revision; wait while a target is unavailable."""
        partition = ((sts.spec.get("updateStrategy") or {}).get("rollingUpdate") or {}).get("partition", 0)
        for ordinal in reversed(ordinals):
            if ordinal - ordinals.start < partition:
                break
            pod = members.get(ordinal)
            if pod is None:
                return
            if pod.metadata.labels.get(REVISION_LABEL) != update and pod.metadata.deletion_timestamp is None:
                self._delete(sts, pod, f"rolling update to revision {update}: replacing {pod.name}")
                return
            if not self._available(sts, pod):
                return

    # ---- pods ------------------------------------------------------------------

    def _claim_pods(self, sts: KObject) -> list[KObject]:
        """ClaimPods for members (`<set>-<n>`): adopt matching orphans, release owned pods that stopped matching."""
        reqs = requirements_of(sts.spec.get("selector"))
        owned = [p for p in self.store.children(sts.uid) if p.kind == "Pod"]
        if not reqs:
            return owned
        kept = []
        for pod in owned:
            if matches(reqs, pod.metadata.labels) or pod.metadata.deletion_timestamp is not None:
                kept.append(pod)
                continue
            pod.metadata.owner_references = [r for r in pod.metadata.owner_references if r.get("uid") != sts.uid]
            self.store.update(pod, self.name, f"released from statefulset/{sts.name}: its labels no longer match")
        for pod in self.store.list("Pod", sts.namespace, reqs):
            if controller_ref(pod) is None and ordinal_of(sts.name, pod) is not None and \
                    pod.metadata.deletion_timestamp is None:
                pod.metadata.owner_references = [*pod.metadata.owner_references, owner_reference(sts)]
                self.store.update(pod, self.name, f"adopted by statefulset/{sts.name}: an orphan named like its pods")
                kept.append(pod)
        return kept

    def _revision(self, sts: KObject) -> str:
        """The update revision `<set>-<hash of the template>`; its template is remembered for partitions."""
        template = sts.spec.get("template") or {}
        revision = f"{sts.name}-{template_hash(template)}"
        self._templates.setdefault(sts.uid, {}).setdefault(revision, deep_copy(template))
        return revision

    def _create(self, sts: KObject, ordinal: int, current: str, update: str) -> KObject | None:
        """newVersionedStatefulSetPod: below the partition at the current revision, else at the update one."""
        partition = ((sts.spec.get("updateStrategy") or {}).get("rollingUpdate") or {}).get("partition", 0)
        start = (sts.spec.get("ordinals") or {}).get("start", 0)
        rolling = (sts.spec.get("updateStrategy") or {}).get("type") == "RollingUpdate"
        revision = current if rolling and ordinal - start < partition else update
        template = self._templates.get(sts.uid, {}).get(revision) or sts.spec.get("template") or {}
        pod = pod_from_template(_with_template(sts, template))
        name = f"{sts.name}-{ordinal}"
        pod.metadata.name, pod.metadata.generate_name = name, ""
        pod.metadata.labels.update({POD_NAME_LABEL: name, POD_INDEX_LABEL: str(ordinal), REVISION_LABEL: revision})
        pod.spec["hostname"] = name
        if sts.spec.get("serviceName"):
            pod.spec["subdomain"] = sts.spec["serviceName"]
        try:
            self.store.create(pod, self.name, f"statefulset {sts.name} has no pod with ordinal {ordinal}: created "
                                              f"{name} at revision {revision}")
        except ApiError as exc:
            self.store.record_event(sts, "Warning", "FailedCreate",
                                    f"create Pod {name} in StatefulSet {sts.name} failed error: {exc.message}",
                                    actor=self.name)
            return None
        self.store.record_event(sts, "Normal", "SuccessfulCreate",
                                f"create Pod {name} in StatefulSet {sts.name} successful", actor=self.name)
        return pod

    def _delete(self, sts: KObject, pod: KObject, why: str) -> None:
        delete_pod(self.store, pod, self.name, why)
        self.store.record_event(sts, "Normal", "SuccessfulDelete",
                                f"delete Pod {pod.name} in StatefulSet {sts.name} successful", actor=self.name)

    def _available(self, sts: KObject, pod: KObject) -> bool:
        """isRunningAndReady and, with minReadySeconds, available; wakes the set when it will be."""
        if pod.status.get("phase") != "Running" or not pod_is_ready(pod):
            return False
        min_ready = sts.spec.get("minReadySeconds", 0)
        if pod_available(pod, min_ready, self.clock.now):
            return True
        self.enqueue_after(min_ready, sts.key())
        return False

    # ---- status ------------------------------------------------------------------

    def _write_status(self, sts: KObject, current: str, update: str) -> None:
        """updateStatus and completeRollingUpdate: counts over the pods that exist now."""
        counts = {"replicas": 0, "readyReplicas": 0, "availableReplicas": 0, "currentReplicas": 0,
                  "updatedReplicas": 0}
        min_ready = sts.spec.get("minReadySeconds", 0)
        for pod in self.store.children(sts.uid):
            if pod.kind != "Pod" or ordinal_of(sts.name, pod) is None:
                continue
            counts["replicas"] += 1
            if pod.status.get("phase") == "Running" and pod_is_ready(pod):
                counts["readyReplicas"] += 1
                counts["availableReplicas"] += pod_available(pod, min_ready, self.clock.now)
            if pod.metadata.deletion_timestamp is None:
                revision = pod.metadata.labels.get(REVISION_LABEL)
                counts["currentReplicas"] += revision == current
                counts["updatedReplicas"] += revision == update
        rolling = (sts.spec.get("updateStrategy") or {}).get("type") == "RollingUpdate"
        if rolling and counts["updatedReplicas"] == counts["replicas"] == counts["readyReplicas"]:
            current = update
            counts["currentReplicas"] = counts["updatedReplicas"]
        status: dict[str, Any] = {"availableReplicas": counts["availableReplicas"], "collisionCount": 0,
                                  "currentRevision": current, "observedGeneration": sts.metadata.generation,
                                  "replicas": counts["replicas"], "updateRevision": update}
        for field in ("currentReplicas", "readyReplicas", "updatedReplicas"):
            if counts[field]:
                status[field] = counts[field]   # omitempty, as the API serialises them
        if status == sts.status:
            return
        sts.status = status
        self.store.update(sts, self.name, f"{counts['readyReplicas']}/{sts.spec.get('replicas', 1)} pods ready, "
                                          f"{counts['updatedReplicas']} at revision {update}", verb="update-status")


def _with_template(sts: KObject, template: dict[str, Any]) -> KObject:
    """The set as it was at a revision: pod_from_template reads spec.template."""
    return KObject("StatefulSet", sts.metadata, {"template": template})
