"""Small modal dialogs: ask a number (scale), confirm (delete)."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from ...core.quantity import decimal

DIALOG_CSS = """
ModalScreen { align: center middle; }
ModalScreen > Vertical { width: 64; height: auto; border: thick $accent; background: $surface; padding: 1 2; }
ModalScreen .command { color: $accent; text-style: bold; margin: 1 0; }
"""


class AskNumber(ModalScreen[int | None]):
    """Ask for a whole number; the command it will run is shown as the learner types."""

    DEFAULT_CSS = DIALOG_CSS
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="cancel")]

    def __init__(self, title: str, preview: Callable[[int | None], str], value: int) -> None:
        super().__init__()
        self.title_text = title
        self.preview = preview  # the command line for a number (None: not a number yet)
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text)
            yield Label(self.preview(self.value), classes="command", id="preview", markup=False)
            yield Input(str(self.value), type="integer", id="number")

    def on_input_changed(self, event: Input.Changed) -> None:
        number = int(event.value) if event.value.lstrip("-").isdigit() else None
        self.query_one("#preview", Label).update(self.preview(number))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        value = event.value
        number = decimal(value.removeprefix("-"))
        self.dismiss(None if number is None else -number if value.startswith("-") else number)

    def action_cancel(self) -> None:
        self.dismiss(None)


class Confirm(ModalScreen[bool]):
    DEFAULT_CSS = DIALOG_CSS
    BINDINGS: ClassVar[list[BindingType]] = [Binding("y", "answer(True)", "Yes", id="yes"),
                                             Binding("n,escape", "answer(False)", "No", id="no")]

    def __init__(self, question: str, command: str) -> None:
        super().__init__()
        self.question = question
        self.command = command

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.question)
            yield Label(self.command, classes="command", markup=False)
            yield Label("[b]y[/b] yes    [b]n[/b] no")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
