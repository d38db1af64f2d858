"""Atomic writes (sandbox/fileio.py): a crash between the temp file and the rename leaves the old file."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from sandbox import fileio


def test_write_atomic_replaces_the_file_and_leaves_no_temp(tmp_path):
    target = tmp_path / "progress.json"
    target.write_text("old\n")
    target.chmod(0o600)
    fileio.write_atomic(target, "new\n")
    assert target.read_text() == "new\n"
    assert oct(target.stat().st_mode & 0o777) == "0o600"        # the old file's permissions are kept
    assert [p.name for p in tmp_path.iterdir()] == ["progress.json"]
    fileio.write_atomic(tmp_path / "fresh.txt", "x")
    assert oct((tmp_path / "fresh.txt").stat().st_mode & 0o777) == "0o644"


def test_a_failed_rename_leaves_the_old_file_and_cleans_up(tmp_path, monkeypatch):
    target = tmp_path / "history"
    target.write_text("old\n")

    def interrupted(src, dst):
        raise KeyboardInterrupt  # stands for anything that stops the write between temp and rename

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        fileio.write_atomic(target, "new\n")
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["history"]


def test_a_process_killed_between_temp_and_rename_leaves_the_old_file(tmp_path):
    """A real death (os._exit, no clean-up) after the temp file is synced and before the rename."""
    target = tmp_path / "export.yaml"
    target.write_text("old\n")
    probe = ("import os, sys\nfrom sandbox import fileio\n"
             "os.replace = lambda src, dst: os._exit(9)\n"
             f"fileio.write_atomic({str(target)!r}, 'new\\n')\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, timeout=60)
    assert done.returncode == 9
    assert target.read_text() == "old\n"
    temps = [p for p in tmp_path.iterdir() if p.name != "export.yaml"]
    assert len(temps) == 1 and temps[0].name.startswith(fileio.TEMP_PREFIX) and temps[0].read_text() == "new\n"


def test_a_full_disk_while_writing_the_temp_file_changes_nothing(tmp_path, monkeypatch):
    target = tmp_path / "a.yaml"
    target.write_text("old\n")

    def no_space(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(OSError, match="No space left"):
        fileio.write_atomic(target, "new\n")
    assert target.read_text() == "old\n" and [p.name for p in tmp_path.iterdir()] == ["a.yaml"]


def test_read_capped_never_reads_past_its_limit(tmp_path):
    big = tmp_path / "big"
    big.write_bytes(b"x" * 101)
    assert fileio.read_capped(big, 101) == b"x" * 101
    with pytest.raises(ValueError, match="larger than 100 bytes"):
        fileio.read_capped(big, 100)
    with pytest.raises(ValueError):
        fileio.read_capped("/dev/zero", 1000)                   # endless: refused after 1,001 bytes
