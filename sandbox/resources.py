"""Where the sandbox's data lives: the lesson files and the assets (the shop's manifests).

The repository keeps `lessons/` and `assets/` at its root; a built wheel carries them inside
the package as `sandbox/_data/lessons` and `sandbox/_data/assets` (pyproject.toml maps them
with hatch's force-include). This module finds them either way: in an installed wheel through
importlib.resources, in a source checkout or an editable install beside the package.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def data_path(name: str) -> Path:
    """The folder `name` ("lessons" or "assets"): packaged in the wheel, else at the repository root."""
    packaged = resources.files("sandbox") / "_data" / name
    if packaged.is_dir():
        # Wheels install as plain files, so the Traversable is a real folder (not a zip member).
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / name


def shop_manifests() -> Path:
    return data_path("assets") / "shop"


def lessons() -> Path:
    return data_path("lessons")
