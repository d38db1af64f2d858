"""The map's legend: each pod state's glyph and colour, or node health for the compact map."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from ..state import POLICY_MARK, STATES
from ..theme import node_legend, state_colour
from .compact_map import LOAD_GLYPHS, NODE_GLYPHS

LEGEND_STATES = ("Ready", "Running", "ContainerCreating", "Pending", "Terminating", "CrashLoopBackOff",
                 "ImagePullBackOff", "Evicted")
SHORT = {"Running": "not ready", "ContainerCreating": "creating", "CrashLoopBackOff": "CrashLoop",
         "ImagePullBackOff": "ImagePull"}


def legend_text(theme: str, *, compact: bool) -> Text:
    text = Text()
    if compact:
        text.append("nodes: ", style="dim")
        for word, colour in node_legend(theme):
            text.append(NODE_GLYPHS[word], style=f"bold {colour}")
            text.append(f" {word}  ")
        text.append(f"{LOAD_GLYPHS[0]}…{LOAD_GLYPHS[-1]} load  enter zooms", style="dim")
        return text
    text.append("pods: ", style="dim")
    for state in LEGEND_STATES:
        text.append(STATES[state], style=f"bold {state_colour(theme, state)}")
        text.append(f" {SHORT.get(state, state)}  ")
    text.append(POLICY_MARK, style="bold")
    text.append(" policy  ")
    text.append("· background = owner/version", style="dim")
    return text


class Legend(Static):
    DEFAULT_CSS = """
    Legend { height: auto; max-height: 2; padding: 0 1; }
    """

    _shown: tuple[str, bool] | None = None

    def show(self, theme: str, *, compact: bool) -> None:
        # Called on every tick; re-render only when the theme or the map kind changed.
        if (theme, compact) != self._shown:
            self._shown = (theme, compact)
            self.update(legend_text(theme, compact=compact))
