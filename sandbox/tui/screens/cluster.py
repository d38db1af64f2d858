"""The cluster view every mode shares: map, resources, traffic, event log, output, command line.

The key actions live on top of it (actions.py); free play is that screen as it is, and a
lesson adds its panel in the slot beside the map.
Every line — typed, a key, a lesson's event — runs through the session, and the screen
hears of it as a `CommandRan` message (the session's observers are bridged into
Textual's queue), so a line shows in the event log and the output pane the same way
whoever ran it. What a command prints goes to the output pane, which opens by itself
when a typed command prints more than a line. The output pane takes the event log's place
below the map, so the learner reads a result and watches the cluster react at once.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from time import monotonic
from typing import TYPE_CHECKING

from rich.markup import escape
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.widgets import Input, Label, Static

from ...core.quantity import format_milli_cpu
from ...kubectl.resources import resolve
from ..bridge import SessionBridge
from ..messages import ClusterReplaced, CommandRan, Tick
from ..state import Health, Selected, cluster_health, node_view, traffic_success
from ..widgets.cluster_map import ClusterMap
from ..widgets.command_line import CommandLine
from ..widgets.compact_map import CompactMap
from ..widgets.event_log import EventLog
from ..widgets.key_footer import KeyFooter
from ..widgets.legend import Legend
from ..widgets.resources import KINDS, ResourcesPane
from ..widgets.runner import CommandRunner
from ..widgets.status_bar import StatusBar
from ..widgets.timeline_strip import TimelineStrip
from .panes import PaneScreen

if TYPE_CHECKING:
    from ...core.simulation import Simulation
    from ...kubectl.editor import EditRequest
    from ...kubectl.observers import Source
    from ...kubectl.result import CommandResult
    from ...kubectl.session import Session
    from ..k9s import K9sCommand

YAML_HINT = "e: edit this YAML and apply it · "
COMPACT_ABOVE = 30  # nodes; above this the map is one cell per node
NARROW = 100  # columns; below this an open side panel is wider than the map
MAX_TICK = 1.0  # wall seconds one tick may advance (a stalled UI must not leap minutes ahead)


class ClusterView(PaneScreen):
    def __init__(self, session: Session, *, title: str) -> None:
        super().__init__()
        self.session = session
        self.sim = session.sim
        self.title_text = title
        self._last_tick: float | None = None
        self.history: list[str] = []  # the command line's; the same list survives a rebuild
        self._health: tuple[int, Health] | None = None  # (store resourceVersion, health then)
        #: the last YAML a command printed (`e` in the output pane opens it in the editor)
        self.last_yaml: str | None = None
        self._bridge = SessionBridge(self)
        #: lines the learner ran (typed or keyed) here: a cluster they changed is not thrown away unasked
        self.commands_run = 0
        self._typing = False  # the command line had focus when a typed line started running
        self._replaced = False  # the cluster was replaced while a typed line ran: rebuild when it ends

    # ---- layout ------------------------------------------------------------

    def compose(self) -> ComposeResult:
        theme = self.app.theme
        with Horizontal(id="top"):
            yield StatusBar(id="status")
            yield TimelineStrip(id="timeline")
        with Horizontal(id="body"):
            yield from self.compose_slot()
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
        # the output pane mounts here, in the event log's place, when first needed; then the log's filter box and
        # the command line's completions (see above_prompt)
        with Horizontal(id="command-row"):
            yield Label("", id="prompt", markup=False)
            yield CommandLine(self.session.complete, history=self.history, id="command")
            yield CommandRunner(self.session, id="runner")
        yield KeyFooter()

    def compose_slot(self) -> ComposeResult:
        """Widgets placed left of the map (a lesson's panel); none in free play."""
        yield from ()

    @property
    def compact(self) -> bool:
        return self.sim.count("Node") > COMPACT_ABOVE

    @property
    def map(self) -> ClusterMap | CompactMap:
        return self.query_one("#map")  # type: ignore[return-value]

    @property
    def log_pane(self) -> EventLog:
        return self.query_one(EventLog)

    def on_resize(self) -> None:
        # Narrow terminals give free play's open side panel (a describe) more room than the map.
        self.set_class(self.size.width < NARROW, "-slim")

    def on_mount(self) -> None:
        self.session.subscribe(self._bridge)
        self.session.editor = True  # `kubectl edit` and `kubectl apply -f -` open the editor pane
        self.session.slice_waits = True  # esc can stop a long `sim wait` (widgets/runner.py)
        self.query_one("#map-pane").border_title = "cluster"
        interval = getattr(self.app, "tick_interval", None)
        if interval:
            self.set_interval(interval, lambda: self.post_message(Tick()))
        # Every pane is painted before the first frame: painting the tables and the log backfill after it
        # (call_after_refresh) had Textual lay out and render the whole screen a second time (~15 ms at start).
        self.refresh_views()

    def on_unmount(self) -> None:
        self.session.unsubscribe(self._bridge)

    # ---- time --------------------------------------------------------------

    def on_tick(self, _: Tick) -> None:
        # Wall time only paces the real app; advance by the time really elapsed,
        # so ticks replaced in the queue lose nothing.
        if self not in self.app.screen_stack or self.busy:  # kept while the learner is home: time stands still
            self._last_tick = None
            return
        now = monotonic()
        elapsed = 0.0 if self._last_tick is None else min(MAX_TICK, now - self._last_tick)
        self._last_tick = now
        if not self.session.paused and elapsed > 0:
            self.advance(elapsed * self.session.speed)
        else:
            self.refresh_views()

    def advance(self, seconds: float) -> None:
        """Advance simulated time through the session and repaint; a failure is reported and the app goes on."""
        try:
            self.session.advance(seconds)
        except Exception as error:
            self.app.report_error(error, "advancing the simulation")
        self.refresh_views()

    # ---- painting ----------------------------------------------------------

    def refresh_views(self) -> None:
        if self.busy:  # the line's thread is changing the cluster: paint once it is done
            return
        for part, paint in (("map", self._paint_map), ("resources", self._paint_resources),
                            ("traffic panel", self._paint_traffic),
                            ("event log", self._paint_log), ("status bar", self._paint_status)):
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
        key = self.map.map_key() if isinstance(self.map, ClusterMap) else None
        self.query_one(Legend).show(self.app.theme, compact=self.compact, key=key)
        self._paint_selection()

    def _paint_selection(self) -> None:
        """The map pane's bottom edge names what is selected, so the learner knows what a key acts on."""
        words = selection_words(self.sim, self.map.selected(), self.session.namespace)
        self.query_one("#map-pane").border_subtitle = escape(words)

    def _swap_map(self) -> None:
        old = self.map
        selected = old.selected().node
        old.remove()
        new = (CompactMap if self.compact else ClusterMap)(self.sim, self.app.theme, id="map")
        self.query_one("#map-pane").mount(new, before=0)
        if selected:
            self.call_after_refresh(new.select_node, selected)

    def _paint_traffic(self) -> None:
        if not self.query("#traffic") and not self.sim.traffic_streams():
            return
        from ..widgets.traffic import TrafficPanel  # loads with the first stream

        panel = self._pane(TrafficPanel, partial(TrafficPanel, self.sim, id="traffic"), "#side", after="#resources")
        if panel.is_mounted:  # a new panel paints itself on mount
            panel.refresh_from_sim()

    def _paint_log(self) -> None:
        self.log_pane.follow(until=self._bridge.hold())

    def _paint_resources(self) -> None:
        self.query_one(ResourcesPane).refresh_from_sim()

    def _paint_status(self) -> None:
        self.query_one(StatusBar).show(title=self.title_text, now=self.sim.now, paused=self.session.paused,
                                       speed=self.session.speed, health=self._cluster_health(),
                                       namespace=self.session.namespace)
        timeline = self.session.timeline
        self.query_one(TimelineStrip).show(timeline.branch, timeline.current_point(),
                                           len(timeline.points(timeline.branch)) - 1)

    def _cluster_health(self) -> Health:
        # Objects change only with a store write, and the clock ticks far more often; traffic moves every second.
        version = self.sim.resource_version
        if self._health is None or self._health[0] != version:
            self._health = (version, cluster_health(self.sim))
        return replace(self._health[1], traffic=traffic_success(self.sim))

    # ---- commands ----------------------------------------------------------

    @property
    def busy(self) -> bool:
        """A typed line is running in its thread: nothing else may touch the cluster until it ends."""
        try:
            return self.query_one(CommandRunner).running
        except NoMatches:  # being rebuilt
            return False

    def run_command(self, line: str, *, source: Source = "key", key: str = "") -> CommandResult | None:
        """Run one line through the session; the screen shows it when the session's CommandRan arrives."""
        if self.busy:
            self.app.bell()
            return None
        try:
            return self.session.run(line, source=source, key=key)
        except Exception as error:  # the session promises not to raise; if it does, the app goes on
            self.app.report_error(error, f"running {line!r}")
            return None

    def on_command_ran(self, message: CommandRan) -> None:
        """A line in the event log (after what came before it), its output in the output pane."""
        result = message.result
        self._bridge.handled(result)
        self.commands_run += result.source in ("typed", "key")
        if result.audit_from <= len(self.sim.audit):
            self.log_pane.follow(until=result.audit_from)  # what the command caused comes after the command
        label = result.key if result.source == "key" else ("" if result.source == "typed" else result.source)
        self.log_pane.command(result.line, result.output, result.ok, source=label)
        self.output.command(result.line, result.output, result.ok, now=self.sim.now, source=label)
        # Typed commands open the output when they print more than a line or fail; keys leave the map in view.
        # A failed request's one line stays beside the map: the trace panel shows where it failed.
        trace = result.data.get("request")
        if result.source == "typed" and ("\n" in result.output.strip() or (not result.ok and trace is None)):
            self.show_output(True)
        self._remember_yaml(result)
        if trace is not None:
            self.show_trace(trace)
        request = result.data.get("edit")
        if request is not None and result.source in ("typed", "key"):
            self.open_editor(request)
        self.refresh_views()

    def _remember_yaml(self, result: CommandResult) -> None:
        """YAML the last command printed (`-o yaml`, a dry run) can be opened in the editor (`e` in the output)."""
        if not result.output.strip():
            return
        from ..widgets.output import OUTPUT_HINT

        yaml_out = result.ok and result.flags.get("output") == "yaml"
        self.last_yaml = result.output + "\n" if yaml_out else None
        self.output.border_subtitle = (YAML_HINT if yaml_out else "") + OUTPUT_HINT

    def open_editor(self, request: EditRequest) -> None:
        """The YAML editor over the right of the screen; one at a time (a reopened file stays in the same one)."""
        from .editor import EditorScreen

        if any(isinstance(screen, EditorScreen) for screen in self.app.screen_stack):
            return

        def closed(note: str | None) -> None:
            if note:
                self.log_pane.note(note)

        self.app.push_screen(EditorScreen(self.session, request), closed)

    async def on_cluster_replaced(self, _: ClusterReplaced) -> None:
        """Reset, restore, undo: every view is rebuilt on the session's new simulation (the history stays,
        and so does a line half typed when ctrl+z was pressed)."""
        if self.busy:  # `sim reset` typed: rebuild once its thread is done (the runner is part of the screen)
            self._replaced = True
            return
        self.sim = self.session.sim
        self._health = None
        command = self.query_one(CommandLine)
        draft, typing = command.value, self.focused is command
        await self.recompose()
        self.query_one("#map-pane").border_title = "cluster"
        command = self.query_one(CommandLine)
        command.value = draft
        if typing:
            self.set_focus(command)
        self.refresh_views()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "filter":
            self.set_focus(None)
            return
        line = event.value.strip()
        event.input.value = ""
        self._hide_completions()
        if not line:
            return
        command_line = self.query_one(CommandLine)
        command_line.remember(line)
        from ..k9s import k9s_command  # late: loaded with the first typed line, not with free play's first frame

        k9s = None if command_line.shell is not None else k9s_command(line)
        if k9s is None:
            self.run_typed(command_line.line_for(line))
        else:
            self.k9s(k9s, line)

    def run_typed(self, line: str) -> None:
        """Run a typed line in a thread (widgets/runner.py): the command line gives way to what is running."""
        if self.busy:
            self.app.bell()
            return
        command = self.query_one(CommandLine)
        self._typing = self.focused is command
        command.add_class("-hidden")
        self.query_one(CommandRunner).post_message(CommandRunner.Run(line, self._typed_finished))

    def _typed_finished(self, outcome: CommandResult | Exception | None) -> None:
        command = self.query_one(CommandLine)
        command.remove_class("-hidden")
        if self._typing:
            self.set_focus(command)
        if isinstance(outcome, Exception):
            self.app.report_error(outcome, "running the command")
        if self._replaced:
            self._replaced = False
            self.post_message(ClusterReplaced())
        self.refresh_views()

    def stop_waiting(self) -> bool:
        """esc while a line runs: a `sim wait` ends at its next slice; False when no wait runs."""
        if not self.busy or self.session.waiting is None:
            return False
        if not self.session.wait_can_stop():
            self.notify("While traffic streams run a wait goes in one go, so esc cannot stop it; ctrl+q quits.",
                        severity="warning")
            return True
        self.session.stop_waiting()
        return True

    def on_command_line_shell_changed(self, _: CommandLine.ShellChanged) -> None:
        shell = self.query_one(CommandLine).shell
        self.query_one("#prompt", Label).update(f"{shell.pod} $" if shell else "")

    # ---- k9s habits --------------------------------------------------------

    def k9s(self, command: K9sCommand, line: str) -> None:
        """`:pods` shows a view, `:ns NAME` switches namespace, `:q` quits — as in k9s."""
        if command.verb == "quit":
            self.app.exit()
        elif command.verb == "namespace":
            self.switch_namespace(command.name)
        elif command.kind in KINDS:
            self.query_one(ResourcesPane).show_kind(command.kind)
            self.close_detail()
            self.log_pane.note(f":{line.lstrip(':')} → the resources pane shows {resolve(command.kind).plural} "
                               f"(kubectl get {resolve(command.kind).plural} -A)")
        else:
            kind = resolve(command.kind)
            self.run_command(f"kubectl get {kind.plural}" + (" -A" if kind.namespaced else ""), source="typed")

    def switch_namespace(self, name: str) -> None:
        """`:ns NAME`: kubectl's own line when the sandbox has it, else the session's namespace, said so."""
        from ..k9s import set_namespace_line  # late, as k9s_command

        line = set_namespace_line(name)
        if line is not None:
            self.run_command(line, source="typed")
            return
        self.session.namespace = name
        exists = self.sim.try_get("Namespace", "", name) is not None
        self.log_pane.note(f":ns {name} → commands now default to namespace {name}"
                           + ("" if exists else f" (it does not exist yet: kubectl create namespace {name})"))
        self._paint_status()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "filter":
            self.log_pane.set_filter(event.value)
        else:
            self._hide_completions()

    def above_prompt(self) -> tuple[Input, Static]:
        """The event log's filter box and the command line's completions, hidden above the command row until
        used: mounted together the first time either is needed (free play's first frame pays for neither)."""
        try:
            return self.query_one("#filter", Input), self.query_one("#completions", Static)
        except NoMatches:
            box = Input(placeholder="filter the event log (esc leaves)", id="filter", classes="-hidden")
            hint = Static(id="completions", classes="-hidden", markup=False)
            self.mount(box, hint, before="#command-row")
            return box, hint

    def on_command_line_completions(self, event: CommandLine.Completions) -> None:
        _, hint = self.above_prompt()
        if event.choices:
            hint.update("  ".join(event.choices[:40]))
            hint.remove_class("-hidden")
        else:
            self._hide_completions()

    def _hide_completions(self) -> None:
        for hint in self.query("#completions"):  # none until the first completions
            hint.add_class("-hidden")


def selection_words(sim: Simulation, selected: Selected, namespace: str) -> str:
    """What the keys act on, most telling first: `pod web-…-x8kq2 · Running · ns shop`, or a node's summary."""
    from ..state import pod_state

    if selected.pod:
        pod = sim.try_get("Pod", selected.pod_namespace or "", selected.pod)
        state = f" · {pod_state(pod)}" if pod is not None else ""
        elsewhere = f" · ns {selected.pod_namespace}" if selected.pod_namespace != namespace else ""
        return f"pod {selected.pod}{state}{elsewhere}"
    node = sim.try_get("Node", "", selected.node) if selected.node else None
    if node is None:
        return ""
    view = node_view(sim, node, with_pods=False)
    return (f"node {view.name} · {view.status_word} · pods {view.pod_count}/{view.max_pods} · "
            f"cpu {format_milli_cpu(view.cpu_requested)}/{format_milli_cpu(view.cpu_allocatable)}")
