"""What the map shows, read from API objects: a pod's display state, a node's summary.

Pure functions over KObjects (no Textual) so the widgets stay thin and these
rules can be tested on their own. The map shows the API server's view — like
`kubectl get` — plus one piece of ground truth the API does not know yet: a
machine that has stopped but whose node still reads Ready.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..core.objects import KObject, controller_ref, node_is_ready, pod_is_ready
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


@dataclass(frozen=True)
class PodChip:
    namespace: str
    name: str
    state: str


@dataclass
class NodeView:
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
            view.groups.setdefault(owner_group(pod), []).append(PodChip(pod.namespace, pod.name, pod_state(pod)))
    return view


@dataclass
class Health:
    nodes: int = 0
    nodes_ready: int = 0
    pods: int = 0
    pods_ready: int = 0
    pending: int = 0
    bad: int = 0

    def summary(self) -> str:
        text = f"nodes {self.nodes_ready}/{self.nodes} Ready · pods {self.pods_ready}/{self.pods} Ready"
        if self.pending:
            text += f" · {self.pending} Pending"
        if self.bad:
            text += f" · {self.bad} failing"
        return text

    @property
    def ok(self) -> bool:
        return self.nodes_ready == self.nodes and not self.bad and not self.pending


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
