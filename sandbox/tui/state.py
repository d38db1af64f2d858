"""What the map shows, read from API objects: a pod's display state, a node's summary.

Pure functions over KObjects (no Textual) so the widgets stay thin and these
rules can be tested on their own. The map shows the API server's view — like
`kubectl get` — plus one piece of ground truth the API does not know yet: a
machine that has stopped but whose node still reads Ready.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..core.objects import KObject, controller_ref, node_is_ready, parse_time, pod_is_ready
from ..core.podstatus import pod_status
from ..core.quantity import milli_cpu

if TYPE_CHECKING:
    from ..core.simulation import Simulation

# Display states, in the order the legend lists them. Each has a glyph so the
# map reads without colour (NO_COLOR, colour-blind learners).
STATES: dict[str, str] = {
    "Ready": "●",
    "Running": "◐",            # running, not ready yet
    "ContainerCreating": "◌",
    "Pending": "○",             # not scheduled
    "Terminating": "◍",
    "CrashLoopBackOff": "✖",
    "ImagePullBackOff": "⊘",
    "Evicted": "⌀",
    "Completed": "✓",
    "Failed": "✗",
}
IMAGE_PULL_REASONS = ("ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull")
BAD_STATES = ("CrashLoopBackOff", "ImagePullBackOff", "Evicted", "Failed")
RECENT = 5.0  # simulated seconds a pod stays highlighted after it appeared or changed state
SYSTEM_NAMESPACE = "kube-system"


def pod_state(pod: KObject) -> str:
    """kubectl's STATUS word (the core's pod_status) folded into the map's states, split by readiness."""
    status = pod_status(pod)
    if status in ("Terminating", "Unknown"):
        return "Terminating"
    phase = pod.status.get("phase", "Pending")
    if phase == "Failed":
        return "Evicted" if status == "Evicted" else "Failed"
    if phase == "Succeeded":
        return "Completed"
    if status == "CrashLoopBackOff":
        return "CrashLoopBackOff"
    if status in IMAGE_PULL_REASONS:
        return "ImagePullBackOff"
    if not pod.spec.get("nodeName"):
        return "Pending"
    if phase == "Pending":
        return "ContainerCreating"
    return "Ready" if pod_is_ready(pod) else "Running"


def owner_group(pod: KObject) -> str:
    """The owner-and-version a pod belongs to: its ReplicaSet (one per template), DaemonSet, or node."""
    ref = controller_ref(pod)
    if ref is None:
        return pod.name
    if ref.get("kind") == "Node":  # a static pod's mirror: group by component
        return pod.metadata.labels.get("component", pod.name)
    owner: str = ref.get("name", pod.name)
    return owner


def pod_cpu_request(pod: KObject) -> int:
    total = 0
    for container in pod.spec.get("containers", ()):
        cpu = container.get("resources", {}).get("requests", {}).get("cpu")
        if cpu is not None:
            total += milli_cpu(cpu)
    return total


POLICY_MARK = "⊞"  # a pod a NetworkPolicy selects (isolated: only what a rule allows reaches or leaves it)


def pod_changed_at(pod: KObject) -> float:
    """When the pod last appeared or changed state, in simulated seconds, read from the object itself:
    its creation, its deletion, its conditions' transitions and its containers' starts and ends."""
    meta = pod.metadata
    times = [meta.creation_timestamp]
    if meta.deletion_timestamp is not None:  # deletionTimestamp is the request's time plus the grace period
        times.append(meta.deletion_timestamp - (meta.deletion_grace_period_seconds or 0))
    for cond in pod.status.get("conditions", ()):
        times.append(parse_time(cond.get("lastTransitionTime")) or 0.0)
    for container in pod.status.get("containerStatuses", ()):
        for state in (container.get("state") or {}).values():
            if isinstance(state, dict):
                times += [parse_time(state.get("startedAt")) or 0.0, parse_time(state.get("finishedAt")) or 0.0]
    return max(times)


def short_name(pod: str, group: str, node: str) -> str:
    """What tells a pod apart from its siblings: its name after its owner's (`web-7d9f8c6b5d-29prn` → `29prn`).

    A static pod is named after its node (`etcd-control-plane`), which the box already says: nothing.
    """
    if pod.startswith(group + "-"):
        rest = pod[len(group) + 1:]
        return "" if rest == node else rest
    return "" if pod == group else pod


@dataclass(frozen=True)
class Selected:
    """What a map has selected: a node, and maybe one of its pods."""

    node: str | None
    pod_namespace: str | None = None
    pod: str | None = None


@dataclass(frozen=True)
class PodChip:
    """A pod as the map draws it: its state and the part of its name that tells it apart."""

    namespace: str
    name: str
    state: str
    #: a NetworkPolicy selects the pod and isolates it (ingress, egress or both)
    isolated: bool = False
    short: str = ""  # what tells it apart from its siblings
    changed_at: float = 0.0  # simulated time it appeared or last changed state

    def recent(self, now: float) -> bool:
        return now - self.changed_at < RECENT


