"""Taint-based eviction (k/k pkg/controller/tainteviction).

Pods on a node with a NoExecute taint they do not tolerate are deleted at once; tolerated for
tolerationSeconds, they are deleted that long after the taint was seen (the 300 s the
DefaultTolerationSeconds plugin gives every pod). Deletion is graceful, so on an unreachable node
the pods stay Terminating while their controllers replace them elsewhere.
"""

from __future__ import annotations

from typing import Any

from ..deletion import delete_pod
from ..objects import KObject, set_condition
from ..taints import format_taint, tolerates
from .base import Context, Controller


class TaintEvictionController(Controller):
    name = "taint-eviction-controller"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self._tainted: dict[str, list[dict[str, Any]]] = {}   # node -> its NoExecute taints
        self._work: dict[str, tuple[float, float, int]] = {}  # pod key -> (created, fire at, token)
        self._token = 0
        self.store.watch("Node", self._on_node)

    def _on_node(self, event: str, node: KObject, _old: object) -> None:
        taints = [] if event == "DELETED" else _no_execute(node)
        if taints != self._tainted.get(node.name, []):
            self.enqueue(f"node:{node.name}")

    def _follow_pods(self) -> None:
        """Pod writes matter only while a node has a NoExecute taint or an eviction is pending: the store
        does not call _on_pod for the pod writes of a healthy cluster. It watches from the moment either grows,
        and stops at the first pod write after both are empty."""
        self.watch_while(bool(self._work or self._tainted), "Pod", self._on_pod)

    def _on_pod(self, event: str, pod: KObject, _old: object) -> None:
        if not self._work and not self._tainted:
            self._follow_pods()
            return
        key = pod.key()
        if event == "DELETED":
            if key in self._work:
                self.enqueue(f"pod:{key}")
        elif pod.spec.get("nodeName") in self._tainted and key not in self._work:
            self.enqueue(f"pod:{key}")

    def sync(self, key: str) -> None:
        kind, _, rest = key.partition(":")
        if kind == "node":
            self._sync_node(rest)
        else:
            self._sync_pod(rest)

    def _sync_node(self, name: str) -> None:
        node = self.store.try_get("Node", "", name)
        taints = _no_execute(node) if node is not None else []
        if taints:
            self._tainted[name] = taints
            self._follow_pods()
        else:
            self._tainted.pop(name, None)
        if node is None:
            return
        for pod in self.store.pods_on_node(name):
            if taints:
                self._process(pod, taints)
            else:
                self._cancel(pod)

    def _sync_pod(self, key: str) -> None:
        namespace, _, name = key.partition("/")
        pod = self.store.try_get("Pod", namespace, name)
        if pod is None:
            self._work.pop(key, None)
            return
        taints = self._tainted.get(pod.spec.get("nodeName", ""))
        if taints:
            self._process(pod, taints)

    def _process(self, pod: KObject, taints: list[dict[str, Any]]) -> None:
        """processPodOnNode."""
        if pod.metadata.deletion_timestamp is not None:
            return  # already going; the real controller would delete (and announce) it again
        tolerations = pod.spec.get("tolerations") or []
        used = []
        for taint in taints:  # GetMatchingTolerations: the first toleration of each taint
            match = next((t for t in tolerations if tolerates(t, taint)), None)
            if match is None:
                self._cancel(pod)
                self._evict(pod, f"taint {format_taint(taint)} is not tolerated")
                return
            used.append(match)
        seconds = [max(0, t["tolerationSeconds"]) for t in used if t.get("tolerationSeconds") is not None]
        if not seconds:
            self._cancel(pod)  # tolerated forever (DaemonSet pods)
            return
        now = self.clock.now
        wait = min(seconds)
        if wait == 0:
            self._cancel(pod)
            self._evict(pod, f"taint {format_taint(taints[0])} is tolerated for 0s")
            return
        key = pod.key()
        if key in self._work:
            return  # the real controller keeps work scheduled earlier, whatever the new minimum
        self._token += 1
        self._work[key] = (now, now + wait, self._token)
        self._follow_pods()
        self.clock.call_at(now + wait, self._fire, key, self._token)

    def _fire(self, key: str, token: int) -> None:
        work = self._work.get(key)
        if work is None or work[2] != token:
            return
        del self._work[key]
        namespace, _, name = key.partition("/")
        pod = self.store.try_get("Pod", namespace, name)
        if pod is None:
            return
        taints = self._tainted.get(pod.spec.get("nodeName", ""), [])
        what = format_taint(taints[0]) if taints else "a NoExecute taint"
        self._evict(pod, f"taint {what} tolerated for {work[1] - work[0]:.0f}s, which has run out")

    def _evict(self, pod: KObject, why: str) -> None:
        if pod.metadata.deletion_timestamp is not None:
            return
        self.store.record_event(pod, "Normal", "TaintManagerEviction", f"Marking for deletion Pod {pod.key()}",
                                actor=self.name)
        set_condition(pod.status, "DisruptionTarget", "True", self.clock.now, reason="DeletionByTaintManager",
                      message="Taint manager: deleting due to NoExecute taint")
        delete_pod(self.store, pod, self.name, f"node {pod.spec.get('nodeName')}: {why}: pod evicted")

    def _cancel(self, pod: KObject) -> None:
        if self._work.pop(pod.key(), None) is not None:
            self.store.record_event(pod, "Normal", "TaintManagerEviction",
                                    f"Cancelling deletion of Pod {pod.key()}", actor=self.name)


def _no_execute(node: KObject) -> list[dict[str, Any]]:
    return [t for t in node.spec.get("taints") or () if t.get("effect") == "NoExecute"]
