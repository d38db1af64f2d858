"""The Recreate strategy (k/k recreate.go)."""

from __future__ import annotations

from ...objects import KObject
from .progress import deployment_complete
from .sync import SyncMixin
from .util import _active, _replicas, _status_total, _with_new


class RecreateMixin(SyncMixin):
    # ---- recreate (k/k recreate.go) ------------------------------------------

    def _rollout_recreate(self, d: KObject, rss: list[KObject]) -> None:
        new_rs, old_rss = self._get_all_replica_sets(d, rss, create=False)
        scaled_down = False
        for rs in _active(old_rss):
            scaled_down = self._scale_rs(d, rs, 0) or scaled_down
        if scaled_down or self._old_pods_running(new_rs, old_rss):
            self._sync_rollout_status(d, _with_new(old_rss, new_rs), new_rs)
            return
        if new_rs is None:
            new_rs, old_rss = self._get_all_replica_sets(d, rss, create=True)
            assert new_rs is not None
        self._scale_rs(d, new_rs, _replicas(d))
        if deployment_complete(d, d.status):
            self._cleanup(d, old_rss)
        self._sync_rollout_status(d, [*old_rss, new_rs], new_rs)

    def _old_pods_running(self, new_rs: KObject | None, old_rss: list[KObject]) -> bool:
        """Any old pod not yet Succeeded or Failed, terminating ones included."""
        if _status_total(old_rss, "replicas") > 0:
            return True
        for rs in old_rss:
            for pod in self.store.children(rs.metadata.uid):
                if pod.kind == "Pod" and pod.status.get("phase") not in ("Succeeded", "Failed"):
                    return True
        return False
