"""Themes and the colours the map uses for pod states, owners and node health.

Two themes: the default, and a colour-blind-safe one built on the Okabe–Ito
palette. Every state also has a glyph (see state.STATES), so nothing on the map
is told by colour alone — which is also what makes NO_COLOR usable.
"""

from __future__ import annotations

import zlib

from textual.theme import Theme

DEFAULT_THEME = "kubesandbox"
COLORBLIND_THEME = "kubesandbox-colorblind"

THEMES = [
    Theme(name=DEFAULT_THEME, primary="#326CE5", secondary="#5FA8D3", accent="#F5A623",
          warning="#E5C07B", error="#E06C75", success="#4EBF71",
          foreground="#D8DEE9", background="#10151C", surface="#18202A", panel="#223040", dark=True),
    Theme(name=COLORBLIND_THEME, primary="#0072B2", secondary="#56B4E9", accent="#F0E442",
          warning="#E69F00", error="#D55E00", success="#56B4E9",
          foreground="#E8E8E8", background="#111111", surface="#1C1C1C", panel="#2A2A2A", dark=True),
]

_STATE_COLOURS = {
    DEFAULT_THEME: {
        "Ready": "#4EBF71", "Running": "#B5E08A", "ContainerCreating": "#5FA8D3", "Pending": "#E5C07B",
        "Terminating": "#8A8A8A", "CrashLoopBackOff": "#FF5F6D", "ImagePullBackOff": "#FF5F6D",
        "Evicted": "#C678DD", "Completed": "#8A8A8A", "Failed": "#FF5F6D",
    },
    # Okabe–Ito: distinguishable with protanopia, deuteranopia and tritanopia.
    COLORBLIND_THEME: {
        "Ready": "#56B4E9", "Running": "#009E73", "ContainerCreating": "#F0E442", "Pending": "#E69F00",
        "Terminating": "#999999", "CrashLoopBackOff": "#D55E00", "ImagePullBackOff": "#D55E00",
        "Evicted": "#CC79A7", "Completed": "#999999", "Failed": "#D55E00",
    },
}

# Node health for the compact map: (not ready, machine stopped but API still Ready, cordoned).
_NODE_COLOURS = {
    DEFAULT_THEME: ("#FF5F6D", "#F5A623", "#E5C07B"),
    COLORBLIND_THEME: ("#D55E00", "#CC79A7", "#E69F00"),
}
# Healthy nodes shade from dim to bright with load (pods of capacity).
_LOAD_RAMPS = {
    DEFAULT_THEME: ("#1F4D2E", "#2E7D45", "#3FA35C", "#4EBF71", "#8BE0A4"),
    COLORBLIND_THEME: ("#123A52", "#1F5F86", "#2F86B8", "#56B4E9", "#A6D8F5"),
}
# Dark background tints, one per owner/version group (chosen by a stable checksum of its name).
OWNER_TINTS = ("#1F3A5F", "#3B2F5C", "#1F4D3A", "#5C3B1F", "#4D1F3A", "#2F4D4D", "#4D4D1F", "#3A3A3A")


def _palette(theme: str) -> str:
    return theme if theme in _STATE_COLOURS else DEFAULT_THEME


def state_colour(theme: str, state: str) -> str:
    return _STATE_COLOURS[_palette(theme)].get(state, "#8A8A8A")


def owner_tint(group: str) -> str:
    # crc32, not hash(): string hashes are randomised per process and would change the picture.
    return OWNER_TINTS[zlib.crc32(group.encode()) % len(OWNER_TINTS)]


def node_colour(theme: str, *, ready: bool, machine_up: bool, cordoned: bool, load: float) -> str:
    not_ready, stopped, cordon = _NODE_COLOURS[_palette(theme)]
    if not ready:
        return not_ready
    if not machine_up:
        return stopped
    if cordoned:
        return cordon
    ramp = _LOAD_RAMPS[_palette(theme)]
    return ramp[min(len(ramp) - 1, int(load * len(ramp)))]


def node_legend(theme: str) -> list[tuple[str, str]]:
    not_ready, stopped, cordon = _NODE_COLOURS[_palette(theme)]
    ramp = _LOAD_RAMPS[_palette(theme)]
    return [("NotReady", not_ready), ("stopped", stopped), ("cordoned", cordon),
            ("idle", ramp[0]), ("busy", ramp[-1])]
