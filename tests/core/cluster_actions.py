"""Learner actions and faults shared by the determinism and invariant tests.

Each action is a plain tuple, so a run can be recorded and replayed exactly.
"""

from __future__ import annotations

from sandbox.core.errors import ApiError
from sandbox.core.simulation import Simulation
from sandbox.kubectl import CommandResult, Session

Action = tuple

DEPLOYMENTS = ("web", "api")
WORKERS = ("node-1", "node-2", "node-3")


def deployment(name: str, replicas: int, image: str = "nginx:1.25") -> dict:
    labels = {"app": name}
    return {
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": name, "labels": labels},
        "spec": {"replicas": replicas, "selector": {"matchLabels": labels},
                 "template": {"metadata": {"labels": labels}, "spec": {"containers": [{
                     "name": "app", "image": image,
                     "resources": {"requests": {"cpu": "250m", "memory": "128Mi"}}}]}}},
    }


def lab_cluster(seed: int = 3) -> Simulation:
    sim = Simulation(seed=seed)
    sim.create(deployment("web", 3))
    sim.create(deployment("api", 2, "node:20"))
    sim.settle()
    return sim


def undo(sim: Simulation, name: str, to_revision: int = 0) -> CommandResult:
    """`kubectl rollout undo`: kubectl computes the rollback on the client and patches the Deployment."""
    flag = f" --to-revision={to_revision}" if to_revision else ""
    return Session(sim).run(f"kubectl rollout undo deployment/{name}{flag}")


def perform(sim: Simulation, action: Action) -> None:
    """Run one action; API errors are part of the behaviour under test, not failures."""
    verb, *args = action
    try:
        if verb == "scale":
            sim.scale("Deployment", "default", args[0], args[1])
        elif verb == "delete_pod":
            pods = sorted(p.name for p in sim.store.list("Pod", "default"))
            if pods:
                sim.delete("Pod", "default", pods[args[0] % len(pods)])
        elif verb == "fail":
            sim.fail_node(args[0])
        elif verb == "recover":
            sim.recover_node(args[0])
        elif verb == "cordon":
            sim.cordon(args[0])
        elif verb == "uncordon":
            sim.uncordon(args[0])
        elif verb == "set_image":
            sim.set_image("Deployment", "default", args[0], {"app": args[1]})
        elif verb == "undo":
            undo(sim, args[0])
        elif verb == "advance":
            sim.advance(args[0])
        else:
            raise ValueError(f"unknown action {verb}")
    except ApiError:
        pass


SCRIPT: list[Action] = [
    ("scale", "web", 6), ("advance", 20), ("fail", "node-2"), ("advance", 60),
    ("set_image", "web", "nginx:1.24"), ("advance", 30), ("delete_pod", 1), ("cordon", "node-3"),
    ("advance", 400), ("recover", "node-2"), ("uncordon", "node-3"), ("undo", "web"), ("scale", "api", 0),
    ("advance", 120),
]
