"""Shared setup for the mesh and traffic tests: istiod, a meshed namespace, a webserver in two versions.

Workloads go through the real controllers when they are registered (`settle()`); pods the
controllers did not make Ready are made Ready here, so the tests also run before the
scheduler and kubelet land.
"""

from __future__ import annotations

from sandbox.core.labels import requirements_of
from sandbox.core.objects import KObject, pod_is_ready, set_condition
from sandbox.core.simulation import Simulation

NS = "shop"


def deployment(name: str, labels: dict, image: str, *, replicas: int = 2, namespace: str = NS,
               port: int = 80) -> dict:
    return {"apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": name, "namespace": namespace, "labels": dict(labels)},
            "spec": {"replicas": replicas, "selector": {"matchLabels": dict(labels)},
                     "template": {"metadata": {"labels": dict(labels)}, "spec": {"containers": [{
                         "name": name.split("-")[0], "image": image,
                         "ports": [{"containerPort": port}]}]}}}}


def service(name: str, selector: dict, *, port: int = 80, namespace: str = NS, kind: str = "ClusterIP") -> dict:
    return {"apiVersion": "v1", "kind": "Service", "metadata": {"name": name, "namespace": namespace},
            "spec": {"type": kind, "selector": dict(selector), "ports": [{"port": port, "targetPort": port}]}}


def run(sim: Simulation, manifest: dict) -> list[KObject]:
    """Create a Deployment and return its pods, Ready (through the controllers, or set here)."""
    deploy = sim.create(manifest)
    sim.settle()
    selector = requirements_of(deploy.spec["selector"])
    pods = sim.list("Pod", deploy.namespace, selector)
    template = deploy.spec["template"]
    for i in range(deploy.spec["replicas"] - len(pods)):
        pods.append(sim.create({"apiVersion": "v1", "kind": "Pod",
                                "metadata": {"name": f"{deploy.name}-{i}", "namespace": deploy.namespace,
                                             "labels": dict(template["metadata"]["labels"])},
                                "spec": {"nodeName": "node-1", **template["spec"]}}))
    for index, pod in enumerate(pods):
        if not pod_is_ready(pod):
            set_ready(sim, pod, True, f"10.244.1.{100 + len(sim.list('Pod')) + index}")
    sim.settle()
    return pods


def set_ready(sim: Simulation, pod: KObject, ready: bool, ip: str | None = None) -> None:
    pod.status["phase"] = "Running"
    if ip and not pod.status.get("podIP"):
        pod.status["podIP"] = ip
    set_condition(pod.status, "Ready", "True" if ready else "False", sim.now)
    sim.store.update(pod, "test", "readiness changed")


def install_istiod(sim: Simulation) -> list[KObject]:
    sim.apply({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "istio-system"}})
    return run(sim, deployment("istiod", {"app": "istiod", "istio": "pilot"}, "docker.io/istio/pilot:1.24.0",
                               replicas=1, namespace="istio-system", port=15010))


def meshed_namespace(sim: Simulation, name: str = NS) -> None:
    sim.apply({"apiVersion": "v1", "kind": "Namespace",
               "metadata": {"name": name, "labels": {"istio-injection": "enabled"}}})


def destination_rule(name: str = "webserver") -> dict:
    return {"apiVersion": "networking.istio.io/v1", "kind": "DestinationRule",
            "metadata": {"name": name, "namespace": NS},
            "spec": {"host": name, "subsets": [{"name": "v1", "labels": {"version": "v1"}},
                                               {"name": "v2", "labels": {"version": "v2"}}]}}


def virtual_service(weights: dict[str, int], name: str = "webserver") -> dict:
    return {"apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
            "metadata": {"name": name, "namespace": NS},
            "spec": {"hosts": [name], "http": [{"name": "webserver-route", "route": [
                {"destination": {"host": name, "subset": subset}, "weight": weight}
                for subset, weight in weights.items()]}]}}


def webserver_shop(sim: Simulation, weights: dict[str, int] | None = None) -> KObject:
    """istiod, the meshed shop namespace, webserver v1 (Container1) and v2 (Container2), a frontend client.

    Returns a frontend pod (it has a sidecar, so the VirtualService routes its requests).
    """
    install_istiod(sim)
    meshed_namespace(sim)
    run(sim, deployment("webserver-v1", {"app": "webserver", "version": "v1"}, "nginx:1.24"))
    run(sim, deployment("webserver-v2", {"app": "webserver", "version": "v2"}, "nginx:1.25"))
    sim.create(service("webserver", {"app": "webserver"}))
    sim.create(destination_rule())
    sim.create(virtual_service(weights or {"v1": 100, "v2": 0}))
    frontend = run(sim, deployment("frontend", {"app": "frontend"}, "node:20", replicas=1, port=3000))
    return frontend[0]
