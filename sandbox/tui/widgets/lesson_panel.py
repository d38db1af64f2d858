"""The lesson panel beside the map: the step's text, its goal as a live checklist, and what the lesson said.

It draws the tutor's state; it changes nothing. Lesson text is Markdown from a data file:
it goes through Textual's Markdown widget (which reads Markdown, not console markup), and
every other line from the lesson is plain Text, so no lesson can break the screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Markdown, Static

from ..theme import DEFAULT_THEME, verdict_colour

if TYPE_CHECKING:
    from ...tutor.tutor import Tutor

BAR_WIDTH = 12
NOTE_TITLES = {"event": "The lesson", "predict": "Your prediction", "done": "What happened", "hint": "Hint"}


def progress_bar(done: int, total: int, width: int = BAR_WIDTH) -> str:
    filled = round(width * done / total) if total else width
    return "█" * filled + "░" * (width - filled)


class LessonPanel(Vertical):
    """The step's text scrolls; the goal's checklist and the keys stay in view below it."""

    DEFAULT_CSS = """
    LessonPanel { width: 40%; min-width: 34; max-width: 64; border: round $accent; padding: 0 1; }
    LessonPanel #lesson-head { color: $text-muted; height: auto; }
    LessonPanel #lesson-body { height: 1fr; scrollbar-size-vertical: 1; }
    LessonPanel #step-title { text-style: bold; color: $accent; }
    LessonPanel Markdown { margin: 0; padding: 0; }
    LessonPanel .note { margin-top: 1; color: $text-muted; }
    LessonPanel #checklist { height: auto; max-height: 10; border-top: solid $accent; }
    LessonPanel #lesson-keys { color: $text-muted; height: auto; }
    """

    def __init__(self, tutor: Tutor, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.tutor = tutor
        self.border_title = "lesson"
        self._shown_step: int | None = None
        self._shown_notes = ""

    def compose(self) -> ComposeResult:
        yield Static(id="lesson-head", markup=False)
        with VerticalScroll(id="lesson-body"):
            yield Static(id="step-title", markup=False)
            yield Markdown(id="step-text")
            yield Markdown(id="notes", classes="note")
        yield Static(id="checklist", markup=False)
        yield Static(id="lesson-keys", markup=False)

    def on_mount(self) -> None:
        self.show()
        self.app.theme_changed_signal.subscribe(self, lambda _: self.show())
        body = self.query_one("#lesson-body", VerticalScroll)
        # The text can run past a short terminal: the head says so until the learner has read to the end.
        for attribute in ("scroll_y", "virtual_size", "show_vertical_scrollbar"):
            self.watch(body, attribute, self._head_after_refresh, init=False)

    def _head_after_refresh(self) -> None:
        self.call_after_refresh(self._show_head)

    def scroll_text(self, pages: int) -> None:
        body = self.query_one("#lesson-body", VerticalScroll)
        if pages > 0:
            body.scroll_page_down(animate=False)
        else:
            body.scroll_page_up(animate=False)

    def _show_head(self) -> None:
        tutor = self.tutor
        total = len(tutor.lesson.steps)
        head = Text(f"step {tutor.index + 1} of {total}  {progress_bar(len(tutor.completed), total)}")
        body = self.query_one("#lesson-body", VerticalScroll)
        if body.scroll_y < body.max_scroll_y:
            head.append("  pgdn ↓", style="bold")
        self.query_one("#lesson-head", Static).update(head)

    def show(self) -> None:
        tutor = self.tutor
        lesson, index = tutor.lesson, tutor.index
        self.border_title = f"lesson: {lesson.title}"
        self._show_head()
        self.query_one("#step-title", Static).update(Text(tutor.step.title))
        if self._shown_step != index:
            self._shown_step = index
            self.query_one("#step-text", Markdown).update(tutor.step.text)
            self.query_one("#lesson-body").scroll_home(animate=False)
        self.query_one("#checklist", Static).update(checklist_text(tutor, self.app.theme))
        notes = notes_markdown(tutor)
        if notes != self._shown_notes:
            self._shown_notes = notes
            self.call_later(self._show_notes, notes)
        self.query_one("#lesson-keys", Static).update(Text(keys_line(tutor)))

    async def _show_notes(self, notes: str) -> None:
        """A new note (a hint, an event, the wrap-up): once drawn, scroll down to it."""
        await self.query_one("#notes", Markdown).update(notes)
        if notes:
            body = self.query_one("#lesson-body")
            body.call_after_refresh(body.scroll_end, animate=False)


def checklist_text(tutor: Tutor, theme: str = DEFAULT_THEME) -> Text:
    text = Text()
    if tutor.step.goal is None:
        text.append("Read, then press n for the next step.", style="italic")
        return text
    for line in tutor.checklist:
        text.append("✓ " if line.ok else "✗ ", style=f"bold {verdict_colour(theme, line.ok)}")
        text.append(line.label)
        if line.ok and line.seen.startswith("you ") and not _said(line.label, line.seen):
            text.append(f"\n    {line.seen}", style="dim")  # a key or a line: show what it stood for
        text.append("\n")
    if tutor.done:
        text.append("Step done — press n for the next step.", style="bold")
    if tutor.pending_predict is not None:
        text.append("The lesson asks you a question: answer it to go on.", style="bold")
    text.rstrip()
    return text


def _said(label: str, seen: str) -> bool:
    """The label already names the line that was run (`list the nodes: kubectl get nodes`)."""
    return seen.partition(": ")[2] in label


def notes_markdown(tutor: Tutor) -> str:
    """What the lesson said during this step, newest last: events, prediction answers, hints, the wrap-up."""
    return "\n\n".join(f"**{NOTE_TITLES.get(note.kind, note.kind)}:** {note.text}" for note in tutor.step_notes())


def keys_line(tutor: Tutor) -> str:
    hints_left = len(tutor.step.hints) - tutor.hints_shown
    # One line at the panel's narrowest (34 columns), so a short terminal keeps its rows for the text.
    return f"t hint ({hints_left}) · n next · ^o answer"
