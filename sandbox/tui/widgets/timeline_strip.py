"""The timeline strip at the right of the status bar: your commands as points, where the cluster is now.

`main ●●●●◉○○ 5/7`: a filled dot per point behind, the ringed one is where the cluster is,
hollow ones are points ahead (undone: ctrl+y brings them back). Only the last few points fit.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

DOTS = 12
NARROW = 100  # columns: below this the status bar needs the room more than the strip does


def strip_text(branch: str, current: int, newest: int) -> Text:
    """Points 0..newest of `branch`, the cluster at `current`."""
    first = max(0, min(current - DOTS // 2, newest - DOTS + 1))
    last = min(newest, first + DOTS - 1)
    text = Text()
    text.append(f"{branch} ", style="dim")
    if first > 0:
        text.append("…", style="dim")
    for point in range(first, last + 1):
        if point < current:
            text.append("●")
        elif point == current:
            text.append("◉", style="bold")
        else:
            text.append("○", style="dim")
    if last < newest:
        text.append("…", style="dim")
    text.append(f" {current}/{newest}")
    return text


class TimelineStrip(Static):
    DEFAULT_CSS = """
    TimelineStrip { width: auto; height: 1; background: $panel; color: $foreground; padding: 0 1; }
    """

    def show(self, branch: str, current: int, newest: int) -> None:
        """Hidden until the first command (before it, there is nothing to go back to), and on narrow screens."""
        self.display = newest > 0 and self.app.size.width >= NARROW
        if self.display:
            self.update(strip_text(branch, current, newest))
