"""Builders shared by the tests: manifests, clusters, learner actions, and readers of the app's screen.

Plain functions, like upstream's test builders (`newDeployment`, `newReplicaSet`, `newPod` in
k/k pkg/controller/deployment and pkg/controller/replicaset): each returns a fresh manifest or
a cluster in a known state, so a test reads as the steps of its story. Fixtures that only
hand a builder's result to a test live in the conftest.py of the folder that uses them.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from sandbox.core.errors import ApiError
from sandbox.core.labels import requirements_of
from sandbox.core.objects import API_VERSIONS, KObject, pod_is_ready, set_condition
from sandbox.core.scenario import cluster
from sandbox.core.simulation import Simulation

if TYPE_CHECKING:
    from sandbox.kubectl import CommandResult, Session
    from sandbox.tui.app import KubeSandboxApp

Manifest = dict[str, Any]

ROOT = Path(__file__).resolve().parents[1]
SHOP = ROOT / "assets" / "shop"
UNKNOWN_IMAGE = "nginx:no-such-tag"  # the kubelet never pulls it: ErrImagePull


# ---- manifests ----------------------------------------------------------------


def _container(name: str, image: str, *, cpu: str | None = None, memory: str | None = None,
               ports: list[dict[str, Any]] | None = None, **fields: Any) -> dict[str, Any]:
    container: dict[str, Any] = {"name": name, "image": image}
    if ports is not None:
        container["ports"] = ports
    requests = {k: v for k, v in (("cpu", cpu), ("memory", memory)) if v}
    if requests:
        container["resources"] = {"requests": requests}
    return container | fields


def _metadata(name: str, namespace: str | None, labels: dict[str, str] | None = None) -> dict[str, Any]:
    meta: dict[str, Any] = {"name": name}
    if namespace is not None:
        meta["namespace"] = namespace
    if labels is not None:
        meta["labels"] = dict(labels)
    return meta


def _workload(kind: str, name: str, replicas: int, image: str, *, labels: dict[str, str] | None,
              namespace: str | None, container: str, cpu: str | None, memory: str | None,
              ports: list[dict[str, Any]] | None, spec: dict[str, Any]) -> Manifest:
    labels = labels or {"app": name}
    template = {"metadata": {"labels": dict(labels)},
                "spec": {"containers": [_container(container, image, cpu=cpu, memory=memory, ports=ports)]}}
    return {"apiVersion": "apps/v1", "kind": kind, "metadata": _metadata(name, namespace, labels),
            "spec": {"replicas": replicas, "selector": {"matchLabels": dict(labels)}, "template": template,
                     **spec}}


def deployment(name: str = "web", replicas: int = 3, image: str = "nginx:1.25", *,
               labels: dict[str, str] | None = None, namespace: str | None = None, container: str = "app",
               cpu: str | None = None, memory: str | None = None, ports: list[dict[str, Any]] | None = None,
               **spec: Any) -> Manifest:
    """A Deployment with one container; `labels` (default app=NAME) label it, select and label its pods.

    Other keyword arguments are spec fields, set after the defaults (so `selector=` replaces the
    selector and an unknown field such as `replica=` is sent as written).
    """
    return _workload("Deployment", name, replicas, image, labels=labels, namespace=namespace,
                     container=container, cpu=cpu, memory=memory, ports=ports, spec=spec)


def replicaset(name: str = "web", replicas: int = 3, image: str = "nginx:1.25", *,
               labels: dict[str, str] | None = None, namespace: str | None = None, container: str = "app",
               cpu: str | None = None, memory: str | None = None, **spec: Any) -> Manifest:
    """A ReplicaSet with one container, built like `deployment`."""
    return _workload("ReplicaSet", name, replicas, image, labels=labels, namespace=namespace,
                     container=container, cpu=cpu, memory=memory, ports=None, spec=spec)


def pod_manifest(name: str, image: str = "nginx:1.25", *, namespace: str | None = None,
                 labels: dict[str, str] | None = None, container: str = "web", cpu: str | None = None,
                 memory: str | None = None, container_fields: dict[str, Any] | None = None,
                 **spec: Any) -> Manifest:
    """A bare Pod with one container, labelled app=NAME unless `labels` is given; other keywords go into spec."""
    c = _container(container, image, cpu=cpu, memory=memory, **(container_fields or {}))
    return {"apiVersion": "v1", "kind": "Pod", "metadata": _metadata(name, namespace, labels or {"app": name}),
            "spec": {"containers": [c], **spec}}


def service(name: str = "web", *, selector: dict[str, str] | None = None, port: int = 80,
            target_port: int | str | None = None, node_port: int | None = None, namespace: str | None = None,
            **spec: Any) -> Manifest:
    """A Service with one port, selecting app=NAME unless `selector` is given; other keywords go into spec."""
    entry: dict[str, Any] = {"port": port}
    if target_port is not None:
        entry["targetPort"] = target_port
    if node_port is not None:
        entry["nodePort"] = node_port
    return {"apiVersion": "v1", "kind": "Service", "metadata": _metadata(name, namespace),
            "spec": {"selector": dict(selector or {"app": name}), "ports": [entry], **spec}}


def namespace_manifest(name: str, labels: dict[str, str] | None = None) -> Manifest:
    return {"apiVersion": "v1", "kind": "Namespace", "metadata": _metadata(name, None, labels)}


def shop_manifests() -> list[Manifest]:
    """The shop app shipped in assets/shop: load balancer, frontend, webserver v1 and v2, MySQL."""
    return [doc for path in sorted(SHOP.glob("*.yaml")) for doc in yaml.safe_load_all(path.read_text()) if doc]


# ---- clusters -----------------------------------------------------------------


def bare_cluster(workers: int = 3, *, control_plane: bool = True, seed: int = 0, **config: Any) -> Simulation:
    """No system workloads: the default namespace, an optional tainted control plane and N workers."""
    sim = Simulation(seed=seed, **config)
    sim.create(namespace_manifest("default"))
    if control_plane:
        sim.add_node("control-plane", control_plane=True)
    for i in range(1, workers + 1):
        sim.add_node(f"node-{i}")
    return sim


def workload_controllers_only(seed: int = 11) -> Simulation:
    """No nodes, scheduler or kubelet: only the Deployment, ReplicaSet and garbage collector controllers run.

    A test shapes pod states by hand, and nothing else changes them.
    """
    sim = Simulation(seed=seed)
    keep = ("DeploymentController", "ReplicaSetController", "GarbageCollector")
    sim.controllers = [c for c in sim.controllers if type(c).__name__ in keep]
    sim.create(namespace_manifest("default"))
    return sim


def deploy_and_expose(sim: Simulation, name: str = "web", *, image: str = "nginx:1.25", replicas: int = 2,
                      svc_type: str = "ClusterIP", namespace: str = "default", node_port: int | None = None) -> None:
    """A Deployment serving port 80 (named http) and a Service of the same name, settled."""
    ports = [{"containerPort": 80, "name": "http"}]
    sim.apply(deployment(name, replicas, image, namespace=namespace, ports=ports), namespace=namespace)
    sim.apply(service(name, target_port="http", node_port=node_port, namespace=namespace, type=svc_type),
              namespace=namespace)
    sim.settle()


def load_shop(sim: Simulation) -> None:
    for manifest in shop_manifests():
        sim.apply(manifest, namespace="shop")
    sim.settle()


# ---- reading the cluster ------------------------------------------------------


def pods(sim: Simulation, namespace: str, **labels: str) -> list[KObject]:
    """The pods of a namespace carrying every given label."""
    return sim.list("Pod", namespace, [(k, "=", (v,)) for k, v in labels.items()])


def node_ip(sim: Simulation, name: str = "node-1") -> str:
    node = sim.get("Node", "", name)
    return next(a["address"] for a in node.status["addresses"] if a["type"] == "InternalIP")


def set_ready(sim: Simulation, pod: KObject, ready: bool, ip: str | None = None) -> None:
    """Write the pod's Ready condition as its kubelet would (Running, with an IP when it has none yet)."""
    pod.status["phase"] = "Running"
    if ip and not pod.status.get("podIP"):
        pod.status["podIP"] = ip
    set_condition(pod.status, "Ready", "True" if ready else "False", sim.now)
    sim.store.update(pod, "kubelet/test", "readiness changed")


