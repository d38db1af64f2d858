"""The command line's history, kept across sessions in the user data folder.

One line per command, the newest last, at most MAX_LINES of them; rewritten atomically
(sandbox/fileio.py) after each command, so a crash never leaves half a file. A history
that cannot be read or written is only a lost nicety: the app goes on without it.
"""

from __future__ import annotations

from pathlib import Path

from ..fileio import read_capped, write_atomic

HISTORY_FILE = "history"
MAX_LINES = 1000
MAX_LINE_CHARS = 4096        # a longer line (a paste gone wrong) is not worth keeping
MAX_FILE_BYTES = 4_000_000


class CommandHistory(list[str]):
    """A list the command line appends to; each append is written to `path` (None: kept in memory)."""

    def __init__(self, path: Path | None) -> None:
        super().__init__(load(path) if path is not None else [])
        self.path = path

    def append(self, line: str) -> None:
        if len(line) > MAX_LINE_CHARS or "\n" in line:
            return
        super().append(line)
        del self[:-MAX_LINES]
        self.save()

    def save(self) -> None:
        if self.path is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, "".join(f"{line}\n" for line in self))
        except OSError:
            pass


def load(path: Path) -> list[str]:
    try:
        data = read_capped(path, MAX_FILE_BYTES)
    except (OSError, ValueError):
        return []
    lines = [line for line in data.decode("utf-8", errors="replace").splitlines() if line.strip()]
    return [line for line in lines if len(line) <= MAX_LINE_CHARS][-MAX_LINES:]
