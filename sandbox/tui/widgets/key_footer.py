"""Textual's Footer, showing the keys that matter most when it runs out of room, and rebuilt only
when the keys it shows change.

The stock footer lists every key in order and cuts the line at the screen's edge, so at 80
columns the last keys (the chaos menu, pause) vanish. This one drops the keys of the highest
rank (keys.KeyAction.rank) first, until the rest fit. It also skips the rebuilds that would
leave the keys as they were: the stock footer rebuilds all its keys every time the screen says
its bindings may have changed (three times while free play opens, and on every focus change).
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.events import Resize
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from ..keys import RANKS

PALETTE_ROOM = 14  # the command palette's key, docked right
DEFAULT_RANK = 5


def key_width(key: FooterKey) -> int:
    """Cells a key takes in the (non-compact) footer: ` k ` and `description `."""
    return len(key.key_display) + 2 + (len(key.description) + 1 if key.description else 0)


class KeyFooter(Footer):
    _shown: tuple[Any, ...] | None = None

    def _keys(self) -> tuple[Any, ...]:
        shown = tuple((b.key, b.action, b.description, b.group, enabled, tooltip)
                      for (_, b, enabled, tooltip) in self.screen.active_bindings.values() if b.show)
        return shown, self.compact, self.show_command_palette, self.size.width

    def compose(self) -> ComposeResult:
        widgets = list(super().compose())
        keys = [w for w in widgets if isinstance(w, FooterKey) and not w.has_class("-command-palette")]
        room = (self.size.width or self.app.size.width) - PALETTE_ROOM
        by_rank = sorted(keys, key=lambda k: RANKS.get(k.action, DEFAULT_RANK))
        kept: set[int] = set()
        used = 0
        for key in by_rank:
            if used + key_width(key) > room:
                continue  # a shorter key of a higher rank may still fit
            kept.add(id(key))
            used += key_width(key)
        for key in keys:
            # Born in the footer's style: a key's `compact` starts True and data_bind sets the footer's only once
            # the key is mounted (textual/widgets/_footer.py Footer.compose), restyling every key twice. (The
            # palette's key is not bound to the footer's style: it stays as Textual makes it.)
            key.set_reactive(FooterKey.compact, self.compact)
            key.set_class(self.compact, "-compact", update=False)
        yield from (w for w in widgets if not isinstance(w, FooterKey) or w.has_class("-command-palette")
                    or id(w) in kept)

    def on_resize(self, _: Resize) -> None:
        self.call_after_refresh(self.recompose)

    async def recompose(self) -> None:
        if not self.is_attached:  # its screen is gone (`sim reset` replaced it)
            return
        keys = self._keys()
        if keys == self._shown:
            return
        self._shown = keys
        await super().recompose()