# ---- the mesh: istiod, a meshed namespace, a webserver in two versions ----------

MESH_NS = "shop"


def run(sim: Simulation, manifest: Manifest) -> list[KObject]:
    """Create a Deployment and return its pods, Ready (through the controllers, or set here).

    Pods the controllers did not make Ready are made Ready here, so a mesh test does not
    depend on the scheduler and kubelet placing every pod.
    """
    deploy = sim.create(manifest)
    sim.settle()
    found = sim.list("Pod", deploy.namespace, requirements_of(deploy.spec["selector"]))
    template = deploy.spec["template"]
    for i in range(deploy.spec["replicas"] - len(found)):
        found.append(sim.create({"apiVersion": "v1", "kind": "Pod",
                                 "metadata": {"name": f"{deploy.name}-{i}", "namespace": deploy.namespace,
                                              "labels": dict(template["metadata"]["labels"])},
                                 "spec": {"nodeName": "node-1", **template["spec"]}}))
    for index, pod in enumerate(found):
        if not pod_is_ready(pod):
            set_ready(sim, pod, True, f"10.244.1.{100 + len(sim.list('Pod')) + index}")
    sim.settle()
    return found


def mesh_deployment(name: str, labels: dict[str, str], image: str, *, replicas: int = 2,
                    namespace: str = MESH_NS, port: int = 80) -> Manifest:
    """A Deployment whose container is named after the app (`webserver-v1` runs `webserver`)."""
    return deployment(name, replicas, image, labels=labels, namespace=namespace, container=name.split("-")[0],
                      ports=[{"containerPort": port}])


