"""Small modal dialogs over the map: ask a number (scale), confirm (delete, a fresh cluster).

They sit low on the screen over a lightly dimmed view, so the learner still sees the map
and the object selected on it while answering.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from ...core.quantity import decimal

T = TypeVar("T")


class Dialog(ModalScreen[T]):
    DEFAULT_CSS = """
    Dialog { align: center bottom; background: $background 10%; }
    Dialog > Vertical { width: 72; max-width: 96%; height: auto; border: thick $accent; background: $surface;
                        padding: 0 2; margin-bottom: 3; }
    Dialog Label { width: 1fr; }
    Dialog .command { color: $accent; text-style: bold; }
    Dialog .keys { color: $text-muted; }
    """


class AskNumber(Dialog[int | None]):
    """Ask for a whole number; the command it will run is shown as the learner types."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="cancel")]

    def __init__(self, title: str, preview: Callable[[int | None], str], value: int) -> None:
        super().__init__()
        self.title_text = title
        self.preview = preview  # the command line for a number (None: not a number yet)
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, markup=False)
            yield Label(self.preview(self.value), classes="command", id="preview", markup=False)
            yield Input(str(self.value), type="integer", id="number")
            yield Label("enter runs it · esc cancels", classes="keys", markup=False)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#preview", Label).update(self.preview(_whole(event.value)))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(_whole(event.value))

    def action_cancel(self) -> None:
        self.dismiss(None)


class Confirm(Dialog[bool]):
    """A yes/no question; `detail` says what yes does (the command it runs)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("y", "answer(True)", "Yes", id="yes"),
                                             Binding("n,escape", "answer(False)", "No", id="no")]

    def __init__(self, question: str, detail: str) -> None:
        super().__init__()
        self.question = question
        self.detail = detail

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.question, markup=False)
            yield Label(self.detail, classes="command", markup=False)
            yield Label("y yes · n or esc no", classes="keys", markup=False)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


def _whole(value: str) -> int | None:
    """A typed whole number; None for anything else (a 5,000-digit paste or "²" included)."""
    number = decimal(value.removeprefix("-"))
    return None if number is None else -number if value.startswith("-") else number
