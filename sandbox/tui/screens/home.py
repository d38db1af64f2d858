"""The home screen: the lessons (with progress) and free play."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Footer, Label, OptionList, Static
from textual.widgets.option_list import Option

from .base import SandboxScreen

INTRO = ("A simulated Kubernetes cluster in your terminal. Type real kubectl commands or press keys, "
         "and watch the controllers reconcile the cluster.")
NO_LESSONS = ("Guided lessons are coming: each one starts a cluster, sets a goal, scripts a failure, "
              "and checks your fix. Until then, free play gives you the whole cluster and a chaos menu.")


class HomeScreen(SandboxScreen[None]):
    DEFAULT_CSS = """
    HomeScreen { align: center middle; }
    HomeScreen > Vertical { width: 80; max-width: 96%; height: auto; }
    HomeScreen #title { text-style: bold; color: $accent; margin-bottom: 1; }
    HomeScreen #lessons-note { color: $text-muted; margin: 1 0; }
    HomeScreen OptionList { height: auto; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("p", "play", "Free play", id="free-play"),
                Binding("question_mark", "app.help", "Help", id="home-help")]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("KubeSandbox", id="title")
            yield Static(INTRO)
            yield Label("Lessons", classes="heading")
            yield Static(NO_LESSONS, id="lessons-note")
            yield OptionList(Option("▶ Free play — the default cluster, every command, a chaos menu", id="play"),
                             id="home-menu")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == "play":
            self.action_play()

    def action_play(self) -> None:
        self.app.open_play()
