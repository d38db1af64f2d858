"""The Deployment controller: watch handlers, syncDeployment and ReplicaSet
ownership (k/k deployment_controller.go)."""

from __future__ import annotations

from ...labels import matches, requirements_of, selector_matches
from ...objects import KObject, condition, controller_ref, deep_copy, owner_reference
from ..base import Context
from .progress import _new_condition, _set_condition
from .recreate import RecreateMixin
from .rolling import RollingMixin
from .sync import _Abort
from .util import _active, _desired_annotation, _replicas, _with_new


class DeploymentController(RollingMixin, RecreateMixin):
    name = "deployment-controller"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self._deadline_checks: dict[str, tuple[float, int]] = {}  # key -> (when, timer handle) of the progress check
        self.store.watch("Deployment", self._on_deployment)
        self.store.watch("ReplicaSet", self._on_replicaset)
        self.store.watch("Pod", self._on_pod, events=("DELETED",))  # not called for the many other pod writes

    # ---- watch handlers ------------------------------------------------------

    def _on_deployment(self, event: str, d: KObject, _old: dict[str, str] | None) -> None:
        if event != "DELETED":
            self.enqueue(d.key())

    def _on_replicaset(self, event: str, rs: KObject, _old: dict[str, str] | None) -> None:
        ref = controller_ref(rs)
        if ref is not None:
            if ref.get("kind") == "Deployment":
                self.enqueue(f"{rs.metadata.namespace}/{ref['name']}")
            return
        if event != "DELETED":  # an orphan: a Deployment whose selector matches may adopt it
            for d in self.store.list("Deployment", rs.metadata.namespace):
                if selector_matches(d.spec.get("selector"), rs.metadata.labels):
                    self.enqueue(d.key())

    def _on_pod(self, event: str, pod: KObject, _old: dict[str, str] | None) -> None:
        """Recreate waits for old pods to be gone: wake it when one goes (registered for DELETED only)."""
        ref = controller_ref(pod)
        rs = self.store.by_uid(ref["uid"]) if ref is not None and ref.get("kind") == "ReplicaSet" else None
        owner = controller_ref(rs) if rs is not None else None
        d = self.store.by_uid(owner["uid"]) if owner is not None else None
        if d is not None and d.kind == "Deployment" and (d.spec.get("strategy") or {}).get("type") == "Recreate":
            self.enqueue(d.key())

    # ---- sync (k/k syncDeployment) -------------------------------------------

    def sync(self, key: str) -> None:
        namespace, name = key.split("/", 1)
        d = self.store.try_get("Deployment", namespace, name)
        if d is None:
            return
        if not requirements_of(d.spec.get("selector")):
            self._refuse_select_all(d)
            return
        if d.metadata.deletion_timestamp is not None:
            self._sync_status_only(d)
            return
        rss = self._claim_replica_sets(d)
        self._check_paused_conditions(d)
        try:
            if d.spec.get("paused") or self._is_scaling_event(d, rss):
                self._sync_scale(d, rss)
            elif (d.spec.get("strategy") or {}).get("type") == "Recreate":
                self._rollout_recreate(d, rss)
            else:
                self._rollout_rolling(d, rss)
        except _Abort:
            return
        finally:
            self._last_all = None   # (holds objects: a checkpoint need not copy it)

    def _sync_status_only(self, d: KObject) -> None:
        """A Deployment being deleted (foreground or orphan) adopts, scales and rolls out nothing (syncStatusOnly)."""
        rss = [rs for rs in self.store.children(d.metadata.uid) if rs.kind == "ReplicaSet"]
        new_rs, old_rss = self._get_all_replica_sets(d, rss, create=False)
        self._sync_status(d, _with_new(old_rss, new_rs), new_rs)

    def _refuse_select_all(self, d: KObject) -> None:
        if d.status.get("observedGeneration") != d.metadata.generation:
            self.store.record_event(d, "Warning", "SelectingAll",
                                    "This deployment is selecting all pods. A non-empty selector is required.",
                                    actor=self.name)
            d.status["observedGeneration"] = d.metadata.generation
            self.store.update(d, self.name, "status: refused to act on an empty selector", verb="update-status")

    def _claim_replica_sets(self, d: KObject) -> list[KObject]:
        """Owned ReplicaSets the selector still matches; release the rest, adopt matching orphans."""
        reqs = requirements_of(d.spec.get("selector"))
        claimed = []
        for rs in self.store.children(d.metadata.uid):
            if rs.kind != "ReplicaSet":
                continue
            if matches(reqs, rs.metadata.labels):
                claimed.append(rs)
                continue
            rs.metadata.owner_references = [r for r in rs.metadata.owner_references if r.get("uid") != d.uid]
            self.store.update(rs, self.name, f"released from deployment/{d.name}: its labels no longer match "
                                             "the selector")
        for rs in self.store.list("ReplicaSet", d.metadata.namespace, reqs):
            if controller_ref(rs) is None:
                rs.metadata.owner_references = [*rs.metadata.owner_references, owner_reference(d)]
                self.store.update(rs, self.name, f"adopted by deployment/{d.name}: an orphan whose labels match "
                                                 "its selector")
                claimed.append(rs)
        return claimed

    def _check_paused_conditions(self, d: KObject) -> None:
        if "progressDeadlineSeconds" not in d.spec:
            return
        cond = condition(d.status, "Progressing")
        if cond is not None and cond["reason"] == "ProgressDeadlineExceeded":
            return
        paused_cond = cond is not None and cond["reason"] == "DeploymentPaused"
        if d.spec.get("paused") and not paused_cond:
            new = _new_condition("Progressing", "Unknown", "DeploymentPaused", "Deployment is paused", self.clock.now)
        elif not d.spec.get("paused") and paused_cond:
            new = _new_condition("Progressing", "Unknown", "DeploymentResumed", "Deployment is resumed",
                                 self.clock.now)
        else:
            return
        status = deep_copy(d.status)
        _set_condition(status, new)
        self._write_status(d, status, new["message"].lower())

    def _is_scaling_event(self, d: KObject, rss: list[KObject]) -> bool:
        """Some active ReplicaSet was sized for a different spec.replicas than the current one."""
        new_rs, old_rss = self._get_all_replica_sets(d, rss, create=False)
        for rs in _active([*old_rss, *([new_rs] if new_rs else [])]):
            desired = _desired_annotation(rs)
            if desired is not None and desired != _replicas(d):
                return True
        return False
