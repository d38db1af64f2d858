"""The side panel beside the map: describe, YAML, logs, or one node up close.

Long lines wrap at the panel's width (a describe's values stay whole even at 80 columns).
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.markup import escape
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static


class DetailPanel(VerticalScroll):
    DEFAULT_CSS = """
    DetailPanel { width: 1fr; display: none; border: round $accent; }
    DetailPanel.-open { display: block; }
    DetailPanel > Static { width: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        # Kept, not queried: the panel mounts on its first show, before its children are composed.
        self.body = Static(id="detail-body", markup=False)

    def compose(self) -> ComposeResult:
        yield self.body

    def show(self, title: str, body: RenderableType) -> None:
        self.border_title = escape(title)
        self.body.update(body)
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
