"""The event log: the audit log in plain words, plus one line per command run (output: the output pane).

Lines are kept as what they say (an audit entry, a command, a note) and drawn with the
styles of the theme in force (the component classes below), so switching theme, say to
the colour-blind one, redraws the whole log in its colours.

With the log in focus, ↑ and ↓ move a highlight over its lines and the border names the
highlighted change's cause (the change, or your command, that set it off: see core/why.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.events import Resize
from textual.geometry import Size
from textual.markup import escape
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ...core.audit import AuditEntry
from ...kubectl.ages import clock_text

if TYPE_CHECKING:
    from ...core.audit import AuditLog

MAX_LINES = 2000  # drawn lines (strips) kept, as RichLog's max_lines
FALLBACK_WIDTH = 78  # the width lines are wrapped at while the log has none (hidden), as RichLog's min_width
BACKLOG = 200  # entries shown from before the pane opened
MIN_DRAWN = 14  # lines drawn at once from a burst (the pane's max height) when its size is not known yet
HIGHLIGHT = Style(reverse=True)

# The registry's words for an image it does not have (sandbox/core/images.py pull_error).
PULL_FAILED = "failed to pull and unpack image"
PULL_NOTE = " (sandbox: its registry has only the images `sim images` lists)"


@dataclass(frozen=True)
class Ran:
    """A command as the log shows it: the line, then its one-line output or how long it was."""

    line: str
    output: str
    ok: bool
    source: str = ""


@dataclass(frozen=True)
class Note:
    """A line of the sandbox's own (a hint, an error) in the log."""

    message: str
    error: bool = False


Line = AuditEntry | Ran | Note
STYLE_NAMES = ("time", "actor", "you", "warning", "normal", "verb", "command", "error", "note", "source")


def entry_text(entry: AuditEntry, styles: dict[str, Style]) -> Text:
    text = Text()
    text.append(clock_text(entry.time) + " ", style=styles["time"])
    text.append(entry.actor, style=styles["you" if entry.actor == "you" else "actor"])
    if entry.event_reason:
        style = styles["warning" if entry.event_type == "Warning" else "normal"]
        text.append(f" {entry.event_type} {entry.event_reason}", style=style)
        text.append(f" {entry.object_ref()}: {entry.reason}")
        if PULL_FAILED in entry.reason and entry.event_reason == "Failed":
            text.append(PULL_NOTE, style=styles["note"])
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


