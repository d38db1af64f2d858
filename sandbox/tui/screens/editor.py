"""The YAML editor: what `kubectl edit`, `kubectl apply -f -`, `e` and `sim examples NAME` open.

A pane over the right of the screen (the map stays in view on the left), holding a TextArea
with YAML highlighting. The command layer hands it an EditRequest (sandbox/kubectl/editor.py)
and gets the saved text back through `Session.save_edit`, which runs it as kubectl would:
`ctrl+s` saves, `esc` leaves. Leaving `kubectl edit` is quitting the editor without saving,
so kubectl's own answer follows (`Edit cancelled, no changes made.`); a save the server
rejects reopens the file with kubectl's comments at the top. A failed `kubectl apply -f -`
keeps the editor open so the YAML can be fixed (kubectl would have lost it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static, TextArea
from textual.widgets.text_area import LanguageDoesNotExist

if TYPE_CHECKING:
    from ...kubectl.editor import EditRequest
    from ...kubectl.result import CommandResult
    from ...kubectl.session import Session

HINTS = {"edit": "ctrl+s saves (kubectl patches what changed) · esc quits the editor",
         "apply": "ctrl+s applies it · esc closes the editor without applying"}


def yaml_area(text: str) -> TextArea:
    """A code editor with YAML highlighting (tree-sitter); plain text when the grammar is not installed."""
    try:
        area = TextArea.code_editor(text, language="yaml", theme="css", id="editor-text")
    except LanguageDoesNotExist:
        area = TextArea.code_editor(text, language=None, theme="css", id="editor-text")
    area.cursor_blink = False
    return area


class EditorScreen(ModalScreen[str | None]):
    """Dismissed with a note for the event log (or None)."""

    DEFAULT_CSS = """
    EditorScreen { align: right top; background: $background 20%; }
    EditorScreen > Vertical { width: 64%; min-width: 60; height: 100%; border: thick $accent;
                              background: $surface; }
    EditorScreen #editor-title { color: $accent; text-style: bold; padding: 0 1; }
    EditorScreen #editor-text { height: 1fr; border: none; }
    EditorScreen #editor-status { height: auto; max-height: 6; padding: 0 1; color: $text-muted; }
    EditorScreen #editor-status.-error { color: $error; text-style: bold; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save and apply", id="editor-save", priority=True),
        Binding("escape", "cancel", "Cancel", id="editor-cancel", priority=True),
    ]

    def __init__(self, session: Session, request: EditRequest) -> None:
        super().__init__()
        self.session = session
        self.request = request

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"$ {self.request.line}", id="editor-title", markup=False)
            yield yaml_area(self.request.text)
            yield Static(self.hint, id="editor-status", markup=False)

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    @property
    def hint(self) -> str:
        return HINTS[self.request.mode]

    @property
    def text(self) -> str:
        return self.query_one(TextArea).text

    def action_save(self) -> None:
        # A key standing for the command: the line and its answer go to the event log, the map stays in view.
        result = self.session.save_edit(self.request, self.text, source="key", key="ctrl+s")
        self._after(result, closing=False)

    def action_cancel(self) -> None:
        if self.request.mode == "edit":
            # Quitting kubectl's editor without saving leaves the file as it was opened.
            self._after(self.session.save_edit(self.request, self.request.text, source="key", key="esc"),
                        closing=True)
        else:
            self.dismiss(f"{self.request.line}: editor closed, nothing applied")

    def _after(self, result: CommandResult, *, closing: bool) -> None:
        reopened: EditRequest | None = result.data.get("edit")
        if reopened is not None and not closing:
            self.request = reopened  # kubectl reopens the file with the reasons at the top
            area = self.query_one(TextArea)
            area.load_text(reopened.text)
            area.move_cursor((0, 0))
            self._status(result.output or "the file was reopened: the reasons are at the top", error=True)
        elif self.request.mode == "apply" and not result.ok:
            self._status(result.output, error=True)  # keep the YAML to fix it
        else:
            self.dismiss(None)

    def _status(self, message: str, *, error: bool) -> None:
        status = self.query_one("#editor-status", Static)
        status.update(f"{message}\n{self.hint}")
        status.set_class(error, "-error")
