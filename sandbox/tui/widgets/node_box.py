"""One node drawn as a box: status, bars of pods and cpu, and its pods as named chips by owner.

A chip is the pod's state glyph and what tells it apart from its siblings (`●29prn` for
`web-7d9f8c6b5d-29prn`); its owner's name heads the row, both in the owner's colour. A pod
that appeared or changed state in the last few simulated seconds is underlined, and the
selected pod is drawn reversed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.markup import escape
from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from ...core.quantity import format_milli_cpu
from ..state import POLICY_MARK, STATES, NodeView, PodChip
from ..theme import colour, state_colour

if TYPE_CHECKING:
    from textual.geometry import Size

BAR_WIDTH = 8
LABEL_WIDTH = 24  # owner/version names: `coredns-55dd448c4f` fits
CHIP_ROOM = 7  # a chip after its owner's name: space, glyph, a five-letter suffix
INDENT = 2  # chips that do not fit after their owner's name continue on lines indented this much
SELECTED = Style(reverse=True, bold=True)
RECENT = Style(underline=True, bold=True)

OwnerColour = Callable[[str, str], str]  # (theme, owner) -> colour


def bar(fraction: float, width: int = BAR_WIDTH) -> str:
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "█" * filled + "░" * (width - filled)


def node_status_line(view: NodeView) -> Text:
    if not view.ready:
        return Text("✕ NotReady", style="bold reverse")
    text = Text("✓ Ready")
    if not view.machine_up:
        # Ground truth the API has not learned yet: the kubelet stopped heartbeating.
        text = Text("⚡ stopped · API: Ready", style="bold")
    return text


def chip_text(chip: PodChip, theme: str, owner_colour: str, *, now: float, selected: bool) -> Text:
    """`●29prn`: the state's glyph in its colour, the pod's own part of the name in its owner's."""
    text = Text(STATES.get(chip.state, "?"), style=Style(color=state_colour(theme, chip.state), bold=True))
    text.append(chip.short, style=Style(color=owner_colour))
    if chip.recent(now):
        text.stylize(RECENT)
    if selected:
        text.stylize(SELECTED)
    return text


def node_summary(view: NodeView, theme: str, width: int = 200) -> Text:
    """Status and role, cordon and taints, and the pods and cpu bars (shorter bars in a narrow box)."""
    text = Text()
    text.append_text(node_status_line(view))
    if text.cell_len + len(f" · {view.role}") <= width:  # the role steps aside in a narrow box
        text.append(f" · {view.role}", style=colour(theme, "text-muted"))
    if view.cordoned:
        text.append("\n⊝ cordoned (SchedulingDisabled)", style="bold")
    for taint in view.taints:
        if not taint.startswith(("node-role.kubernetes.io/control-plane", "node.kubernetes.io/unschedulable")):
            text.append(f"\n⚑\u00a0{taint.split('/')[-1]}")  # no-break space: the flag stays with its taint
    pods = f"{view.pod_count}/{view.max_pods}"
    cpu = f"{format_milli_cpu(view.cpu_requested)}/{format_milli_cpu(view.cpu_allocatable)}"
    bars = max(2, min(BAR_WIDTH, width - len("pods ") - 1 - max(len(pods), len(cpu))))
    text.append(f"\npods {bar(view.pod_fraction, bars)} {pods}")
    text.append(f"\ncpu  {bar(view.cpu_fraction, bars)} {cpu}")
    return text


