"""The home screen: the lessons (with the learner's progress), free play, free play with the shop."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Footer, Label, OptionList, Static
from textual.widgets.option_list import Option

from .base import SandboxScreen

INTRO = ("A simulated Kubernetes cluster in your terminal. Type real kubectl commands or press keys, "
         "and watch the controllers reconcile the cluster.")
STATE_MARKS = {"new": "○", "in progress": "◐", "done": "●"}


class HomeScreen(SandboxScreen[None]):
    DEFAULT_CSS = """
    HomeScreen { align: center middle; }
    HomeScreen > Vertical { width: 84; max-width: 96%; height: auto; max-height: 100%; }
    HomeScreen #title { text-style: bold; color: $accent; margin-bottom: 1; }
    HomeScreen .heading { margin-top: 1; text-style: bold; }
    HomeScreen OptionList { height: auto; max-height: 20; }
    HomeScreen #broken { color: $error; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("p", "play", "Free play", id="free-play"),
                                             Binding("question_mark", "app.help", "Help", id="home-help")]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("KubeSandbox", id="title")
            yield Static(INTRO)
            yield Label("Lessons  (enter opens the highlighted one; the next unfinished is highlighted)",
                        classes="heading")
            yield OptionList(id="home-menu")
            yield Static(id="broken", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_lessons()
        self.query_one(OptionList).focus()

    def on_screen_resume(self) -> None:
        self.refresh_lessons()  # back from a lesson: its state has changed

    def refresh_lessons(self) -> None:
        from ...tutor.catalog import catalog

        lessons, broken = catalog()
        self.lessons = {x.lesson.id: x for x in lessons}
        menu = self.query_one(OptionList)
        menu.clear_options()
        next_up = None
        for loaded in lessons:
            lesson = loaded.lesson
            mine = self.app.progress.lesson(lesson.id)
            if next_up is None and mine.state != "done":
                next_up = menu.option_count
            label = Text(f"{STATE_MARKS[mine.state]} {lesson.order:>2}. {lesson.title}")
            label.append(f"  · {lesson.minutes} min · {self._state_words(mine.state, mine.current_step, lesson)}",
                         style="dim")
            menu.add_option(Option(label, id=f"lesson:{lesson.id}"))
        menu.add_option(None)
        menu.add_option(Option("▶ Free play — the default cluster, every command, a chaos menu", id="play"))
        menu.add_option(Option("▶ Free play with the shop app (MySQL, Node.js frontend, nginx, load balancer)",
                               id="play-shop"))
        menu.highlighted = next_up if next_up is not None else menu.option_count - 2
        self.query_one("#broken", Static).update(Text("\n".join(f"broken lesson: {b.error}" for b in broken)))

    @staticmethod
    def _state_words(state: str, step: int, lesson: object) -> str:
        if state == "in progress":
            return f"continue at step {step + 1}"
        return state

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        if option_id.startswith("lesson:"):
            self.app.open_lesson(self.lessons[option_id.removeprefix("lesson:")])
        elif option_id == "play":
            self.action_play()
        elif option_id == "play-shop":
            self.app.open_play(app="shop")

    def action_play(self) -> None:
        self.app.open_play()
