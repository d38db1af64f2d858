"""The status bar: simulated time, speed, paused, and the cluster's health in one line.

Its symbols are ones common monospace fonts have (DejaVu Sans Mono among them): the stopwatch
and pause symbols (U+23F1, U+23F8) showed as boxes in browsers and in the snapshots
(tests/tui/test_glyphs.py checks).

At any width the health summary stays whole: when the line is too long, the parts that
matter least step aside first (the mode's name, then the namespace, then the clock).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from ...kubectl.ages import clock_text
from ..state import Health


def speed_text(paused: bool, speed: float) -> str:
    return "‖ paused" if paused else f"▶ {speed:g}×"


@dataclass(frozen=True)
class Status:
    """What the status bar shows: the bar is redrawn only when this changes."""

    title: str
    now: float
    paused: bool
    speed: float
    health: Health
    namespace: str


class StatusBar(Widget):
    DEFAULT_CSS = """
    StatusBar { height: 1; background: $panel; color: $foreground; padding: 0 1; }
    StatusBar > .status--muted { color: $text-muted; }
    StatusBar > .status--ok { color: $success; }
    StatusBar > .status--failing { color: $warning; text-style: bold; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"status--muted", "status--ok", "status--failing"}
    # Parts that step aside when the line is too long, first to go first.
    DROP_ORDER = ("mode", "namespace", "clock")

    status: Status | None = None

    def show(self, *, title: str, now: float, paused: bool, speed: float, health: Health, namespace: str) -> None:
        status = Status(title, now, paused, speed, health, namespace)
        if status != self.status:
            self.status = status
            self.refresh()

    def parts(self) -> list[tuple[str, Text]]:
        """(name, text) of each part, in the order drawn."""
        s = self.status
        if s is None:
            return []
        muted = self.get_component_rich_style("status--muted", partial=True)
        name, _, mode = s.title.partition(" · ")
        health = s.health
        mark = self.get_component_rich_style("status--ok" if health.ok else "status--failing", partial=True)
        summary = Text("✓ " if health.ok else "⚠ ", style=mark)
        summary.append(health.summary(), style=Style() if health.ok else mark)
        parts = [("title", Text(name, style="bold"))]
        if mode:
            parts.append(("mode", Text(f"· {mode}", style="bold")))
        parts += [("clock", Text(f"◷ {clock_text(s.now)}")),
                  ("speed", Text(speed_text(s.paused, s.speed), style="bold reverse" if s.paused else "bold")),
                  ("namespace", Text(f"ns:{s.namespace}", style=muted)),
                  ("health", summary)]
        return parts

    def render(self) -> Text:
        parts = self.parts()
        width = self.content_size.width or 80
        for name in self.DROP_ORDER:
            if sum(text.cell_len + 1 for _, text in parts) - 1 <= width:
                break
            parts = [(n, t) for n, t in parts if n != name]
        return Text(" ").join(text for _, text in parts)
