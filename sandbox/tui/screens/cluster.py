"""The cluster view every mode shares: map, resources, traffic, event log, output, command line.

The key actions live on top of it (actions.py); free play is that screen as it is, and a
lesson adds its panel in the slot beside the map.
Every line — typed, a key, a lesson's event — runs through the session, and the screen
hears of it as a `CommandRan` message (the session's observers are bridged into
Textual's queue), so a line shows in the event log and the output pane the same way
whoever ran it. What a command prints goes to the output pane, which opens by itself
when a typed command prints more than a line.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from time import monotonic
from typing import TYPE_CHECKING, TypeVar

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.widget import Widget
from textual.widgets import Input, Static

from ..bridge import SessionBridge
from ..messages import ClusterReplaced, CommandRan, Tick
from ..state import Health, cluster_health
from ..widgets.cluster_map import ClusterMap
from ..widgets.command_line import CommandLine
from ..widgets.compact_map import CompactMap
from ..widgets.detail import DetailPanel
from ..widgets.event_log import EventLog
from ..widgets.key_footer import KeyFooter
from ..widgets.legend import Legend
from ..widgets.output import OutputPane
from ..widgets.resources import ResourcesPane
from ..widgets.status_bar import StatusBar
from .base import SandboxScreen

if TYPE_CHECKING:
    from ...kubectl.observers import Source
    from ...kubectl.result import CommandResult
    from ...kubectl.session import Session

COMPACT_ABOVE = 30  # nodes; above this the map is one cell per node
MAX_TICK = 1.0  # wall seconds one tick may advance (a stalled UI must not leap minutes ahead)
W = TypeVar("W", bound=Widget)


class ClusterView(SandboxScreen[None]):
    def __init__(self, session: Session, *, title: str) -> None:
        super().__init__()
        self.session = session
        self.sim = session.sim
        self.title_text = title
        self._last_tick: float | None = None
        self.history: list[str] = []  # the command line's; the same list survives a rebuild
        self._health: tuple[int, Health] | None = None  # (store resourceVersion, health then)
        self._bridge = SessionBridge(self)

    # ---- layout ------------------------------------------------------------

    def compose(self) -> ComposeResult:
        theme = self.app.theme
        yield StatusBar(id="status")
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
        yield Input(placeholder="filter the event log (esc leaves)", id="filter", classes="-hidden")
        yield Static(id="completions", classes="-hidden", markup=False)
        yield CommandLine(self.session.complete, history=self.history, id="command")
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
        self.session.subscribe(self._bridge)
        self.query_one("#map-pane").border_title = "cluster"
        interval = getattr(self.app, "tick_interval", None)
        if interval:
            self.set_interval(interval, lambda: self.post_message(Tick()))
        # The map and status bar make the first frame; the tables and the log backfill come right after.
        self._paint_status()
        self.call_after_refresh(self.refresh_views)

    def on_unmount(self) -> None:
        self.session.unsubscribe(self._bridge)

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
        """Advance simulated time through the session and repaint; a failure is reported and the app goes on."""
        try:
            self.session.advance(seconds)
        except Exception as error:
            self.app.report_error(error, "advancing the simulation")
        self.refresh_views()

    # ---- painting ----------------------------------------------------------

    def refresh_views(self) -> None:
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

    def _paint_log(self) -> None:
        self.log_pane.follow(until=self._bridge.hold())

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

    def run_command(self, line: str, *, source: Source = "key", key: str = "") -> CommandResult | None:
        """Run one line through the session; the screen shows it when the session's CommandRan arrives."""
        try:
            return self.session.run(line, source=source, key=key)
        except Exception as error:  # the session promises not to raise; if it does, the app goes on
            self.app.report_error(error, f"running {line!r}")
            return None

    def on_command_ran(self, message: CommandRan) -> None:
        """A line in the event log (after what came before it), its output in the output pane."""
        result = message.result
        self._bridge.handled(result)
        if result.audit_from <= len(self.sim.audit):
            self.log_pane.follow(until=result.audit_from)  # what the command caused comes after the command
        label = result.key if result.source == "key" else ("" if result.source == "typed" else result.source)
        self.log_pane.command(result.line, result.output, result.ok, source=label)
        self.output.command(result.line, result.output, result.ok, now=self.sim.now, source=label)
        # Typed commands open the output when they print more than a line or fail; keys leave the map in view.
        if result.source == "typed" and ("\n" in result.output.strip() or not result.ok):
            self.show_output(True)
        self.refresh_views()

    async def on_cluster_replaced(self, _: ClusterReplaced) -> None:
        """Reset or restore: every view is rebuilt on the session's new simulation (the history stays)."""
        self.sim = self.session.sim
        self._health = None
        await self.recompose()
        self.query_one("#map-pane").border_title = "cluster"
        self.refresh_views()

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
            self.run_command(line, source="typed")

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
