"""The map's key: the glyphs of the pod states on the map now and the owners' colours, or node health
for the compact map. Only what is drawn is explained, so the key stays short and always relevant."""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual.widgets import Static

from ..state import POLICY_MARK, RECENT, STATES
from ..theme import colour, node_legend, state_colour
from .compact_map import LOAD_GLYPHS, NODE_GLYPHS

SHORT = {"Running": "not ready", "ContainerCreating": "creating", "CrashLoopBackOff": "CrashLoop",
         "ImagePullBackOff": "ImagePull"}
SYSTEM = "kube-system"


@dataclass(frozen=True)
class MapKey:
    """What the key explains: the states drawn, the owners and their colours in map order, any recent change."""

    states: tuple[str, ...] = ()
    owners: tuple[tuple[str, str], ...] = ()  # (owner name, colour)
    recent: bool = False
    policy: bool = False  # a pod drawn is isolated by a NetworkPolicy


def legend_text(theme: str, *, compact: bool, key: MapKey | None = None) -> Text:
    muted = colour(theme, "text-muted")
    text = Text()
    if compact:
        text.append("nodes: ", style=muted)
        for word, shade in node_legend(theme):
            text.append(NODE_GLYPHS[word], style=f"bold {shade}")
            text.append(f" {word}  ")
        text.append(f"{LOAD_GLYPHS[0]}…{LOAD_GLYPHS[-1]} load: pods or CPU requests, the fuller · enter zooms",
                    style=muted)
        return text
    key = key or MapKey()
    text.append("pods: ", style=muted)
    for state in [s for s in STATES if s in key.states] or ["Ready"]:
        text.append(STATES[state], style=f"bold {state_colour(theme, state)}")
        text.append(f" {SHORT.get(state, state)}  ")
    if key.policy:
        text.append(POLICY_MARK, style="bold")
        text.append(" isolated by a policy  ")
    if key.recent:
        text.append("underlined", style=Style(underline=True, bold=True))
        text.append(f": changed <{RECENT:g}s ago", style=muted)
    if any(owner != SYSTEM for owner, _ in key.owners):  # the system's alone need no key
        text.append("\nowners: ", style=muted)
        for i, (owner, shade) in enumerate(key.owners):
            text.append(("  " if i else "") + owner, style=Style(color=shade, bold=True))
    return text


class Legend(Static):
    DEFAULT_CSS = """
    Legend { height: auto; max-height: 3; padding: 0 1; }
    """

    _shown: tuple[str, bool, MapKey | None] | None = None

    def show(self, theme: str, *, compact: bool, key: MapKey | None = None) -> None:
        # Called on every tick; re-render only when something it shows changed.
        if (theme, compact, key) != self._shown:
            self._shown = (theme, compact, key)
            self.update(legend_text(theme, compact=compact, key=key))
