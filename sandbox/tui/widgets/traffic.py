"""The traffic panel: per stream and answering version, requests/s and success rate as sparklines.

Shown while streams exist (`sim traffic start ...`). Each row is one version of the
service a stream hits, so moving a Service selector from v1 to v2 shows v1's bars
falling, v2's rising, and — for a broken canary — v2's success rate dropping. Each
version has its own glyph and colour (from the theme), so rows read apart without colour too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.color import Color
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, Sparkline

from ..theme import colour, series_colour

WINDOW = 60  # seconds of history the sparklines can show (the newest on the right)
SHOWN = 3  # streams shown, newest last (`sim traffic` lists them all)
NO_ANSWER = "-"  # the core's bucket for requests no pod answered
GLYPHS = "●▲◆■"  # one per version, in the order the versions sort
NO_ANSWER_GLYPH = "✗"


@dataclass
class VersionSeries:
    version: str
    requests: list[float] = field(default_factory=list)  # per second, oldest first
    success: list[float] = field(default_factory=list)   # 0..1 per second; carried over idle seconds

    @property
    def label(self) -> str:
        return "no answer" if self.version == NO_ANSWER else self.version

    def rate_now(self) -> float:
        return self.requests[-1] if self.requests else 0.0

    def success_now(self) -> float | None:
        return self.success[-1] if self.success else None


def version_series(buckets: Sequence[dict[str, tuple[int, int]]], window: int = WINDOW) -> list[VersionSeries]:
    """Per version (sorted), its last `window` seconds of requests and success rate."""
    recent = list(buckets)[-window:]
    versions = sorted({v for bucket in recent for v in bucket})
    series = []
    for version in versions:
        row = VersionSeries(version)
        last = None
        for bucket in recent:
            ok, errors = bucket.get(version, (0, 0))
            row.requests.append(float(ok + errors))
            if ok + errors:
                last = ok / (ok + errors)
            row.success.append(last if last is not None else 1.0)
        first = next((s for s, r in zip(row.success, row.requests, strict=True) if r), 1.0)
        # Before a version's first answer its success is unknown: show its first value, not a guess.
        for i, count in enumerate(row.requests):
            if count:
                break
            row.success[i] = first
        series.append(row)
    return series


def anchored(values: Sequence[float], width: int, floor: float, ceiling: float) -> list[float]:
    """Data for Textual's Sparkline drawn on a fixed scale: exactly one bar per column.

    The Sparkline scales bars between the data's own min and max, so a steady 100% would
    draw as an empty baseline. Each bar is given as a pair (value, anchor) read by a
    summary function that takes the pair's first item; the anchors (floor and ceiling)
    pin the scale. The history fills the width: stretched when shorter, and when longer each
    column is the mean of its seconds.
    """
    width = max(2, width)
    values = list(values) or [floor]
    n = len(values)
    bars = []
    for i in range(width):
        chunk = values[i * n // width: max((i + 1) * n // width, i * n // width + 1)]
        bars.append(sum(chunk) / len(chunk))
    data: list[float] = []
    for i, value in enumerate(bars):
        data += [value, ceiling if i == 0 else floor]
    return data


def first_of_pair(pair: Sequence[float]) -> float:
    return pair[0]


class FixedSparkline(Sparkline):
    """A Sparkline on a fixed scale (see `anchored`) that re-fits its data to its width."""

    def __init__(self, *, values: list[float] | None = None, floor: float = 0.0, ceiling: float = 1.0,
                 classes: str = "") -> None:
        super().__init__([], summary_function=first_of_pair, classes=classes)
        self.values: list[float] = list(values or [])
        self.floor, self.ceiling = floor, ceiling

    def show(self, values: list[float], ceiling: float | None = None) -> None:
        self.values = values
        if ceiling is not None:
            self.ceiling = ceiling
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        self.data = anchored(self.values, self.size.width, self.floor, max(self.ceiling, self.floor + 1e-9))


class VersionRow(Horizontal):
    DEFAULT_CSS = """
    VersionRow { height: 1; }
    VersionRow .version { width: 10; }
    VersionRow .rate { width: 7; text-align: right; padding-right: 1; }
    VersionRow .success { width: 6; text-align: right; }
    VersionRow Sparkline, VersionRow .spark-head { width: 1fr; }
    HeadingRow { color: $text-muted; }
    VersionRow .ok-rate > .sparkline--min-color { color: $error; }
    VersionRow .ok-rate > .sparkline--max-color { color: $success; }
    VersionRow.-failing .success { color: $text-failing; text-style: bold; }
    """

    def __init__(self, row: VersionSeries | None = None, max_rate: float = 1.0, index: int = 0) -> None:
        super().__init__()
        self.row, self.max_rate, self.index = row, max_rate, index

    def compose(self) -> ComposeResult:
        # Built with its data: a row mounted in this tick cannot be queried until the next.
        row = self.row or VersionSeries("")
        yield Label(self._label(row), classes="version", markup=False)
        requests = FixedSparkline(values=row.requests, ceiling=self.max_rate, classes="requests")
        self._colour(requests, row)
        yield requests
        yield Label(f"{row.rate_now():g}/s" if self.row else "", classes="rate", markup=False)
        yield FixedSparkline(values=row.success, classes="ok-rate")
        yield Label(self._success_text(row), classes="success", markup=False)
        self.set_class(self._failing(row), "-failing")

    def _series_colour(self, row: VersionSeries) -> str:
        theme = self.app.theme
        return colour(theme, "pod-failed") if row.version == NO_ANSWER else series_colour(theme, self.index)

    def _label(self, row: VersionSeries) -> Text:
        """`● v1`: the version's glyph and name in its colour."""
        if not row.version:
            return Text("")
        glyph = NO_ANSWER_GLYPH if row.version == NO_ANSWER else GLYPHS[self.index % len(GLYPHS)]
        return Text(f"{glyph} {row.label}"[:10], style=Style(color=self._series_colour(row), bold=True))

    def _colour(self, sparkline: FixedSparkline, row: VersionSeries) -> None:
        if row.version:
            shade = Color.parse(self._series_colour(row))
            sparkline.max_color, sparkline.min_color = shade, shade.with_alpha(0.4)

    @staticmethod
    def _success_text(row: VersionSeries) -> str:
        success = row.success_now()
        return "" if success is None else f"{100 * success:.0f}%"

    @staticmethod
    def _failing(row: VersionSeries) -> bool:
        success = row.success_now()
        return success is not None and success < 0.95

    def show(self, row: VersionSeries, max_rate: float, index: int) -> None:
        if not self.is_mounted:  # not composed yet: compose will use this
            self.row, self.max_rate, self.index = row, max_rate, index
            return
        self.index = index
        self.query_one(".version", Label).update(self._label(row))
        requests = self.query_one(".requests", FixedSparkline)
        self._colour(requests, row)
        requests.show(row.requests, max_rate)
        self.query_one(".rate", Label).update(f"{row.rate_now():g}/s")
        self.query_one(".ok-rate", FixedSparkline).show(row.success)
        self.query_one(".success", Label).update(self._success_text(row))
        self.set_class(self._failing(row), "-failing")


