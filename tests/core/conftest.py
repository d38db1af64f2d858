"""Small shared fixtures for core tests: a hand-built cluster and bare pod manifests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from sandbox.core.simulation import Simulation


def _cluster(workers: int = 3, *, control_plane: bool = True, seed: int = 0, **config: Any) -> Simulation:
    """An empty simulation with the default namespace, an optional tainted control plane and N workers."""
    sim = Simulation(seed=seed, bootstrap=False, **config)
    sim.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "default"}})
    if control_plane:
        sim.add_node("control-plane", control_plane=True)
    for i in range(1, workers + 1):
        sim.add_node(f"node-{i}")
    return sim


def _pod(name: str, image: str = "nginx:1.25", *, cpu: str | None = None, memory: str | None = None,
         container: str = "web", **spec: Any) -> dict[str, Any]:
    """A bare Pod manifest with one container; extra keyword arguments go into spec."""
    requests = {k: v for k, v in (("cpu", cpu), ("memory", memory)) if v}
    c: dict[str, Any] = {"name": container, "image": image}
    if requests:
        c["resources"] = {"requests": requests}
    c.update(spec.pop("container_fields", {}))
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "labels": {"app": name}},
            "spec": {"containers": [c], **spec}}


@pytest.fixture
def cluster() -> Callable[..., Simulation]:
    return _cluster


@pytest.fixture
def pod() -> Callable[..., dict[str, Any]]:
    return _pod
