"""The event log: the audit log in plain words, plus one line per command run (output: the output pane)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual.events import Resize
from textual.widgets import RichLog

if TYPE_CHECKING:
    from ...core.audit import AuditEntry, AuditLog

MAX_LINES = 2000
BACKLOG = 200  # entries shown from before the pane opened
MIN_DRAWN = 14  # lines drawn at once from a burst (the pane's max height) when its size is not known yet


def clock_text(seconds: float) -> str:
    """Simulated time as HH:MM:SS since the cluster started."""
    s = int(seconds)
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


def entry_text(entry: AuditEntry) -> Text:
    text = Text()
    text.append(clock_text(entry.time) + " ", style="dim")
    text.append(entry.actor, style="bold cyan" if entry.actor == "you" else "cyan")
    if entry.event_reason:
        style = "bold yellow" if entry.event_type == "Warning" else "green"
        text.append(f" {entry.event_type} {entry.event_reason}", style=style)
        text.append(f" {entry.object_ref()}: {entry.reason}")
    else:
        text.append(f" {entry.verb} {entry.object_ref()}: ", style="dim")
        text.append(entry.reason)
    return text


class EventLog(RichLog):
    """Follows the audit log; keeps its own lines so a filter can re-show them."""

    DEFAULT_CSS = """
    EventLog { border: round $primary-darken-2; scrollbar-size-vertical: 1; }
    """

    def __init__(self, audit: AuditLog, *, id: str | None = None) -> None:
        super().__init__(id=id, wrap=True, markup=False, highlight=False, auto_scroll=True, max_lines=MAX_LINES)
        self.audit = audit
        self.seen = max(0, len(audit) - BACKLOG)
        self.lines_kept: list[Text | AuditEntry] = []  # entries not drawn yet stay entries
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
                self.add(entry_text(entry))
            return
        self._keep(entries[:-fits])
        for entry in entries[-fits:]:
            self.add(entry_text(entry))

    def add(self, text: Text) -> None:
        self._keep([text])
        if self._matches(text):
            self._write(text)

    def _keep(self, items: Sequence[Text | AuditEntry]) -> None:
        self.lines_kept += items
        if len(self.lines_kept) > MAX_LINES:
            del self.lines_kept[: len(self.lines_kept) - MAX_LINES]

    def _write(self, text: Text) -> None:
        width = self.scrollable_content_region.width
        self.write(text, width=width if width > 0 else None)

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
        self.clear()
        for text in self.texts():
            if self._matches(text):
                self._write(text)

    def _matches(self, text: Text) -> bool:
        return not self.filter or self.filter in text.plain.lower()