class EventLog(ScrollView, can_focus=True):
    """Follows the audit log; keeps its own lines so a filter or a new theme can re-show them.

    It draws its lines itself, as Textual's RichLog would (and in RichLog's styles): RichLog imports
    rich.pretty, and with it the attrs package, ~12 ms of free play's start for what this log never writes.
    """

    DEFAULT_CSS = """
    EventLog {
        background: $surface; color: $foreground; overflow-y: scroll;
        border: round $primary-darken-2; scrollbar-size-vertical: 1;
    }
    EventLog:focus { border: round $accent; background-tint: $foreground 5%; }
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
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor(-1)", "Line above", show=False),
        Binding("down,j", "cursor(1)", "Line below", show=False),
    ]

    def __init__(self, audit: AuditLog, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.audit = audit
        self.auto_scroll = True  # new lines scroll into view (not while the learner reads the log)
        #: the drawn lines: text wrapped at the log's width, one strip per row; _start_line counts those dropped
        self.lines: list[Strip] = []
        self._start_line = 0
        self._widest = 0
        self._size_known = False  # lines are drawn from the log's first size on (on_resize)
        self.seen = max(0, len(audit) - BACKLOG)
        self.lines_kept: list[Line] = []
        # what is drawn: (index in lines_kept, first strip, end strip), strips counted from the log's start
        self._drawn: list[tuple[int, int, int]] = []
        self.cursor: int | None = None  # an index into _drawn while the log has focus
        self.filter = ""
        self.border_title = "events"
        self._styles: tuple[str, dict[str, Style]] | None = None
        self._laid_out: tuple[Size, Size, Size] | None = None  # as the last layout found the log (_size_updated)

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        """A layout that finds the log as the last one left it (its size, its container's, its lines) is let go.

        Textual's ScrollView (textual/scroll_view.py `ScrollView._size_updated`) updates and repaints its scrollbars
        whenever the virtual size a layout passes differs from its own, and for a widget that draws its own lines
        they always differ (the layout passes the size of the region it arranged): every layout of the screen
        repainted the scrollbar a frame later. After free play's first frame that was one more frame, which
        sometimes fell in the start benchmark's second idle window. With nothing changed the update would set
        what is set already. This overrides Textual's private hook (pyproject.toml pins textual).
        """
        laid_out = (size, container_size, self.virtual_size)
        if laid_out == self._laid_out:
            return self.container_size != container_size  # what Textual's hook answers when the size is the same
        self._laid_out = laid_out
        return super()._size_updated(size, virtual_size, container_size, layout)

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

    def add(self, item: Line) -> None:
        self._keep([item])
        if not self._size_known:
            return  # kept: the log's first size draws the newest kept lines (on_resize), each once
        text = self._text(item, self.styles_now())
        if self._matches(text):
            self._write(text, len(self.lines_kept) - 1)

    def _keep(self, items: Sequence[Line]) -> None:
        self.lines_kept += items
        extra = len(self.lines_kept) - MAX_LINES
        if extra > 0:
            del self.lines_kept[:extra]
            self._drawn = [(i - extra, start, end) for i, start, end in self._drawn if i >= extra]
            self.cursor = None if self.cursor is None else max(0, min(self.cursor, len(self._drawn) - 1))

    def _text(self, item: Line, styles: dict[str, Style]) -> Text:
        if isinstance(item, Ran):
            return command_text(item, styles)
        if isinstance(item, Note):
            return Text(item.message, style=styles["error" if item.error else "note"])
        return entry_text(item, styles)

    def _write(self, text: Text, index: int) -> None:
        self._draw(text, index)
        self._show_end()

    def _draw(self, text: Text, index: int) -> None:
        """Wrap `text` into the drawn lines (shown by _show_end)."""
        if not self._size_known:
            return  # kept: the first size draws it (on_resize)
        start = self._start_line + len(self.lines)
        width = self.scrollable_content_region.width
        self._append(text, width if width > 0 else FALLBACK_WIDTH)
        self._drawn.append((index, start, self._start_line + len(self.lines)))

    def _show_end(self) -> None:
        """The log's height follows its lines, and the newest line is in view unless the learner is reading."""
        self.virtual_size = Size(self._widest, len(self.lines))
        # Scroll now, not after the next frame as RichLog does: lines written after a frame would cost another one.
        if self.auto_scroll:
            self.scroll_end(animate=False, immediate=True, x_axis=False)

    def _append(self, text: Text, width: int) -> None:
        """Wrap `text` at `width` into the drawn lines, dropping the oldest beyond MAX_LINES."""
        text.expand_tabs()
        console = self.app.console
        strips = Strip.from_lines(list(Segment.split_lines(console.render(text, console.options.update_width(width)))))
        if not strips:
            strips = [Strip.blank(width)]
        self.lines.extend(strips)
        self._widest = max(self._widest, *(strip.cell_length for strip in strips))
        if len(self.lines) > MAX_LINES:
            self._start_line += len(self.lines) - MAX_LINES
            self.refresh()
            self.lines = self.lines[-MAX_LINES:]

    def command(self, line: str, output: str, ok: bool, *, source: str = "") -> None:
        """One line per command, in time order with what it caused; the full output is in the output pane."""
        self.add(Ran(line, output, ok, source))

    def note(self, message: str, *, error: bool = False) -> None:
        self.add(Note(message, error))

    # ---- the highlighted line and its cause ---------------------------------------

    def on_focus(self) -> None:
        self.auto_scroll = False  # reading: new lines must not scroll the highlight away
        # Draw every kept line (a burst's older ones wait undrawn) and learn which strips each one is.
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
        item = self.lines_kept[self._drawn[self.cursor][0]]
        return item if isinstance(item, AuditEntry) and item.seq < len(self.audit) else None

    def _move_to(self, cursor: int) -> None:
        self.cursor = cursor
        _, start, end = self._drawn[cursor]
        top, bottom = start - self._start_line, end - self._start_line
        height = self.scrollable_content_region.height
        if top < self.scroll_y:
            self.scroll_to(y=top, animate=False)
        elif bottom > self.scroll_y + height:
            self.scroll_to(y=max(0, bottom - height), animate=False)
        self.border_subtitle = escape(self._cause_text())
        self.refresh()

    def _cause_text(self) -> str:
        # Loaded with the first highlighted line: free play's first frame does not pay for the why-chain modules.
        from ...core.why import Link, root_of
        from ...kubectl.printers.why import link_text, root_text

        entry = self.highlighted_entry()
        if entry is None:
            return "a line of yours: w on a change shows its chain"
        if entry.cause >= 0:
            return "caused by: " + link_text(Link(self.audit[entry.cause]))
        return root_text(root_of(self.audit, entry.cause))

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        style = self.rich_style
        row = scroll_y + y
        line = self.lines[row].crop_extend(scroll_x, scroll_x + width, style) if row < len(self.lines) \
            else Strip.blank(width, style)
        strip = line.apply_style(style)
        if self.cursor is not None and self.cursor < len(self._drawn):
            _, start, end = self._drawn[self.cursor]
            if start <= self.scroll_offset.y + y + self._start_line < end:
                strip = strip.apply_style(HIGHLIGHT)
        return strip

    def set_filter(self, value: str) -> None:
        self.filter = value.lower()
        # Plain content, not markup: Textual's escape() lets "[a=?" through, and the markup parser raises.
        self.border_title = Content(f"events  /{value}") if value else "events"
        self._rewrite()

    def on_resize(self, event: Resize) -> None:
        # Lines are wrapped when written: write them again at the new width.
        if event.size.width and not self._size_known:
            # The first size: lines are drawn as they are written from now on. Of a burst that came before,
            # the newest lines that fit are drawn, as follow() draws them.
            self._size_known = True
            self._rewrite(newest=max(event.size.height, MIN_DRAWN))
            return
        self._rewrite()

    def texts(self) -> list[Text]:
        """Every kept line as text, in the theme's styles now."""
        styles = self.styles_now()
        return [self._text(item, styles) for item in self.lines_kept]

    def _rewrite(self, newest: int | None = None) -> None:
        """Draw the kept lines again (only the `newest` ones, unless a filter picks from them all)."""
        kept = self._drawn[self.cursor][0] if self.cursor is not None and self.cursor < len(self._drawn) else None
        self.lines = []
        self._start_line = self._widest = 0
        self._drawn = []
        styles = self.styles_now()
        first = 0 if newest is None or self.filter else max(0, len(self.lines_kept) - newest)
        for index in range(first, len(self.lines_kept)):
            text = self._text(self.lines_kept[index], styles)
            if self._matches(text):
                self._draw(text, index)
        self._show_end()  # once for all the lines: each line's own would cost a layout request and a scroll
        self.refresh()
        self.cursor = next((i for i, drawn in enumerate(self._drawn) if drawn[0] == kept), None) \
            if kept is not None else None

    def _matches(self, text: Text) -> bool:
        return not self.filter or self.filter in text.plain.lower()
