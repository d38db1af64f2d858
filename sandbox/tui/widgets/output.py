"""The output pane: the commands run and what they printed, like a terminal's scrollback.

It opens below the map, in the event log's place, so the learner reads a result while
the map shows the cluster react; `esc` or `o` closes it. Long lines wrap at the pane's
width (and wrap again when it resizes), so nothing is cut off.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.events import Resize
from textual.widgets import RichLog

from ...kubectl.ages import clock_text

OUTPUT_HINT = "o or esc: back to the events · ↑↓ PgUp PgDn scroll"
MAX_COMMANDS = 500


@dataclass(frozen=True)
class Ran:
    """One command as the pane shows it."""

    line: str
    output: str
    ok: bool
    now: float
    source: str


class OutputPane(RichLog):
    DEFAULT_CSS = """
    OutputPane { height: 50%; min-height: 6; border: round $accent; scrollbar-size-vertical: 1; display: none; }
    OutputPane.-open { display: block; }
    OutputPane > .output--muted { color: $text-muted; }
    OutputPane > .output--command { text-style: bold; }
    OutputPane > .output--error { color: $error; text-style: bold; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"output--muted", "output--command", "output--error"}
    # j/k scroll like the rest of the app's lists (the arrows already do, as in any RichLog).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "scroll_down", show=False), Binding("k", "scroll_up", show=False),
        Binding("g", "scroll_home", show=False), Binding("G", "scroll_end", show=False)]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, wrap=True, markup=False, highlight=False, auto_scroll=True)
        self.border_title = "output"
        self.border_subtitle = OUTPUT_HINT
        self.ran: list[Ran] = []

    @property
    def commands(self) -> int:
        return len(self.ran)

    def command(self, line: str, output: str, ok: bool, *, now: float, source: str = "") -> None:
        """Echo a command as a shell prompt, then its output (errors in the error colour)."""
        ran = Ran(line, output, ok, now, source)
        self.ran = [*self.ran[-(MAX_COMMANDS - 1):], ran]
        self._write(ran, first=len(self.ran) == 1)

    def _write(self, ran: Ran, *, first: bool) -> None:
        muted = self.get_component_rich_style("output--muted", partial=True)
        width = self.scrollable_content_region.width or None
        if not first:
            self.write(Text(""), width=width)
        head = Text(f"{clock_text(ran.now)} ", style=muted)
        head.append(f"$ {ran.line}", style=self.get_component_rich_style("output--command", partial=True))
        if ran.source:
            head.append(f"   ({ran.source})", style=muted)
        self.write(head, width=width)
        body = ran.output.rstrip("\n")
        if body:
            style = "" if ran.ok else self.get_component_rich_style("output--error", partial=True)
            self.write(Text(body, style=style), width=width)
        elif ran.ok:
            self.write(Text("(no output)", style=muted), width=width)

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _: self._rewrite())

    def on_resize(self, _: Resize) -> None:
        self._rewrite()  # RichLog wraps a line when it is written: write them again at the new width

    def _rewrite(self) -> None:
        self.clear()
        for i, ran in enumerate(self.ran):
            self._write(ran, first=i == 0)

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")
