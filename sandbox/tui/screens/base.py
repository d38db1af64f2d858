"""The base of the app's full screens: `self.app` typed as the KubeSandbox app."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from textual.screen import Screen

if TYPE_CHECKING:
    from textual import getters

    from ..app import KubeSandboxApp

ResultT = TypeVar("ResultT")


class SandboxScreen(Screen[ResultT]):
    """A screen of KubeSandboxApp, so `self.app.report_error(...)` type-checks.

    Textual types `app` as App[object]; this narrows it for the type checker only (as Textual's own
    MessagePump does), so nothing changes at run time and app.py may import the screens.
    """

    if TYPE_CHECKING:
        app = getters.app(KubeSandboxApp)