def install_istiod(sim: Simulation) -> list[KObject]:
    sim.apply(namespace_manifest("istio-system"))
    return run(sim, mesh_deployment("istiod", {"app": "istiod", "istio": "pilot"}, "docker.io/istio/pilot:1.24.0",
                                    replicas=1, namespace="istio-system", port=15010))


def meshed_namespace(sim: Simulation, name: str = MESH_NS) -> None:
    sim.apply(namespace_manifest(name, {"istio-injection": "enabled"}))


def destination_rule(name: str = "webserver") -> Manifest:
    return {"apiVersion": "networking.istio.io/v1", "kind": "DestinationRule",
            "metadata": {"name": name, "namespace": MESH_NS},
            "spec": {"host": name, "subsets": [{"name": "v1", "labels": {"version": "v1"}},
                                               {"name": "v2", "labels": {"version": "v2"}}]}}


def virtual_service(weights: dict[str, int], name: str = "webserver") -> Manifest:
    return {"apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
            "metadata": {"name": name, "namespace": MESH_NS},
            "spec": {"hosts": [name], "http": [{"name": "webserver-route", "route": [
                {"destination": {"host": name, "subset": subset}, "weight": weight}
                for subset, weight in weights.items()]}]}}


def webserver_shop(sim: Simulation, weights: dict[str, int] | None = None) -> KObject:
    """istiod, the meshed shop namespace, webserver v1 (Container1) and v2 (Container2), a frontend client.

    Returns a frontend pod (it has a sidecar, so the VirtualService routes its requests).
    """
    install_istiod(sim)
    meshed_namespace(sim)
    run(sim, mesh_deployment("webserver-v1", {"app": "webserver", "version": "v1"}, "nginx:1.24"))
    run(sim, mesh_deployment("webserver-v2", {"app": "webserver", "version": "v2"}, "nginx:1.25"))
    sim.create(service("webserver", namespace=MESH_NS))
    sim.create(destination_rule())
    sim.create(virtual_service(weights or {"v1": 100, "v2": 0}))
    return run(sim, mesh_deployment("frontend", {"app": "frontend"}, "node:20", replicas=1, port=3000))[0]


# ---- learner actions, recorded as tuples so a run can be replayed exactly ------

Action = tuple[Any, ...]

LAB_DEPLOYMENTS = ("web", "api")
LAB_WORKERS = ("node-1", "node-2", "node-3")
LAB_TAINT_KEY = "dedicated"
LAB_TAINT_EFFECTS = ("NoSchedule", "PreferNoSchedule", "NoExecute")


def lab_cluster(seed: int = 3) -> Simulation:
    """The default cluster running web (3 × nginx) and api (2 × node), each pod requesting 250m and 128Mi."""
    sim = cluster(seed=seed)
    sim.create(deployment("web", 3, cpu="250m", memory="128Mi"))
    sim.create(deployment("api", 2, "node:20", cpu="250m", memory="128Mi"))
    sim.settle()
    return sim


def undo(sim: Simulation, name: str, to_revision: int = 0) -> CommandResult:
    """`kubectl rollout undo`: kubectl computes the rollback on the client and patches the Deployment
    (kubectl pkg/polymorphichelpers/rollback.go), so the tests run it as a kubectl line."""
    from sandbox.kubectl import Session

    flag = f" --to-revision={to_revision}" if to_revision else ""
    return Session(sim).run(f"kubectl rollout undo deployment/{name}{flag}")


