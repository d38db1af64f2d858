"""What an exec probe's command finds in the container. Simplified: no command is run.

The container's own command is read as a small shell script — `touch F`, `rm [-f] F`,
`echo … > F` and `sleep N`, separated by `;`, `&&` or new lines — which says which files
exist how long after the container started. That is enough for the docs' liveness
example (`touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600`, probed with
`cat /tmp/healthy`). The probe's command may be `cat`, `ls`, `test -e|-f`, `[ -f F ]`,
`true`, `false`, `exit N`, several joined by `&&`, or any of those inside `sh -c "…"`; any
other command succeeds once the app listens. Outputs are worded as the image's tools
word them: busybox's `cat: can't open 'F': No such file or directory`, GNU coreutils'
`cat: F: No such file or directory`.
"""

from __future__ import annotations

import re
import shlex
from typing import Any

SHELLS = ("sh", "/bin/sh", "bash", "/bin/bash", "ash", "/bin/ash")
BUSYBOX_IMAGES = ("busybox", "alpine")          # their cat, ls and sh are busybox's
IMAGE_FILES = ("/etc/hostname", "/etc/hosts", "/etc/passwd", "/etc/resolv.conf")
_SEPARATORS = re.compile(r";|&&|\n")
_REDIRECT = re.compile(r">>?\s*(\S+)")


def container_script(container: dict[str, Any]) -> str:
    """The shell line the container runs (`sh -c "…"`'s argument), else its command and args joined."""
    words = [str(w) for w in [*(container.get("command") or []), *(container.get("args") or [])]]
    return _shell_argument(words) or " ".join(words)


def _shell_argument(words: list[str]) -> str | None:
    if words and words[0] in SHELLS and "-c" in words[1:]:
        at = words.index("-c")
        return words[at + 1] if at + 1 < len(words) else ""
    return None


def files_at(script: str, uptime: float) -> set[str]:
    """The files that exist `uptime` seconds after a container running `script` started."""
    files = set(IMAGE_FILES)   # membership only
    elapsed = 0.0
    for step in _SEPARATORS.split(script):
        words = _split(step)
        if not words:
            continue
        if words[0] == "sleep" and len(words) > 1:
            try:
                elapsed += float(words[1])
            except ValueError:
                continue
            if elapsed >= uptime:   # what follows a sleep happens just after it ends
                break
        elif words[0] == "touch":
            files.update(words[1:])
        elif words[0] == "rm":
            files.difference_update(w for w in words[1:] if not w.startswith("-"))
        elif match := _REDIRECT.search(step):
            files.add(match.group(1))
    return files


def script_seconds(script: str) -> float:
    """How long the script's sleeps last in all: its files do not change after that."""
    total = 0.0
    for step in _SEPARATORS.split(script):
        words = _split(step)
        if len(words) > 1 and words[0] == "sleep":
            try:
                total += float(words[1])
            except ValueError:
                continue
    return total


def run_probe_command(command: list[str], files: set[str], busybox: bool, app_up: bool) -> tuple[bool, str]:
    """(success, output) of an exec probe's command, given the files that exist now."""
    script = _shell_argument([str(w) for w in command])
    steps = [_split(part) for part in script.split("&&")] if script is not None else [[str(w) for w in command]]
    output = ""
    for words in steps:
        ok, output = _run(words, files, busybox, app_up)
        if not ok:
            return False, output
    return True, output


def _run(words: list[str], files: set[str], busybox: bool, app_up: bool) -> tuple[bool, str]:
    if not words:
        return True, ""
    name, args = words[0].rsplit("/", 1)[-1], words[1:]
    if name == "true":
        return True, ""
    if name == "false":
        return False, ""
    if name == "exit":
        return (args or ["0"])[0] == "0", ""
    if name in ("cat", "ls"):
        missing = [f for f in args if not f.startswith("-") and f not in files]
        if missing:
            return False, _missing(name, missing[0], busybox)
        return True, ""
    if name in ("test", "["):
        paths = [a for a in args if not a.startswith("-") and a != "]"]
        return all(p in files for p in paths), ""
    return app_up, ""


def _missing(tool: str, path: str, busybox: bool) -> str:
    if tool == "cat":
        return f"cat: can't open '{path}': No such file or directory" if busybox else \
            f"cat: {path}: No such file or directory"
    return f"ls: {path}: No such file or directory" if busybox else \
        f"ls: cannot access '{path}': No such file or directory"


def _split(text: str) -> list[str]:
    try:
        return shlex.split(text)
    except ValueError:
        return text.split()
