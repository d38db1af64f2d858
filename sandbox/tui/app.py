"""The KubeSandbox Textual app: home, free play, help; time pacing; error reporting.

Free play is kept when the learner goes home (`esc`), as a game keeps a saved game: the
screen is installed, so popping it does not destroy it, and the home screen offers to
resume it. Starting a fresh cluster over a changed one asks first.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.markup import escape
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from .keys import PLAY_KEYS, display_key
from .screens.actions import ClusterScreen
from .screens.play import PlayScreen
from .theme import COLORBLIND_THEME, DEFAULT_THEME, THEMES

if TYPE_CHECKING:
    from ..kubectl.session import Session

LOG_FILE = "kubesandbox.log"
PLAY = "play"  # the name the kept free-play screen is installed under


def default_data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("kubesandbox", appauthor=False))


class KubeSandboxApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "KubeSandbox"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+q", "quit", "Quit", id="quit", show=False)]

    def __init__(self, session_factory: Callable[..., Session], *, start: str = "home",
                 tick_interval: float | None = 0.25, data_dir: Path | None = None,
                 theme: str = DEFAULT_THEME, sample_app: str | None = None, building: str | None = None) -> None:
        """`session_factory()` builds the default cluster, `session_factory(app="shop")` one with the shop.

        `sample_app`: the app `start="play"` deploys. `building` names a cluster that takes seconds to
        build ("500 worker nodes"): free play then builds it in a thread while a progress screen says
        what is being built.
        """
        super().__init__()
        self.session_factory = session_factory
        self.start = start
        self.sample_app = sample_app
        #: wall seconds between simulation ticks; None in tests (they advance time themselves)
        self.tick_interval = tick_interval
        self.data_dir = data_dir
        self.building = building
        for t in THEMES:
            self.register_theme(t)
        self.theme = theme

    def on_mount(self) -> None:
        if self.start == "play":
            self.open_play(self.sample_app)  # the home screen is built when the learner first goes there
        else:
            self.go_home()

    def go_home(self) -> None:
        """Back to the home screen (built now if free play started first); free play stays kept."""
        from .screens.home import HomeScreen

        if any(isinstance(screen, HomeScreen) for screen in self.screen_stack):
            while not isinstance(self.screen, HomeScreen):
                self.pop_screen()
        elif len(self.screen_stack) > 1:
            self.switch_screen(HomeScreen())  # free play is installed: switching away keeps it
        else:
            self.push_screen(HomeScreen())

    # ---- free play: start, keep, resume -------------------------------------

    @property
    def kept_play(self) -> PlayScreen | None:
        """The free-play screen kept while the learner is elsewhere (None: there is none)."""
        if not self.is_screen_installed(PLAY):
            return None
        screen = self.get_screen(PLAY)
        return screen if isinstance(screen, PlayScreen) else None

    def open_play(self, app: str | None = None) -> None:
        """A fresh free-play cluster (with a sample app if named); any kept one is discarded."""
        self.discard_play()
        factory = partial(self.session_factory, app=app) if app else self.session_factory
        if not self.building:
            try:
                session = factory()
            except Exception as error:  # a sample app that cannot be read: say so, stay home
                self.report_error(error, "building the cluster")
                return
            self._show_play(session)
            return
        from .screens.building import BuildingScreen

        self.push_screen(BuildingScreen(self.building + (f" and the {app} app" if app else "")))
        self.run_worker(partial(self._build_in_thread, factory), thread=True, group="build", exclusive=True)

    def _build_in_thread(self, factory: Callable[[], Session]) -> None:
        try:
            session = factory()
        except Exception as error:  # reported on screen like any other failure; the app goes on
            self.call_from_thread(self._built, None, error)
            return
        self.call_from_thread(self._built, session, None)

    def _built(self, session: Session | None, error: Exception | None) -> None:
        from .screens.building import BuildingScreen

        if isinstance(self.screen, BuildingScreen):
            self.pop_screen()
        if session is not None:
            self._show_play(session)
        elif error is not None:
            self.report_error(error, "building the cluster")

    def _show_play(self, session: Session) -> None:
        screen = PlayScreen(session)
        self.install_screen(screen, PLAY)
        self.push_screen(screen)

    def resume_play(self) -> bool:
        """Go back to the kept free-play screen; False when there is none."""
        screen = self.kept_play
        if screen is None:
            return False
        self.push_screen(screen)
        return True

    def discard_play(self) -> None:
        screen = self.kept_play
        if screen is not None and screen not in self.screen_stack:
            self.uninstall_screen(PLAY)
            screen.remove()

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        self.push_screen(HelpScreen())

    # ---- resilience --------------------------------------------------------

    @property
    def log_path(self) -> Path:
        return (self.data_dir or default_data_dir()) / LOG_FILE

    def report_error(self, error: BaseException, where: str) -> None:
        """Show the error on screen and append its traceback to the log file; the app goes on."""
        path = self.log_path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as log:
                log.write(f"--- {datetime.now().isoformat(timespec='seconds')} while {where}\n")
                log.write("".join(traceback.format_exception(error)))
        except OSError:
            path = None  # type: ignore[assignment]
        where_to = f" (details in {path})" if path else ""
        message = f"Error while {where}: {error}{where_to}"
        self.notify(message, severity="error", timeout=8, markup=False)
        log_pane = getattr(self.screen, "log_pane", None)
        if log_pane is not None:
            try:
                log_pane.note(message, error=True)
            except Exception:
                pass

    # ---- command palette ---------------------------------------------------

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Theme: colour-blind safe", "Okabe–Ito colours for every state",
                            partial(setattr, self, "theme", COLORBLIND_THEME))
        yield SystemCommand("Theme: KubeSandbox default", "The default colours",
                            partial(setattr, self, "theme", DEFAULT_THEME))
        if isinstance(screen, ClusterScreen):
            for key in PLAY_KEYS:
                if key.palette:
                    yield SystemCommand(key.description, palette_help(key.help, key.key, key.command),
                                        partial(self.run_action, key.action, screen))


def palette_help(help_text: str, key: str, command: str) -> str:
    """A key's line in the command palette, which reads it as markup: escaped, so `[/]` stays text."""
    return escape(f"{help_text}  [{display_key(key)}]" + (f"  $ {command}" if command else ""))
