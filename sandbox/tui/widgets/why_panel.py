"""The why panel beside the map: the chain of causes behind an object, each link selectable.

Moving through the links jumps the map to the object each one changed (a Jump message up to the
screen); below the links, where the chain starts and what holds the object back (why not).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...core.why import Chain
from ...kubectl.printers.why import link_text, root_text


@dataclass(frozen=True)
class Ref:
    kind: str
    namespace: str
    name: str


class WhyPanel(Vertical):
    DEFAULT_CSS = """
    WhyPanel { width: 1fr; display: none; border: round $warning; }
    WhyPanel.-open { display: block; }
    WhyPanel > OptionList { height: auto; max-height: 70%; border: none; padding: 0; }
    WhyPanel > #why-notes { height: auto; padding: 0 1; color: $text-muted; }
    """

    class Jump(Message):
        """A link was highlighted: show its object on the map."""

        def __init__(self, ref: Ref) -> None:
            super().__init__()
            self.ref = ref

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        # Kept, not queried: the panel mounts on its first show, before its children are composed.
        self.links = OptionList(id="why-links")
        self.notes = Static(id="why-notes", markup=False)
        self.refs: list[Ref] = []

    def compose(self) -> ComposeResult:
        yield self.links
        yield self.notes

    def show(self, title: str, chain: Chain, why_not: list[str]) -> None:
        self.border_title = title
        self.border_subtitle = "↑↓ follow the chain · esc closes"
        self.refs = [Ref(link.entry.kind, link.entry.namespace, link.entry.name) for link in chain.links]
        self.links.clear_options()
        self.links.add_options([Option(link_text(link), id=str(i)) for i, link in enumerate(chain.links)])
        notes = [f"↳ {root_text(chain.root)}"]
        if why_not:
            notes += ["", "Why not further:", *why_not]
        self.notes.update("\n".join(notes))
        self.add_class("-open")
        self.links.highlighted = 0
        self.call_after_refresh(self.links.scroll_home, animate=False)  # the newest link first, once laid out

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option_index < len(self.refs):
            self.post_message(self.Jump(self.refs[event.option_index]))

    def close(self) -> bool:
        """Close the panel; False when it was not open."""
        was_open = self.has_class("-open")
        self.remove_class("-open")
        return was_open

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")
