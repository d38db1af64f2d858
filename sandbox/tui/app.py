"""The KubeSandbox Textual app: home, free play, help; time pacing; error reporting."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.markup import escape
from textual.screen import Screen

from ..kubectl.session import Session
from . import errorlog
from .history import HISTORY_FILE, CommandHistory
from .keys import PLAY_KEYS, display_key
from .screens.actions import ClusterScreen
from .screens.play import PlayScreen
from .theme import COLORBLIND_THEME, DEFAULT_THEME, THEMES

LOG_FILE = "kubesandbox.log"


def default_data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("kubesandbox", appauthor=False))


class KubeSandboxApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "KubeSandbox"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", id="quit", show=False)]

    def __init__(self, session_factory: Callable[[], Session], *, start: str = "home",
                 tick_interval: float | None = 0.25, data_dir: Path | None = None,
                 theme: str = DEFAULT_THEME) -> None:
        super().__init__()
        self.session_factory = session_factory
        self.start = start
        #: wall seconds between simulation ticks; None in tests (they advance time themselves)
        self.tick_interval = tick_interval
        self.data_dir = data_dir
        #: the command line's history, kept across sessions
        self.command_history = CommandHistory(self._data_file(HISTORY_FILE))
        for t in THEMES:
            self.register_theme(t)
        self.theme = theme

    def on_mount(self) -> None:
        if self.start == "play":
            self.open_play()
        else:
            from .screens.home import HomeScreen

            self.push_screen(HomeScreen())

    def open_play(self) -> None:
        screen = PlayScreen(self.session_factory())
        screen.history = self.command_history
        self.push_screen(screen)

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        self.push_screen(HelpScreen())

    # ---- resilience --------------------------------------------------------

    @property
    def log_path(self) -> Path:
        return self._data_file(LOG_FILE)

    def _data_file(self, name: str) -> Path:
        return (self.data_dir or default_data_dir()) / name

    def report_error(self, error: BaseException, where: str) -> None:
        """Show the error on screen and append its traceback to the log file; the app goes on."""
        path = errorlog.append(self.log_path, where, error)
        where_to = f" (details in {path})" if path else ""
        message = f"Error while {where}: {error}{where_to}"
        self.notify(message, severity="error", timeout=8)
        log_pane = getattr(self.screen, "log_pane", None)
        if log_pane is not None:
            try:
                log_pane.note(message, error=True)
            except Exception:
                pass

    def _handle_exception(self, error: Exception) -> None:
        """An exception nothing handled: Textual ends the app (exit code 1); the log keeps its traceback too."""
        errorlog.append(self.log_path, "running the app", error, fatal=True)
        super()._handle_exception(error)

    # ---- command palette ---------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Theme: colour-blind safe", "Okabe–Ito colours for every state",
                            partial(setattr, self, "theme", COLORBLIND_THEME))
        yield SystemCommand("Theme: KubeSandbox default", "The default colours",
                            partial(setattr, self, "theme", DEFAULT_THEME))
        if isinstance(screen, ClusterScreen):
            for key in PLAY_KEYS:
                if key.palette:
                    # The palette reads help as markup: a key such as `/` would close a tag ("[/]").
                    help_text = escape(f"{key.help}  [{display_key(key.key)}]" + (f"  $ {key.command}" if key.command
                                                                                  else ""))
                    yield SystemCommand(key.description, help_text, partial(self.run_action, key.action, screen))
