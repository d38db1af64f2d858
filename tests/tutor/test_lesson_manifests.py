"""The shop manifests a lesson copies into its own folder (a lesson's manifests stay inside the lessons
folder) stay the shop of assets/shop, byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from sandbox.tutor.catalog import LESSONS_DIR

ROOT = Path(__file__).resolve().parents[2]
SHOP = ROOT / "assets" / "shop"


def shop_copies() -> list[Path]:
    """Lesson folders (or their sub-folders) holding a copy of the shop (they have its namespace manifest)."""
    return sorted(p.parent for p in LESSONS_DIR.glob("**/00-namespace.yaml"))


def test_there_is_a_copy_of_the_shop_to_check():
    assert shop_copies()


@pytest.mark.parametrize("folder", shop_copies(), ids=lambda p: str(p.relative_to(LESSONS_DIR)))
def test_a_lessons_copy_of_the_shop_is_the_shop(folder):
    names = sorted(p.name for p in SHOP.glob("*.yaml"))
    assert sorted(p.name for p in folder.glob("*.yaml")) == names
    for name in names:
        where = folder.relative_to(LESSONS_DIR)
        assert (folder / name).read_bytes() == (SHOP / name).read_bytes(), f"{where}/{name} differs"
