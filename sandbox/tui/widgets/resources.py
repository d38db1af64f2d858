"""The resources pane: `kubectl get KIND -A` as a table, with kubectl's own columns.

Rows come from the kubectl layer's printers (the same functions `kubectl get`
uses), so the pane and the command line can never disagree.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Label

from ...kubectl.printers.tables import TABLES
from ...kubectl.resources import resolve

if TYPE_CHECKING:
    from ...core.simulation import Simulation

KINDS = ["Deployment", "ReplicaSet", "DaemonSet", "Service", "Ingress", "NetworkPolicy"]


def table_rows(sim: Simulation, kind: str) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """Headers and (namespace, cells) rows, as `kubectl get KIND -A` prints them."""
    headers, _wide, row = TABLES[kind]
    rows = []
    for obj in sorted(sim.list(kind), key=lambda o: (o.namespace, o.name)):
        rows.append((obj.namespace, [obj.namespace, *row(obj, sim.now, False)]))
    return ["NAMESPACE", *headers], rows


class ResourcesPane(Vertical):
    DEFAULT_CSS = """
    ResourcesPane { width: 1fr; border: round $primary-darken-2; }
    ResourcesPane.-hidden { display: none; }
    ResourcesPane #kinds { color: $text-muted; height: 1; }
    ResourcesPane DataTable { height: 1fr; }
    """

    def __init__(self, sim: Simulation, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.sim = sim
        self.kind = KINDS[0]
        self._shown: tuple[str, list[str]] | None = None

    def compose(self) -> ComposeResult:
        yield Label(self._kinds_line(), id="kinds")
        table: DataTable[str] = DataTable(cursor_type="row", zebra_stripes=False, id="resource-table")
        yield table

    def _kinds_line(self) -> str:
        return " ".join(f"[b reverse] {resolve(k).plural} [/]" if k == self.kind else resolve(k).plural
                        for k in KINDS) + "   [dim]\\[ ][/]"

    def cycle(self, step: int) -> None:
        self.kind = KINDS[(KINDS.index(self.kind) + step) % len(KINDS)]
        self.query_one("#kinds", Label).update(self._kinds_line())
        self.refresh_from_sim()

    def refresh_from_sim(self) -> None:
        headers, rows = table_rows(self.sim, self.kind)
        table = self.query_one(DataTable)
        keys = (self.kind, [f"{ns}/{cells[1]}" for ns, cells in rows])
        if keys == self._shown:
            # Same rows: update changed cells in place (ages tick every second) without a rebuild.
            for y, (_, cells) in enumerate(rows):
                for x, cell in enumerate(cells):
                    if table.get_cell_at(Coordinate(y, x)) != cell:
                        table.update_cell_at(Coordinate(y, x), cell, update_width=True)
            return
        self._shown = keys
        self.border_title = f"kubectl get {resolve(self.kind).plural} -A"
        cursor = table.cursor_row
        table.clear(columns=True)
        for x, header in enumerate(headers):
            table.add_column(header, width=max([len(header)] + [len(cells[x]) for _, cells in rows]))
        for key, (_, cells) in zip(keys[1], rows, strict=True):
            table.add_row(*cells, key=key)
        if rows:
            table.move_cursor(row=min(cursor, len(rows) - 1), animate=False)

    def highlighted(self) -> tuple[str, str, str] | None:
        """(kind, namespace, name) of the row under the cursor."""
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        row = table.get_row_at(table.cursor_row)
        return self.kind, str(row[0]), str(row[1])
