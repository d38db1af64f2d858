"""The session's observer in the app: each notification becomes a Textual message to one target."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message_pump import MessagePump

from ..kubectl.observers import SessionObserver
from .messages import ClusterReplaced, CommandRan, TimeAdvanced

if TYPE_CHECKING:
    from ..kubectl.result import CommandResult


class SessionBridge(SessionObserver):
    def __init__(self, target: MessagePump) -> None:
        self.target = target
        #: results posted but not handled yet, oldest first
        self.pending: list[CommandResult] = []

    def command_ran(self, result: CommandResult) -> None:
        self.pending.append(result)
        self.target.post_message(CommandRan(result))

    def handled(self, result: CommandResult) -> None:
        if result in self.pending:
            self.pending.remove(result)

    def hold(self) -> int | None:
        """How far the event log may follow the audit log now: not past a command it has not shown yet.

        Time can move (a tick) between a command and its message: its effects must not be
        shown above the command line that caused them.
        """
        return min((r.audit_from for r in self.pending), default=None)

    def time_advanced(self, now: float) -> None:
        self.target.post_message(TimeAdvanced(now))

    def cluster_replaced(self) -> None:
        self.target.post_message(ClusterReplaced())
