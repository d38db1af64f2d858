"""The app's error log in the user data folder: tracebacks of what went wrong, size-capped.

When the log would grow past MAX_BYTES it is rotated: the current file becomes
`kubesandbox.log.1` (replacing the previous one) and a new file starts, so the log never
holds more than about twice MAX_BYTES however long the app runs or however often it fails.
"""

from __future__ import annotations

import os
import traceback
from datetime import datetime
from pathlib import Path

MAX_BYTES = 256 * 1024


def append(path: Path, where: str, error: BaseException, *, fatal: bool = False) -> Path | None:
    """Add the error's traceback; returns the log's path, or None when it cannot be written."""
    kind = "fatal error" if fatal else "error"
    text = (f"--- {datetime.now().isoformat(timespec='seconds')} {kind} while {where}\n"
            + "".join(traceback.format_exception(error)))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _rotate_for(path, len(text.encode()))
        with path.open("a", encoding="utf-8") as log:
            log.write(text)
    except OSError:
        return None
    return path


def _rotate_for(path: Path, incoming: int) -> None:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return
    if size and size + incoming > MAX_BYTES:
        os.replace(path, rotated(path))


def rotated(path: Path) -> Path:
    return path.with_name(path.name + ".1")
