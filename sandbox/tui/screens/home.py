"""The home screen: what the sandbox is, the lessons (with the learner's progress), free play (fresh, with
the shop, or resumed as the learner left it), and quit.

One OptionList (`#home-menu`) holds every choice, each with an id: `lesson:ID`, `resume`, `play`,
`play-shop`, `quit`.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Footer, Label, OptionList, Static
from textual.widgets.option_list import Option

from ...kubectl.ages import clock_text
from .base import SandboxScreen

INTRO = ("A simulated Kubernetes cluster in your terminal, to learn by doing:\n"
         "type real kubectl commands or press keys, and watch the cluster react.")
STATE_MARKS = {"new": "○", "in progress": "◐", "done": "●"}
PLAY = "▶ Free play — a fresh cluster: every command, every key, a chaos menu"
PLAY_SHOP = "▶ Free play with the shop app (MySQL, frontend, nginx, load balancer)"
QUIT = "■ Quit (ctrl+q)"


def commands(count: int) -> str:
    return f"{count} command" + ("" if count == 1 else "s")


class HomeScreen(SandboxScreen[None]):
    DEFAULT_CSS = """
    HomeScreen { align: center middle; }
    HomeScreen > Vertical { width: 84; max-width: 96%; height: auto; max-height: 100%; }
    HomeScreen #title { text-style: bold; color: $accent; }
    HomeScreen .heading { margin-top: 1; text-style: bold; }
    HomeScreen OptionList { height: auto; max-height: 20; }
    HomeScreen #broken { color: $error; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "play", "Free play", id="free-play"),
        Binding("question_mark", "app.help", "Help", id="home-help"),
        Binding("ctrl+q", "app.quit", "Quit", id="home-quit", priority=True),  # shown: the app's is not
    ]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("KubeSandbox", id="title")
            yield Static(INTRO, markup=False)
            yield Label("Lessons  (enter opens one; the next unfinished is highlighted)", classes="heading")
            yield OptionList(id="home-menu")
            yield Static(id="broken", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_lessons()
        self.query_one(OptionList).focus()

    def on_screen_resume(self) -> None:
        self.refresh_lessons()  # back from a lesson (its state has changed) or from free play (kept to resume)

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
            # Italic, not a muted colour: it must read on the highlighted row too.
            label.append(f"  · {lesson.minutes} min · {self._state_words(mine.state, mine.current_step, lesson)}",
                         style="italic")
            menu.add_option(Option(label, id=f"lesson:{lesson.id}"))
        menu.add_option(None)
        kept = self.app.kept_play
        if kept is not None:
            resume = (f"▶ Resume free play — your cluster as you left it ({clock_text(kept.sim.now)}, "
                      f"{commands(kept.commands_run)})")
            menu.add_option(Option(Text(resume), id="resume"))
        menu.add_option(Option(Text(PLAY), id="play"))
        menu.add_option(Option(Text(PLAY_SHOP), id="play-shop"))
        menu.add_option(Option(Text(QUIT), id="quit"))
        # Back from free play, enter resumes it (an accidental esc, then enter, is harmless); else the next
        # lesson, or free play. (The separator is not an option: the first choice after it is len(lessons).)
        menu.highlighted = next_up if next_up is not None and kept is None else len(lessons)
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
        elif option_id == "resume":
            self.app.resume_play()
        elif option_id == "play":
            self.start_play(None)
        elif option_id == "play-shop":
            self.start_play("shop")
        elif option_id == "quit":
            self.app.exit()

    def action_play(self) -> None:
        """`p`: back to the kept free play, else a fresh one (never a kept cluster thrown away)."""
        if not self.app.resume_play():
            self.start_play(None)

    def start_play(self, app: str | None) -> None:
        """A fresh cluster; over a kept one the learner changed, only after asking."""
        kept = self.app.kept_play
        if kept is None or not kept.commands_run:
            self.app.open_play(app)
            return
        from .dialogs import Confirm

        def answered(yes: bool | None) -> None:
            if yes:
                self.app.open_play(app)

        self.app.push_screen(Confirm("Start a fresh cluster? The free-play cluster you changed "
                                     f"({commands(kept.commands_run)}) will be lost.",
                                     "choose Resume free play to go back to it instead"), answered)
