"""kubectl's commands, one module per family; each registers itself in COMMANDS.

Names are known at once (NAMES), a command's module is imported the first time it
is used (`get_command`): a start does not pay for yaml, the access log and every
printer before the first command is typed.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ...core.objects import KObject
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

# Every command name and the module (in this package) that registers it; a test keeps it in step.
NAMES: dict[str, str] = {
    "annotate": "label", "api-resources": "explain", "apply": "apply", "cordon": "nodes", "create": "create",
    "curl": "exec", "delete": "delete", "describe": "describe", "drain": "drain", "edit": "edit", "exec": "exec",
    "explain": "explain", "expose": "create", "get": "get", "label": "label", "logs": "logs", "patch": "patch",
    "rollout history": "rollout", "rollout pause": "rollout", "rollout restart": "rollout",
    "rollout resume": "rollout", "rollout status": "rollout", "rollout undo": "rollout", "scale": "scale",
    "set image": "set", "set selector": "set", "sim": "sim", "taint": "taint", "top": "top", "uncordon": "nodes",
    "events": "events", "port-forward": "portforward", "run": "run", "autoscale": "autoscale",
    "version": "cluster", "cluster-info": "cluster", "config view": "config", "config get-contexts": "config",
    "config current-context": "config", "config use-context": "config", "config set-context": "config",
}


def get_command(name: str) -> Command:
    """The command registered as `name` (one of NAMES), importing its module on first use."""
    if name not in COMMANDS:
        importlib.import_module(f"{__name__}.{NAMES[name]}")
    return COMMANDS[name]


def command(name: str, *, flags: tuple[str, ...] = (), summary: str = "",
            raw: bool = False) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        COMMANDS[name] = Command(name, handler, flags, summary, raw)
        return handler
    return register


def done(text: str = "", *objects: KObject, exit_code: int = 0, **data: Any) -> CommandResult:
    """A command's result; Session fills in the line."""
    return CommandResult("", text, exit_code, list(objects), dict(data))


def load_all() -> None:
    """Import every command module so that each registers itself (tests check NAMES against it)."""
    # (no set() here: importing the `set` module rebinds that name in this package)
    for module in dict.fromkeys(NAMES.values()):
        importlib.import_module(f"{__name__}.{module}")
