"""The cluster map: nodes as boxes with their pods as chips; the arrows move across both as drawn."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.containers import VerticalScroll
from textual.events import Resize

from ..state import RECENT, NodeView, Selected, node_view
from ..theme import OwnerColours
from .legend import SYSTEM, MapKey
from .node_box import NodeBox

if TYPE_CHECKING:
    from ...core.simulation import Simulation

__all__ = ["ClusterMap", "Selected"]

BOX_MIN_WIDTH = 28


class ClusterMap(VerticalScroll, can_focus=True):
    """Up to ~30 nodes as boxes in a grid that re-flows with the width."""

    DEFAULT_CSS = """
    ClusterMap { layout: grid; grid-size: 2; grid-rows: auto; grid-gutter: 0 1; height: 1fr; }
    """

    def __init__(self, sim: Simulation, theme: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.sim = sim
        self.theme_name = theme
        self.views: list[NodeView] = []
        self.node_index = 0
        self.pod_index = -1  # -1: the node itself
        self.columns = 2
        self.owners = OwnerColours()
        self._boxes: dict[str, NodeBox] = {}
        self._version: tuple[int, int] | None = None
        self._fade_at: float | None = None  # when the next "recent" highlight ends (simulated seconds)

    def on_mount(self) -> None:
        self.refresh_from_sim()

    def on_resize(self, event: Resize) -> None:
        columns = max(1, event.size.width // BOX_MIN_WIDTH)
        if columns != self.columns:
            self.columns = columns
            self.styles.grid_size_columns = columns

    def refresh_from_sim(self) -> None:
        # Nothing to rebuild unless the store or the fault log moved on, or a highlight has to fade.
        version = self.sim.change_marker()
        fading = self._fade_at is not None and self.sim.now >= self._fade_at
        if version == self._version and not fading:
            return
        self._version = version
        self.views = [node_view(self.sim, node) for node in self.sim.list("Node")]
        self.owners.update([(group, group in view.system_groups) for view in self.views for group in view.groups])
        self._fade_at = min((chip.changed_at + RECENT for view in self.views for chip in view.pods()
                             if chip.recent(self.sim.now)), default=None)
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

    def map_key(self) -> MapKey:
        """What the legend explains: the states drawn, each owner's colour (the system's once), recency."""
        chips = [chip for view in self.views for chip in view.pods()]
        system = {group for view in self.views for group in view.system_groups}
        owners = [(group, self.owner_colour(self.theme_name, group))
                  for group in dict.fromkeys(g for view in self.views for g in view.groups) if group not in system]
        if system:
            owners.append((SYSTEM, self.owner_colour(self.theme_name, next(iter(sorted(system))))))
        return MapKey(tuple(sorted({chip.state for chip in chips})), tuple(owners),
                      any(chip.recent(self.sim.now) for chip in chips), any(chip.isolated for chip in chips))

    def owner_colour(self, theme: str, owner: str) -> str:
        return self.owners.colour(theme, owner)

    def _paint(self) -> None:
        selected = self.selected()
        for i, view in enumerate(self.views):
            self._boxes[view.name].show(view, self.theme_name, selected=i == self.node_index,
                                        selected_pod=selected.pod, now=self.sim.now, owner_colour=self.owner_colour)

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
        """Move as the boxes are drawn: ↓ goes down a node's pods, then to the box drawn below it."""
        if not self.views:
            return
        if dx:
            self._step_across(dx)
        if dy:
            self._step_down(dy)
        self._paint()
        box = self._boxes.get(self.views[self.node_index].name)
        if box is not None:
            self.scroll_to_widget(box, animate=False)

    def _step_across(self, dx: int) -> None:
        """Left and right: the next box in reading order, at the same pod row where it has one."""
        target = max(0, min(len(self.views) - 1, self.node_index + dx))
        if target != self.node_index:
            self.node_index = target
            self._clamp_pod()

    def _step_down(self, dy: int) -> None:
        pods = len(self.views[self.node_index].pods())
        inside = self.pod_index + dy
        if -1 <= inside < pods:
            self.pod_index = inside
            return
        row, column = divmod(self.node_index, self.columns)
        row += 1 if dy > 0 else -1
        if row < 0 or row * self.columns >= len(self.views):
            return
        # The box drawn in the same column on that row (a short last row: its last box).
        self.node_index = min(row * self.columns + column, len(self.views) - 1)
        # Going up enters a box at its bottom, going down at its top.
        self.pod_index = -1 if dy > 0 else len(self.views[self.node_index].pods()) - 1

    def select_node(self, name: str) -> None:
        for i, view in enumerate(self.views):
            if view.name == name:
                self.node_index, self.pod_index = i, -1
        self._paint()

    def select_pod(self, namespace: str, name: str) -> bool:
        """Select a pod's chip (and its node); False if no node shows it."""
        for i, view in enumerate(self.views):
            for j, chip in enumerate(view.pods()):
                if chip.namespace == namespace and chip.name == name:
                    self.node_index, self.pod_index = i, j
                    self._paint()
                    return True
        return False

    def set_theme(self, theme: str) -> None:
        self.theme_name = theme
        self._paint()
