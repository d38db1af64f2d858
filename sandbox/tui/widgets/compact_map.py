"""The compact map for large clusters: one cell per node, drawn with Textual's line API.

Only the visible rows are rendered, each as one Strip built from cached
per-node cells, so a 5,000-node cluster scrolls as smoothly as a small one; a
frame recomputes only the cells of nodes that changed (core/node_changes.py)
and redraws only their rows.
Colour is health (NotReady, stopped, cordoned) and load; the glyph's height is
the load too, so the map still reads with NO_COLOR. Load is the fuller of the
node's pods (of its pod capacity) and its pods' CPU requests (of its allocatable
CPU), as the scheduler sees it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ...core.node_changes import NodeChanges
from ...core.objects import KObject, node_is_ready
from ...core.quantity import milli_cpu
from ..state import Selected, pod_cpu_request
from ..theme import node_colour

if TYPE_CHECKING:
    from ...core.simulation import Simulation

CELL_WIDTH = 2
LOAD_GLYPHS = "▁▂▃▄▅▆▇█"
# One glyph per health state, so the map reads without colour too (NO_COLOR).
NODE_GLYPHS = {"NotReady": "✕", "stopped": "!", "cordoned": "⊝", "idle": LOAD_GLYPHS[0], "busy": LOAD_GLYPHS[-1]}


_STYLES: dict[tuple[str, bool], Style] = {}


def _style(colour: str, bold: bool) -> Style:
    # Style objects are costly to build and compare; a cluster uses only a handful.
    style = _STYLES.get((colour, bold))
    if style is None:
        style = _STYLES[(colour, bold)] = Style(color=colour, bold=bold)
    return style


def node_cell(sim: Simulation, node: KObject, theme: str) -> tuple[str, Style]:
    """(glyph, style) of one node: cheap enough to compute for every node on each change."""
    ready = node_is_ready(node)
    up = sim.node_is_up(node.name)
    cordoned = bool(node.spec.get("unschedulable"))
    load = node_load(sim, node)
    if not ready:
        glyph = NODE_GLYPHS["NotReady"]
    elif not up:
        glyph = NODE_GLYPHS["stopped"]
    elif cordoned:
        glyph = NODE_GLYPHS["cordoned"]
    else:
        glyph = LOAD_GLYPHS[min(len(LOAD_GLYPHS) - 1, int(load * len(LOAD_GLYPHS)))]
    colour = node_colour(theme, ready=ready, machine_up=up, cordoned=cordoned, load=load)
    return glyph, _style(colour, not ready)


def node_load(sim: Simulation, node: KObject) -> float:
    """The fuller of pods of capacity and CPU requested of allocatable, 0..1."""
    allocatable = node.status.get("allocatable", {})
    pods = sim.pod_count_on_node(node.name) / (int(allocatable.get("pods", 110)) or 1)
    cpu_allocatable = milli_cpu(allocatable.get("cpu", "0"))
    requested = sum(pod_cpu_request(p) for p in sim.pods_on_node(node.name)
                    if p.status.get("phase") not in ("Succeeded", "Failed"))
    return min(1.0, max(pods, requested / cpu_allocatable if cpu_allocatable else 0.0))


class CompactMap(ScrollView, can_focus=True):
    DEFAULT_CSS = """
    CompactMap { height: 1fr; scrollbar-size-vertical: 1; }
    """

    def __init__(self, sim: Simulation, theme: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.sim = sim
        self.theme_name = theme
        self.names: list[str] = []
        self.cells: list[tuple[str, Style]] = []
        self.index = 0
        self._strips: dict[int, Strip] = {}
        self._columns = 1
        self._version: tuple[int, int] | None = None
        self._changes = NodeChanges(sim)  # which nodes moved since the last frame
        self._position: dict[str, int] = {}  # node name -> its place in names and cells

    def on_mount(self) -> None:
        self.refresh_from_sim()

    def on_resize(self) -> None:
        self._relayout()

    def refresh_from_sim(self, *, force: bool = False) -> None:
        """Recompute the cells of the nodes that changed (all of them with `force`) and redraw their rows."""
        # Nothing to redraw unless the store or the fault log moved on.
        version = self.sim.change_marker()
        if version == self._version and not force:
            return
        self._version = version
        membership, dirty = self._changes.take()
        if membership or force:
            self._rebuild(dirty, force)
            return
        for name in dirty:
            i = self._position.get(name)
            node = self.sim.try_get("Node", "", name)
            if i is None or node is None:
                continue
            self.cells[i] = node_cell(self.sim, node, self.theme_name)
            self._strips.pop(i // self._columns, None)
        if dirty:
            self.refresh()

    def _rebuild(self, dirty: set[str], force: bool) -> None:
        """Nodes came or went (or the theme changed): new lists, recomputing only the cells that moved."""
        old = {} if force else dict(zip(self.names, self.cells, strict=True))
        nodes = self.sim.list("Node")
        self.names = [n.name for n in nodes]
        self._position = {name: i for i, name in enumerate(self.names)}
        self.cells = [old[n.name] if n.name in old and n.name not in dirty else node_cell(self.sim, n, self.theme_name)
                      for n in nodes]
        self.index = min(self.index, max(0, len(self.names) - 1))
        self._relayout()

    def _relayout(self) -> None:
        self._columns = max(1, (self.scrollable_content_region.width or self.size.width or 80) // CELL_WIDTH)
        rows = -(-len(self.cells) // self._columns)
        self.virtual_size = Size(self._columns * CELL_WIDTH, rows)
        self._strips.clear()
        self.refresh()

    def render_line(self, y: int) -> Strip:
        row = y + int(self.scroll_offset.y)
        strip = self._strips.get(row)
        if strip is None:
            strip = self._strips[row] = self._row_strip(row)
        return strip.crop_extend(int(self.scroll_offset.x), int(self.scroll_offset.x) + self.size.width,
                                 self.rich_style)

    def _row_strip(self, row: int) -> Strip:
        start = row * self._columns
        segments: list[Segment] = []
        text, style = "", None
        for i in range(start, min(start + self._columns, len(self.cells))):
            glyph, cell_style = self.cells[i]
            if i == self.index:
                cell_style = cell_style + Style(reverse=True)
            # Merge runs of equal style: fewer segments, faster to compose.
            if cell_style == style:
                text += glyph + " "
            else:
                if text:
                    segments.append(Segment(text, style))
                text, style = glyph + " ", cell_style
        if text:
            segments.append(Segment(text, style))
        return Strip(segments)

    # ---- selection -----------------------------------------------------------

    def selected(self) -> Selected:
        return Selected(self.names[self.index] if self.names else None)

    def move(self, dx: int, dy: int) -> None:
        if not self.names:
            return
        old_row = self.index // self._columns
        self.index = max(0, min(len(self.names) - 1, self.index + dx + dy * self._columns))
        new_row = self.index // self._columns
        for row in (old_row, new_row):
            self._strips.pop(row, None)
        self.scroll_to_region(Region((self.index % self._columns) * CELL_WIDTH, new_row, CELL_WIDTH, 1),
                              animate=False)
        self.refresh()

    def select_node(self, name: str) -> None:
        if name in self.names:
            self.index = self.names.index(name)
            self._strips.clear()
            self.refresh()

    def set_theme(self, theme: str) -> None:
        self.theme_name = theme
        self.refresh_from_sim(force=True)
