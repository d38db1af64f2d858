"""The home screen: what the sandbox is, the lessons, free play (fresh, with the shop, or resumed), quit.

The lessons live in their own container (`#lessons`); the menu is one OptionList (`#home-menu`)
whose options carry ids, so lesson entries can join it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Footer, Label, OptionList, Static
from textual.widgets.option_list import Option

from ..widgets.event_log import clock_text
from .base import SandboxScreen

if TYPE_CHECKING:
    from textual.events import ScreenResume

INTRO = ("A simulated Kubernetes cluster in your terminal, to learn by doing:\n"
         "type real kubectl commands or press keys, and watch the cluster react.")
NO_LESSONS = ("Guided lessons are coming: each one starts a cluster, sets a goal, scripts a failure, "
              "and checks your fix. Until then, free play gives you the whole cluster and a chaos menu.")
PLAY = "▶ Free play — a fresh cluster: every command, every key, a chaos menu"
PLAY_SHOP = "▶ Free play with the shop app — a small web shop in namespace shop"
QUIT = "■ Quit (ctrl+q)"


def commands(count: int) -> str:
    return f"{count} command" + ("" if count == 1 else "s")


class HomeScreen(SandboxScreen[None]):
    DEFAULT_CSS = """
    HomeScreen { align: center middle; }
    HomeScreen > Vertical { width: 96; max-width: 100%; height: auto; padding: 0 1; }
    HomeScreen #title { text-style: bold; color: $accent; }
    HomeScreen #intro { margin-bottom: 1; }
    HomeScreen .heading { text-style: bold; }
    HomeScreen #lessons { height: auto; margin-bottom: 1; }
    HomeScreen #lessons-note { color: $text-muted; }
    HomeScreen OptionList { height: auto; max-height: 12; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "play", "Free play", id="free-play"),
        Binding("question_mark", "app.help", "Help", id="home-help"),
        Binding("ctrl+q", "app.quit", "Quit", id="home-quit"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("KubeSandbox", id="title")
            yield Static(INTRO, id="intro", markup=False)
            with Vertical(id="lessons"):
                yield Label("Lessons", classes="heading")
                yield Static(NO_LESSONS, id="lessons-note", markup=False)
            yield Label("Play", classes="heading")
            yield OptionList(*self._menu(), id="home-menu")
        yield Footer()

    def _menu(self) -> list[Option]:
        options = []
        kept = self.app.kept_play
        if kept is not None:
            options.append(Option(f"▶ Resume free play — your cluster as you left it ({clock_text(kept.sim.now)}, "
                                  f"{commands(kept.commands_run)})", id="resume"))
        options += [Option(PLAY, id="play"), Option(PLAY_SHOP, id="play-shop"), Option(QUIT, id="quit")]
        return options

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_screen_resume(self, _: ScreenResume) -> None:
        """Back home: the menu offers to resume a kept free play, highlighted, so enter goes back to it."""
        menu = self.query_one(OptionList)
        menu.clear_options()
        menu.add_options(self._menu())
        menu.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        choice = event.option.id
        if choice == "resume":
            self.app.resume_play()
        elif choice == "play":
            self.start_play(None)
        elif choice == "play-shop":
            self.start_play("shop")
        elif choice == "quit":
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
