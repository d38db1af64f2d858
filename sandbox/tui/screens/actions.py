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

from ...core.objects import KObject, controller_ref
from ..keys import LETTER_ACTIONS, PLAY_KEYS, KeyAction, bindings
from ..state import node_view
from ..theme import OwnerColours
from ..widgets.cluster_map import ClusterMap, Selected
from ..widgets.command_line import CommandLine, Shell
from ..widgets.detail import DetailPanel
from ..widgets.node_box import render_close_up
from ..widgets.resources import ResourcesPane
from .cluster import ClusterView

if TYPE_CHECKING:
    from rich.console import RenderableType
    from textual.binding import BindingType

    from ..widgets.why_panel import Ref, WhyPanel

SPEEDS = (0.0, 1.0, 10.0, 60.0)  # 0 stands for paused
SCALABLE = ("Deployment", "ReplicaSet", "StatefulSet")


@dataclass(frozen=True)
class Target:
    """The object a key acts on."""

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
        if self.busy:  # a typed line runs in its thread: no key may touch the cluster meanwhile (the footer says so)
            return False
        # Single-letter keys never act while a text field has focus: they are typing (a `:` too, in a URL).
        if (action in LETTER_ACTIONS or action == "focus_command") and isinstance(self.focused, Input):
            return False
        return True

    def action_focus_command(self) -> None:
        # Focus at once (not deferred like widget.focus()), so keys typed right after `:` are text.
        self.set_focus(self.query_one(CommandLine))

    def action_filter_log(self) -> None:
        box, _ = self.above_prompt()
        box.remove_class("-hidden")
        self.set_focus(box)

    def action_help(self) -> None:
        # A screen action, so check_action keeps `?` typed text in the command line.
        from .chaos import curl_hints
        from .help import HelpScreen

        self.app.push_screen(HelpScreen(self.KEY_TABLE, curl_hints(self.sim)))

    def action_back(self) -> None:
        focused = self.focused
        if isinstance(focused, CommandLine) and focused.shell is not None:
            focused.leave_shell()
            self._say("left the shell prompt")
        elif isinstance(focused, Input):
            if focused.id == "filter" and not focused.value:
                focused.add_class("-hidden")
            self._hide_completions()
            # With the output open, arrows scroll it next (as in a terminal's scrollback).
            self.set_focus(self.output if self._output_open() else None)
        elif self._output_open():
            self.show_output(False)
            self.set_focus(None)
        elif self.close_detail():
            pass
        elif self.hide_trace():
            self.set_focus(None)
        else:
            self.leave()

    def leave(self) -> None:
        """esc with nothing left to close: home (free play is kept there, to resume)."""
        self.app.go_home()

    def action_move(self, dx: int, dy: int) -> None:
        self.map.move(dx, dy)
        self._paint_selection()

    def action_toggle_output(self) -> None:
        show = not self.output.is_open
        self.show_output(show)
        self.set_focus(self.output if show else None)

    def action_cycle_kind(self, step: int) -> None:
        self.query_one(ResourcesPane).cycle(step)

    def _show_detail(self, title: str, body: RenderableType) -> None:
        self.add_class("-detail")  # a narrow lesson screen shows its side column only for this
        self.query_one(ResourcesPane).add_class("-hidden")
        self.close_why()
        self.detail.show(title, body)

    def _line(self, key: str, target: Target | None = None, value: int | str | None = None) -> str:
        """The line `key` stands for (on `target`): one table for the app and the lessons' proofs."""
        # Late: the key table loads with the first key pressed, not with free play's first frame.
        from ...kubectl.keymap import KeyTarget, key_line

        if target is None:
            return key_line(key)
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

    def action_edit(self) -> None:
        if self._output_open() and self.last_yaml:
            from ...kubectl.editor import apply_request  # loads with the first edit, not at start

            self.open_editor(apply_request(self.last_yaml))  # YAML printed by a dry run or `-o yaml`
            return
        target = self.target()
        if target is not None:
            self.run_command(self._line("e", target), key="e")

    def action_namespace(self) -> None:
        from .namespaces import NamespacePicker

        names = [ns.name for ns in self.sim.list("Namespace")]

        def chosen(name: str | None) -> None:
            if name:
                self.session.use_namespace(name, key="N")

        self.app.push_screen(NamespacePicker(sorted(names), self.session.namespace), chosen)

    def action_trace(self) -> None:
        if self.hide_trace():
            return
        if self.session.last_request is not None:
            self.show_trace(self.session.last_request)
        else:
            self._say("T shows the last request's path: curl a URL first (or kubectl exec POD -- curl URL)")

    def action_logs(self) -> None:
        target = self.target()
        if target is None or target.kind != "Pod":
            self._say("l shows a pod's logs: select a pod on the map (↓), or its row in the pods view (:pods)")
            return
        self._show_command_output("l")

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

    def action_shell_or_scale(self) -> None:
        """k9s: `s` is a shell on a pod and scale on a deployment (or replicaset)."""
        target = self.target()
        scalable = self._scalable(target) if target is not None and target.kind in SCALABLE else None
        if target is not None and target.kind == "Pod":
            self._shell(target)
        elif scalable is not None:
            self._scale(scalable)
        else:
            self._say("s opens a shell on a pod (select one with ↓) or scales a deployment (its row: "
                      ":deploy, then tab; or + and - on one of its pods)")

    def _shell(self, target: Target) -> None:
        line = self.query_one(CommandLine)
        line.enter_shell(Shell(target.name, lambda typed: self._line("s", target, typed)))
        self.set_focus(line)
        self._say(f"shell prompt on pod {target.name}: each line runs as `{self._line('s', target)}` "
                  "(esc leaves)")

    def action_scale_by(self, step: int) -> None:
        target = self._scalable(self.target())
        key = "+" if step > 0 else "-"
        if target is None:
            self._say(f"{key} scales a deployment: select one of its pods, or its row in the resources pane")
            return
        current = self.sim.get(target.kind, target.namespace, target.name).spec.get("replicas", 1)
        self.run_command(self._line(key, target, max(0, current + step)), key=key)

    def _scale(self, target: Target) -> None:
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
        selected = self.selected()
        obj = self.sim.try_get("Node", "", selected.node) if selected.node else None
        if obj is not None:
            view = node_view(self.sim, obj)
            owner_colour = self.map.owner_colour if isinstance(self.map, ClusterMap) else OwnerColours().colour
            self._show_detail(f"node {selected.node}", render_close_up(view, self.app.theme, selected.pod,
                                                                       now=self.sim.now, owner_colour=owner_colour))

    # ---- why, undo, redo ------------------------------------------------------------

    def action_why(self) -> None:
        """The chain behind the selected object (or the event log's highlighted change) beside the map."""
        entry = self.log_pane.highlighted_entry() if self.focused is self.log_pane else None
        target = Target(entry.kind, entry.namespace, entry.name) if entry is not None else self.target()
        if target is None:
            self._say("w shows why an object is as it is: select a pod or a node, or a line of the event log")
            return
        line = self._line("w", target)
        result = self.run_command(line, key="w")
        if result is None or not result.ok or "chain" not in result.data:
            return
        self.add_class("-detail")  # as _show_detail: the side column shows on a narrow lesson screen
        self.query_one(ResourcesPane).add_class("-hidden")
        for panel in self.query(DetailPanel):
            panel.close()
        from ..widgets.why_panel import WhyPanel  # loads with the first `w`, not at start

        why = self._pane(WhyPanel, lambda: WhyPanel(id="why"), "#side")
        why.show(line, result.data["chain"], result.data["why_not"])
        self.set_focus(why.links)

    def on_why_panel_jump(self, message: WhyPanel.Jump) -> None:
        """Show the object a link of the chain changed: its pod on the map (or its node)."""
        pod = self._pod_of(message.ref)
        node = message.ref.name if message.ref.kind == "Node" else pod.spec.get("nodeName") if pod else None
        if not node:
            return
        self.map.select_node(node)
        if pod is not None and isinstance(self.map, ClusterMap):
            self.map.select_pod(pod.namespace, pod.name)

    def _pod_of(self, ref: Ref) -> KObject | None:
        """The pod itself, or the first pod a workload owns (through its ReplicaSets)."""
        obj = self.sim.try_get(ref.kind, ref.namespace, ref.name)
        for _ in range(3):
            if obj is None or obj.kind == "Pod":
                return obj
            children = self.sim.children(obj.metadata.uid)
            obj = children[0] if children else None
        return None

    def action_undo(self) -> None:
        self.run_command(self._line("ctrl+z"), key="ctrl+z")

    def action_redo(self) -> None:
        self.run_command(self._line("ctrl+y"), key="ctrl+y")

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