def perform(sim: Simulation, action: Action) -> None:
    """Run one action; API errors are part of the behaviour under test, not failures."""
    verb, *args = action
    try:
        if verb == "scale":
            sim.scale("Deployment", "default", args[0], args[1])
        elif verb == "delete_pod":
            names = sorted(p.name for p in sim.store.list("Pod", "default"))
            if names:
                sim.delete("Pod", "default", names[args[0] % len(names)])
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
        elif verb in ("taint", "untaint"):
            _set_taint(sim, args[0], args[1] if verb == "taint" else None)
        elif verb == "label_node":
            sim.patch("Node", "", args[0], {"metadata": {"labels": {"disk": args[1]}}})
        elif verb == "orphan_rs":
            sets = sorted(r.name for r in sim.store.list("ReplicaSet", "default"))
            if sets:
                sim.delete("ReplicaSet", "default", sets[args[0] % len(sets)], propagation="Orphan")
        else:
            raise ValueError(f"unknown action {verb}")
    except ApiError:
        pass


def _set_taint(sim: Simulation, node: str, effect: str | None) -> None:
    """What `kubectl taint nodes NODE dedicated=x:EFFECT --overwrite` (or `dedicated-`) leaves on the node."""
    taints = [t for t in sim.get("Node", "", node).spec.get("taints") or () if t.get("key") != LAB_TAINT_KEY]
    if effect is not None:
        taints.insert(0, {"effect": effect, "key": LAB_TAINT_KEY, "value": "x"})
    sim.patch("Node", "", node, {"spec": {"taints": taints or None}})


LAB_SCRIPT: list[Action] = [
    ("scale", "web", 6), ("advance", 20), ("fail", "node-2"), ("advance", 60),
    ("set_image", "web", "nginx:1.24"), ("advance", 30), ("delete_pod", 1), ("cordon", "node-3"),
    ("advance", 400), ("recover", "node-2"), ("uncordon", "node-3"), ("undo", "web"), ("scale", "api", 0),
    ("advance", 120),
]


# ---- kubectl lines --------------------------------------------------------------


def run_ok(session: Session, line: str, stdin: str | None = None) -> str:
    """Run a line that must succeed; returns what it printed."""
    result = session.run(line, stdin=stdin)
    assert result.ok, f"{line!r} failed: {result.output}"
    return result.output


def fails(session: Session, line: str, stdin: str | None = None) -> str:
    """Run a line that must fail; returns what it printed."""
    result = session.run(line, stdin=stdin)
    assert not result.ok, f"{line!r} should have failed: {result.output}"
    return result.output


def hold_time_after(session: Session, seconds: float) -> None:
    """Hold simulated time from `seconds` on, as a lesson does while it waits for the learner's prediction."""
    from sandbox.kubectl.observers import SessionObserver

    class HoldsTime(SessionObserver):
        def holds_time(self) -> bool:
            return session.sim.now >= at

    at = session.sim.now + seconds
    session.subscribe(HoldsTime())


def cluster_state(sim: Simulation) -> tuple[Any, ...]:
    """Everything two runs must agree on to be the same cluster: the audit log with its causes and roots,
    every object, the time, the randomness to come, the timers pending."""
    objects = sorted((kind, o.namespace, o.name, repr(o.to_dict())) for kind in API_VERSIONS for o in sim.list(kind))
    return (sim.audit.text(), [e.cause for e in sim.audit], list(sim.audit.roots), objects, sim.now,
            sim.rng.getstate(), sim.clock.pending())


# ---- the app: what its screen and panes show --------------------------------------

SIZE = (120, 36)


def screen_text(app: KubeSandboxApp) -> str:
    """The characters on the terminal right now, a line per row: what a snapshot would record, as text."""
    from rich.console import Console

    width, height = app.size
    console = Console(width=width, height=height, record=True, force_terminal=True, color_system=None,
                      legacy_windows=False, safe_box=False, file=io.StringIO())
    # Rendered as App.export_screenshot renders the SVG of a snapshot (screens behind a modal included).
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text(styles=False)


def log_text(app: KubeSandboxApp) -> str:
    """Every line the event log keeps (shown or filtered out)."""
    return "\n".join(t.plain for t in app.screen.log_pane.texts())


def commands_run(app: KubeSandboxApp) -> list[str]:
    """The command lines the event log shows as run (`$ LINE`), without what follows them on the line."""
    return [re.split(r"   \(|  → ", t.plain)[0][2:] for t in app.screen.log_pane.texts() if t.plain.startswith("$ ")]


def output_text(app: KubeSandboxApp) -> str:
    """What the output pane holds, line by line as the commands printed it (before the pane wraps it)."""
    return "\n".join(f"$ {ran.line}\n{ran.output}" for ran in app.screen.output.ran)
