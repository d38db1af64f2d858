"""The envelope's bookkeeping alone: the floor interpreted Python sets for it on this machine.

150,000 pods as plain dicts, each written four times (created, bound, sandbox started, running) with ten
audit rows, indexed by label, owner and node, each write handed to ten watch handlers; a heap of 5,000
nodes samples four candidates per pod, and a heap of timers starts each pod a second later. None of what
the simulation computes is here (statuses, conditions, Events' text, admission, filters and scores,
controllers' caches, causes), so the gap between this and `bench_core envelope` is what that costs.
"""

from __future__ import annotations

import heapq
import itertools
import random
import time
from collections.abc import Callable
from typing import Any

Pod = dict[str, Any]
SAMPLE = 4
HANDLERS = 10


class Floor:
    def __init__(self, nodes: int) -> None:
        self.rng = random.Random(1)
        self.audit: list[tuple[Any, ...]] = []
        self.versions = itertools.count(1)
        self.by_uid: dict[str, Pod] = {}
        self.by_labels: dict[tuple[str, str], dict[str, Pod]] = {}
        self.children: dict[int, dict[str, Pod]] = {}
        self.on_node: dict[str, dict[str, Pod]] = {}
        self.queue: list[tuple[str, str]] = []
        self.timers: list[tuple[float, int, str]] = []
        self.nodes = [(0, i, f"node-{i + 1}") for i in range(nodes)]
        self.handlers = [self._handler(i) for i in range(HANDLERS)]

    def _handler(self, i: int) -> Callable[[str, Pod], None]:
        def handle(event: str, pod: Pod) -> None:   # most return at once, as most watchers of a pod do
            if i == 0 and event == "ADDED":
                self.queue.append(("schedule", pod["uid"]))
            elif i == 1 and event == "MODIFIED" and pod["status"].get("phase") is None:
                self.queue.append(("start", pod["uid"]))
        return handle

    def write(self, event: str, pod: Pod, reason: str) -> None:
        pod["resourceVersion"] = next(self.versions)
        self.audit.append((0.0, "actor", event, "Pod", pod["namespace"], pod["name"], reason))
        for handler in self.handlers:
            handler(event, pod)

    def create(self, owner: int, labels: dict[str, str]) -> None:
        uid = f"{self.rng.getrandbits(128):032x}"
        pod: Pod = {"uid": uid, "namespace": "default", "name": f"app-{owner}-{self.rng.getrandbits(20):05x}",
                    "labels": labels, "spec": {"containers": [{"name": "app", "image": "nginx"}]}, "status": {}}
        self.by_uid[uid] = pod
        for pair in labels.items():
            self.by_labels.setdefault(pair, {})[uid] = pod
        self.children.setdefault(owner, {})[uid] = pod
        self.write("ADDED", pod, "created")
        self.audit.append((0.0, "replicaset-controller", "event", "SuccessfulCreate"))

    def schedule(self, pod: Pod) -> None:
        sampled = [heapq.heappop(self.nodes) for _ in range(SAMPLE)]
        best = min(sampled)
        for entry in sampled:
            heapq.heappush(self.nodes, entry if entry is not best else (best[0] + 1, best[1], best[2]))
        pod["spec"]["nodeName"] = best[2]
        self.on_node.setdefault(best[2], {})[pod["uid"]] = pod
        self.audit.append((0.0, "default-scheduler", "event", "Scheduled"))
        self.write("MODIFIED", pod, "bound")

    def start(self, pod: Pod, now: float) -> None:
        pod["status"].update(phase="Pending", podIP="10.0.0.1")
        self.write("MODIFIED", pod, "sandbox started")
        for reason in ("Pulling", "Pulled", "Created", "Started"):
            self.audit.append((now, "kubelet", "event", reason))
        heapq.heappush(self.timers, (now + 1, next(self.versions), pod["uid"]))

    def run(self, pod: Pod) -> None:
        pod["status"].update(phase="Running", ready=True)
        self.write("MODIFIED", pod, "started")

    def drain(self) -> None:
        while self.queue:
            what, uid = self.queue.pop()
            pod = self.by_uid[uid]
            if what == "schedule":
                self.schedule(pod)
            else:
                self.start(pod, 0.0)
        while self.timers:
            self.run(self.by_uid[heapq.heappop(self.timers)[2]])


def floor(nodes: int, deployments: int, replicas: int) -> tuple[int, int, float]:
    """Pods, audit rows and CPU seconds of the bookkeeping alone."""
    start = time.process_time()
    cluster = Floor(nodes)
    for owner in range(deployments):
        labels = {"app": f"app-{owner:04d}", "pod-template-hash": "5d8f7c6b9"}
        for _ in range(replicas):
            cluster.create(owner, labels)
        cluster.drain()
    return len(cluster.by_uid), len(cluster.audit), time.process_time() - start
