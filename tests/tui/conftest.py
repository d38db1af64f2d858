"""Shared set-up for the TUI tests: seeded sessions, no wall clock, no NO_COLOR, no blinking."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Input

from sandbox.core.config import ClusterConfig
from sandbox.core.scenario import cluster
from sandbox.core.simulation import Simulation
from sandbox.kubectl.apps import scenario
from sandbox.kubectl.session import Session
from sandbox.tui.app import KubeSandboxApp
from sandbox.tui.theme import DEFAULT_THEME


@pytest.fixture(autouse=True)
def _deterministic_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("TEXTUAL_THEME", raising=False)
    # Input cursors blink on a wall-clock timer; a blink mid-snapshot would change the SVG.
    monkeypatch.setattr(Input, "cursor_blink", False)


@pytest.fixture
def make_app(tmp_path: Path) -> Callable[..., KubeSandboxApp]:
    """Builds a seeded app with no wall-clock timer (tests advance simulated time), its data in tmp_path."""

    def make(*, start: str = "play", seed: int = 1, workers: int = 3, sim: Simulation | None = None,
             theme: str = DEFAULT_THEME, building: str | None = None) -> KubeSandboxApp:
        def session(app: str | None = None) -> Session:
            if app is not None:  # the home screen's "with the shop"
                return Session(scenario=scenario(ClusterConfig(seed=seed, workers=workers), app))
            return Session(sim if sim is not None else cluster(seed=seed, workers=workers))

        app = KubeSandboxApp(session, start=start, tick_interval=None, data_dir=tmp_path, theme=theme,
                             wall_clock=lambda: 0.0, building=building)
        app.animation_level = "none"
        return app

    return make
