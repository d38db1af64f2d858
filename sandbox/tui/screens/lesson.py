"""A lesson: the free-play screen with the lesson panel in its slot, and the lesson's keys.

Everything free play has works here (the map, the keys, the command line); the tutor
watches the session, and this screen only draws it and passes the learner's asks on
(hint, next, back, restart, solution, a prediction's answer).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.message import Message

from ..keys import LESSON_KEYS, PLAY_KEYS, KeyAction, bindings
from ..widgets.lesson_panel import LessonPanel
from .actions import ClusterScreen

if TYPE_CHECKING:
    from ...kubectl.session import Session
    from ...tutor.tutor import Tutor


class TutorChanged(Message):
    """The tutor's state moved (a check, an event, a step): redraw the panel; only the newest matters."""

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, TutorChanged)


NARROW = 110  # columns; below this the lesson panel takes the resources column's place


class LessonScreen(ClusterScreen):
    DEFAULT_CSS = """
    LessonScreen.-narrow #side { display: none; }
    LessonScreen.-narrow LessonPanel { width: 50%; }
    LessonScreen.-narrow.-detail #side { display: block; }
    /* Too narrow for three columns: a description (or a why chain) takes the map's place until esc. */
    LessonScreen.-narrow.-detail #map-pane { display: none; }
    /* Beside a lesson the output gives up rows, so a short terminal still shows the step's text. */
    LessonScreen OutputPane { height: 35%; }
    """
    BINDINGS: ClassVar[list[BindingType]] = bindings(LESSON_KEYS)
    KEY_TABLE: ClassVar[list[KeyAction]] = [*LESSON_KEYS, *PLAY_KEYS]

    def __init__(self, session: Session, tutor: Tutor) -> None:
        super().__init__(session, title=f"KubeSandbox · lesson: {tutor.lesson.title}")
        self.tutor = tutor
        self._notes_logged = len(tutor.notes)
        self._asking = False
        self._completed = False

    def compose_slot(self) -> ComposeResult:
        yield LessonPanel(self.tutor, id="lesson-panel")

    def on_mount(self) -> None:
        # (Textual calls ClusterView's on_mount too: handlers run for each class that defines one.)
        self.tutor.listeners.append(self._tutor_changed)
        self.post_message(TutorChanged())

    def on_resize(self) -> None:
        self.set_class(self.size.width < NARROW, "-narrow")

    def on_unmount(self) -> None:
        if self._tutor_changed in self.tutor.listeners:
            self.tutor.listeners.remove(self._tutor_changed)

    def _tutor_changed(self) -> None:
        self.post_message(TutorChanged())

    def on_tutor_changed(self, _: TutorChanged) -> None:
        try:
            self.query_one(LessonPanel).show()
        except Exception as error:
            self.app.report_error(error, "drawing the lesson panel")
        for note in self.tutor.notes[self._notes_logged:]:
            if note.kind == "event":
                self.log_pane.note(f"lesson: {note.text}")
        self._notes_logged = len(self.tutor.notes)
        if self.tutor.pending_predict is not None and not self._asking:
            self._ask_prediction()
        if self.tutor.finished and not self._completed:
            self._completed = True
            self._show_completion()

    # ---- the learner's asks -------------------------------------------------------

    def action_hint(self) -> None:
        if self.tutor.hint() is None:
            self.notify("No more hints for this step: ctrl+o shows the solution.", timeout=4)

    def action_next_step(self) -> None:
        tutor = self.tutor
        if tutor.next():
            return
        from .dialogs import Confirm

        def answered(yes: bool | None) -> None:
            if yes:
                tutor.next(skip=True)

        last = tutor.index + 1 == len(tutor.lesson.steps)
        self.app.push_screen(Confirm("This step's goal is not met yet. Skip it? (It counts as assisted.)",
                                     "yes: the lesson ends" if last else f"yes: on to step {tutor.index + 2}"),
                             answered)

    def action_restart_lesson(self) -> None:
        from .dialogs import Confirm

        def answered(yes: bool | None) -> None:
            if yes:
                self.app.open_lesson(self.tutor.loaded, step=0, replace=self)

        self.app.push_screen(Confirm("Start the lesson over? The cluster goes back to how the lesson began.",
                                     "yes: step 1 on a fresh cluster"), answered)

    def action_scroll_lesson(self, pages: int) -> None:
        self.query_one(LessonPanel).scroll_text(pages)

    def action_previous_step(self) -> None:
        if not self.tutor.back():
            self.notify("This is the first step of this visit.", timeout=3)

    def action_restart_step(self) -> None:
        self.tutor.restart_step()

    def action_show_solution(self) -> None:
        from .dialogs import Confirm

        def answered(yes: bool | None) -> None:
            if yes:
                lines = self.tutor.solution()
                self._show_detail(f"solution of step {self.tutor.index + 1}", "\n".join(lines) or "(nothing to do)")

        self.app.push_screen(Confirm("Show the solution? The step then counts as assisted.",
                                     "yes: the solution shows beside the map"), answered)

    def leave(self) -> None:
        """esc at the top of a lesson asks first: an accidental esc must not end the lesson."""
        from .dialogs import Confirm

        def answered(yes: bool | None) -> None:
            if yes:
                self.app.pop_screen()

        self.app.push_screen(Confirm("Leave the lesson? Your progress is saved: you will come back to the start "
                                     f"of step {self.tutor.index + 1}.", "yes: back to the home screen"), answered)

    # ---- questions and the end -----------------------------------------------------

    def _ask_prediction(self) -> None:
        from .lesson_dialogs import PredictDialog

        index = self.tutor.pending_predict
        assert index is not None
        predict = self.tutor.step.events[index].predict
        assert predict is not None
        self._asking = True

        def answered(choice: int | None) -> None:
            self._asking = False
            if choice is not None:
                self.tutor.answer(choice)

        self.app.push_screen(PredictDialog(predict.question, predict.choices), answered)

    def _show_completion(self) -> None:
        from .lesson_dialogs import CompletionScreen

        def chosen(what: str | None) -> None:
            if what == "home":
                self.app.pop_screen()
            elif what == "next":
                self.app.open_next_lesson(after=self.tutor.lesson.id, replace=self)

        self.app.push_screen(CompletionScreen(self.tutor), chosen)
