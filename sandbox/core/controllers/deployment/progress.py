"""Deployment status, conditions and the progress deadline (k/k sync.go status, progress.go)."""

from __future__ import annotations

from typing import Any

from ...objects import KObject, condition, parse_timestamp, timestamp
from ..base import Controller
from .util import _replicas, _status, max_unavailable

# ---- conditions (k/k deployment_util SetDeploymentCondition) ------------------


def _new_condition(ctype: str, value: str, reason: str, message: str, now: float) -> dict[str, Any]:
    ts = timestamp(now)
    return {"type": ctype, "status": value, "lastUpdateTime": ts, "lastTransitionTime": ts,
            "reason": reason, "message": message}


def _set_condition(status: dict[str, Any], cond: dict[str, Any]) -> None:
    """Same status and reason: keep it; same status: keep lastTransitionTime; else replace."""
    current = condition(status, cond["type"])
    if current is not None and current["status"] == cond["status"] and current["reason"] == cond["reason"]:
        return
    if current is not None and current["status"] == cond["status"]:
        cond["lastTransitionTime"] = current["lastTransitionTime"]
    status["conditions"] = [c for c in status.get("conditions", []) if c["type"] != cond["type"]] + [cond]


def _remove_condition(status: dict[str, Any], ctype: str) -> None:
    if condition(status, ctype) is not None:
        status["conditions"] = [c for c in status["conditions"] if c["type"] != ctype]
        if not status["conditions"]:
            del status["conditions"]


def deployment_complete(d: KObject, status: dict[str, Any]) -> bool:
    want = _replicas(d)
    return bool(status.get("updatedReplicas", 0) == want and status.get("replicas", 0) == want
                and status.get("availableReplicas", 0) == want
                and status.get("observedGeneration", 0) >= d.metadata.generation)


