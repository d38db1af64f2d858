"""What the keys do on the cluster screen: each runs the command it stands for through the session.

Keys teach commands: a key never re-implements what a command does, it builds the line
(`kubectl cordon node-2`) and runs it like a typed one, so the line and its effects show
in the event log. Targets come from the map's selection, or the resources row in focus.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.widgets import DataTable, Input

from ...core.objects import controller_ref
from ...kubectl.keymap import KeyTarget, key_line
from ..keys import LETTER_ACTIONS, PLAY_KEYS, KeyAction, bindings
from ..state import node_view
from ..widgets.cluster_map import Selected
from ..widgets.command_line import CommandLine
from ..widgets.detail import DetailPanel
from ..widgets.node_box import render_node
from ..widgets.resources import ResourcesPane
from .cluster import ClusterView

if TYPE_CHECKING:
    from rich.console import RenderableType
    from textual.binding import BindingType

SPEEDS = (0.0, 1.0, 10.0, 60.0)  # 0 stands for paused
SCALABLE = ("Deployment", "ReplicaSet", "StatefulSet")


@dataclass(frozen=True)
class Target:
    kind: str
    namespace: str
    name: str


class ClusterScreen(ClusterView):
    BINDINGS: ClassVar[list[BindingType]] = bindings(PLAY_KEYS)
    #: the keys this screen offers, for its help and the command palette
    KEY_TABLE: ClassVar[list[KeyAction]] = PLAY_KEYS

    # ---- what the keys act on ----------------------------------------------

    def selected(self) -> Selected:
        return self.map.selected()

    def target(self) -> Target | None:
        """The resources row when the table has focus, else the map's pod, else its node."""
        if isinstance(self.focused, DataTable):
            row = self.query_one(ResourcesPane).highlighted()
            if row:
                return Target(*row)
        selected = self.selected()
        if selected.pod:
            return Target("Pod", selected.pod_namespace or "", selected.pod)
        if selected.node:
            return Target("Node", "", selected.node)
        return None

    def _scalable(self, target: Target | None) -> Target | None:
        """The deployment (or replicaset) a target belongs to: a pod climbs its owner references."""
        obj = self.sim.try_get(target.kind, target.namespace, target.name) if target else None
        while obj is not None and obj.kind not in SCALABLE:
            ref = controller_ref(obj)
            obj = self.sim.try_get(ref["kind"], obj.namespace, ref["name"]) if ref else None
        if obj is not None and obj.kind == "ReplicaSet":
            ref = controller_ref(obj)
            owner = self.sim.try_get(ref["kind"], obj.namespace, ref["name"]) if ref else None
            obj = owner if owner is not None and owner.kind in SCALABLE else obj
        return Target(obj.kind, obj.namespace, obj.name) if obj is not None else None

    def _say(self, message: str) -> None:
        self.log_pane.note(message)

    # ---- key actions -------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Single-letter keys never act while a text field has focus: they are typing.
        if action in LETTER_ACTIONS and isinstance(self.focused, Input):
            return False
        return True

    def action_focus_command(self) -> None:
        # Focus at once (not deferred like widget.focus()), so keys typed right after `:` are text.
        self.set_focus(self.query_one(CommandLine))

    def action_filter_log(self) -> None:
        box = self.query_one("#filter", Input)
        box.remove_class("-hidden")
        self.set_focus(box)

    def action_help(self) -> None:
        self.app.action_help()  # a screen action, so check_action keeps `?` typed text in the command line

    def action_back(self) -> None:
        focused = self.focused
        if isinstance(focused, Input):
            if focused.id == "filter" and not focused.value:
                focused.add_class("-hidden")
            self._hide_completions()
            # With the output open, arrows scroll it next (as in a terminal's scrollback).
            self.set_focus(self.output if self._output_open() else None)
        elif self._output_open():
            self.show_output(False)
            self.set_focus(None)
        elif any(panel.close() for panel in self.query(DetailPanel)):
            self.query_one(ResourcesPane).remove_class("-hidden")
            self.remove_class("-detail")
        elif len(self.app.screen_stack) > 2:
            self.leave()

    def leave(self) -> None:
        """esc with nothing left to close: back to the screen below."""
        self.app.pop_screen()

    def action_move(self, dx: int, dy: int) -> None:
        self.map.move(dx, dy)

    def action_toggle_output(self) -> None:
        show = not self.output.is_open
        self.show_output(show)
        self.set_focus(self.output if show else None)

    def action_cycle_kind(self, step: int) -> None:
        self.query_one(ResourcesPane).cycle(step)

    def _show_detail(self, title: str, body: RenderableType) -> None:
        self.add_class("-detail")  # a narrow lesson screen shows its side column only for this
        self.query_one(ResourcesPane).add_class("-hidden")
        self.detail.show(title, body)

    def _line(self, key: str, target: Target, value: int | None = None) -> str:
        """The line `key` stands for on `target` (one table for the app and the lessons' proofs)."""
        node_up = target.kind != "Node" or self.sim.node_is_up(target.name)
        return key_line(key, KeyTarget(target.kind, target.name, target.namespace),
                        namespace=self.session.namespace, value=value, node_up=node_up)

    def _show_command_output(self, key: str) -> None:
        target = self.target()
        if target is None:
            return
        line = self._line(key, target)
        result = self.run_command(line, key=key)
        if result is not None and result.ok:
            self._show_detail(line, Text(result.output))

    def action_describe(self) -> None:
        self._show_command_output("d")

    def action_yaml(self) -> None:
        self._show_command_output("y")

    def action_delete(self) -> None:
        target = self.target()
        if target is None:
            return
        from .dialogs import Confirm

        line = self._line("ctrl+d", target)

        def answered(yes: bool | None) -> None:
            if yes:
                self.run_command(line, key="ctrl+d")

        self.app.push_screen(Confirm(f"Delete {target.kind.lower()} {target.name}?", line), answered)

    def action_scale(self) -> None:
        target = self._scalable(self.target())
        if target is None:
            self._say("s scales a deployment: select one of its pods, or its row in the resources pane")
            return
        from .dialogs import AskNumber

        current = self.sim.get(target.kind, target.namespace, target.name).spec.get("replicas", 1)

        def answered(replicas: int | None) -> None:
            if replicas is not None:
                self.run_command(self._line("s", target, replicas), key="s")

        self.app.push_screen(AskNumber(f"Scale {target.kind.lower()} {target.name} to how many replicas?",
                                       lambda n: self._line("s", target, n), current), answered)

    def _node_command(self, key: str) -> None:
        node = self.selected().node
        if node:
            self.run_command(self._line(key, Target("Node", "", node)), key=key)

    def action_cordon(self) -> None:
        self._node_command("c")

    def action_uncordon(self) -> None:
        self._node_command("u")

    def action_drain(self) -> None:
        self._node_command("r")

    def action_fail_node(self) -> None:
        self._node_command("x")

    def action_zoom(self) -> None:
        node = self.selected().node
        obj = self.sim.try_get("Node", "", node) if node else None
        if obj is not None:
            view = node_view(self.sim, obj)
            self._show_detail(f"node {node}", render_node(view, self.app.theme, None))

    def action_chaos(self) -> None:
        from .chaos import ChaosMenu, chaos_commands

        items = chaos_commands(self.sim, self.selected(), self.session.namespace)

        def chosen(line: str | None) -> None:
            if line:
                self.run_command(line, key="chaos menu")

        self.app.push_screen(ChaosMenu(items), chosen)

    def action_pause(self) -> None:
        self.run_command("sim resume" if self.session.paused else "sim pause", key="space")
        self._last_tick = None

    def action_speed(self, step: int) -> None:
        level = 0 if self.session.paused else SPEEDS.index(self.session.speed) if self.session.speed in SPEEDS else 1
        target = SPEEDS[max(0, min(len(SPEEDS) - 1, level + step))]
        key = "<" if step < 0 else ">"
        if target == 0.0:
            if not self.session.paused:
                self.run_command("sim pause", key=key)
            return
        if target != self.session.speed:
            self.run_command(f"sim speed {target:g}", key=key)
        if self.session.paused:
            self.run_command("sim resume", key=key)
        self._last_tick = None
