"""The chaos menu: faults and changes to throw at the cluster, each shown as the command it runs."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from ...core.ingress_classes import controller_kind_of_pod
from ...core.labels import map_matches
from ...core.objects import KObject, node_is_ready, pod_is_ready
from ...core.scenario import addons
from ..widgets.cluster_map import Selected

if TYPE_CHECKING:
    from ...core.simulation import Simulation

BROKEN_IMAGE = "nginx:1.99"  # a tag that does not exist: ErrImagePull, then ImagePullBackOff
SYSTEM_NAMESPACES = ("kube-system", "kube-public", "kube-node-lease", "ingress-nginx", "istio-system",
                     "metallb-system", "traefik")
TRAFFIC = "--rate 10 --duration 120s"
HTTP_PORTS = (80, 8080, 3000)


def chaos_commands(sim: Simulation, selected: Selected, namespace: str) -> list[tuple[str, str]]:
    """(label, command line) for every chaos action that makes sense right now."""
    items: list[tuple[str, str]] = []
    for node in sim.list("Node"):
        up = sim.node_is_up(node.name)
        if node.name == selected.node or not up:
            verb = "fail" if up else "recover"
            items.append((f"{verb.capitalize()} node {node.name}", f"sim node {verb} {node.name}"))
    if selected.pod:
        items.append((f"Delete pod {selected.pod}", f"kubectl delete pod {selected.pod} -n {selected.pod_namespace}"))
    items += _traffic_commands(sim, namespace)
    items += curl_hints(sim)
    for deploy in _user_objects(sim, "Deployment"):
        containers = deploy.spec.get("template", {}).get("spec", {}).get("containers", [])
        if containers:
            items.append((f"Roll out a broken image to {deploy.name}",
                          f"kubectl set image deployment/{deploy.name} {containers[0]['name']}={BROKEN_IMAGE}"
                          f"{_ns(deploy.namespace, namespace)}"))
    for addon, enabled in addons.listing(sim):
        verb = "disable" if enabled else "enable"
        items.append((f"{verb.capitalize()} addon {addon}", f"sim addons {verb} {addon}"))
    return items


def curl_hints(sim: Simulation) -> list[tuple[str, str]]:
    """Where to curl from outside: each routed Ingress through its controller's address (port 80),
    and each running ingress controller itself (its hostPort 80 on the node it runs on)."""
    items: list[tuple[str, str]] = []
    for ing in sim.list("Ingress"):
        addresses = [a.get("ip") for a in (ing.status.get("loadBalancer") or {}).get("ingress") or [] if a.get("ip")]
        if not addresses:
            continue
        hosts = [r.get("host") for r in ing.spec.get("rules") or [] if r.get("host")]
        header = f'-H "Host: {hosts[0]}" ' if hosts else ""
        where = f"host {hosts[0]}, " if hosts else ""
        items.append((f"Curl ingress {ing.namespace}/{ing.name} ({where}controller at {addresses[0]} port 80)",
                      f"curl {header}http://{addresses[0]}/"))
    for pod in sim.list("Pod"):
        ports = [p.get("hostPort") for c in pod.spec.get("containers") or [] for p in c.get("ports") or []]
        if 80 in ports and pod_is_ready(pod) and pod.status.get("hostIP") and controller_kind_of_pod(pod):
            items.append((f"Curl the ingress controller {pod.namespace}/{pod.name} (port 80 of its node "
                          f"{pod.spec.get('nodeName')}; 404 until an Ingress routes the request)",
                          f"curl http://{pod.status['hostIP']}/"))
    return items


def _user_objects(sim: Simulation, kind: str) -> list[KObject]:
    return [o for o in sim.list(kind) if o.namespace not in SYSTEM_NAMESPACES]


def _ns(obj_namespace: str, namespace: str) -> str:
    return "" if obj_namespace == namespace else f" -n {obj_namespace}"


def _traffic_commands(sim: Simulation, namespace: str) -> list[tuple[str, str]]:
    """Stop running streams; start one at each Service: through a node port from outside when it has
    one, else from a pod of another deployment in its namespace (cluster names resolve only inside)."""
    items = [(f"Stop traffic stream {s.id} ({s.url})", f"sim traffic stop {s.id}")
             for s in sim.traffic_streams() if s.running]
    node_ip = _worker_ip(sim)
    for service in _user_objects(sim, "Service"):
        selector = service.spec.get("selector")
        if service.name == "kubernetes" or not selector:
            continue
        port = (service.spec.get("ports") or [{}])[0]
        if not (str(port.get("name", "")).startswith("http") or port.get("port") in HTTP_PORTS):
            continue  # requests are HTTP: a database port would only time out
        if port.get("nodePort") and node_ip:
            items.append((f"Start a traffic stream to {service.name} (node port, from outside)",
                          f"sim traffic start http://{node_ip}:{port['nodePort']} {TRAFFIC}"))
            continue
        source = next((d for d in sim.list("Deployment", service.namespace)
                       if not map_matches(selector, d.spec.get("template", {}).get("metadata", {})
                                          .get("labels", {}))), None)
        if source is not None:
            url = f"http://{service.name}" + (f":{port['port']}" if port.get("port", 80) != 80 else "")
            items.append((f"Start a traffic stream to {service.name} (from {source.name})",
                          f"sim traffic start {url} --from deploy/{source.name} {TRAFFIC}"
                          f"{_ns(service.namespace, namespace)}"))
    return items


def _worker_ip(sim: Simulation) -> str | None:
    for node in sim.list("Node"):
        if "node-role.kubernetes.io/control-plane" not in node.metadata.labels and node_is_ready(node):
            for address in node.status.get("addresses", ()):
                if address.get("type") == "InternalIP":
                    ip: str | None = address.get("address")
                    return ip
    return None


class ChaosMenu(ModalScreen[str | None]):
    DEFAULT_CSS = """
    ChaosMenu { align: center middle; }
    ChaosMenu > Vertical { width: 84; max-width: 95%; height: auto; max-height: 90%;
                           border: thick $error; background: $surface; padding: 0 1; }
    ChaosMenu OptionList { height: auto; max-height: 24; border: none; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss_menu", "Close", id="close")]

    def __init__(self, items: list[tuple[str, str]]) -> None:
        super().__init__()
        self.items = items

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text.assemble(("Chaos", "bold"), " — pick a fault; the command it runs goes to the event log"))
            options = []
            for i, (label, line) in enumerate(self.items):
                prompt = Text(label)
                prompt.append(f"\n  $ {line}", style="italic")
                options.append(Option(prompt, id=str(i)))
            yield OptionList(*options, id="chaos-options")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.items[event.option_index][1])

    def action_dismiss_menu(self) -> None:
        self.dismiss(None)
