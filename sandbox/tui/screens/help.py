"""The help screen: every key, what it does, and the command it stands for."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ..keys import PLAY_KEYS, KeyAction, display_key
from ..theme import colour

OTHER_KEYS = [
    ("tab", "Command line: complete commands, kinds, names and flags", ""),
    ("↑ ↓", "Command line: previous and next command", ""),
    ("enter", "Command line: run the line", ""),
    ("tab / shift+tab", "Move focus between map, resources and command line", ""),
    ("ctrl+p", "Command palette: every action by name, and the themes", ""),
    ("ctrl+q", "Quit", ""),
]


def help_table(muted: str, keys: list[KeyAction] = PLAY_KEYS) -> Table:
    """Every key: what it does and what it runs. Cells are Text (never markup), and wrap rather than cut."""
    table = Table(box=None, show_header=True, header_style="bold", pad_edge=False, expand=True)
    table.add_column("key", style="bold", no_wrap=True)
    table.add_column("does", ratio=1, overflow="fold")
    table.add_column("runs", ratio=1, overflow="fold")
    rows = [(display_key(key.key), key.help, key.command) for key in keys] + OTHER_KEYS
    for shown, does, runs in rows:
        table.add_row(Text(shown), Text(does), Text(runs, style=muted))
    return table


def where_to_curl(hints: list[tuple[str, str]]) -> Table:
    """The addresses to curl from outside right now (ingress controllers, routed Ingresses)."""
    table = Table(box=None, show_header=False, pad_edge=False, expand=True)
    table.add_column("where")
    table.add_column("runs", style="dim")
    for label, line in hints:
        table.add_row(Text(label), Text(line))  # hosts and addresses come from the cluster: never markup
    if not hints:
        table.add_row(Text("No ingress controller runs: sim addons enable ingress-nginx starts one; it listens on "
                           "port 80 of its node's IP, and each Ingress it routes gets that ADDRESS"), Text(""))
    return table


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 130; max-width: 98%; height: auto; max-height: 96%;
                                  border: thick $primary; background: $surface; padding: 0 1;
                                  border-title-color: $foreground; border-subtitle-color: $foreground; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,question_mark,q", "close", "Close", id="close-help")]

    def __init__(self, keys: list[KeyAction] = PLAY_KEYS, curl_hints: list[tuple[str, str]] | None = None) -> None:
        super().__init__()
        self.keys = keys
        self.curl_hints = curl_hints  # None: not on a cluster screen

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = "Keys — every key prints the command it stands for"
            scroll.border_subtitle = "esc closes · ↑↓ scroll"
            yield Static(help_table(colour(self.app.theme, "text-muted"), self.keys))
            if self.curl_hints is not None:
                yield Static(Text("\nWhere to curl from outside the cluster", style="bold"))
                yield Static(where_to_curl(self.curl_hints))

    def action_close(self) -> None:
        self.dismiss(None)
