"""The command-line entry: `play` options, and textual loaded only when the app starts."""

from __future__ import annotations

import subprocess
import sys

from sandbox.__main__ import build_parser
from tests.builders import SIZE


def test_play_takes_seed_nodes_and_app():
    args = build_parser().parse_args(["play", "--seed", "7", "--nodes", "40", "--app", "shop"])
    assert (args.command, args.seed, args.nodes, args.app) == ("play", 7, 40, "shop")


def test_building_the_parser_does_not_import_textual():
    probe = "import sys; from sandbox.__main__ import build_parser; build_parser(); print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


async def test_no_color_is_honoured(make_app, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    async with app.run_test(size=SIZE):
        assert app.no_color
        # The map still tells states apart by glyph.
        assert "●" in str(app.screen.query_one("#legend").render())
