"""Random learner actions and faults never break the cluster's invariants.

A hypothesis state machine throws scale, delete-pod, fail/recover node, cordon,
taint/untaint and label a node, rollout, undo and orphaning deletes of a
ReplicaSet (which its Deployment makes again and which adopts the pods back) at
a small cluster; after every step it checks:
- no user pod is newly bound to a cordoned or NotReady node;
- a Deployment never creates a pod that takes it above replicas + maxSurge active pods (a scale-down
  removes pods one by one, so more pods than the new replicas are active for a moment: that is allowed);
- after settling with every node up and uncordoned, desired replicas are met and Ready;
- EndpointSlices list only ready pods as ready;
and at the end a replay of the same actions gives a byte-identical audit log.
"""

from __future__ import annotations

import math

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from sandbox.core.objects import controller_ref, node_is_ready, pod_is_active, pod_is_ready
from tests.builders import LAB_DEPLOYMENTS, LAB_TAINT_EFFECTS, LAB_WORKERS, lab_cluster, perform

IMAGES = ("nginx:1.24", "nginx:1.25")


def max_surge(deploy) -> int:
    value = deploy.spec["strategy"].get("rollingUpdate", {}).get("maxSurge", 0)
    replicas = deploy.spec["replicas"]
    if isinstance(value, str):
        return math.ceil(int(value.rstrip("%")) * replicas / 100)
    return value


class ClusterMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.sim = lab_cluster()
        self.actions: list[tuple] = []
        self.violations: list[str] = []
        self.bound: dict[str, str] = {p.uid: p.spec.get("nodeName", "") for p in self.sim.store.list("Pod")}
        self.sim.store.watch("Pod", self._on_pod)

    def _on_pod(self, event: str, pod, _old) -> None:
        if pod.metadata.namespace != "default":
            return
        if event == "ADDED":
            self._check_surge(pod)
        elif event == "MODIFIED":
            self._check_binding(pod)

    def _check_binding(self, pod) -> None:
        node_name = pod.spec.get("nodeName")
        if node_name and pod.uid not in self.bound:
            self.bound[pod.uid] = node_name
            node = self.sim.store.get("Node", "", node_name)
            if node.spec.get("unschedulable") or not node_is_ready(node):
                self.violations.append(f"{pod.name} bound to unavailable node {node_name}")

    def _check_surge(self, pod) -> None:
        rs_ref = controller_ref(pod)
        rs = self.sim.store.by_uid(rs_ref["uid"]) if rs_ref else None
        deploy_ref = controller_ref(rs) if rs else None
        deploy = self.sim.store.by_uid(deploy_ref["uid"]) if deploy_ref else None
        if deploy is None:
            return
        active = sum(1 for r in self.sim.store.children(deploy.uid)
                     for p in self.sim.store.children(r.uid) if pod_is_active(p))
        if active > deploy.spec["replicas"] + max_surge(deploy):
            self.violations.append(f"{deploy.name}: {active} active pods > replicas + maxSurge")

    def do(self, *action) -> None:
        self.actions.append(action)
        perform(self.sim, action)

    @rule(name=st.sampled_from(LAB_DEPLOYMENTS), replicas=st.integers(0, 8))
    def scale(self, name, replicas):
        self.do("scale", name, replicas)

    @rule(index=st.integers(0, 20))
    def delete_pod(self, index):
        self.do("delete_pod", index)

    @rule(node=st.sampled_from(LAB_WORKERS))
    def fail(self, node):
        self.do("fail", node)

    @rule(node=st.sampled_from(LAB_WORKERS))
    def recover(self, node):
        self.do("recover", node)

    @rule(node=st.sampled_from(LAB_WORKERS))
    def cordon(self, node):
        self.do("cordon", node)

    @rule(node=st.sampled_from(LAB_WORKERS))
    def uncordon(self, node):
        self.do("uncordon", node)

    @rule(name=st.sampled_from(LAB_DEPLOYMENTS), image=st.sampled_from(IMAGES))
    def set_image(self, name, image):
        self.do("set_image", name, image)

    @rule(name=st.sampled_from(LAB_DEPLOYMENTS))
    def undo(self, name):
        self.do("undo", name)

    @rule(node=st.sampled_from(LAB_WORKERS), effect=st.sampled_from(LAB_TAINT_EFFECTS))
    def taint(self, node, effect):
        self.do("taint", node, effect)

    @rule(node=st.sampled_from(LAB_WORKERS))
    def untaint(self, node):
        self.do("untaint", node)

    @rule(node=st.sampled_from(LAB_WORKERS), value=st.sampled_from(["ssd", "hdd"]))
    def label_node(self, node, value):
        self.do("label_node", node, value)

    @rule(index=st.integers(0, 5))
    def orphan_replicaset(self, index):
        self.do("orphan_rs", index)

    @rule(seconds=st.sampled_from([1, 10, 45, 120, 400]))
    def advance(self, seconds):
        self.do("advance", seconds)

    @invariant()
    def no_violations(self):
        assert self.violations == []

    @invariant()
    def endpoints_hold_only_ready_pods(self):
        for eps in self.sim.store.list("EndpointSlice", "default"):
            for endpoint in eps.body.get("endpoints", []):
                # (the `kubernetes` slice lists the API server's address, not a pod: it has no targetRef)
                if endpoint.get("conditions", {}).get("ready") and "targetRef" in endpoint:
                    pod = self.sim.store.try_get("Pod", "default", endpoint["targetRef"]["name"])
                    assert pod is not None and pod_is_ready(pod), f"{eps.name} lists unready {endpoint}"

    @precondition(lambda self: len(self.actions) >= 3)
    @rule()
    def heal_and_check_desired_state(self):
        for node in LAB_WORKERS:
            self.do("recover", node)
            self.do("uncordon", node)
            self.do("untaint", node)
        self.sim.settle()
        self.actions.append(("settle",))
        for name in LAB_DEPLOYMENTS:
            deploy = self.sim.get("Deployment", "default", name)
            pods = [p for r in self.sim.store.children(deploy.uid) for p in self.sim.store.children(r.uid)
                    if pod_is_active(p)]
            assert len(pods) == deploy.spec["replicas"], f"{name}: {len(pods)} pods"
            assert all(pod_is_ready(p) for p in pods), f"{name}: not all Ready"

    def teardown(self):
        replay = lab_cluster()
        for action in self.actions:
            replay.settle() if action == ("settle",) else perform(replay, action)
        assert replay.audit.text() == self.sim.audit.text()


ClusterMachine.TestCase.settings = settings(
    max_examples=25, stateful_step_count=20, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
test_cluster_invariants = ClusterMachine.TestCase
