"""What the kubelet remembers about each pod it runs, and the stages a pod goes through in its hands."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..compact_pickle import pickled_as_tuple
from .startup_plan import Step

if TYPE_CHECKING:
    from ..objects import KObject

# Stages of a pod in the kubelet's hands.
NEW, CREATING, RUNNING, DONE, KILLING = "new", "creating", "running", "done", "killing"


@pickled_as_tuple
class PodRun:
    """What the kubelet remembers about one pod it runs."""

    __slots__ = ("actor", "containers", "crashes", "ip", "node", "plan", "pull_failures", "restarting", "resume",
                 "since", "stage", "token")

    def __init__(self, node: str, actor: str) -> None:
        self.node = node
        self.actor = actor   # "kubelet/<node>": who its audit entries name
        self.token = 0
        self.stage = NEW
        self.ip: str | None = None
        self.plan: list[Step] = []      # start-up steps to come, last first (startup_plan.py)
        self.pull_failures = 0
        self.crashes: dict[str, int] = {}    # container name -> crashes counted for back-off
        self.since: dict[str, float] = {}    # container name -> when it last started
        self.resume = False
        #: the containers list the running containers were started from: a write that replaces it (a new image)
        #: makes the kubelet compare, as it compares each container's hash with the running one's
        self.containers: list[dict[str, Any]] | None = None
        self.restarting: tuple[str, ...] = ()   # the containers being started again with a changed image


def containers_replaced(pod: KObject, run: PodRun) -> bool:
    """A write replaced the pod's containers since the kubelet last looked (a new image, maybe: writers replace
    the list, never edit it in place; see replicaset.SHARED_SPEC_FIELDS)."""
    return run.containers is not None and pod.spec.get("containers") is not run.containers
