"""Free play: the map, the resources, traffic, the event log, the output, the command line, chaos.

Every key runs the command it stands for through the session (the same path as
typing it), and the command goes into the event log, so keys teach commands and
the UI never re-implements what a command does. What a command prints goes to the
output pane, which opens by itself when a typed command prints more than a line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from time import monotonic
from typing import TYPE_CHECKING, ClassVar, TypeVar

from rich.console import RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.message import Message
from textual.widget import Widget
from textual.widgets import DataTable, Input, Static

from ...core.objects import controller_ref
from ..keys import LETTER_ACTIONS, PLAY_KEYS, bindings
from ..state import Health, cluster_health, node_view
from ..widgets.cluster_map import ClusterMap, Selected
from ..widgets.command_line import CommandLine
from ..widgets.compact_map import CompactMap
from ..widgets.detail import DetailPanel
from ..widgets.event_log import EventLog
from ..widgets.key_footer import KeyFooter
from ..widgets.legend import Legend
from ..widgets.node_box import render_node
from ..widgets.output import OutputPane
from ..widgets.resources import ResourcesPane
from ..widgets.status_bar import StatusBar
from .base import SandboxScreen

if TYPE_CHECKING:
    from ...kubectl.result import CommandResult
    from ..protocol import SessionLike

COMPACT_ABOVE = 30  # nodes; above this the map is one cell per node
SPEEDS = (0.0, 1.0, 10.0, 60.0)  # 0 stands for paused
MAX_TICK = 1.0  # wall seconds one tick may advance (a stalled UI must not leap minutes ahead)
SCALABLE = ("Deployment", "ReplicaSet", "StatefulSet")
W = TypeVar("W", bound=Widget)


class Tick(Message):
    """Time to advance the simulation; a pending tick is replaced, so a fast timer cannot flood."""

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, Tick)


@dataclass(frozen=True)
class Target:
    kind: str
    namespace: str
    name: str


class PlayScreen(SandboxScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = bindings(PLAY_KEYS)

    def __init__(self, session: SessionLike, *, title: str = "KubeSandbox · free play") -> None:
        super().__init__()
        self.session = session
        self.sim = session.sim
        self.title_text = title
        self._last_tick: float | None = None
        self.history: list[str] = []  # the command line's, carried over a `sim reset`
        self._health: tuple[int, Health] | None = None  # (store resourceVersion, health then)

    # ---- layout ------------------------------------------------------------

    def compose(self) -> ComposeResult:
        theme = self.app.theme
        yield StatusBar(id="status")
        with Horizontal(id="body"):
            with Vertical(id="map-pane"):
                if self.compact:
                    yield CompactMap(self.sim, theme, id="map")
                else:
                    yield ClusterMap(self.sim, theme, id="map")
                yield Legend(id="legend")
            with Vertical(id="side"):
                yield ResourcesPane(self.sim, id="resources")
                # the traffic panel, the detail panel and the output pane mount when first needed
        yield EventLog(self.sim.audit, id="log")
        yield Input(placeholder="filter the event log (esc leaves)", id="filter", classes="-hidden")
        yield Static(id="completions", classes="-hidden", markup=False)
        yield CommandLine(self.session.complete, history=self.history, id="command")
        yield KeyFooter()

    @property
    def compact(self) -> bool:
        return self.sim.count("Node") > COMPACT_ABOVE

    @property
    def map(self) -> ClusterMap | CompactMap:
        return self.query_one("#map")  # type: ignore[return-value]

    @property
    def log_pane(self) -> EventLog:
        return self.query_one(EventLog)

    @property
    def output(self) -> OutputPane:
        return self._pane(OutputPane, partial(OutputPane, id="output"), "#body")

    @property
    def detail(self) -> DetailPanel:
        return self._pane(DetailPanel, partial(DetailPanel, id="detail"), "#side")

    def _pane(self, kind: type[W], make: Callable[[], W], parent: str, **where: str) -> W:
        """A pane hidden at start, mounted the first time it is needed: the first frame does not pay for it."""
        try:
            return self.query_one(kind)
        except NoMatches:
            pane = make()
            self.query_one(parent).mount(pane, **where)
            return pane

    def _output_open(self) -> bool:
        return any(pane.is_open for pane in self.query(OutputPane))

    def on_mount(self) -> None:
        self.query_one("#map-pane").border_title = "cluster"
        interval = getattr(self.app, "tick_interval", None)
        if interval:
            self.set_interval(interval, lambda: self.post_message(Tick()))
        # The map and status bar make the first frame; the tables and the log backfill come right after.
        self._paint_status()
        self.call_after_refresh(self.refresh_views)

    # ---- time --------------------------------------------------------------

    def on_tick(self, _: Tick) -> None:
        # Wall time only paces the real app; advance by the time really elapsed,
        # so ticks replaced in the queue lose nothing.
        now = monotonic()
        elapsed = 0.0 if self._last_tick is None else min(MAX_TICK, now - self._last_tick)
        self._last_tick = now
        if not self.session.paused and elapsed > 0:
            self.advance(elapsed * self.session.speed)
        else:
            self.refresh_views()

    def advance(self, seconds: float) -> None:
        """Advance simulated time and repaint; a failure is reported and the app goes on."""
        try:
            self.sim.advance(seconds)
        except Exception as error:
            self.app.report_error(error, "advancing the simulation")
        self.refresh_views()

    # ---- painting ----------------------------------------------------------

    def refresh_views(self) -> None:
        for part, paint in (("map", self._paint_map), ("resources", self._paint_resources),
                            ("traffic panel", self._paint_traffic),
                            ("event log", self.log_pane.follow), ("status bar", self._paint_status)):
            try:
                paint()
            except Exception as error:
                self.app.report_error(error, f"updating the {part}")

    def _paint_map(self) -> None:
        if isinstance(self.map, CompactMap) != self.compact:
            self._swap_map()
            return
        if self.map.theme_name != self.app.theme:
            self.map.set_theme(self.app.theme)
        self.map.refresh_from_sim()
        self.query_one(Legend).show(self.app.theme, compact=self.compact)

    def _swap_map(self) -> None:
        old = self.map
        selected = old.selected().node
        old.remove()
        new = (CompactMap if self.compact else ClusterMap)(self.sim, self.app.theme, id="map")
        self.query_one("#map-pane").mount(new, before=0)
        if selected:
            self.call_after_refresh(new.select_node, selected)

    def _paint_traffic(self) -> None:
        from ..widgets.traffic import TrafficPanel  # loads with the first stream

        if self.query(TrafficPanel) or self.sim.traffic_streams():
            panel = self._pane(TrafficPanel, partial(TrafficPanel, self.sim, id="traffic"), "#side",
                               after="#resources")
            if panel.is_mounted:  # a new panel paints itself on mount
                panel.refresh_from_sim()

    def _paint_resources(self) -> None:
        self.query_one(ResourcesPane).refresh_from_sim()

    def _paint_status(self) -> None:
        self.query_one(StatusBar).show(title=self.title_text, now=self.sim.now, paused=self.session.paused,
                                       speed=self.session.speed, health=self._cluster_health(),
                                       namespace=self.session.namespace)

    def _cluster_health(self) -> Health:
        # Health reads only API objects, so it changes only with a store write; the clock ticks far more often.
        version = self.sim.resource_version
        if self._health is None or self._health[0] != version:
            self._health = (version, cluster_health(self.sim))
        return self._health[1]

    # ---- commands ----------------------------------------------------------

    def run_command(self, line: str, *, source: str = "", open_output: bool = False) -> CommandResult | None:
        """Run one line through the session: a line in the event log, the output in the output pane.

        `open_output`: show the output pane if the command printed more than a line or failed
        (typed commands do; keys and menus leave the map in view and say where the output is).
        """
        before = len(self.sim.audit)
        try:
            result = self.session.run(line)
        except Exception as error:  # the session promises not to raise; if it does, the app goes on
            self.app.report_error(error, f"running {line!r}")
            return None
        self.log_pane.follow(until=before)  # what the command caused comes after the command itself
        self.log_pane.command(line, result.output, result.ok, source=source)
        self.output.command(line, result.output, result.ok, now=self.sim.now, source=source)
        if open_output and ("\n" in result.output.strip() or not result.ok):
            self.show_output(True)
        if self.session.sim is not self.sim:  # `sim reset` built a new cluster
            self.app.call_later(self.app.reset_play, self)
        self.refresh_views()
        return result

    def show_output(self, show: bool) -> None:
        self.output.set_class(show, "-open")
        self.query_one("#body").set_class(show, "-output")
        if show:
            self.output.scroll_end(animate=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "filter":
            self.set_focus(None)
            return
        line = event.value.strip()
        event.input.value = ""
        self._hide_completions()
        if line:
            self.query_one(CommandLine).remember(line)
            self.run_command(line, open_output=True)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "filter":
            self.log_pane.set_filter(event.value)
        else:
            self._hide_completions()

    def on_command_line_completions(self, event: CommandLine.Completions) -> None:
        hint = self.query_one("#completions", Static)
        if event.choices:
            hint.update("  ".join(event.choices[:40]))
            hint.remove_class("-hidden")
        else:
            self._hide_completions()

    def _hide_completions(self) -> None:
        self.query_one("#completions", Static).add_class("-hidden")

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

    def _ns_flag(self, namespace: str) -> str:
        return f" -n {namespace}" if namespace and namespace != self.session.namespace else ""

    def _ref(self, target: Target) -> str:
        return f"{target.kind.lower()} {target.name}{self._ns_flag(target.namespace)}"

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
        elif len(self.app.screen_stack) > 2:
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
        self.query_one(ResourcesPane).add_class("-hidden")
        self.detail.show(title, body)

    def _show_command_output(self, line: str, key: str) -> None:
        result = self.run_command(line, source=key)
        if result is not None and result.ok:
            self._show_detail(line, Text(result.output))

    def action_describe(self) -> None:
        target = self.target()
        if target:
            self._show_command_output(f"kubectl describe {self._ref(target)}", "d")

    def action_yaml(self) -> None:
        target = self.target()
        if target:
            self._show_command_output(f"kubectl get {self._ref(target)} -o yaml", "y")

    def action_delete(self) -> None:
        target = self.target()
        if target is None:
            return
        from .dialogs import Confirm

        line = f"kubectl delete {self._ref(target)}"

        def answered(yes: bool | None) -> None:
            if yes:
                self.run_command(line, source="ctrl+d")

        self.app.push_screen(Confirm(f"Delete {target.kind.lower()} {target.name}?", line), answered)

    def action_scale(self) -> None:
        target = self._scalable(self.target())
        if target is None:
            self._say("s scales a deployment: select one of its pods, or its row in the resources pane")
            return
        from .dialogs import AskNumber

        current = self.sim.get(target.kind, target.namespace, target.name).spec.get("replicas", 1)
        template = (f"kubectl scale {target.kind.lower()} {target.name} "
                    f"--replicas={{n}}{self._ns_flag(target.namespace)}")

        def answered(replicas: int | None) -> None:
            if replicas is not None:
                self.run_command(template.format(n=replicas), source="s")

        self.app.push_screen(AskNumber(f"Scale {target.kind.lower()} {target.name} to how many replicas?",
                                       template, current), answered)

    def _node_command(self, template: str, key: str) -> None:
        node = self.selected().node
        if node:
            self.run_command(template.format(node=node), source=key)

    def action_cordon(self) -> None:
        self._node_command("kubectl cordon {node}", "c")

    def action_uncordon(self) -> None:
        self._node_command("kubectl uncordon {node}", "u")

    def action_drain(self) -> None:
        self._node_command("kubectl drain {node} --ignore-daemonsets", "r")

    def action_fail_node(self) -> None:
        node = self.selected().node
        if node:
            verb = "fail" if self.sim.node_is_up(node) else "recover"
            self._node_command(f"sim node {verb} {{node}}", "x")

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
                self.run_command(line, source="chaos menu")

        self.app.push_screen(ChaosMenu(items), chosen)

    def action_pause(self) -> None:
        self.run_command("sim resume" if self.session.paused else "sim pause", source="space")
        self._last_tick = None

    def action_speed(self, step: int) -> None:
        level = 0 if self.session.paused else SPEEDS.index(self.session.speed) if self.session.speed in SPEEDS else 1
        target = SPEEDS[max(0, min(len(SPEEDS) - 1, level + step))]
        key = "<" if step < 0 else ">"
        if target == 0.0:
            if not self.session.paused:
                self.run_command("sim pause", source=key)
            return
        if target != self.session.speed:
            self.run_command(f"sim speed {target:g}", source=key)
        if self.session.paused:
            self.run_command("sim resume", source=key)
        self._last_tick = None
