"""Every symbol the app draws is in a common monospace font (DejaVu Sans Mono, the Linux default).

The stopwatch and pause symbols (U+23F1, U+23F8) were not: browsers (kubesandbox serve) and the
SVG snapshots showed boxes. Coverage is asked of fontconfig; the test is skipped where fontconfig
or the font is missing.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

TUI = Path(__file__).resolve().parents[2] / "sandbox" / "tui"
FONT = "DejaVu Sans Mono"


def covered(char: str) -> bool:
    out = subprocess.run(["fc-list", f":charset={ord(char):x}", "family"], capture_output=True, text=True, check=True)
    return FONT in out.stdout


@pytest.mark.skipif(shutil.which("fc-list") is None, reason="fontconfig (fc-list) is not installed")
def test_every_symbol_in_the_tui_is_in_a_common_monospace_font():
    if FONT not in subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout:
        pytest.skip(f"{FONT} is not installed")
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(TUI.rglob("*")) if p.suffix in (".py", ".tcss"))
    symbols = sorted({c for c in text if ord(c) > 127})
    assert symbols, "the TUI draws box and state symbols: the scan found none"
    assert [f"{c} U+{ord(c):04X}" for c in symbols if not covered(c)] == []
