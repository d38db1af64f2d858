"""Themes, and the colours the map draws with: pod states, owners, node health, traffic versions.

Two themes: the default, and a colour-blind-safe one built on the Okabe–Ito palette. Every
colour the map uses lives in its theme (`Theme.variables`), so switching theme repaints
everything, and every state also has a glyph (see state.STATES), so nothing on the map is
told by colour alone — which is also what makes NO_COLOR usable.

Text colours are chosen for a contrast of at least 4.5:1 (WCAG AA) on the themes'
backgrounds; tests/tui/test_contrast.py measures what is drawn.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.theme import Theme

DEFAULT_THEME = "kubesandbox"
COLORBLIND_THEME = "kubesandbox-colorblind"

STATE_NAMES = ("Ready", "Running", "ContainerCreating", "Pending", "Terminating", "CrashLoopBackOff",
               "ImagePullBackOff", "Evicted", "Completed", "Failed")
NODE_HEALTH = ("NotReady", "stopped", "cordoned")
LOAD_STEPS = 5
OWNER_COLOURS = 8
SERIES_COLOURS = 4


def _variables(states: tuple[str, ...], nodes: tuple[str, ...], load: tuple[str, ...], owners: tuple[str, ...],
               system: str, series: tuple[str, ...], muted: str, cursor: str, failing: str) -> dict[str, str]:
    colours = {f"pod-{name.lower()}": colour for name, colour in zip(STATE_NAMES, states, strict=True)}
    colours |= {f"node-{name.lower()}": colour for name, colour in zip(NODE_HEALTH, nodes, strict=True)}
    colours |= {f"load-{i}": colour for i, colour in enumerate(load)}
    colours |= {f"owner-{i}": colour for i, colour in enumerate(owners)}
    colours |= {f"series-{i}": colour for i, colour in enumerate(series)}
    # text-muted and the highlighted row's background replace Textual's derived ones, which read below 4.5:1.
    # text-failing: an error's colour light enough to read at 4.5:1 on any panel or highlighted row.
    return colours | {"owner-system": system, "text-muted": muted, "block-cursor-background": cursor,
                      "text-failing": failing}


THEMES = [
    Theme(name=DEFAULT_THEME, primary="#326CE5", secondary="#5FA8D3", accent="#F5A623",
          warning="#E5C07B", error="#E06C75", success="#4EBF71",
          foreground="#D8DEE9", background="#10151C", surface="#18202A", panel="#223040", dark=True,
          variables=_variables(
              states=("#4EBF71", "#B5E08A", "#5FA8D3", "#E5C07B", "#9A9A9A", "#FF5F6D", "#FF5F6D", "#C678DD",
                      "#9A9A9A", "#FF5F6D"),
              nodes=("#FF5F6D", "#F5A623", "#E5C07B"),
              load=("#2E7D45", "#3FA35C", "#4EBF71", "#6FD08D", "#A6E8B8"),
              # Bright, far-apart hues: an owner's name and its pods' names are written in its colour.
              owners=("#7AA2F7", "#E0AF68", "#BB9AF7", "#73DACA", "#F7768E", "#9ECE6A", "#FF9E64", "#7DCFFF"),
              system="#A9B1C1",
              series=("#7AA2F7", "#FF9E64", "#BB9AF7", "#73DACA"),
              muted="#9AA4B2", cursor="#1F4FB8", failing="#FF9AA2")),
    # Okabe–Ito: distinguishable with protanopia, deuteranopia and tritanopia (lightened where the
    # original is too dark to read on a dark background).
    Theme(name=COLORBLIND_THEME, primary="#0072B2", secondary="#56B4E9", accent="#F0E442",
          warning="#E69F00", error="#D55E00", success="#56B4E9",
          foreground="#E8E8E8", background="#111111", surface="#1C1C1C", panel="#2A2A2A", dark=True,
          variables=_variables(
              states=("#56B4E9", "#009E73", "#F0E442", "#E69F00", "#999999", "#D55E00", "#D55E00", "#CC79A7",
                      "#999999", "#D55E00"),
              nodes=("#D55E00", "#CC79A7", "#E69F00"),
              load=("#1F5F86", "#2F86B8", "#56B4E9", "#7EC6EE", "#A6D8F5"),
              owners=("#56B4E9", "#E69F00", "#CC79A7", "#2BC4A0", "#F0E442", "#F08A4B", "#8FB8DE", "#E8E8E8"),
              system="#A8A8A8",
              series=("#56B4E9", "#E69F00", "#CC79A7", "#F0E442"),
              muted="#A8A8A8", cursor="#005A8C", failing="#F5A15E")),
]
_BY_NAME = {theme.name: theme for theme in THEMES}


def colour(theme: str, name: str) -> str:
    """A colour of the map's palette in `theme`; themes that are not the sandbox's use the default's."""
    palette = _BY_NAME.get(theme, _BY_NAME[DEFAULT_THEME]).variables
    return palette[name]


def verdict_colour(theme: str, ok: bool) -> str:
    """A ✓ or ✗ of a checklist or a trace: the Ready colour, or the failing text colour (both read at 4.5:1)."""
    return colour(theme, "pod-ready" if ok else "text-failing")


def state_colour(theme: str, state: str) -> str:
    return colour(theme, f"pod-{state.lower()}") if state in STATE_NAMES else colour(theme, "text-muted")


def node_colour(theme: str, *, ready: bool, machine_up: bool, cordoned: bool, load: float) -> str:
    if not ready:
        return colour(theme, "node-notready")
    if not machine_up:
        return colour(theme, "node-stopped")
    if cordoned:
        return colour(theme, "node-cordoned")
    return colour(theme, f"load-{min(LOAD_STEPS - 1, int(load * LOAD_STEPS))}")


def node_legend(theme: str) -> list[tuple[str, str]]:
    return [("NotReady", colour(theme, "node-notready")), ("stopped", colour(theme, "node-stopped")),
            ("cordoned", colour(theme, "node-cordoned")), ("idle", colour(theme, "load-0")),
            ("busy", colour(theme, f"load-{LOAD_STEPS - 1}"))]


def series_colour(theme: str, index: int) -> str:
    return colour(theme, f"series-{index % SERIES_COLOURS}")


@dataclass
class OwnerColours:
    """Which colour each owner (a ReplicaSet, a DaemonSet, …) is drawn in.

    An owner keeps its colour for as long as it has pods on the map, and a new owner takes the
    first colour no present owner uses, so the owners on screen differ while there are no more
    of them than colours (the system's own, in kube-system, share one quiet colour). Assigned
    in the order the map meets them, so the same cluster gets the same colours.
    """

    slots: dict[str, int] = field(default_factory=dict)

    def update(self, owners: list[tuple[str, bool]]) -> None:
        """`owners`: (owner, is_system) for every owner on the map now, in the map's order."""
        present = {owner for owner, system in owners if not system}
        self.slots = {owner: slot for owner, slot in self.slots.items() if owner in present}
        for owner in dict.fromkeys(owner for owner, system in owners if not system):
            if owner not in self.slots:
                used = set(self.slots.values())
                free = [slot for slot in range(OWNER_COLOURS) if slot not in used]
                self.slots[owner] = free[0] if free else len(self.slots) % OWNER_COLOURS

    def colour(self, theme: str, owner: str) -> str:
        slot = self.slots.get(owner)
        return colour(theme, "owner-system" if slot is None else f"owner-{slot}")
