"""The KubeSandbox Textual app: home, free play, help; time pacing; error reporting."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.markup import escape
from textual.screen import Screen

from ..kubectl.session import Session
from . import errorlog
from .history import HISTORY_FILE, CommandHistory
from .keys import PLAY_KEYS, display_key
from .screens.actions import ClusterScreen
from .screens.play import PlayScreen
from .theme import COLORBLIND_THEME, DEFAULT_THEME, THEMES

if TYPE_CHECKING:
    from ..tutor.loader import LoadedLesson
    from ..tutor.progress import ProgressStore
    from ..tutor.tutor import Tutor

LOG_FILE = "kubesandbox.log"


class KubeSandboxApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "KubeSandbox"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+q", "quit", "Quit", id="quit", show=False)]

    def __init__(self, session_factory: Callable[[], Session], *, start: str = "home",
                 tick_interval: float | None = 0.25, data_dir: Path | None = None,
                 theme: str = DEFAULT_THEME, start_step: int | None = None,
                 wall_clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        #: the real time lessons report on their completion screen (a fixed clock in tests)
        self.wall_clock = wall_clock
        #: the step a `lesson:ID` start opens at (None: where the learner left it)
        self.start_step = start_step
        self.session_factory = session_factory
        self.start = start
        #: wall seconds between simulation ticks; None in tests (they advance time themselves)
        self.tick_interval = tick_interval
        self.data_dir = data_dir
        self._progress: ProgressStore | None = None
        #: the command line's history, kept across sessions
        self.command_history = CommandHistory(self._data_file(HISTORY_FILE))
        for t in THEMES:
            self.register_theme(t)
        self.theme = theme

    def on_mount(self) -> None:
        if self.start == "play":
            self.open_play()
        elif self.start.startswith("lesson:"):
            from ..tutor.catalog import find
            from .screens.home import HomeScreen

            self.push_screen(HomeScreen())
            loaded = find(self.start.removeprefix("lesson:"))
            if loaded is not None:
                self.open_lesson(loaded, step=self.start_step)
        else:
            from .screens.home import HomeScreen

            self.push_screen(HomeScreen())

    def open_play(self, app: str | None = None) -> None:
        """Free play on the session the app was started with, or on a fresh cluster running `app`."""
        if app is None:
            session = self.session_factory()
        else:
            from ..core.config import ClusterConfig
            from ..kubectl.apps import scenario

            session = Session(scenario=scenario(ClusterConfig(), app))
        screen = PlayScreen(session)
        screen.history = self.command_history
        self.push_screen(screen)

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        self.push_screen(HelpScreen(getattr(self.screen, "KEY_TABLE", PLAY_KEYS)))

    # ---- lessons -------------------------------------------------------------

    @property
    def progress(self) -> ProgressStore:
        from ..tutor.progress import ProgressStore, default_folder

        if self._progress is None:
            self._progress = ProgressStore(self.data_dir or default_folder())
            for message in self._progress.messages:
                self.notify(message, severity="warning", timeout=12)
        return self._progress

    def open_lesson(self, loaded: LoadedLesson, *, step: int | None = None, replace: Screen[Any] | None = None) -> None:
        """Open a lesson where the learner left it (or at `step`); a broken lesson is reported, not opened."""
        from ..tutor.loader import LessonError
        from ..tutor.progress import progress_of
        from ..tutor.start import open_lesson
        from .screens.lesson import LessonScreen

        lesson_id = loaded.lesson.id
        saved = self.progress.lesson(lesson_id)
        if step is None:
            step = 0 if saved.state == "done" else saved.current_step
        try:
            session, tutor = open_lesson(loaded, step=step, wall_clock=self.wall_clock)
        except LessonError as error:
            self.notify(f"This lesson cannot be opened: {error}", severity="error", timeout=12)
            return
        tutor.totals.commands, tutor.totals.hints = (saved.commands_used, saved.hints_used) if step else (0, 0)

        def save(t: Tutor) -> None:
            try:
                self.progress.update(lesson_id, progress_of(t, self.progress.lesson(lesson_id)))
            except OSError as error:
                self.report_error(error, "saving your progress")

        tutor.on_progress = save
        screen = LessonScreen(session, tutor)
        screen.history = self.command_history
        if replace is not None:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def open_next_lesson(self, *, after: str, replace: Screen[Any] | None = None) -> None:
        from ..tutor.catalog import catalog

        lessons, _ = catalog()
        ids = [x.lesson.id for x in lessons]
        following = lessons[ids.index(after) + 1:] if after in ids else []
        if not following:
            self.notify("That was the last lesson. Free play has the whole cluster for you.", timeout=6)
            self.pop_screen()
            return
        self.open_lesson(following[0], replace=replace)

    # ---- resilience --------------------------------------------------------

    @property
    def log_path(self) -> Path:
        return self._data_file(LOG_FILE)

    def _data_file(self, name: str) -> Path:
        from ..tutor.progress import default_folder

        return (self.data_dir or default_folder()) / name

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

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Theme: colour-blind safe", "Okabe–Ito colours for every state",
                            partial(setattr, self, "theme", COLORBLIND_THEME))
        yield SystemCommand("Theme: KubeSandbox default", "The default colours",
                            partial(setattr, self, "theme", DEFAULT_THEME))
        if isinstance(screen, ClusterScreen):
            for key in screen.KEY_TABLE:
                if key.palette:
                    # The palette reads help as markup: a key such as `/` would close a tag ("[/]").
                    help_text = escape(f"{key.help}  [{display_key(key.key)}]"
                                       + (f"  $ {key.command}" if key.command else ""))
                    yield SystemCommand(key.description, help_text, partial(self.run_action, key.action, screen))
