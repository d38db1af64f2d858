"""The output pane: the commands run and what they printed, like a terminal's scrollback.

It takes the place of the map and the resources pane while open (as k9s shows a
describe or a log full width, and `esc` comes back), so kubectl's wide tables fit.
Lines are not wrapped: a wide table scrolls sideways instead of breaking apart.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import RichLog

from .event_log import clock_text

MAX_LINES = 5000


class OutputPane(RichLog):
    DEFAULT_CSS = """
    OutputPane { height: 1fr; border: round $accent; scrollbar-size-vertical: 1;
                 scrollbar-size-horizontal: 1; display: none; }
    OutputPane.-open { display: block; }
    """
    # j/k scroll like the rest of the app's lists (the arrows already do, as in any RichLog).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "scroll_down", show=False), Binding("k", "scroll_up", show=False),
        Binding("g", "scroll_home", show=False), Binding("G", "scroll_end", show=False)]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, wrap=False, markup=False, highlight=False, auto_scroll=True, max_lines=MAX_LINES)
        self.border_title = "output"
        self.border_subtitle = "o or esc: back to the map · ↑↓ PgUp PgDn scroll"
        self.commands = 0

    def command(self, line: str, output: str, ok: bool, *, now: float, source: str = "") -> None:
        """Echo a command as a shell prompt, then its output (errors in red)."""
        if self.commands:
            self.write(Text(""))
        self.commands += 1
        head = Text(f"{clock_text(now)} ", style="dim")
        head.append(f"$ {line}", style="bold")
        if source:
            head.append(f"   ({source})", style="dim italic")
        self.write(head)
        body = output.rstrip("\n")
        if body:
            self.write(Text(body, style="" if ok else "bold red"))
        elif ok:
            self.write(Text("(no output)", style="dim"))

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")