class ProgressMixin(Controller):
    _deadline_checks: dict[str, tuple[float, int]]  # set up by DeploymentController.__init__

    # ---- status and progress (k/k sync.go, progress.go) ----------------------

    def _calculate_status(self, d: KObject, all_rss: list[KObject], new_rs: KObject | None) -> dict[str, Any]:
        replicas = ready = available = wanted = 0
        for rs in all_rss:   # (the totals in one pass: every sync adds them up)
            rs_status = rs.status
            replicas += rs_status.get("replicas", 0)
            ready += rs_status.get("readyReplicas", 0)
            available += rs_status.get("availableReplicas", 0)
            wanted += _replicas(rs)
        values = {
            "observedGeneration": d.metadata.generation,
            "replicas": replicas,
            "updatedReplicas": _status(new_rs, "replicas") if new_rs is not None else 0,
            "readyReplicas": ready,
            "availableReplicas": available,
            "unavailableReplicas": max(wanted - available, 0),
            "collisionCount": d.status.get("collisionCount", 0),
        }
        status: dict[str, Any] = {k: v for k, v in values.items() if v}  # omitempty
        if d.status.get("conditions"):
            # A new list of the same condition maps: the steps below replace a condition, never edit one.
            status["conditions"] = list(d.status["conditions"])
        if available >= _replicas(d) - max_unavailable(d):
            cond = _new_condition("Available", "True", "MinimumReplicasAvailable",
                                  "Deployment has minimum availability.", self.clock.now)
        else:
            cond = _new_condition("Available", "False", "MinimumReplicasUnavailable",
                                  "Deployment does not have minimum availability.", self.clock.now)
        _set_condition(status, cond)
        return status

    def _sync_status(self, d: KObject, all_rss: list[KObject], new_rs: KObject | None) -> None:
        self._write_status(d, self._calculate_status(d, all_rss, new_rs), None)

    def _sync_rollout_status(self, d: KObject, all_rss: list[KObject], new_rs: KObject | None) -> None:
        status = self._calculate_status(d, all_rss, new_rs)
        has_deadline = "progressDeadlineSeconds" in d.spec
        if not has_deadline:
            _remove_condition(status, "Progressing")
        current = condition(d.status, "Progressing")
        complete_before = status.get("replicas", 0) == status.get("updatedReplicas", 0) and \
            current is not None and current["reason"] == "NewReplicaSetAvailable"
        if has_deadline and not complete_before:
            self._estimate_progress(d, status, new_rs, current)
        if status == d.status:
            self._requeue_stuck(d, status)
            return
        self._write_status(d, status, None)

    def _estimate_progress(self, d: KObject, status: dict[str, Any], new_rs: KObject | None,
                           current: dict[str, Any] | None) -> None:
        subject = f'ReplicaSet "{new_rs.name}"' if new_rs is not None else f'Deployment "{d.name}"'
        now = self.clock.now
        if deployment_complete(d, status):
            _set_condition(status, _new_condition("Progressing", "True", "NewReplicaSetAvailable",
                                                  f"{subject} has successfully progressed.", now))
        elif self._progressing(d, status):
            cond = _new_condition("Progressing", "True", "ReplicaSetUpdated", f"{subject} is progressing.", now)
            if current is not None:
                if current["status"] == "True":
                    cond["lastTransitionTime"] = current["lastTransitionTime"]
                _remove_condition(status, "Progressing")
            _set_condition(status, cond)
        elif self._timed_out(d, status):
            _set_condition(status, _new_condition("Progressing", "False", "ProgressDeadlineExceeded",
                                                  f"{subject} has timed out progressing.", now))

    @staticmethod
    def _progressing(d: KObject, new: dict[str, Any]) -> bool:
        old = d.status
        old_old = old.get("replicas", 0) - old.get("updatedReplicas", 0)
        new_old = new.get("replicas", 0) - new.get("updatedReplicas", 0)
        return bool(new.get("updatedReplicas", 0) > old.get("updatedReplicas", 0) or old_old > new_old
                    or new.get("readyReplicas", 0) > old.get("readyReplicas", 0)
                    or new.get("availableReplicas", 0) > old.get("availableReplicas", 0))

    def _timed_out(self, d: KObject, status: dict[str, Any]) -> bool:
        cond = condition(status, "Progressing")
        if cond is None or cond["reason"] == "NewReplicaSetAvailable":
            return False
        if cond["reason"] == "ProgressDeadlineExceeded":
            return True
        deadline: float = parse_timestamp(cond["lastUpdateTime"]) + d.spec["progressDeadlineSeconds"]
        return deadline < self.clock.now

    def _requeue_stuck(self, d: KObject, status: dict[str, Any]) -> None:
        """No progress seen: look again just after the deadline (k/k requeueStuckDeployment)."""
        cond = condition(d.status, "Progressing")
        if "progressDeadlineSeconds" not in d.spec or cond is None:
            return
        # Upstream also requeues a finished rollout that lost pods later (rate-limited,
        # forever), but such a resync never changes anything: its progress is not estimated.
        finished = (cond["reason"] == "NewReplicaSetAvailable"
                    and status.get("replicas") == status.get("updatedReplicas"))
        if finished or deployment_complete(d, status) or cond["reason"] == "ProgressDeadlineExceeded":
            self._cancel_deadline_check(d.key())
            return
        key = d.key()
        due = max(parse_timestamp(cond["lastUpdateTime"]) + d.spec["progressDeadlineSeconds"] + 1, self.clock.now + 1)
        pending = self._deadline_checks.get(key)
        if pending is not None:
            if pending[0] == due:
                return
            self.clock.cancel(pending[1])
        self._deadline_checks[key] = (due, self.clock.call_at(due, self._deadline_check, key))

    def _cancel_deadline_check(self, key: str) -> None:
        """The rollout finished or failed: nothing to look at later, so leave no timer for settle()."""
        pending = self._deadline_checks.pop(key, None)
        if pending is not None:
            self.clock.cancel(pending[1])

    def _deadline_check(self, key: str) -> None:
        self._deadline_checks.pop(key, None)
        self.enqueue(key)

    def _write_status(self, d: KObject, status: dict[str, Any], reason: str | None) -> None:
        if status == d.status:
            return
        d.status = status
        self.store.update(d, self.name, reason or _status_reason(d), verb="update-status")


def _status_reason(d: KObject) -> str:
    s = d.status
    return (f"status: {s.get('replicas', 0)} replicas, {s.get('updatedReplicas', 0)} updated, "
            f"{s.get('availableReplicas', 0)} available of {_replicas(d)} wanted")
