"""The command line: kubectl, curl and sim lines, with history (↑/↓) and tab completion."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.events import Key
from textual.message import Message
from textual.widgets import Input

Completer = Callable[[str], list[str]]
PLACEHOLDER = "kubectl get pods   (: to type · tab completes · ↑↓ history · esc leaves)"


@dataclass(frozen=True)
class Shell:
    """A shell-like prompt on a pod (k9s `s`): each line typed runs as `line_for(typed)`."""

    pod: str
    line_for: Callable[[str], str]


def apply_completion(line: str, candidates: list[str]) -> tuple[str, list[str]]:
    """The new line after tab, and the choices left to show.

    Candidates may be whole lines or just the word being typed; either way one
    candidate completes fully (plus a space), several complete to their common prefix.
    """
    if not candidates:
        return line, []
    whole_lines = all(" " in c.strip() and c.startswith(line) for c in candidates)
    word = line.rpartition(" ")[2]
    base = "" if whole_lines else line[: len(line) - len(word)]
    if len(candidates) == 1:
        return base + candidates[0] + ("" if candidates[0].endswith(("=", "/")) else " "), []
    prefix = base + os.path.commonprefix(candidates)  # noqa: RUF071 (completion wants the common characters)
    return (prefix if len(prefix) >= len(line) else line), candidates


class CommandLine(Input):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "history(-1)", "Previous", show=False, id="history-previous"),
        Binding("down", "history(1)", "Next", show=False, id="history-next"),
        Binding("tab", "complete", "Complete", id="complete", tooltip="Complete commands, kinds, names, flags"),
    ]

    class Completions(Message):
        """Several completions are possible: the screen shows them."""

        def __init__(self, choices: list[str]) -> None:
            super().__init__()
            self.choices = choices

    class ShellChanged(Message):
        """The prompt entered or left a pod's shell: the screen shows whose prompt it is."""

    def __init__(self, completer: Completer, *, history: list[str] | None = None, id: str | None = None) -> None:
        super().__init__(placeholder=PLACEHOLDER, id=id)
        self.completer = completer
        self.shell: Shell | None = None
        # The screen's own list: it outlives this widget when the screen rebuilds (reset, restore).
        self.history: list[str] = history if history is not None else []
        self._position = len(self.history)  # len(history) means "the line being typed"
        self._draft = ""

    def on_key(self, event: Key) -> None:
        # `:` opens the command line; pressed again on an empty line (focus stays after enter), it is
        # that same habit, not text: no command starts with a colon.
        if event.character == ":" and not self.value:
            event.prevent_default()
            event.stop()

    def enter_shell(self, shell: Shell) -> None:
        self.shell = shell
        self.placeholder = f"curl http://SERVICE   (runs in {shell.pod}: {shell.line_for('CMD')} · esc leaves)"
        self.add_class("-shell")
        self.post_message(self.ShellChanged())

    def leave_shell(self) -> None:
        self.shell = None
        self.placeholder = PLACEHOLDER
        self.remove_class("-shell")
        self.post_message(self.ShellChanged())

    def line_for(self, typed: str) -> str:
        """The command line a typed line stands for: itself, or in a shell its `kubectl exec`."""
        return self.shell.line_for(typed) if self.shell is not None else typed

    def remember(self, line: str) -> None:
        if line and (not self.history or self.history[-1] != line):
            self.history.append(line)
        self._position = len(self.history)
        self._draft = ""

    def action_history(self, step: int) -> None:
        if not self.history:
            return
        if self._position == len(self.history):
            self._draft = self.value
        self._position = max(0, min(len(self.history), self._position + step))
        self.value = self._draft if self._position == len(self.history) else self.history[self._position]
        self.cursor_position = len(self.value)

    def action_complete(self) -> None:
        try:
            candidates = self.completer(self.value)
        except Exception as error:  # completion is a nicety: never let it break typing
            self.app.log.error(f"completion failed: {error!r}")
            candidates = []
        self.value, choices = apply_completion(self.value, candidates)
        self.cursor_position = len(self.value)
        self.post_message(self.Completions(choices))
