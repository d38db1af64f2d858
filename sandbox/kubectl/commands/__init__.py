"""kubectl's commands, one module per family; each registers itself in COMMANDS."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..parse import Parsed
from ..result import CommandResult

if TYPE_CHECKING:
    from ..session import Session

Handler = Callable[["Session", Parsed], CommandResult]


@dataclass(frozen=True)
class Command:
    name: str
    handler: Handler
    flags: tuple[str, ...]
    # subcommands are part of the name ("rollout status"), for help and completion
    summary: str = ""
    # raw commands (curl) get their words untouched: their flags are not kubectl's
    raw: bool = False


COMMANDS: dict[str, Command] = {}


def command(name: str, *, flags: tuple[str, ...] = (), summary: str = "",
            raw: bool = False) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        COMMANDS[name] = Command(name, handler, flags, summary, raw)
        return handler
    return register


def done(text: str = "", *objects, exit_code: int = 0, **data) -> CommandResult:
    """A command's result; Session fills in the line."""
    return CommandResult("", text, exit_code, list(objects), dict(data))


def load_all() -> None:
    """Import every command module so that each registers itself."""
    from . import (apply, create, delete, describe, events, exec, explain, get, label,  # noqa: F401
                   logs, nodes, patch, rollout, scale, set, sim, top)
