"""The resources pane: `kubectl get KIND -A` as a table, with kubectl's own columns.

Rows come from the kubectl layer's printers (the same functions `kubectl get`
uses), so the pane and the command line can never disagree. When the pane is too
narrow for every column, the least telling ones step aside (and its bottom edge
says which), so NAME, READY and AGE are never cut off.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.coordinate import Coordinate
from textual.events import Resize
from textual.widgets import DataTable, Label

from ...kubectl.printers.tables import TABLES
from ...kubectl.resources import resolve

if TYPE_CHECKING:
    from ...core.simulation import Simulation

KINDS = ["Deployment", "ReplicaSet", "Pod", "DaemonSet", "Service", "Ingress", "NetworkPolicy"]
# Columns that step aside when the pane is narrow, first to go first (NAMESPACE and NAME always stay).
DROPPABLE = ("NODE SELECTOR", "NOMINATED NODE", "READINESS GATES", "UP-TO-DATE", "CURRENT", "DESIRED",
             "CLUSTER-IP", "CLASS", "PORTS", "RESTARTS", "AVAILABLE", "TYPE", "HOSTS", "POD-SELECTOR")
CELL_PADDING = 1  # the table's space on each side of a cell
SCROLLBAR = 2  # the table's vertical scrollbar, when its rows overflow


def table_rows(sim: Simulation, kind: str) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """Headers and (namespace, cells) rows, as `kubectl get KIND -A` prints them.

    Ingresses get one column kubectl does not print, CONTROLLER after NAME (in view in a narrow
    pane): `✗ none` when no ingress controller serves the Ingress (nothing routes it; `kubectl
    describe` says why), `✓ runs` when one does.
    """
    headers, _wide, row = TABLES[kind]
    rows = []
    for obj in sorted(sim.list(kind), key=lambda o: (o.namespace, o.name)):
        cells = [obj.namespace, *row(obj, sim.now, False)]
        if kind == "Ingress":
            cells.insert(2, "✗ none" if sim.ingress_unserved(obj) else "✓ runs")
        rows.append((obj.namespace, cells))
    if kind == "Ingress":
        headers = [headers[0], "CONTROLLER", *headers[1:]]
    return ["NAMESPACE", *headers], rows


def fit_columns(headers: list[str], rows: list[list[str]], width: int) -> list[int]:
    """The columns to show in `width` cells: all when they fit, else without the droppable ones."""
    widths = [max([len(h)] + [len(r[x]) for r in rows]) + 2 * CELL_PADDING for x, h in enumerate(headers)]
    shown = list(range(len(headers)))
    for name in DROPPABLE:
        if sum(widths[x] for x in shown) <= width:
            break
        shown = [x for x in shown if headers[x] != name]
    return shown


class ResourcesPane(Vertical):
    DEFAULT_CSS = """
    ResourcesPane { width: 1fr; border: round $primary-darken-2; }
    ResourcesPane.-hidden { display: none; }
    ResourcesPane #kinds { height: 1; }
    ResourcesPane DataTable { height: 1fr; }
    """

    def __init__(self, sim: Simulation, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.sim = sim
        self.kind = KINDS[0]
        self._shown: tuple[str, list[str], tuple[int, ...]] | None = None

    def compose(self) -> ComposeResult:
        yield Label(self._kinds_line(), id="kinds")
        table: DataTable[Text] = DataTable(cursor_type="row", zebra_stripes=False, id="resource-table",
                                           cell_padding=CELL_PADDING)
        yield table

    def _kinds_line(self) -> Text:
        """The kinds by kubectl's short names (`deploy rs po …`), the one shown reversed."""
        text = Text()
        for kind in KINDS:
            short = resolve(kind).short_names[0]
            text.append(f" {short} " if kind == self.kind else short, style="bold reverse" if kind == self.kind else "")
            text.append(" ")
        text.append(" [ ]", style="italic")
        return text

    def cycle(self, step: int) -> None:
        self.show_kind(KINDS[(KINDS.index(self.kind) + step) % len(KINDS)])

    def show_kind(self, kind: str) -> None:
        self.kind = kind
        self.query_one("#kinds", Label).update(self._kinds_line())
        self.refresh_from_sim()

    def on_resize(self, _: Resize) -> None:
        self.refresh_from_sim()   # columns fit the new width (rebuilt only if the columns that fit change)

    def _room(self) -> int:
        """Cells for the columns. Before its first layout the pane has no size yet: it guesses half the screen,
        its share beside the cluster map in free play, so that the first layout seldom has to rebuild it."""
        width = self.content_size.width or self.app.size.width // 2 - 2   # (2: the pane's border)
        return width - SCROLLBAR

    def refresh_from_sim(self) -> None:
        headers, rows = table_rows(self.sim, self.kind)
        table = self.query_one(DataTable)
        columns = tuple(fit_columns(headers, [cells for _, cells in rows], self._room()))
        keys = (self.kind, [f"{ns}/{cells[1]}" for ns, cells in rows], columns)
        if keys == self._shown:
            # Same rows: update changed cells in place (ages tick every second) without a rebuild.
            for y, (_, cells) in enumerate(rows):
                for x, column in enumerate(columns):
                    if table.get_cell_at(Coordinate(y, x)).plain != cells[column]:
                        table.update_cell_at(Coordinate(y, x), Text(cells[column]), update_width=True)
            return
        self._shown = keys
        self.border_title = f"kubectl get {resolve(self.kind).plural} -A"
        hidden = [h for x, h in enumerate(headers) if x not in columns]
        self.border_subtitle = f"hidden: {', '.join(hidden)}" if hidden else ""
        cursor = table.cursor_row
        table.clear(columns=True)
        for x in columns:
            # Text, not a str DataTable would parse as markup; sized by its cells, widened as they grow (AGE)
            table.add_column(Text(headers[x]))
        for key, (_, cells) in zip(keys[1], rows, strict=True):
            table.add_row(*(Text(cells[x]) for x in columns), key=key)
        if rows:
            table.move_cursor(row=min(cursor, len(rows) - 1), animate=False)

    def highlighted(self) -> tuple[str, str, str] | None:
        """(kind, namespace, name) of the row under the cursor."""
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        namespace, name = table.get_row_at(table.cursor_row)[:2]
        return self.kind, str(namespace), str(name)
