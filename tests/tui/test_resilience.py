"""The app after things go wrong: a rotated error log, fatal errors logged with a non-zero exit,
and a command history that outlives the session."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from sandbox.tui import errorlog
from sandbox.tui.history import HISTORY_FILE, MAX_LINES, CommandHistory

SIZE = (120, 36)

pytestmark = pytest.mark.timeout(120)


def test_the_error_log_is_rotated_at_its_size_cap(tmp_path, monkeypatch):
    monkeypatch.setattr(errorlog, "MAX_BYTES", 2000)
    path = tmp_path / "kubesandbox.log"
    for i in range(40):
        try:
            raise ValueError(f"failure number {i}")
        except ValueError as error:
            assert errorlog.append(path, f"step {i}", error) == path
    old = errorlog.rotated(path)
    assert path.stat().st_size <= 2000 and old.stat().st_size <= 2000
    assert "failure number 39" in path.read_text() and "failure number 0\n" not in path.read_text() + old.read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kubesandbox.log", "kubesandbox.log.1"]


async def test_a_fatal_error_is_logged_and_the_exit_code_is_1(tmp_path, make_app):
    app = make_app()

    def boom() -> None:
        raise RuntimeError("boom from a handler")

    with pytest.raises(RuntimeError, match="boom from a handler"):
        async with app.run_test(size=SIZE) as pilot:
            app.call_later(boom)
            await pilot.pause()
    assert app.return_code == 1
    log = (tmp_path / "kubesandbox.log").read_text()
    assert "fatal error while running the app" in log and "RuntimeError: boom from a handler" in log


CRASHING_PLAY = """
import sys
from textual.app import App
from sandbox.__main__ import main
from sandbox.tui.app import KubeSandboxApp
from sandbox.tui.screens.play import PlayScreen

def boom(self):
    raise RuntimeError("the play screen fell over")

PlayScreen.on_mount = boom
KubeSandboxApp.run = lambda self, **kw: App.run(self, headless=True, size=(100, 30))
sys.exit(main(["play"]))
"""


def test_the_command_exits_non_zero_after_a_crash(tmp_path):
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", CRASHING_PLAY], env=env, capture_output=True, text=True, timeout=90)
    assert done.returncode == 1
    log = tmp_path / "kubesandbox" / "kubesandbox.log"
    assert f"kubesandbox: the app stopped on an error (details in {log})" in done.stderr
    assert "RuntimeError: the play screen fell over" in log.read_text()


async def test_command_history_survives_a_restart(tmp_path, make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("colon", *"kubectl get nodes", "enter")
        await pilot.pause()
    assert (tmp_path / HISTORY_FILE).read_text() == "kubectl get nodes\n"
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await pilot.press("colon", "up")
        await pilot.pause()
        assert again.screen.query_one("#command").value == "kubectl get nodes"


def test_the_history_file_is_capped_and_ignores_what_it_cannot_keep(tmp_path):
    path = tmp_path / HISTORY_FILE
    history = CommandHistory(path)
    for i in range(MAX_LINES + 50):
        history.append(f"kubectl get pods # {i}")
    history.append("x" * 10_000)                                   # a paste gone wrong is not kept
    lines = path.read_text().splitlines()
    assert len(lines) == MAX_LINES and lines[0] == "kubectl get pods # 50" and lines[-1].endswith(f"# {MAX_LINES + 49}")
    assert CommandHistory(path) == lines
    path.write_bytes(b"\xff\xfe not utf-8\nsim wait 5s\n")
    assert CommandHistory(path)[-1] == "sim wait 5s"


async def test_an_event_log_filter_that_reads_as_markup_does_not_crash(make_app):
    """Found by the monkey: Textual's escape() lets `[a=?` through to the markup parser of the border title."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"[a=?")
        await pilot.pause()
        assert str(app.screen.query_one("#log").border_title) == "events  /[a=?"