@dataclass
class NodeView:
    """A node as the map draws it: status, capacity and its pods grouped by owner."""

    name: str
    role: str
    ready: bool
    machine_up: bool
    cordoned: bool
    taints: list[str]
    pod_count: int
    max_pods: int
    cpu_requested: int
    cpu_allocatable: int
    # owner group -> [PodChip], in creation order
    groups: dict[str, list[PodChip]] = field(default_factory=dict)
    #: owner groups that belong to the system (kube-system), drawn in one quiet colour
    system_groups: set[str] = field(default_factory=set)

    def pods(self) -> list[PodChip]:
        return [chip for chips in self.groups.values() for chip in chips]

    @property
    def status_word(self) -> str:
        word = "Ready" if self.ready else "NotReady"
        return word + ",SchedulingDisabled" if self.cordoned else word

    @property
    def pod_fraction(self) -> float:
        return self.pod_count / self.max_pods if self.max_pods else 0.0

    @property
    def cpu_fraction(self) -> float:
        return self.cpu_requested / self.cpu_allocatable if self.cpu_allocatable else 0.0

    @property
    def load(self) -> float:
        """The fuller of pods-of-capacity and cpu-requested-of-allocatable, 0..1."""
        return min(1.0, max(self.pod_fraction, self.cpu_fraction))


def _counts_against_node(pod: KObject) -> bool:
    return pod.status.get("phase") not in ("Succeeded", "Failed")


def node_view(sim: Simulation, node: KObject, *, with_pods: bool = True) -> NodeView:
    labels = node.metadata.labels
    role = "control-plane" if "node-role.kubernetes.io/control-plane" in labels else "worker"
    allocatable = node.status.get("allocatable", {})
    pods = sim.pods_on_node(node.name)
    running = [p for p in pods if _counts_against_node(p)]
    view = NodeView(
        name=node.name, role=role, ready=node_is_ready(node),
        machine_up=sim.node_is_up(node.name), cordoned=bool(node.spec.get("unschedulable")),
        taints=[f"{t.get('key')}:{t.get('effect')}" for t in node.spec.get("taints", ())],
        pod_count=len(running), max_pods=int(allocatable.get("pods", 110)),
        cpu_requested=sum(pod_cpu_request(p) for p in running),
        cpu_allocatable=milli_cpu(allocatable.get("cpu", "0")),
    )
    if with_pods:
        for pod in sorted(pods, key=lambda p: (p.metadata.creation_timestamp, p.name)):
            group = owner_group(pod)
            view.groups.setdefault(group, []).append(
                PodChip(pod.namespace, pod.name, pod_state(pod), bool(sim.isolated_by(pod)),
                        short_name(pod.name, group, node.name), pod_changed_at(pod)))
            if pod.namespace == SYSTEM_NAMESPACE:
                view.system_groups.add(group)
    return view


TRAFFIC_WINDOW = 5  # simulated seconds of a stream's requests the health summary judges


@dataclass
class Health:
    """The cluster at a glance (the status bar): nodes and pods Ready, pods in trouble, traffic."""

    nodes: int = 0
    nodes_ready: int = 0
    pods: int = 0
    pods_ready: int = 0
    pending: int = 0
    bad: int = 0
    #: the worst success rate (0..1) of the running traffic streams lately; None: no stream sent any
    traffic: float | None = None

    def summary(self) -> str:
        text = f"nodes {self.nodes_ready}/{self.nodes} Ready · pods {self.pods_ready}/{self.pods} Ready"
        if self.pending:
            text += f" · {self.pending} Pending"
        if self.bad:
            text += f" · {self.bad} failing"
        if self.traffic is not None and self.traffic < 1:
            text += f" · traffic {_percent(self.traffic)} ok"
        return text

    @property
    def ok(self) -> bool:
        traffic_ok = self.traffic is None or self.traffic >= 1
        return self.nodes_ready == self.nodes and not self.bad and not self.pending and traffic_ok


def _percent(fraction: float) -> str:
    # Floor, so a stream that lost one request in a thousand never reads "100%".
    return f"{int(fraction * 100)}%"


def traffic_success(sim: Simulation) -> float | None:
    """The lowest success rate of the running streams over their last few seconds (None: nothing sent)."""
    worst: float | None = None
    for stream in sim.traffic_streams():
        if not stream.running:
            continue
        ok = errors = 0
        for bucket in stream.buckets[-TRAFFIC_WINDOW:]:
            for good, bad in bucket.values():
                ok, errors = ok + good, errors + bad
        if ok + errors:
            rate = ok / (ok + errors)
            worst = rate if worst is None else min(worst, rate)
    return worst


def cluster_health(sim: Simulation) -> Health:
    health = Health()
    for node in sim.list("Node"):
        health.nodes += 1
        health.nodes_ready += node_is_ready(node)
    for pod in sim.list("Pod"):
        state = pod_state(pod)
        if state in ("Completed", "Terminating"):
            continue
        health.pods += 1
        health.pods_ready += state == "Ready"
        health.pending += state == "Pending"
        health.bad += state in BAD_STATES
    return health
