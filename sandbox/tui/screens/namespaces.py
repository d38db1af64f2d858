"""The namespace picker (`N`): choosing one runs `kubectl config set-context --current --namespace=NAME`."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option


class NamespacePicker(ModalScreen[str | None]):
    DEFAULT_CSS = """
    NamespacePicker { align: center middle; }
    NamespacePicker > Vertical { width: 64; max-width: 95%; height: auto; max-height: 90%;
                                 border: thick $accent; background: $surface; padding: 0 1; }
    NamespacePicker OptionList { height: auto; max-height: 20; border: none; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close", id="close-namespaces")]

    def __init__(self, names: list[str], current: str) -> None:
        super().__init__()
        self.names = names
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Work in which namespace? (commands without -n use it)", markup=False)
            yield Label("$ kubectl config set-context --current --namespace=NAME", markup=False,
                        classes="command")
            options = [Option(Text(f"{'● ' if name == self.current else '  '}{name}"), id=name) for name in self.names]
            yield OptionList(*options, id="namespace-options")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        if self.current in self.names:
            options.highlighted = self.names.index(self.current)
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.names[event.option_index])

    def action_close(self) -> None:
        self.dismiss(None)
