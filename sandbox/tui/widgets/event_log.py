"""The event log: the audit log in plain words, plus one line per command run (output: the output pane).

Lines are kept as what they say (an audit entry, a command, a note) and drawn with the
styles of the theme in force (the component classes below), so switching theme, say to
the colour-blind one, redraws the whole log in its colours.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from rich.text import Text
from textual.events import Resize
from textual.markup import escape
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


@dataclass(frozen=True)
class Ran:
    """A command as the log shows it: the line, then its one-line output or how long it was."""

    line: str
    output: str
    ok: bool
    source: str = ""


@dataclass(frozen=True)
class Note:
    message: str
    error: bool = False


STYLE_NAMES = ("time", "actor", "you", "warning", "normal", "verb", "command", "error", "note", "source")


def entry_text(entry: AuditEntry, styles: dict[str, Style]) -> Text:
    text = Text()
    text.append(clock_text(entry.time) + " ", style=styles["time"])
    text.append(entry.actor, style=styles["you" if entry.actor == "you" else "actor"])
    if entry.event_reason:
        style = styles["warning" if entry.event_type == "Warning" else "normal"]
        text.append(f" {entry.event_type} {entry.event_reason}", style=style)
        text.append(f" {entry.object_ref()}: {entry.reason}")
    else:
        text.append(f" {entry.verb} {entry.object_ref()}: ", style=styles["verb"])
        text.append(entry.reason)
    return text


def command_text(item: Ran, styles: dict[str, Style]) -> Text:
    text = Text("$ ", style=styles["command"])
    text.append(item.line, style=styles["command"])
    if item.source:
        text.append(f"   ({item.source})", style=styles["source"])
    lines = item.output.rstrip("\n").splitlines()
    if len(lines) == 1:
        text.append(f"  → {lines[0]}", style=Style() if item.ok else styles["error"])
    elif lines:
        first = "" if item.ok else f"{lines[0]}  "
        text.append(f"  → {first}({len(lines)} lines: o shows the output)",
                    style=styles["source"] if item.ok else styles["error"])
    return text


class EventLog(RichLog):
    """Follows the audit log; keeps its own lines so a filter or a new theme can re-show them."""

    DEFAULT_CSS = """
    EventLog { border: round $primary-darken-2; scrollbar-size-vertical: 1; }
    EventLog > .event-log--time { color: $text-muted; }
    EventLog > .event-log--actor { color: $secondary; }
    EventLog > .event-log--you { color: $accent; text-style: bold; }
    EventLog > .event-log--warning { color: $warning; text-style: bold; }
    EventLog > .event-log--normal { color: $success; }
    EventLog > .event-log--verb { color: $text-muted; }
    EventLog > .event-log--command { text-style: bold; }
    EventLog > .event-log--error { color: $error; text-style: bold; }
    EventLog > .event-log--note { text-style: italic; }
    EventLog > .event-log--source { color: $text-muted; text-style: italic; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {f"event-log--{name}" for name in STYLE_NAMES}

    def __init__(self, audit: AuditLog, *, id: str | None = None) -> None:
        super().__init__(id=id, wrap=True, markup=False, highlight=False, auto_scroll=True, max_lines=MAX_LINES)
        self.audit = audit
        self.seen = max(0, len(audit) - BACKLOG)
        self.lines_kept: list[AuditEntry | Ran | Note] = []
        self.filter = ""
        self.border_title = "events"
        self._styles: tuple[str, dict[str, Style]] | None = None

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _: self._rewrite())

    def styles_now(self) -> dict[str, Style]:
        """The component classes' styles in the theme in force (worked out once per theme)."""
        if self._styles is None or self._styles[0] != self.app.theme:
            self._styles = (self.app.theme, {name: self.get_component_rich_style(f"event-log--{name}", partial=True)
                                             for name in STYLE_NAMES})
        return self._styles[1]

    def follow(self, until: int | None = None) -> None:
        """Show audit entries not shown yet (up to entry number `until`).

        A burst (the backlog at start, a long `sim advance`) is kept, and only the newest lines
        that fit are drawn now; the rest are drawn when a filter or a resize re-shows the log.
        """
        end = len(self.audit) if until is None else until
        entries = self.audit.since(self.seen)[: max(0, end - self.seen)]
        self.seen = max(self.seen, end)
        fits = max(self.size.height, MIN_DRAWN)
        if self.filter or len(entries) <= fits:
            for entry in entries:
                self.add(entry)
            return
        self._keep(entries[:-fits])
        for entry in entries[-fits:]:
            self.add(entry)

    def add(self, item: AuditEntry | Ran | Note) -> None:
        self._keep([item])
        text = self._text(item, self.styles_now())
        if self._matches(text):
            self._write(text)

    def _keep(self, items: Sequence[AuditEntry | Ran | Note]) -> None:
        self.lines_kept += items
        if len(self.lines_kept) > MAX_LINES:
            del self.lines_kept[: len(self.lines_kept) - MAX_LINES]

    def _text(self, item: AuditEntry | Ran | Note, styles: dict[str, Style]) -> Text:
        if isinstance(item, Ran):
            return command_text(item, styles)
        if isinstance(item, Note):
            return Text(item.message, style=styles["error" if item.error else "note"])
        return entry_text(item, styles)

    def _write(self, text: Text) -> None:
        width = self.scrollable_content_region.width
        self.write(text, width=width if width > 0 else None)

    def command(self, line: str, output: str, ok: bool, *, source: str = "") -> None:
        """One line per command, in time order with what it caused; the full output is in the output pane."""
        self.add(Ran(line, output, ok, source))

    def note(self, message: str, *, error: bool = False) -> None:
        self.add(Note(message, error))

    def set_filter(self, value: str) -> None:
        self.filter = value.lower()
        self.border_title = f"events  /{escape(value)}" if value else "events"
        self._rewrite()

    def on_resize(self, event: Resize) -> None:
        # RichLog wraps lines when written: re-write them at the new width.
        self._rewrite()

    def texts(self) -> list[Text]:
        """Every kept line as text, in the theme's styles now."""
        styles = self.styles_now()
        return [self._text(item, styles) for item in self.lines_kept]

    def _rewrite(self) -> None:
        self.clear()
        for text in self.texts():
            if self._matches(text):
                self._write(text)

    def _matches(self, text: Text) -> bool:
        return not self.filter or self.filter in text.plain.lower()
