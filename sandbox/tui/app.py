"""The KubeSandbox Textual app: home, free play, help; time pacing; error reporting.

Free play is kept when the learner goes home (`esc`), as a game keeps a saved game: the
screen is installed, so popping it does not destroy it, and the home screen offers to
resume it. Starting a fresh cluster over a changed one asks first.
"""

from __future__ import annotations

import time
from asyncio import AbstractEventLoop
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.actions import SkipAction
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from ..core.gc_tuning import freeze_imports
from . import errorlog
from .history import HISTORY_FILE, CommandHistory
from .keys import PLAY_KEYS, display_key
from .screens.actions import ClusterScreen
from .screens.play import PlayScreen
from .theme import COLORBLIND_THEME, DEFAULT_THEME, THEMES

if TYPE_CHECKING:
    from textual.app import AutopilotCallbackType

    from ..kubectl.session import Session
    from ..tutor.loader import LoadedLesson
    from ..tutor.progress import ProgressStore
    from ..tutor.tutor import Tutor

LOG_FILE = "kubesandbox.log"
PLAY = "play"  # the name the kept free-play screen is installed under


class KubeSandboxApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "KubeSandbox"
    # Priority: these act even while a typed line runs in its thread (screens/cluster.py run_typed).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", id="quit", show=False, priority=True),
        Binding("ctrl+c", "quit_running", "Quit", id="quit-running", show=False, priority=True),
        Binding("escape", "stop_waiting", "Stop the wait", id="stop-waiting", show=False, priority=True),
    ]

    def __init__(self, session_factory: Callable[..., Session], *, start: str = "home",
                 tick_interval: float | None = 0.25, data_dir: Path | None = None,
                 theme: str = DEFAULT_THEME, start_step: int | None = None,
                 wall_clock: Callable[[], float] = time.monotonic, sample_app: str | None = None,
                 building: str | None = None) -> None:
        """`session_factory()` builds the default cluster, `session_factory(app="shop")` one with the shop.

        `sample_app`: the app `start="play"` deploys. `building` names a cluster that takes seconds to
        build ("500 worker nodes"): free play then builds it in a thread while a progress screen says
        what is being built.
        """
        super().__init__()
        #: the real time lessons report on their completion screen (a fixed clock in tests)
        self.wall_clock = wall_clock
        #: the step a `lesson:ID` start opens at (None: where the learner left it)
        self.start_step = start_step
        self.session_factory = session_factory
        self.start = start
        self.sample_app = sample_app
        #: wall seconds between simulation ticks; None in tests (they advance time themselves)
        self.tick_interval = tick_interval
        self.data_dir = data_dir
        self.building = building
        self._progress: ProgressStore | None = None
        #: the command line's history, kept across sessions
        self.command_history = CommandHistory(self._data_file(HISTORY_FILE))
        for t in THEMES:
            self.register_theme(t)
        self._first_theme(theme)

    def _first_theme(self, name: str) -> None:
        """Start in theme `name` without parsing the stylesheets twice.

        Setting `theme` (textual/app.py App._watch_theme) has refresh_css parse every stylesheet into a
        throwaway Stylesheet once the app runs, and leaves the app's own to parse them all again. Nothing
        is parsed yet here, so the watcher's work is done now, less that: App.__init__ made the stylesheet's
        variables before this app's themes were registered, so they are set again. It calls Textual's
        private helpers of that watcher: pyproject.toml pins textual, and a snapshot test fails if they change.
        """
        self.set_reactive(App.theme, self._validate_theme(name))
        dark = self.current_theme.dark
        classes = {cls: False for cls in self.classes if cls.startswith("-theme-")}
        self.update_classes({**classes, f"-theme-{name}": True, "-dark-mode": dark, "-light-mode": not dark},
                            update=False)
        self._refresh_truecolor_filter(self.ansi_theme)
        self._invalidate_css()
        self.stylesheet.set_variables(self.get_css_variables())

    def run(self, *, headless: bool = False, inline: bool = False, inline_no_clear: bool = False,
            mouse: bool = True, size: tuple[int, int] | None = None, auto_pilot: AutopilotCallbackType | None = None,
            loop: AbstractEventLoop | None = None) -> None:
        """Run the app for real (tests use run_test): what is imported by now lives as long as the process."""
        freeze_imports()
        return super().run(headless=headless, inline=inline, inline_no_clear=inline_no_clear, mouse=mouse, size=size,
                           auto_pilot=auto_pilot, loop=loop)

    @property
    def _background_screens(self) -> list[Screen[Any]]:
        """The screens that show through the top one: none when the top screen is opaque.

        Textual's own list (textual/app.py `App._background_screens`) always holds the screen below the
        top one, though `Screen.render` (textual/screen.py) draws it only under a translucent background.
        Free play opens over the app's default screen: counted as visible, that hidden screen is resized
        and laid out with the top one and hands its repaint on to it, one frame after the top screen has
        settled. A translucent screen (a dialog, the editor) still gets Textual's list.
        """
        stack = self._screen_stack
        if stack and stack[-1].styles.background.a == 1:
            return []
        return super()._background_screens

    def on_mount(self) -> None:
        if self.start == "play":
            self.open_play(self.sample_app)  # the home screen is built when the learner first goes there
        elif self.start.startswith("lesson:"):
            from ..tutor.catalog import find

            self.go_home()
            loaded = find(self.start.removeprefix("lesson:"))
            if loaded is not None:
                self.open_lesson(loaded, step=self.start_step)
        else:
            self.go_home()

    def _running_screen(self) -> ClusterScreen | None:
        screen = self.screen
        return screen if isinstance(screen, ClusterScreen) and screen.busy else None

    def action_quit_running(self) -> None:
        """ctrl+c while a typed line runs quits, as it stops a program in a shell; otherwise it is Textual's
        (copy in a text field, else a reminder that ctrl+q quits)."""
        if self._running_screen() is None:
            raise SkipAction
        self.exit()

    def action_stop_waiting(self) -> None:
        """esc while a `sim wait` runs stops it; otherwise esc is the screen's (back, close)."""
        screen = self._running_screen()
        if screen is None or not screen.stop_waiting():
            raise SkipAction

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
        from textual.worker import get_current_worker

        from ..core import interrupt

        worker = get_current_worker()
        try:
            with interrupt.stop_when(lambda: worker.is_cancelled):  # the app quits: the build stops
                session = factory()
        except interrupt.Interrupted:
            return
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
        screen.history = self.command_history
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

        self.push_screen(HelpScreen(getattr(self.screen, "KEY_TABLE", PLAY_KEYS)))

    # ---- lessons -------------------------------------------------------------

    @property
    def progress(self) -> ProgressStore:
        from ..datafolder import default_folder
        from ..tutor.progress import ProgressStore

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
        from ..datafolder import default_folder  # not via tutor.progress: pydantic is not needed at start

        return (self.data_dir or default_folder()) / name

    def report_error(self, error: BaseException, where: str) -> None:
        """Show the error on screen and append its traceback to the log file; the app goes on."""
        path = errorlog.append(self.log_path, where, error)
        where_to = f" (details in {path})" if path else ""
        message = f"Error while {where}: {error}{where_to}"
        self.notify(message, severity="error", timeout=8, markup=False)
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
                    yield SystemCommand(key.description, palette_help(key.help, key.key, key.command),
                                        partial(self.run_action, key.action, screen))


def palette_help(help_text: str, key: str, command: str) -> str:
    """A key's line in the command palette, which reads it as markup: every `[` escaped, so `[/]` and `[N]`
    stay text (Textual's own escape leaves `[N]`, an upper-case word, for the parser to take as a tag)."""
    text = f"{help_text}  [{display_key(key)}]" + (f"  $ {command}" if command else "")
    return text.replace("[", r"\[")
