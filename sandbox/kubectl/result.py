"""What every command returns: text as kubectl prints it, plus structured data."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..core.objects import KObject
from .observers import Source


@dataclass
class CommandResult:
    line: str
    output: str = ""
    exit_code: int = 0
    #: objects the command read or changed, for the TUI and the tutor (never reparse text)
    objects: list[KObject] = field(default_factory=list)
    #: structured extras: a request trace for curl, rollout progress, drain evictions, an editor to open
    #: ("edit": EditRequest), the text that stood for standard input ("stdin": a heredoc, an editor's saved file), ...
    data: dict[str, Any] = field(default_factory=dict)
    #: the command the line resolved to (`kubectl scale`, `kubectl rollout undo`, `sim`, `curl`), empty if none
    command: str = ""
    #: its positional arguments and flags as parsed (flags by long name)
    args: list[str] = field(default_factory=list)
    flags: dict[str, Any] = field(default_factory=dict)
    source: Source = "typed"
    #: the key that ran it, when source is "key" (`ctrl+d`, `s`, `chaos menu`)
    key: str = ""
    #: the audit log's length when the command started: what it caused is the log from here on
    audit_from: int = 0

    @property
    def ok(self) -> bool:
        return self.exit_code == 0
