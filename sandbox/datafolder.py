"""Where KubeSandbox keeps its files: progress, the app's log, command history.

Its own small module so that the app can find its files at start-up without importing the
progress models (and pydantic with them) before the first frame.
"""

from __future__ import annotations

from pathlib import Path


def default_folder() -> Path:
    """The platform's user data folder for KubeSandbox (progress, the app's log, command history)."""
    import platformdirs

    return Path(platformdirs.user_data_dir("kubesandbox", appauthor=False))
