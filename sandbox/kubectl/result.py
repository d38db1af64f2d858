"""What every command returns: text as kubectl prints it, plus structured data."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..core.objects import KObject


@dataclass
class CommandResult:
    line: str
    output: str = ""
    exit_code: int = 0
    #: objects the command read or changed, for the TUI and the tutor (never reparse text)
    objects: list[KObject] = field(default_factory=list)
    #: structured extras: a request trace for curl, rollout progress, drain evictions, ...
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.exit_code == 0
