"""The lesson panel beside the map: the step's text, its goal as a live checklist, and what the lesson said.

It draws the tutor's state; it changes nothing. Lesson text is Markdown from a data file:
it goes through Textual's Markdown widget (which reads Markdown, not console markup), and
every other line from the lesson is plain Text, so no lesson can break the screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Markdown, Static

if TYPE_CHECKING:
    from ...tutor.tutor import Tutor

BAR_WIDTH = 20
NOTE_TITLES = {"event": "The lesson", "predict": "Your prediction", "done": "What happened", "hint": "Hint"}


def progress_bar(done: int, total: int, width: int = BAR_WIDTH) -> str:
    filled = round(width * done / total) if total else width
    return "█" * filled + "░" * (width - filled)


class LessonPanel(VerticalScroll):
    DEFAULT_CSS = """
    LessonPanel { width: 40%; min-width: 34; max-width: 64; border: round $accent; padding: 0 1; }
    LessonPanel #lesson-head { color: $text-muted; }
    LessonPanel #step-title { text-style: bold; color: $accent; margin-top: 1; }
    LessonPanel Markdown { margin: 0; padding: 0; }
    LessonPanel .checklist { margin-top: 1; }
    LessonPanel .note { margin-top: 1; color: $text-muted; }
    LessonPanel #lesson-keys { margin-top: 1; color: $text-muted; }
    """

    def __init__(self, tutor: Tutor, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.tutor = tutor
        self.border_title = "lesson"
        self._shown_step: int | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="lesson-head", markup=False)
        yield Static(id="step-title", markup=False)
        yield Markdown(id="step-text")
        yield Static(id="checklist", classes="checklist", markup=False)
        yield Markdown(id="notes", classes="note")
        yield Static(id="lesson-keys", markup=False)

    def on_mount(self) -> None:
        self.show()

    def show(self) -> None:
        tutor = self.tutor
        lesson, index = tutor.lesson, tutor.index
        total = len(lesson.steps)
        head = f"{lesson.title}\nstep {index + 1} of {total}  {progress_bar(len(tutor.completed), total)}"
        self.query_one("#lesson-head", Static).update(Text(head))
        self.query_one("#step-title", Static).update(Text(tutor.step.title))
        if self._shown_step != index:
            self._shown_step = index
            self.query_one("#step-text", Markdown).update(tutor.step.text)
            self.scroll_home(animate=False)
        self.query_one("#checklist", Static).update(checklist_text(tutor))
        self.query_one("#notes", Markdown).update(notes_markdown(tutor))
        self.query_one("#lesson-keys", Static).update(Text(keys_line(tutor)))


def checklist_text(tutor: Tutor) -> Text:
    text = Text()
    if tutor.step.goal is None:
        text.append("Read, then press n for the next step.", style="italic")
        return text
    for line in tutor.checklist:
        text.append("✓ " if line.ok else "✗ ", style="bold green" if line.ok else "bold red")
        text.append(line.label + "\n")
        if line.ok and line.seen.startswith("you "):  # a key or a line: show what it stood for
            text.append(f"    {line.seen}\n", style="dim")
    if tutor.done:
        text.append("\nStep done — press n for the next step.", style="bold")
    if tutor.pending_predict is not None:
        text.append("\nThe lesson asks you a question: answer it to go on.", style="bold")
    return text


def notes_markdown(tutor: Tutor) -> str:
    """What the lesson said during this step, newest last: events, prediction answers, hints, the wrap-up."""
    return "\n\n".join(f"**{NOTE_TITLES.get(note.kind, note.kind)}:** {note.text}" for note in tutor.step_notes())


def keys_line(tutor: Tutor) -> str:
    hints_left = len(tutor.step.hints) - tutor.hints_shown
    return (f"t hint ({hints_left} left) · n next · b back · ctrl+r restart step · ctrl+o solution")
