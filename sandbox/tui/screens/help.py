"""The help screen: every key, what it does, and the command it stands for."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ..keys import PLAY_KEYS, KeyAction, display_key

OTHER_KEYS = [
    ("tab", "Command line: complete commands, kinds, names and flags", ""),
    ("↑ ↓", "Command line: previous and next command", ""),
    ("enter", "Command line: run the line", ""),
    ("tab / shift+tab", "Move focus between map, resources and command line", ""),
    ("ctrl+p", "Command palette: every action by name, and the themes", ""),
    ("ctrl+q", "Quit", ""),
]


def help_table(keys: list[KeyAction] = PLAY_KEYS) -> Table:
    table = Table(box=None, show_header=True, header_style="bold", pad_edge=False, expand=True)
    table.add_column("key", style="bold", no_wrap=True)
    table.add_column("does")
    table.add_column("runs", style="dim")
    for key in keys:
        table.add_row(display_key(key.key), key.help, key.command)
    for shown, does, runs in OTHER_KEYS:
        table.add_row(shown, does, runs)
    return table


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 100; max-width: 96%; height: auto; max-height: 92%;
                                  border: thick $primary; background: $surface; padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,question_mark,q", "close", "Close", id="close-help")]

    def __init__(self, keys: list[KeyAction] = PLAY_KEYS) -> None:
        super().__init__()
        self.keys = keys

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = "Keys — every key prints the command it stands for"
            yield Static(help_table(self.keys))

    def action_close(self) -> None:
        self.dismiss(None)
