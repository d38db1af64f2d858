"""The lesson's dialogs: a prediction asked before an event runs, and the completion screen."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from ...tutor.tutor import Tutor

DIALOG_CSS = """
{name} {{ align: center middle; background: $background 40%; }}
{name} > Vertical {{ width: 72; max-width: 96%; height: auto; max-height: 90%; border: thick $accent;
                     background: $surface; padding: 1 2; }}
{name} .title {{ text-style: bold; color: $accent; margin-bottom: 1; }}
{name} OptionList {{ height: auto; border: none; margin-top: 1; }}
{name} .keys {{ color: $text-muted; }}
"""


class PredictDialog(ModalScreen[int | None]):
    """Predict, then observe: simulated time waits until the learner answers."""

    DEFAULT_CSS = DIALOG_CSS.format(name="PredictDialog")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(str(n), f"choose({n})", show=False, id=f"choice-{n}") for n in range(1, 7)
    ]

    def __init__(self, question: str, choices: list[str]) -> None:
        super().__init__()
        self.question = question
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Predict — then watch what happens", classes="title")
            yield Static(Text(self.question))
            yield OptionList(*(Option(Text(f"{i}. {choice}"), id=str(i)) for i, choice in
                               enumerate(self.choices, 1)), id="choices")
            yield Label(f"1–{len(self.choices)} or ↑↓ enter: your answer · simulated time waits for it",
                        classes="keys", markup=False)

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_index + 1)

    def action_choose(self, n: int) -> None:
        if 1 <= n <= len(self.choices):
            self.dismiss(n)


class CompletionScreen(ModalScreen[str | None]):
    DEFAULT_CSS = DIALOG_CSS.format(name="CompletionScreen")
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "stay", "Stay in the cluster", id="stay")]

    def __init__(self, tutor: Tutor) -> None:
        super().__init__()
        self.tutor = tutor

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"Lesson complete: {self.tutor.lesson.title}", classes="title")
            yield Static(summary(self.tutor), id="summary")
            yield OptionList(Option("▶ Next lesson", id="next"), Option("⌂ Back to the lessons", id="home"),
                             Option("◎ Stay in this cluster and explore", id="stay"), id="after")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_stay(self) -> None:
        self.dismiss("stay")


def summary(tutor: Tutor) -> Text:
    totals = tutor.totals
    steps = len(tutor.lesson.steps)
    text = Text()
    text.append(f"Steps: {steps - len(totals.assisted)} of {steps} on your own")
    text.append(f" ({len(totals.assisted)} assisted)\n" if totals.assisted else "\n")
    text.append(f"Commands and keys: {totals.commands} (the solutions use {tutor.solution_size()})\n")
    text.append(f"Hints: {totals.hints}\n")
    if totals.predictions:
        text.append(f"Predictions right: {totals.predictions_right} of {totals.predictions}\n")
    text.append(f"Time: {_minutes(tutor.sim_seconds())} simulated, {_minutes(tutor.wall_seconds())} yours")
    return text


def _minutes(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 60} min {s % 60} s" if s >= 60 else f"{s} s"