class HeadingRow(VersionRow):
    def compose(self) -> ComposeResult:
        for text, cls in (("version", "version"), ("requests/s", "spark-head"), ("", "rate"),
                          ("success rate", "spark-head"), ("", "success")):
            yield Label(text, classes=cls, markup=False)


class StreamBox(Vertical):
    DEFAULT_CSS = """
    StreamBox { height: auto; }
    StreamBox .stream-title { height: 1; text-style: bold; }
    StreamBox .stream-title.-done { text-style: none; color: $text-muted; }
    """

    def __init__(self, stats: Any) -> None:
        super().__init__(id=f"stream-{stats.id}")
        self.stats = stats
        self.rows: dict[str, VersionRow] = {}

    def compose(self) -> ComposeResult:
        # Built with its data: children mounted in this tick cannot be queried until the next.
        yield Label(self._title(), classes="stream-title", markup=False)
        for index, row in enumerate(version_series(self.stats.buckets)):
            self.rows[row.version] = VersionRow(row, max(self.stats.rate, 1.0), index)
            yield self.rows[row.version]

    def _title(self) -> str:
        s = self.stats
        return f"#{s.id} {s.url} · {s.rate:g}/s · {s.elapsed}s/{s.duration}s {'running' if s.running else 'done'}"

    def show(self, stats: Any) -> None:
        self.stats = stats
        title = self.query_one(".stream-title", Label)
        title.update(self._title())
        title.set_class(not stats.running, "-done")
        for index, row in enumerate(version_series(stats.buckets)):
            widget = self.rows.get(row.version)
            if widget is None:
                self.rows[row.version] = VersionRow(row, max(stats.rate, 1.0), index)
                self.mount(self.rows[row.version])
            else:
                widget.show(row, max(stats.rate, 1.0), index)


class TrafficPanel(Vertical):
    """Hidden until a stream exists; then one box per stream, newest last (scrolled into view)."""

    DEFAULT_CSS = """
    TrafficPanel { height: auto; max-height: 50%; border: round $secondary; display: none; overflow-y: auto; }
    TrafficPanel.-active { display: block; }
    """

    def __init__(self, sim: Any, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.sim = sim
        self.boxes: dict[int, StreamBox] = {}
        self.border_title = "traffic"
        self.border_subtitle = "sim traffic"
        self._shown: tuple[Any, ...] | None = None

    def compose(self) -> ComposeResult:
        yield HeadingRow()

    def on_mount(self) -> None:
        self.refresh_from_sim()  # mounted by the screen when the first stream starts

    def refresh_from_sim(self) -> None:
        streams = self.sim.traffic_streams()[-SHOWN:]
        key = tuple((s.id, s.elapsed, s.running) for s in streams)
        if key == self._shown:
            return
        self._shown = key
        self.set_class(bool(streams), "-active")
        ids = [s.id for s in streams]
        for gone in [i for i in self.boxes if i not in ids]:
            self.boxes.pop(gone).remove()
        grew = False
        for stats in streams:
            box = self.boxes.get(stats.id)
            if box is None:
                self.boxes[stats.id] = StreamBox(stats)
                self.mount(self.boxes[stats.id])
                grew = True
            elif box.is_mounted:
                rows = len(box.rows)
                box.show(stats)
                grew = grew or len(box.rows) > rows
        if grew:  # the newest stream is the one to watch: when the boxes overflow, bring it into view
            self.call_after_refresh(self.scroll_end, animate=False)
        if not all(box.is_mounted for box in self.boxes.values()):
            self._shown = None  # a box still mounting missed this update: repaint on the next refresh
