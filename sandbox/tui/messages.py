"""Messages up: what the session did, re-posted into Textual's queue ("attributes down, messages up")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from ..kubectl.result import CommandResult


class Tick(Message):
    """Time to advance the simulation; a pending tick is replaced, so a fast timer cannot flood."""

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, Tick)


class CommandRan(Message):
    """A line ran through the session: typed, keyed, from a lesson or a script."""

    def __init__(self, result: CommandResult) -> None:
        super().__init__()
        self.result = result


class TimeAdvanced(Message):
    """Simulated time moved; only the newest pending one matters."""

    def __init__(self, now: float) -> None:
        super().__init__()
        self.now = now

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, TimeAdvanced)


class ClusterReplaced(Message):
    """The session works on another simulation (reset, restore): views built on the old one rebuild."""

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, ClusterReplaced)
