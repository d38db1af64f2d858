"""`kubesandbox serve`: what it serves and where (the browser test is tests/test_browser.py)."""

from __future__ import annotations

import sys

import pytest

from sandbox.__main__ import main

pytest.importorskip("textual_serve", reason="the web extra is not installed (pip install -e '.[web]')")


def test_serving_elsewhere_than_localhost_warns_and_changes_nothing_else(tmp_path, monkeypatch, capsys):
    """No authentication in textual-serve: binding beyond localhost is allowed, with a warning."""
    import textual_serve.server

    seen = {}

    class Recorder:
        def __init__(self, command, host, port, title):
            seen.update(command=command, host=host, port=port, title=title)

        def serve(self):
            seen["served"] = True

    monkeypatch.setattr(textual_serve.server, "Server", Recorder)
    assert main(["serve", "--host", "0.0.0.0", "--port", "8123"]) == 0
    assert seen == {"command": f"{sys.executable} -m sandbox", "host": "0.0.0.0", "port": 8123, "title": "KubeSandbox",
                    "served": True}
    assert "warning: serving on 0.0.0.0: textual-serve has no authentication" in capsys.readouterr().err
    assert main(["serve"]) == 0 and seen["host"] == "127.0.0.1" and seen["port"] == 8000
    assert capsys.readouterr().err == ""


def test_without_the_web_extra_serve_says_how_to_install_it(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)      # import fails as if not installed
    assert main(["serve"]) == 2
    hint = "kubesandbox serve needs the web extra: pip install 'kubesandbox[web]'"
    assert capsys.readouterr().err == f"kubesandbox: {hint}\n"
