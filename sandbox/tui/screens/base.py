"""The base of the app's full screens: `self.app` typed as the KubeSandbox app."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from textual import on
from textual.events import ScreenResume
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

    _resumed = False

    @on(ScreenResume)
    def _keep_first_styles(self, event: ScreenResume) -> None:
        """A screen first shown keeps the styles its widgets were given as they were mounted.

        Textual restyles a resumed screen's every widget (textual/screen.py `Screen._on_screen_resume`), for
        a screen coming back after the CSS or theme changed while it was hidden. On the first resume the
        widgets were styled a moment ago, as Textual mounted them (textual/app.py `App._register`): styling
        them again cost free play ~7 ms at start. Later resumes restyle as Textual does.
        """
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False
