"""Free play: the cluster screen with nothing added — every command, every key, a chaos menu."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .actions import ClusterScreen

if TYPE_CHECKING:
    from ...kubectl.session import Session


class PlayScreen(ClusterScreen):
    def __init__(self, session: Session, *, title: str = "KubeSandbox · free play") -> None:
        super().__init__(session, title=title)
