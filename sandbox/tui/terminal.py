"""The last resort for the terminal: if the app dies without Textual restoring it, restore it here.

Textual leaves the alternate screen, shows the cursor, stops mouse reporting and restores the
terminal's line discipline when it exits, even after an error in a handler. Should anything
escape `App.run` itself (an error while starting or stopping the driver, an interrupt), this
puts back the settings saved before the app started and sends the sequences that undo what
an application-mode terminal app switches on, so the shell is usable again.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import Any

# Normal screen buffer, cursor shown, mouse reporting and bracketed paste off, attributes reset.
RESET = "\x1b[?1049l\x1b[?25h\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?1015l\x1b[?2004l\x1b[0m"


@contextlib.contextmanager
def guarded() -> Iterator[None]:
    """Run the app inside: if an exception escapes, the terminal is restored before it propagates."""
    saved = _save()
    try:
        yield
    except BaseException:
        restore(saved)
        raise


def _save() -> Any:
    """The terminal's settings, or None where there are none to save (not a terminal, or Windows)."""
    try:
        import termios

        return termios.tcgetattr(sys.__stdin__.fileno())  # type: ignore[union-attr]  # None: caught below
    except Exception:           # ImportError, termios.error (not a terminal), no stdin
        return None


def restore(saved: Any) -> None:
    stream = sys.__stdout__
    if stream is None or not stream.isatty():
        return
    if saved is not None:
        with contextlib.suppress(Exception):
            import termios

            termios.tcsetattr(sys.__stdin__.fileno(), termios.TCSADRAIN, saved)  # type: ignore[union-attr]
    with contextlib.suppress(OSError, ValueError):
        stream.write(RESET)
        stream.flush()
