"""Files the sandbox writes or reads on the learner's machine, done safely.

`write_atomic` is the one way the sandbox replaces a file (exports, command history, lesson
progress): the new text goes to a temporary file in the same folder, is flushed and fsynced,
then renamed over the old file, and the folder is fsynced so the rename itself survives a
power cut. A crash at any point leaves either the old file or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

TEMP_PREFIX = ".kubesandbox-"   # short, so a long target name cannot push the temp name past NAME_MAX
TEMP_SUFFIX = ".tmp"
NEW_FILE_MODE = 0o644


def write_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Replace `path` with `text` (UTF-8) atomically; raises OSError and leaves no temp file behind."""
    path = Path(path)
    temp = write_temp(path, text)
    try:
        os.replace(temp, path)
    except BaseException:
        discard(temp)
        raise
    fsync_folder(path.parent)


def write_temp(path: Path, text: str) -> Path:
    """The first half of an atomic write: `text` in a synced temp file beside `path`, to be renamed over it."""
    fd, name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=path.parent)
    temp = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            os.fchmod(handle.fileno(), _mode_for(path))
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        discard(temp)
        raise
    return temp


def discard(temp: Path) -> None:
    with contextlib.suppress(OSError):
        temp.unlink()


def fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable; a no-op where folders cannot be opened (Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def read_capped(path: str | os.PathLike[str], limit: int) -> bytes:
    """The file's bytes; ValueError when it holds more than `limit` (never reads more than limit + 1)."""
    with open(path, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"larger than {limit:,} bytes")
    return data


def _mode_for(path: Path) -> int:
    """Keep an existing file's permissions; a new file gets rw-r--r-- (mkstemp's own 0600 would hide it)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return NEW_FILE_MODE
