"""The cluster map: nodes as boxes with their pods as chips; selection moves across both."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.containers import VerticalScroll
from textual.events import Resize

from ..state import NodeView, node_view
from .node_box import NodeBox

if TYPE_CHECKING:
    from ...core.simulation import Simulation

BOX_MIN_WIDTH = 27


@dataclass(frozen=True)
class Selected:
    """What the map has selected: a node, and maybe one of its pods."""

    node: str | None
    pod_namespace: str | None = None
    pod: str | None = None


class ClusterMap(VerticalScroll, can_focus=True):
    """Up to ~30 nodes as boxes in a grid that re-flows with the width."""

    DEFAULT_CSS = """
    ClusterMap { layout: grid; grid-size: 3; grid-rows: auto; grid-gutter: 0 1; height: 1fr; }
    """

    def __init__(self, sim: Simulation, theme: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.sim = sim
        self.theme_name = theme
        self.views: list[NodeView] = []
        self.node_index = 0
        self.pod_index = -1  # -1: the node itself
        self._boxes: dict[str, NodeBox] = {}
        self._version: tuple[int, int] | None = None

    def on_mount(self) -> None:
        self.refresh_from_sim()

    def on_resize(self, event: Resize) -> None:
        columns = max(1, event.size.width // BOX_MIN_WIDTH)
        if self.styles.grid_size_columns != columns:
            self.styles.grid_size_columns = columns

    def refresh_from_sim(self) -> None:
        # Nothing to rebuild unless the store or the fault log moved on (selection and theme repaint themselves).
        version = self.sim.change_marker()
        if version == self._version:
            return
        self._version = version
        self.views = [node_view(self.sim, node) for node in self.sim.list("Node")]
        self.node_index = min(self.node_index, max(0, len(self.views) - 1))
        names = [v.name for v in self.views]
        for name in [n for n in self._boxes if n not in names]:
            self._boxes.pop(name).remove()
        new = [NodeBox(name) for name in names if name not in self._boxes]
        for box in new:
            self._boxes[box.node_name] = box
        if new:
            self.mount_all(new)
        self._clamp_pod()
        self._paint()

    def _paint(self) -> None:
        selected = self.selected()
        for i, view in enumerate(self.views):
            self._boxes[view.name].show(view, self.theme_name, selected=i == self.node_index,
                                        selected_pod=selected.pod)

    def _clamp_pod(self) -> None:
        if not self.views:
            self.pod_index = -1
            return
        self.pod_index = min(self.pod_index, len(self.views[self.node_index].pods()) - 1)

    def selected(self) -> Selected:
        if not self.views:
            return Selected(None)
        view = self.views[self.node_index]
        pods = view.pods()
        if 0 <= self.pod_index < len(pods):
            chip = pods[self.pod_index]
            return Selected(view.name, chip.namespace, chip.name)
        return Selected(view.name)

    def move(self, dx: int, dy: int) -> None:
        if not self.views:
            return
        if dx:
            self.node_index = (self.node_index + dx) % len(self.views)
            self.pod_index = -1
        if dy:
            count = len(self.views[self.node_index].pods())
            self.pod_index = max(-1, min(count - 1, self.pod_index + dy))
        self._paint()
        box = self._boxes.get(self.views[self.node_index].name)
        if box is not None:
            self.scroll_to_widget(box, animate=False)

    def select_node(self, name: str) -> None:
        for i, view in enumerate(self.views):
            if view.name == name:
                self.node_index, self.pod_index = i, -1
        self._paint()

    def set_theme(self, theme: str) -> None:
        self.theme_name = theme
        self._paint()
