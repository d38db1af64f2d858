"""The chaos menu: faults and changes to throw at the cluster, each shown as the command it runs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from ..widgets.cluster_map import Selected

if TYPE_CHECKING:
    from ...core.simulation import Simulation

BROKEN_IMAGE = "nginx:1.99"  # a tag that does not exist: ErrImagePull, then ImagePullBackOff
ADDONS = {"ingress-nginx": "ingress-nginx", "istio": "istio-system"}  # addon -> the namespace it installs
SYSTEM_NAMESPACES = ("kube-system", "kube-public", "kube-node-lease", "ingress-nginx", "istio-system")


def chaos_commands(sim: Simulation, selected: Selected, namespace: str) -> list[tuple[str, str]]:
    """(label, command line) for every chaos action that makes sense right now."""
    items: list[tuple[str, str]] = []
    for node in sim.store.list("Node"):
        up = sim.node_is_up(node.name)
        if node.name == selected.node or not up:
            verb = "fail" if up else "recover"
            items.append((f"{verb.capitalize()} node {node.name}", f"sim node {verb} {node.name}"))
    if selected.pod:
        items.append((f"Delete pod {selected.pod}", f"kubectl delete pod {selected.pod} -n {selected.pod_namespace}"))
    for deploy in sim.store.list("Deployment", namespace):
        containers = deploy.spec.get("template", {}).get("spec", {}).get("containers", [])
        if containers and deploy.namespace not in SYSTEM_NAMESPACES:
            items.append((f"Roll out a broken image to {deploy.name}",
                          f"kubectl set image deployment/{deploy.name} {containers[0]['name']}={BROKEN_IMAGE}"))
    for addon, ns in ADDONS.items():
        on = sim.store.try_get("Namespace", "", ns) is not None
        verb = "disable" if on else "enable"
        items.append((f"{verb.capitalize()} addon {addon}", f"sim addons {verb} {addon}"))
    # Traffic streams appear once the simulation has them (the network layer adds `sim traffic`).
    for service in sim.store.list("Service", namespace) if hasattr(sim, "traffic_start") else []:
        if service.name != "kubernetes" and service.spec.get("selector"):
            items.append((f"Start a traffic stream to {service.name}",
                          f"sim traffic start http://{service.name}.{service.namespace} --rate 10 --duration 60s"))
    return items


class ChaosMenu(ModalScreen[str | None]):
    DEFAULT_CSS = """
    ChaosMenu { align: center middle; }
    ChaosMenu > Vertical { width: 84; max-width: 95%; height: auto; max-height: 90%;
                           border: thick $error; background: $surface; padding: 0 1; }
    ChaosMenu OptionList { height: auto; max-height: 24; border: none; }
    """
    BINDINGS = [Binding("escape", "dismiss_menu", "Close", id="close")]

    def __init__(self, items: list[tuple[str, str]]) -> None:
        super().__init__()
        self.items = items

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("[b]Chaos[/b] — pick a fault; the command it runs goes to the event log")
            options = []
            for i, (label, line) in enumerate(self.items):
                prompt = Text(label)
                prompt.append(f"\n  $ {line}", style="dim")
                options.append(Option(prompt, id=str(i)))
            yield OptionList(*options, id="chaos-options")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.items[int(event.option.id)][1])

    def action_dismiss_menu(self) -> None:
        self.dismiss(None)
