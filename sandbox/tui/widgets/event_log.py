"""The event log: the audit log in plain words, plus one line per command run (output: the output pane).

With the log in focus, ↑ and ↓ move a highlight over its lines and the border names the
highlighted change's cause (the change, or your command, that set it off: see core/why.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.events import Resize
from textual.strip import Strip
from textual.widgets import RichLog

from ...core.why import Link, root_of
from ...kubectl.ages import clock_text
from ...kubectl.printers.why import link_text, root_text

if TYPE_CHECKING:
    from ...core.audit import AuditEntry, AuditLog

MAX_LINES = 2000
BACKLOG = 200  # entries shown from before the pane opened
MIN_DRAWN = 14  # lines drawn at once from a burst (the pane's max height) when its size is not known yet
HIGHLIGHT = Style(reverse=True)


# The registry's words for an image it does not have (sandbox/core/images.py pull_error).
PULL_FAILED = "failed to pull and unpack image"
PULL_NOTE = " (sandbox: its registry has only the images `sim images` lists)"


def entry_text(entry: AuditEntry) -> Text:
    text = Text()
    text.append(clock_text(entry.time) + " ", style="dim")
    text.append(entry.actor, style="bold cyan" if entry.actor == "you" else "cyan")
    if entry.event_reason:
        style = "bold yellow" if entry.event_type == "Warning" else "green"
        text.append(f" {entry.event_type} {entry.event_reason}", style=style)
        text.append(f" {entry.object_ref()}: {entry.reason}")
        if PULL_FAILED in entry.reason and entry.event_reason == "Failed":
            text.append(PULL_NOTE, style="italic")
    else:
        text.append(f" {entry.verb} {entry.object_ref()}: ", style="dim")
        text.append(entry.reason)
    return text


class EventLog(RichLog):
    """Follows the audit log; keeps its own lines so a filter can re-show them."""

    DEFAULT_CSS = """
    EventLog { border: round $primary-darken-2; scrollbar-size-vertical: 1; }
    EventLog:focus { border: round $accent; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor(-1)", "Line above", show=False),
        Binding("down,j", "cursor(1)", "Line below", show=False),
    ]

    def __init__(self, audit: AuditLog, *, id: str | None = None) -> None:
        super().__init__(id=id, wrap=True, markup=False, highlight=False, auto_scroll=True, max_lines=MAX_LINES)
        self.audit = audit
        self.seen = max(0, len(audit) - BACKLOG)
        self.lines_kept: list[Text | AuditEntry] = []  # entries not drawn yet stay entries
        self.seqs: list[int | None] = []  # beside each kept line: its audit entry's seq (None for commands, notes)
        # what is drawn: (index in lines_kept, first strip, end strip), strips counted from the log's start
        self._drawn: list[tuple[int, int, int]] = []
        self.cursor: int | None = None  # an index into _drawn while the log has focus
        self.filter = ""
        self.border_title = "events"

    def follow(self, until: int | None = None) -> None:
        """Show audit entries not shown yet (up to entry number `until`).

        A burst (the backlog at start, a long `sim advance`) is kept as entries and only the
        newest lines that fit are drawn now; the rest turn into text when a filter or a
        resize re-shows the log.
        """
        end = len(self.audit) if until is None else until
        entries = self.audit.since(self.seen)[: max(0, end - self.seen)]
        self.seen = max(self.seen, end)
        fits = max(self.size.height, MIN_DRAWN)
        if self.filter or len(entries) <= fits:
            for entry in entries:
                self.add(entry_text(entry), entry.seq)
            return
        self._keep(entries[:-fits], [e.seq for e in entries[:-fits]])
        for entry in entries[-fits:]:
            self.add(entry_text(entry), entry.seq)

    def add(self, text: Text, seq: int | None = None) -> None:
        self._keep([text], [seq])
        if self._matches(text):
            self._write(text, len(self.lines_kept) - 1)

    def _keep(self, items: Sequence[Text | AuditEntry], seqs: Sequence[int | None]) -> None:
        self.lines_kept += items
        self.seqs += seqs
        extra = len(self.lines_kept) - MAX_LINES
        if extra > 0:
            del self.lines_kept[:extra], self.seqs[:extra]
            self._drawn = [(i - extra, start, end) for i, start, end in self._drawn if i >= extra]
            self.cursor = None if self.cursor is None else max(0, min(self.cursor, len(self._drawn) - 1))

    def _write(self, text: Text, index: int) -> None:
        width = self.scrollable_content_region.width
        start = self._start_line + len(self.lines)
        self.write(text, width=width if width > 0 else None)
        end = self._start_line + len(self.lines)
        if end > start:  # drawn now (before the log knows its size, RichLog defers; a resize redraws)
            self._drawn.append((index, start, end))

    def command(self, line: str, output: str, ok: bool, *, source: str = "") -> None:
        """One line per command, in time order with what it caused; the full output is in the output pane."""
        text = Text("$ ", style="bold")
        text.append(line, style="bold")
        if source:
            text.append(f"   ({source})", style="dim italic")
        lines = output.rstrip("\n").splitlines()
        if len(lines) == 1:
            text.append(f"  → {lines[0]}", style="" if ok else "bold red")
        elif lines:
            first = "" if ok else f"{lines[0]}  "
            text.append(f"  → {first}({len(lines)} lines: o shows the output)",
                        style="dim" if ok else "bold red")
        self.add(text)

    # ---- the highlighted line and its cause ---------------------------------------

    def on_focus(self) -> None:
        self.auto_scroll = False  # reading: new lines must not scroll the highlight away
        # Draw every kept line (a burst's older ones wait undrawn) and learn which strips each one is:
        # lines RichLog drew from before it knew its size are not mapped yet.
        self._rewrite()
        if self._drawn and self.cursor is None:
            self._move_to(len(self._drawn) - 1)

    def on_blur(self) -> None:
        self.auto_scroll = True
        self.cursor = None
        self.border_subtitle = ""
        self.refresh()

    def action_cursor(self, step: int) -> None:
        if self._drawn:
            current = len(self._drawn) - 1 if self.cursor is None else self.cursor
            self._move_to(max(0, min(len(self._drawn) - 1, current + step)))

    def highlighted_entry(self) -> AuditEntry | None:
        """The audit entry of the highlighted line (None for a command's or a note's line, or none)."""
        if self.cursor is None or self.cursor >= len(self._drawn):
            return None
        seq = self.seqs[self._drawn[self.cursor][0]]
        return self.audit[seq] if seq is not None and seq < len(self.audit) else None

    def _move_to(self, cursor: int) -> None:
        self.cursor = cursor
        _, start, end = self._drawn[cursor]
        top, bottom = start - self._start_line, end - self._start_line
        height = self.scrollable_content_region.height
        if top < self.scroll_y:
            self.scroll_to(y=top, animate=False)
        elif bottom > self.scroll_y + height:
            self.scroll_to(y=max(0, bottom - height), animate=False)
        self.border_subtitle = self._cause_text()
        self.refresh()

    def _cause_text(self) -> str:
        entry = self.highlighted_entry()
        if entry is None:
            return "a line of yours: w on a change shows its chain"
        if entry.cause >= 0:
            return "caused by: " + link_text(Link(self.audit[entry.cause]))
        return root_text(root_of(self.audit, entry.cause))

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        if self.cursor is not None and self.cursor < len(self._drawn):
            _, start, end = self._drawn[self.cursor]
            if start <= self.scroll_offset.y + y + self._start_line < end:
                strip = strip.apply_style(HIGHLIGHT)
        return strip

    def note(self, message: str, *, error: bool = False) -> None:
        self.add(Text(message, style="bold red" if error else "italic"))

    def set_filter(self, value: str) -> None:
        self.filter = value.lower()
        self.border_title = f"events  /{value}" if value else "events"
        self._rewrite()

    def on_resize(self, event: Resize) -> None:
        # RichLog wraps lines when written: re-write them at the new width.
        self._rewrite()

    def texts(self) -> list[Text]:
        """Every kept line as text (entries not drawn yet become text now)."""
        self.lines_kept = [item if isinstance(item, Text) else entry_text(item) for item in self.lines_kept]
        return self.lines_kept  # type: ignore[return-value]

    def _rewrite(self) -> None:
        kept = self._drawn[self.cursor][0] if self.cursor is not None and self.cursor < len(self._drawn) else None
        self.clear()
        self._drawn = []
        for index, text in enumerate(self.texts()):
            if self._matches(text):
                self._write(text, index)
        self.cursor = next((i for i, drawn in enumerate(self._drawn) if drawn[0] == kept), None) \
            if kept is not None else None

    def _matches(self, text: Text) -> bool:
        return not self.filter or self.filter in text.plain.lower()
