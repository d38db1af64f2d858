"""What the TUI needs from a command session (sandbox.kubectl.Session provides it)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from ..core.simulation import Simulation
    from ..kubectl.result import CommandResult


class SessionLike(Protocol):
    sim: Simulation
    speed: float
    paused: bool
    namespace: str

    def run(self, line: str) -> CommandResult: ...

    def complete(self, line: str) -> list[str]: ...
