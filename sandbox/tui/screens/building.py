"""The screen shown while a large cluster is built in a thread: what is built, and that it is going on."""

from __future__ import annotations

from time import monotonic

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, LoadingIndicator

from .base import SandboxScreen


class BuildingScreen(SandboxScreen[None]):
    DEFAULT_CSS = """
    BuildingScreen { align: center middle; }
    BuildingScreen > Vertical { width: 64; max-width: 96%; height: auto; border: round $primary; padding: 1 2; }
    BuildingScreen Label { width: 1fr; }
    BuildingScreen LoadingIndicator { height: 3; }
    """

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what
        self._started = monotonic()  # wall time: it only paces this label, never the simulation

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"Building a cluster of {self.what}…", markup=False)
            yield LoadingIndicator()
            yield Label(self._elapsed(), id="elapsed", markup=False)

    def on_mount(self) -> None:
        self.set_interval(0.5, self._tick)

    def _elapsed(self) -> str:
        return (f"{monotonic() - self._started:.0f} s: every node registers, and its kube-proxy "
                "and the control plane start, as on a real cluster")

    def _tick(self) -> None:
        self.query_one("#elapsed", Label).update(self._elapsed())
