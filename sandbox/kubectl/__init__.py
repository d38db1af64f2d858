"""The kubectl command layer: parse a line, run it on the simulation, print like kubectl."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .session import Session

if TYPE_CHECKING:
    from .result import CommandResult

__all__ = ["CommandResult", "Session"]


def __getattr__(name: str) -> object:
    """CommandResult is loaded with the first command run (session.py): free play's first frame runs none."""
    if name == "CommandResult":
        from .result import CommandResult

        return CommandResult
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
