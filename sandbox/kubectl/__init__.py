"""The kubectl command layer: parse a line, run it on the simulation, print like kubectl."""

from .result import CommandResult
from .session import Session

__all__ = ["CommandResult", "Session"]
