"""Why not: what an object that is stuck is waiting for, read from the state a real cluster shows.

Each finding is one sentence the learner could have found with kubectl (a condition, a
container's waiting reason, an IngressClass, a Service's selector against its pods),
followed by what would fix it. Nothing here guesses beyond the API objects: the
scheduler's verdict is the pod's PodScheduled condition, a rollout's state is what
`kubectl rollout status` reads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .ingress_classes import CONTROLLER_KINDS, class_name_of, controller_pods
from .labels import format_selector
from .objects import KObject, condition, controller_ref, node_is_ready, pod_is_ready
from .podstatus import pod_status

if TYPE_CHECKING:
    from .simulation import Simulation

# What fixes each part of the scheduler's verdict (the FitError's reasons, k/k pkg/scheduler/framework/plugins).
SCHEDULING_FIXES = (
    ("Insufficient", "the pod asks for more than any node has free: lower its resources.requests, "
                     "scale something down, or add a node (sim node add NAME)"),
    ("Too many pods", "the nodes are full (110 pods each): add a node (sim node add NAME)"),
    ("untolerated taint", "nodes with a taint the pod does not tolerate are off limits "
                          "(the control plane's by design): add a toleration, or remove the taint"),
    ("were unschedulable", "cordoned nodes take no new pods: kubectl uncordon NODE"),
    ("node affinity/selector", "no node carries the labels its nodeSelector or affinity asks for: "
                               "kubectl label node NODE KEY=VALUE, or change the selector"),
    ("free ports", "another pod holds the hostPort it asks for on those nodes"),
    ("no nodes available", "the cluster has no node: sim node add NAME"),
)
WAITING_FIXES = {
    "ErrImagePull": "the image cannot be pulled: check its name and tag (kubectl set image ...)",
    "ImagePullBackOff": "the image cannot be pulled: check its name and tag (kubectl set image ...)",
    "InvalidImageName": "the image name is malformed: kubectl set image ...",
    "CrashLoopBackOff": "the container keeps exiting: kubectl logs POD --previous shows why",
    "CreateContainerConfigError": "its configuration refers to something missing (a ConfigMap or Secret)",
}
NEAR_MISSES = 3


def why_not(sim: Simulation, obj: KObject) -> list[str]:
    """What holds `obj` back, one finding a line ("" if it is not stuck)."""
    finder = {"Pod": _pod, "Ingress": _ingress, "Service": _service, "Deployment": _deployment}.get(obj.kind)
    return finder(sim, obj) if finder is not None else []


# ---- pods ---------------------------------------------------------------------

def _pod(sim: Simulation, pod: KObject) -> list[str]:
    if pod.metadata.deletion_timestamp is not None:
        return _terminating(sim, pod)
    if not pod.spec.get("nodeName"):
        return _unscheduled(pod)
    node = sim.try_get("Node", "", pod.spec["nodeName"])
    if node is not None and not node_is_ready(node):
        return [f"its node {node.name} is NotReady: the kubelet there does not report, so the pod is not "
                f"Ready and leaves Service endpoints; without a toleration it is evicted after 300 s"]
    found = _waiting(pod)
    if not found and pod.status.get("phase") == "Running" and not pod_is_ready(pod):
        found.append("its containers run but a readiness probe has not passed yet: it gets no Service traffic")
    return found


def _unscheduled(pod: KObject) -> list[str]:
    scheduled = condition(pod.status, "PodScheduled")
    if scheduled is None or scheduled.get("status") != "False":
        return ["it is not scheduled yet: the scheduler has not placed it"]
    verdict = str(scheduled.get("message", ""))
    found = [f"Pending: the scheduler's last verdict: {verdict}"]
    found += [f"fix: {fix}" for part, fix in SCHEDULING_FIXES if part in verdict]
    return found


def _waiting(pod: KObject) -> list[str]:
    found = []
    for status in (pod.status.get("initContainerStatuses") or []) + (pod.status.get("containerStatuses") or []):
        waiting = (status.get("state") or {}).get("waiting")
        if not waiting:
            continue
        reason = waiting.get("reason", "")
        message = waiting.get("message")
        found.append(f"container {status.get('name')} is waiting: {reason}" + (f": {message}" if message else ""))
        if reason in WAITING_FIXES:
            found.append("fix: " + WAITING_FIXES[reason].replace("POD", pod.name))
    return found


def _terminating(sim: Simulation, pod: KObject) -> list[str]:
    node_name = pod.spec.get("nodeName")
    if node_name and not sim.node_is_up(node_name):
        return [f"Terminating: its node {node_name} is down, so no kubelet confirms the containers stopped; "
                "it stays until the node comes back (sim node recover) or is removed"]
    return ["Terminating: its containers are being stopped (the grace period runs)"]


# ---- ingresses ----------------------------------------------------------------

def _ingress(sim: Simulation, ingress: KObject) -> list[str]:
    if (ingress.status.get("loadBalancer") or {}).get("ingress"):
        return []
    store = sim.store
    name = class_name_of(ingress)
    if name is None:
        return ["no ADDRESS: it names no IngressClass (none was marked default when it was created), and no "
                "running controller serves Ingresses without a class",
                "fix: set spec.ingressClassName (kubectl get ingressclass lists them), "
                "or enable one: sim addons enable ingress-nginx"]
    klass = sim.try_get("IngressClass", "", name)
    if klass is None:
        return [f'no ADDRESS: its class "{name}" does not exist: no ingress controller runs for it',
                "fix: sim addons enable ingress-nginx (or traefik), or name an existing class"]
    kind = next((k for k in CONTROLLER_KINDS if k.controller == klass.spec.get("controller")), None)
    if kind is None or not controller_pods(store, kind):
        return [f'no ADDRESS: no Ready pod runs the controller of class "{name}" '
                f"({klass.spec.get('controller')}), so nobody serves it or writes its address",
                "fix: start the controller (sim addons enable ingress-nginx) or wait for its pod to be Ready"]
    return [f'no ADDRESS yet: the controller of class "{name}" runs and will write it at its next sync']


# ---- services -----------------------------------------------------------------

def _service(sim: Simulation, service: KObject) -> list[str]:
    selector: dict[str, str] = service.spec.get("selector") or {}
    if service.spec.get("type") == "ExternalName":
        return []
    if not selector:
        return ["it has no selector: its endpoints are only what you create by hand"]
    pods = [p for p in sim.list("Pod", service.namespace) if p.metadata.deletion_timestamp is None]
    matching = [p for p in pods if all(p.metadata.labels.get(k) == v for k, v in selector.items())]
    if any(pod_is_ready(p) for p in matching):
        return []
    wanted = format_selector({"matchLabels": selector})
    if matching:
        found = [f"no endpoints: its selector {wanted} matches {len(matching)} pod(s), none of them Ready:"]
        found += [f"  {p.name} is {pod_status(p)}" for p in matching[:NEAR_MISSES]]
        return found
    found = [f"no endpoints: its selector {wanted} matches no pod in namespace {service.namespace}"]
    near = sorted(((_missed(selector, p), p) for p in pods), key=lambda m: (len(m[0]), m[1].name))
    near = [(missed, p) for missed, p in near if len(missed) < len(selector) or len(selector) == 1][:NEAR_MISSES]
    for missed, pod in near:
        have = ", ".join(f"{k}={pod.metadata.labels[k]}" if k in pod.metadata.labels else f"no {k}" for k in missed)
        found.append(f"  nearly: pod {pod.name} has {have}")
    if near:
        found.append("fix: make the selector and the pods' labels agree (kubectl label pod / kubectl edit service)")
    return found


def _missed(selector: dict[str, str], pod: KObject) -> list[str]:
    labels = pod.metadata.labels
    return [k for k, v in selector.items() if labels.get(k) != v]


# ---- deployments ----------------------------------------------------------------

def _deployment(sim: Simulation, deployment: KObject) -> list[str]:
    status = sim.rollout_status(deployment.namespace, deployment.name)
    if status.done:
        return []
    found = [f"the rollout is not done: {status.message.strip()}"]
    progressing = condition(deployment.status, "Progressing")
    if progressing is not None and progressing.get("reason") == "ProgressDeadlineExceeded":
        found.append("it is stuck: ProgressDeadlineExceeded (nothing rolls back by itself: "
                     "kubectl rollout undo deployment/" + deployment.name + ")")
    for pod in _new_pods(sim, deployment):
        if pod_is_ready(pod):
            continue
        reasons = _waiting(pod) or _pod(sim, pod) or [pod_status(pod)]
        found.append(f"  new pod {pod.name}: {reasons[0]}")
    return found


def _new_pods(sim: Simulation, deployment: KObject) -> list[KObject]:
    """The pods of the deployment's newest ReplicaSet (the one the rollout waits for)."""
    sets = [rs for rs in sim.children(deployment.metadata.uid) if rs.kind == "ReplicaSet"]
    if not sets:
        return []
    newest = max(sets, key=lambda rs: int(rs.metadata.annotations.get("deployment.kubernetes.io/revision", "0")))
    return [p for p in sim.children(newest.metadata.uid) if p.kind == "Pod" and controller_ref(p) is not None]
