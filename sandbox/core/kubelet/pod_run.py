"""What the kubelet remembers about each pod it runs, and the stages a pod goes through in its hands."""

from __future__ import annotations

from typing import Any

from .startup_plan import Step

# Stages of a pod in the kubelet's hands.
NEW, CREATING, RUNNING, DONE, KILLING = "new", "creating", "running", "done", "killing"


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

    def __reduce__(self) -> tuple[Any, ...]:
        # Checkpoints pickle one per pod the kubelet runs (150,000 at scale). Its values in a tuple, rebuilt
        # by one call, pickle in half the time and load a third sooner than the default's dict of slot values.
        return _rebuild, (self.node, self.actor, self.token, self.stage, self.ip, self.plan, self.pull_failures,
                          self.crashes, self.since, self.resume, self.containers, self.restarting)


def _rebuild(node: str, actor: str, token: int, stage: str, ip: str | None, plan: list[Step], pull_failures: int,
             crashes: dict[str, int], since: dict[str, float], resume: bool, containers: list[dict[str, Any]] | None,
             restarting: tuple[str, ...]) -> PodRun:
    """A PodRun as PodRun.__reduce__ saved it."""
    run = PodRun.__new__(PodRun)
    run.node, run.actor, run.token, run.stage, run.ip, run.plan = node, actor, token, stage, ip, plan
    run.pull_failures, run.crashes, run.since, run.resume = pull_failures, crashes, since, resume
    run.containers, run.restarting = containers, restarting
    return run
