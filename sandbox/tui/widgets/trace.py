"""The request-trace panel: the last request's path hop by hop, beside the map.

Client, DNS, node port, Service, ingress controller, pod — each with the mark `sim trace`
prints (✓ allowed, ✗ dropped, · no policy check), so it reads without colour, and the
NetworkPolicy that dropped the connection named on its hop. Its lines are the kubectl
layer's (printers/trace.py), so the panel and `sim trace` say the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

from ...kubectl.printers.trace import DENIED, outcome, request_line, trace_lines

if TYPE_CHECKING:
    from ...core.network.requests import RequestTrace


def trace_text(trace: RequestTrace) -> Text:
    text = Text(no_wrap=False, overflow="fold")
    text.append(request_line(trace), style="bold")
    for line in trace_lines(trace):
        denied = line.mark == DENIED
        text.append(f"\n{line.mark} ", style="bold red" if denied else "bold")
        text.append(f"{line.kind:<8}", style="bold" if denied else "")
        text.append(line.where)
        if line.denied_by:
            text.append(f"\n  ✗ dropped by networkpolicy {line.denied_by}", style="bold reverse")
        if line.detail:
            text.append(f"\n  {line.detail}", style="" if denied else "dim")
    text.append(f"\n→ {outcome(trace)}", style="bold" if trace.ok else "bold red")
    return text


class TracePanel(Static):
    DEFAULT_CSS = """
    TracePanel { height: auto; max-height: 50%; border: round $accent; padding: 0 1; overflow-y: auto; }
    TracePanel.-hidden { display: none; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.border_title = "request trace"
        self.border_subtitle = "T hides · sim trace"

    def show_trace(self, trace: RequestTrace) -> None:
        self.update(trace_text(trace))
        self.remove_class("-hidden")
