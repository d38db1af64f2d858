"""The RollingUpdate strategy (k/k rolling.go)."""

from __future__ import annotations

from ...objects import KObject
from .progress import deployment_complete
from .sync import SyncMixin
from .util import (
    _active,
    _by_creation,
    _replicas,
    _spec_total,
    _status,
    _status_total,
    max_unavailable,
    new_rs_new_replicas,
)


class RollingMixin(SyncMixin):
    # ---- rolling update (k/k rolling.go) -------------------------------------

    def _rollout_rolling(self, d: KObject, rss: list[KObject]) -> None:
        new_rs, old_rss = self._get_all_replica_sets(d, rss, create=True)
        assert new_rs is not None
        all_rss = [*old_rss, new_rs]
        if self._reconcile_new_rs(d, all_rss, new_rs) or \
                self._reconcile_old_rss(d, all_rss, _active(old_rss), new_rs):
            self._sync_rollout_status(d, all_rss, new_rs)
            return
        if deployment_complete(d, d.status):
            self._cleanup(d, old_rss)
        self._sync_rollout_status(d, all_rss, new_rs)

    def _reconcile_new_rs(self, d: KObject, all_rss: list[KObject], new_rs: KObject) -> bool:
        if _replicas(new_rs) == _replicas(d):
            return False
        if _replicas(new_rs) > _replicas(d):
            return self._scale_rs(d, new_rs, _replicas(d))
        return self._scale_rs(d, new_rs, new_rs_new_replicas(d, all_rss, new_rs))

    def _reconcile_old_rss(self, d: KObject, all_rss: list[KObject], old_rss: list[KObject],
                           new_rs: KObject) -> bool:
        if _spec_total(old_rss) == 0:
            return False
        min_available = _replicas(d) - max_unavailable(d)
        new_unavailable = _replicas(new_rs) - _status(new_rs, "availableReplicas")
        max_scaled_down = _spec_total(all_rss) - min_available - new_unavailable
        if max_scaled_down <= 0:
            return False
        old_rss = _by_creation(old_rss)
        cleaned = self._cleanup_unhealthy_replicas(d, old_rss, max_scaled_down)
        scaled = self._scale_down_old_for_rolling_update(d, [*old_rss, new_rs], old_rss)
        return cleaned + scaled > 0

    def _cleanup_unhealthy_replicas(self, d: KObject, old_rss: list[KObject], max_cleanup: int) -> int:
        """Old ReplicaSets (oldest first) lose their unavailable pods first: that costs no availability."""
        total = 0
        for rs in old_rss:
            if total >= max_cleanup:
                break
            unhealthy = _replicas(rs) - _status(rs, "availableReplicas")
            if _replicas(rs) == 0 or unhealthy <= 0:
                continue
            count = min(max_cleanup - total, unhealthy)
            self._scale_rs(d, rs, _replicas(rs) - count)
            total += count
        return total

    def _scale_down_old_for_rolling_update(self, d: KObject, all_rss: list[KObject], old_rss: list[KObject]) -> int:
        min_available = _replicas(d) - max_unavailable(d)
        available = _status_total(all_rss, "availableReplicas")
        if available <= min_available:
            return 0
        budget = available - min_available
        total = 0
        for rs in old_rss:
            if total >= budget:
                break
            if _replicas(rs) == 0:
                continue
            count = min(_replicas(rs), budget - total)
            self._scale_rs(d, rs, _replicas(rs) - count)
            total += count
        return total
