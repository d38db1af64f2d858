"""The status bar: simulated time, speed, paused, and the cluster's health in one line.

Its symbols are ones common monospace fonts have (DejaVu Sans Mono among them): the stopwatch
and pause symbols (U+23F1, U+23F8) showed as boxes in browsers and in the snapshots
(tests/tui/test_glyphs.py checks).
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from ..state import Health
from .event_log import clock_text


def speed_text(paused: bool, speed: float) -> str:
    return "‖ paused" if paused else f"▶ {speed:g}×"


class StatusBar(Static):
    DEFAULT_CSS = """
    StatusBar { height: 1; background: $panel; color: $foreground; padding: 0 1; }
    """

    def show(self, *, title: str, now: float, paused: bool, speed: float, health: Health, namespace: str) -> None:
        text = Text()
        text.append(f"{title} ", style="bold")
        text.append(f"◷ {clock_text(now)}  ")
        text.append(speed_text(paused, speed) + "  ", style="bold reverse" if paused else "bold")
        text.append(f"ns:{namespace}  ", style="dim")
        text.append(("✓ " if health.ok else "⚠ ") + health.summary(), style="" if health.ok else "bold")
        self.update(text)
