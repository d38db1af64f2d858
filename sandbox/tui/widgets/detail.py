"""The side panel beside the map: describe, YAML, or one node up close."""

from __future__ import annotations

from rich.console import RenderableType
from textual.containers import VerticalScroll
from textual.widgets import Static


class DetailPanel(VerticalScroll):
    DEFAULT_CSS = """
    DetailPanel { width: 1fr; display: none; border: round $accent; }
    DetailPanel.-open { display: block; }
    DetailPanel > Static { width: auto; }
    """

    def compose(self):
        yield Static(id="detail-body", markup=False)

    def show(self, title: str, body: RenderableType) -> None:
        self.border_title = title
        self.query_one("#detail-body", Static).update(body)
        self.add_class("-open")
        self.scroll_home(animate=False)

    def close(self) -> bool:
        """Close the panel; False when it was not open."""
        was_open = self.has_class("-open")
        self.remove_class("-open")
        return was_open

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")
