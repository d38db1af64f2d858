"""The request-trace panel: the last request's path hop by hop, beside the map.

How the request ended first (the NetworkPolicy that dropped it, or the answer), then
client, DNS, node port, Service, ingress controller, pod — each with the mark `sim trace`
prints (✓ allowed, ✗ dropped, · no policy check), so it reads without colour. Its lines are
the kubectl layer's (printers/trace.py); `sim trace` prints the full reasons.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

from ...kubectl.printers.trace import DENIED, outcome, request_line, trace_lines
from ..theme import DEFAULT_THEME, verdict_colour

if TYPE_CHECKING:
    from ...core.network.trace import RequestTrace


def trace_text(trace: RequestTrace, theme: str = DEFAULT_THEME) -> Text:
    """The request, how it ended (the dropping policy first: it is the news), then each hop in one line."""
    failing = f"bold {verdict_colour(theme, False)}"
    lines = trace_lines(trace)
    text = Text(no_wrap=False, overflow="fold")
    text.append(request_line(trace), style="bold")
    dropped = next((line for line in lines if line.denied_by), None)
    if dropped is not None:
        text.append(f"\n✗ dropped by networkpolicy {dropped.denied_by} at {dropped.kind} {dropped.where}",
                    style="bold reverse")
    text.append(f"\n→ {outcome(trace)}", style="bold" if trace.ok else failing)
    for line in lines:
        denied = line.mark == DENIED
        text.append(f"\n{line.mark} ", style=failing if denied else "bold")
        text.append(f"{line.kind:<8}", style="bold" if denied else "")
        text.append(line.where)
        routing = line.detail.split("; ")[0] if not denied and line.detail else ""
        if routing and not routing.startswith(("no NetworkPolicy", "egress allowed", "ingress allowed")):
            text.append(f"  {routing}", style="dim")
    return text


class TracePanel(Static):
    DEFAULT_CSS = """
    TracePanel { height: 1fr; border: round $accent; padding: 0 1; }
    TracePanel.-hidden { display: none; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.border_title = "request trace"
        self.border_subtitle = "T or esc hides · sim trace"
        self._trace: RequestTrace | None = None

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _: self._draw())

    def show_trace(self, trace: RequestTrace) -> None:
        self._trace = trace
        self._draw()
        self.remove_class("-hidden")

    def _draw(self) -> None:
        if self._trace is not None:
            self.update(trace_text(self._trace, self.app.theme))
