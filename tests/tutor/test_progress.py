"""Progress is never lost: atomic writes, corrupt or newer files set aside with a message."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sandbox.tutor.cli import check_main, progress_main
from sandbox.tutor.progress import FILE_NAME, LessonProgress, ProgressStore


def test_progress_round_trips(tmp_path):
    store = ProgressStore(tmp_path)
    store.update("replicasets", LessonProgress(steps_done=[0, 1], current_step=2, commands_used=7))
    again = ProgressStore(tmp_path)
    assert again.lesson("replicasets").current_step == 2 and again.lesson("replicasets").state == "in progress"
    assert again.lesson("first-look").state == "new"
    assert json.loads((tmp_path / FILE_NAME).read_text())["format"] == 1


def test_a_truncated_file_is_set_aside_and_a_fresh_one_started(tmp_path):
    ProgressStore(tmp_path).update("replicasets", LessonProgress(current_step=3))
    path = tmp_path / FILE_NAME
    path.write_text(path.read_text()[:25])
    store = ProgressStore(tmp_path)
    assert store.lesson("replicasets").state == "new"
    assert (tmp_path / f"{FILE_NAME}.broken-1").exists()
    assert "set aside as progress.json.broken-1" in store.messages[0]
    store.update("first-look", LessonProgress(current_step=1))
    assert ProgressStore(tmp_path).lesson("first-look").current_step == 1


def test_a_file_from_a_newer_version_is_kept_aside_untouched(tmp_path):
    path = tmp_path / FILE_NAME
    path.write_text(json.dumps({"format": 99, "lessons": {"x": {"future": True}}}))
    store = ProgressStore(tmp_path)
    assert "newer KubeSandbox (format 99)" in store.messages[0]
    assert json.loads((tmp_path / f"{FILE_NAME}.newer-1").read_text())["format"] == 99


def test_a_write_killed_between_temp_file_and_rename_leaves_the_old_file(tmp_path):
    """A real process is killed inside the atomic write, after the temp file is written and synced."""
    ProgressStore(tmp_path).update("replicasets", LessonProgress(current_step=1))
    script = textwrap.dedent(f"""
        import os
        from pathlib import Path
        import sandbox.fileio as fileio
        from sandbox.tutor.progress import LessonProgress, ProgressStore
        real = fileio.write_temp
        def write_then_die(path, text):
            real(path, text)
            os._exit(9)  # killed before the rename
        fileio.write_temp = write_then_die
        ProgressStore(Path({str(tmp_path)!r})).update("replicasets", LessonProgress(current_step=4))
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 9, result.stderr
    assert ProgressStore(tmp_path).lesson("replicasets").current_step == 1


def test_progress_command_exports_imports_and_resets(tmp_path, capsys):
    class Args:
        data_dir = tmp_path
        reset = False
        export = None
        import_ = None

    ProgressStore(tmp_path).update("replicasets", LessonProgress(current_step=2))
    args = Args()
    args.export = tmp_path / "mine.json"
    assert progress_main(args) == 0
    args.export, args.reset = None, True
    assert progress_main(args) == 0 and ProgressStore(tmp_path).lesson("replicasets").state == "new"
    args.reset, args.import_ = False, tmp_path / "mine.json"
    assert progress_main(args) == 0 and ProgressStore(tmp_path).lesson("replicasets").current_step == 2
    (tmp_path / "bad.json").write_text("{not json")
    args.import_ = tmp_path / "bad.json"
    assert progress_main(args) == 1  # a bad file changes nothing
    assert ProgressStore(tmp_path).lesson("replicasets").current_step == 2


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write into a read-only folder")
def test_an_unwritable_folder_is_an_error_not_a_crash(tmp_path):
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(OSError):
            ProgressStore(tmp_path).update("x", LessonProgress())
    finally:
        tmp_path.chmod(0o700)


def test_lessons_check_proves_every_shipped_lesson(capsys):
    """The course is proven in CI: every shipped lesson's solutions pass and anti-solutions fail."""
    status = check_main([])
    out = capsys.readouterr().out
    assert status == 0, out
    assert "first-look" in out and "replicasets" in out and "FAIL" not in out


def test_lessons_check_reports_a_broken_file(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: bad\n")
    assert check_main([bad]) == 1
    assert f"{bad}:" in capsys.readouterr().out


def test_the_command_line_lists_lessons(tmp_path):
    result = subprocess.run([sys.executable, "-m", "sandbox", "lessons", "--data-dir", str(tmp_path)],
                            capture_output=True, text=True, timeout=120, cwd=Path(__file__).resolve().parents[2])
    assert result.returncode == 0, result.stderr
    assert "first-look" in result.stdout and "new" in result.stdout
