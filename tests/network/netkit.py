"""Helpers for the networking tests: small workloads and the shop app."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from sandbox.core.simulation import Simulation

SHOP = Path(__file__).resolve().parents[2] / "assets" / "shop"


def shop_manifests() -> list[dict[str, Any]]:
    return [doc for path in sorted(SHOP.glob("*.yaml")) for doc in yaml.safe_load_all(path.read_text()) if doc]


def load_shop(sim: Simulation) -> None:
    for manifest in shop_manifests():
        sim.apply(manifest, namespace="shop")
    sim.settle()


def web(sim: Simulation, name: str = "web", *, image: str = "nginx:1.25", replicas: int = 2,
        svc_type: str = "ClusterIP", namespace: str = "default", node_port: int | None = None) -> None:
    """A Deployment and a Service of the same name, settled."""
    labels = {"app": name}
    sim.apply({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name, "namespace": namespace},
               "spec": {"replicas": replicas, "selector": {"matchLabels": labels},
                        "template": {"metadata": {"labels": labels}, "spec": {"containers": [
                            {"name": "app", "image": image, "ports": [{"containerPort": 80, "name": "http"}]}]}}}},
              namespace=namespace)
    port: dict[str, Any] = {"port": 80, "targetPort": "http"}
    if node_port:
        port["nodePort"] = node_port
    sim.apply({"apiVersion": "v1", "kind": "Service", "metadata": {"name": name, "namespace": namespace},
               "spec": {"type": svc_type, "selector": labels, "ports": [port]}}, namespace=namespace)
    sim.settle()


def pods(sim: Simulation, namespace: str, **labels: str) -> list:
    return sim.list("Pod", namespace, [(k, "=", (v,)) for k, v in labels.items()])


def node_ip(sim: Simulation, name: str = "node-1") -> str:
    node = sim.get("Node", "", name)
    return next(a["address"] for a in node.status["addresses"] if a["type"] == "InternalIP")


@pytest.fixture
def sim() -> Simulation:
    return Simulation(seed=7, workers=3)
