"""The panes a cluster view opens on demand: the output below the map; the detail, why and trace panels
in the side column, in place of the resources. Each is mounted the first time it is needed, and the
output, why and trace modules load then: free play's first frame pays for none of them."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, TypeVar

from textual.css.query import NoMatches
from textual.widget import Widget

from ..widgets.detail import DetailPanel
from ..widgets.resources import ResourcesPane
from .base import SandboxScreen

if TYPE_CHECKING:
    from ...core.network.trace import RequestTrace
    from ..widgets.output import OutputPane
    from ..widgets.trace import TracePanel

W = TypeVar("W", bound=Widget)


class PaneScreen(SandboxScreen[None]):
    @property
    def output(self) -> OutputPane:
        from ..widgets.output import OutputPane

        try:
            return self.query_one(OutputPane)
        except NoMatches:
            pane = OutputPane(id="output")
            self.mount(pane, after="#log")
            return pane

    @property
    def detail(self) -> DetailPanel:
        return self._pane(DetailPanel, partial(DetailPanel, id="detail"), "#side")

    @property
    def trace_panel(self) -> TracePanel:
        from ..widgets.trace import TracePanel

        return self._pane(TracePanel, partial(TracePanel, id="trace"), "#side", after="#resources")

    def _pane(self, kind: type[W], make: Callable[[], W], parent: str, **where: str) -> W:
        """A pane hidden at start, mounted the first time it is needed: the first frame does not pay for it."""
        try:
            return self.query_one(kind)
        except NoMatches:
            pane = make()
            self.query_one(parent).mount(pane, **where)
            return pane

    def close_detail(self) -> bool:
        """Close the side panel (describe, YAML, logs, close-up) and show the resources again; False if shut."""
        closed = any([panel.close() for panel in self.query(DetailPanel)] + [self.close_why()])
        self.query_one(ResourcesPane).remove_class("-hidden")
        self.remove_class("-detail")
        return closed

    def close_why(self) -> bool:
        """Close the why panel; False if it was not open."""
        from ..widgets.why_panel import WhyPanel  # the why-chain's modules load when first needed, not at start

        return any([panel.close() for panel in self.query(WhyPanel)])

    def _output_open(self) -> bool:
        from ..widgets.output import OutputPane

        return any(pane.is_open for pane in self.query(OutputPane))

    def show_trace(self, trace: RequestTrace) -> None:
        """The request-trace panel in place of the resources pane (T or esc brings the resources back)."""
        self.query_one(ResourcesPane).add_class("-hidden")
        self.trace_panel.show_trace(trace)

    def hide_trace(self) -> bool:
        """Hide the trace panel; False when it was not shown."""
        from ..widgets.trace import TracePanel

        shown = [panel for panel in self.query(TracePanel) if not panel.has_class("-hidden")]
        for panel in shown:
            panel.add_class("-hidden")
            self.query_one(ResourcesPane).remove_class("-hidden")
        return bool(shown)

    def show_output(self, show: bool) -> None:
        self.output.set_class(show, "-open")
        self.set_class(show, "-output-open")
        if show:
            self.output.scroll_end(animate=False)
