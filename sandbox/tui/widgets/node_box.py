"""One node drawn as a box: status, bars of pods and cpu, and its pods as chips by owner."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from ...core.quantity import format_milli_cpu
from ..state import POLICY_MARK, STATES, NodeView
from ..theme import owner_tint, state_colour

BAR_WIDTH = 8
LABEL_WIDTH = 15  # owner/version names: `web-6ccf99756c` fits


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


def render_node(view: NodeView, theme: str, selected_pod: str | None) -> Text:
    """The inside of a node box (the border and title come from the widget)."""
    text = Text(no_wrap=False, overflow="fold")
    text.append_text(node_status_line(view))
    text.append(f" · {view.role}", style="dim")
    if view.cordoned:
        text.append("\n⊝ cordoned (SchedulingDisabled)", style="bold")
    for taint in view.taints:
        if not taint.startswith(("node-role.kubernetes.io/control-plane", "node.kubernetes.io/unschedulable")):
            text.append(f"\n⚑\u00a0{taint.split('/')[-1]}")  # no-break space: the flag stays with its taint
    text.append(f"\npods {bar(view.pod_fraction)} {view.pod_count}/{view.max_pods}")
    text.append(f"\ncpu  {bar(view.cpu_fraction)} {format_milli_cpu(view.cpu_requested)}/"
                f"{format_milli_cpu(view.cpu_allocatable)}")
    for group, pods_in_group in view.groups.items():
        tint = owner_tint(group)
        label = group if len(group) <= LABEL_WIDTH else group[: LABEL_WIDTH - 1] + "…"
        # A NetworkPolicy mark: after the group's name when it selects every pod, else after each pod it selects.
        whole = all(chip.isolated for chip in pods_in_group)
        text.append("\n")
        text.append(f"{label:<{LABEL_WIDTH}}", style=f"on {tint}")
        text.append(POLICY_MARK if whole else " ", style="bold")
        for chip in pods_in_group:
            style = f"bold {state_colour(theme, chip.state)} on {tint}"
            if chip.name == selected_pod:
                style += " reverse"
            text.append(STATES.get(chip.state, "?"), style=style)
            if chip.isolated and not whole:
                text.append(POLICY_MARK, style="bold")
    if not view.groups:
        text.append("\n(no pods)", style="dim")
    return text


class NodeBox(Static):
    """A node as a box; its classes say Ready, NotReady, stopped, cordoned and selected."""

    DEFAULT_CSS = """
    NodeBox { width: 1fr; height: auto; min-height: 5; border: round $primary; padding: 0 1; }
    NodeBox.-selected { border: double $accent; }
    NodeBox.-notready { border: heavy $error; color: $text-muted; }
    NodeBox.-notready.-selected { border: double $error; }
    NodeBox.-stopped { border: heavy $warning; }
    NodeBox.-cordoned { border: dashed $warning; }
    """

    def __init__(self, node_name: str) -> None:
        super().__init__(id=f"node-{node_name}", markup=False)
        self.node_name = node_name
        self.border_title = node_name

    def show(self, view: NodeView, theme: str, *, selected: bool, selected_pod: str | None) -> None:
        self.set_class(selected, "-selected")
        self.set_class(not view.ready, "-notready")
        self.set_class(view.ready and not view.machine_up, "-stopped")
        self.set_class(view.cordoned, "-cordoned")
        self.border_subtitle = view.status_word
        self.update(render_node(view, theme, selected_pod if selected else None))
