"""Textual's Footer, rebuilt only when the keys it shows change.

The stock footer rebuilds all its keys (a dozen widgets, each styled again) every time
the screen says its bindings may have changed: three times while free play opens (the
screen resumes, focus settles), and on every focus change after. Most of those leave
the keys exactly as they were, so this footer skips them.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Footer


class KeyFooter(Footer):
    _shown: tuple[Any, ...] | None = None

    def _keys(self) -> tuple[Any, ...]:
        shown = tuple((b.key, b.action, b.description, b.group, enabled, tooltip)
                      for (_, b, enabled, tooltip) in self.screen.active_bindings.values() if b.show)
        return shown, self.compact, self.show_command_palette

    async def recompose(self) -> None:
        if not self.is_attached:  # its screen is gone (`sim reset` replaced it)
            return
        keys = self._keys()
        if keys == self._shown:
            return
        self._shown = keys
        await super().recompose()