def render_node(view: NodeView, theme: str, selected_pod: str | None, *, width: int, now: float,
                owner_colour: OwnerColour) -> Text:
    """The inside of a node box (the border and title come from the widget), no line wider than `width`."""
    text = node_summary(view, theme, width)
    # Owner names as long as the box allows, leaving room for a chip after them.
    longest = max((len(group) for group in view.groups), default=0)
    label_width = max(4, min(longest, LABEL_WIDTH, width - CHIP_ROOM))
    for group, pods_in_group in view.groups.items():
        owner = owner_colour(theme, group)
        label = group if len(group) <= label_width else group[: label_width - 1] + "…"
        line = Text(f"{label:<{label_width}}", style=Style(color=owner, bold=True))
        if any(chip.name == selected_pod and not chip.short for chip in pods_in_group):
            line.stylize(SELECTED)  # a chip that is only a glyph: its owner's name shows the selection too
        # A NetworkPolicy mark: after the group's name when it isolates every pod, else after each pod it does.
        whole = all(chip.isolated for chip in pods_in_group)
        if whole:
            line.append(POLICY_MARK, style="bold")
        for chip in pods_in_group:
            piece = chip_text(chip, theme, owner, now=now, selected=chip.name == selected_pod)
            if chip.isolated and not whole:
                piece.append(POLICY_MARK, style="bold")
            if line.plain.strip() and line.cell_len + 1 + piece.cell_len > width:
                # Wrap: the next chips go in a column under the first, or just indented in a narrow box.
                text.append("\n")
                text.append_text(line)
                column = label_width if label_width + 1 + piece.cell_len <= width else INDENT - 1
                line = Text(" " * column)
            line.append(" ")
            line.append_text(piece)
        text.append("\n")
        text.append_text(line)
    if not view.groups:
        text.append("\n(no pods)", style=colour(theme, "text-muted"))
    lines = text.split("\n")
    for line in lines:
        line.truncate(width, overflow="ellipsis")
    return Text("\n").join(lines)


def render_close_up(view: NodeView, theme: str, selected_pod: str | None, *, now: float,
                    owner_colour: OwnerColour) -> Text:
    """One node up close: its summary, then every pod by owner with its whole name and state."""
    muted = colour(theme, "text-muted")
    text = node_summary(view, theme)
    for group, pods_in_group in view.groups.items():
        owner = owner_colour(theme, group)
        text.append("\n")
        text.append(group, style=Style(color=owner, bold=True))
        for chip in pods_in_group:
            text.append("\n  ")
            text.append(STATES.get(chip.state, "?"), style=Style(color=state_colour(theme, chip.state), bold=True))
            text.append(" ")
            name = Text(chip.name, style=Style(color=owner))
            if chip.recent(now):
                name.stylize(RECENT)
            if chip.name == selected_pod:
                name.stylize(SELECTED)
            text.append_text(name)
            text.append(f"  {chip.state}", style=muted)
    if not view.groups:
        text.append("\n(no pods)", style=muted)
    return text


class NodeBox(Widget):
    """A node as a box; its classes say Ready, NotReady, stopped, cordoned and selected."""

    DEFAULT_CSS = """
    NodeBox { width: 1fr; height: auto; min-height: 5; border: round $primary; padding: 0 1; }
    NodeBox.-selected { border: double $accent; }
    NodeBox.-notready { border: heavy $error; }
    NodeBox.-notready.-selected { border: double $error; }
    NodeBox.-stopped { border: heavy $warning; }
    NodeBox.-cordoned { border: dashed $warning; }
    """

    def __init__(self, node_name: str) -> None:
        super().__init__(id=f"node-{node_name}")
        self.node_name = node_name
        self.border_title = escape(node_name)
        self.view: NodeView | None = None
        self._paint: tuple[str, str | None, float, OwnerColour] | None = None
        #: the text last drawn from view and _paint, and its width: a frame's layout asks for it twice, then render
        self._drawn: tuple[int, Text] | None = None

    def show(self, view: NodeView, theme: str, *, selected: bool, selected_pod: str | None, now: float,
             owner_colour: OwnerColour) -> None:
        self.set_class(selected, "-selected")
        self.set_class(not view.ready, "-notready")
        self.set_class(view.ready and not view.machine_up, "-stopped")
        self.set_class(view.cordoned, "-cordoned")
        self.border_subtitle = escape(view.status_word)
        old_height = self._text(self.content_size.width).plain.count("\n") if self.view else -1
        self.view = view
        self._paint = (theme, selected_pod if selected else None, now, owner_colour)
        self._drawn = None
        new_height = self._text(self.content_size.width).plain.count("\n")
        self.refresh(layout=new_height != old_height)

    def _text(self, width: int) -> Text:
        if self.view is None or self._paint is None:
            return Text()
        width = max(8, width)
        if self._drawn is None or self._drawn[0] != width:
            theme, selected_pod, now, owner_colour = self._paint
            self._drawn = width, render_node(self.view, theme, selected_pod, width=width, now=now,
                                             owner_colour=owner_colour)
        return self._drawn[1]

    def render(self) -> Text:
        return self._text(self.content_size.width)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self._text(width).plain.count("\n") + 1
