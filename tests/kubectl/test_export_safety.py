"""`sim export DIR` writes safely: what it writes, what it refuses, and a consistent folder after a failure."""

from __future__ import annotations

import json
import os

import pytest

from sandbox import fileio
from sandbox.kubectl import Session
from sandbox.kubectl.export import INDEX_FILE
from tests.builders import fails, run_ok

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def session(tmp_path) -> Session:
    session = Session(seed=0)
    session.cwd = tmp_path
    run_ok(session, "kubectl create deployment web --image=nginx:1.25")
    run_ok(session, "kubectl create namespace shop")
    run_ok(session, "kubectl create deployment db --image=mysql:8.0 -n shop")
    return session


def files(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_export_reports_each_file_it_wrote_and_indexes_them(session, tmp_path):
    out = run_ok(session, "sim export out")
    folder = tmp_path / "out"
    assert out.splitlines() == [f"wrote {folder / name}" for name in
                                ("00-namespaces.yaml", "default--deployment-web.yaml", "shop--deployment-db.yaml")]
    index = json.loads((folder / INDEX_FILE).read_text())["files"]
    assert sorted(index) == ["00-namespaces.yaml", "default--deployment-web.yaml", "shop--deployment-db.yaml"]
    again = run_ok(session, "sim export out")
    assert again.splitlines()[0] == f"unchanged {folder / '00-namespaces.yaml'}"


def test_a_file_changed_since_the_export_is_not_overwritten_without_force(session, tmp_path):
    run_ok(session, "sim export out")
    edited = tmp_path / "out" / "default--deployment-web.yaml"
    edited.write_text("# my notes\n")
    run_ok(session, "kubectl scale deployment web --replicas=3")
    out = fails(session, "sim export out")
    assert out == ('error: sim export: nothing written: default--deployment-web.yaml in "out" changed since the '
                   "sandbox wrote it (or the sandbox did not write it); use --force to overwrite, or export into "
                   "another folder")
    assert edited.read_text() == "# my notes\n"
    written = [line for line in run_ok(session, "sim export out --force").splitlines() if line.startswith("wrote")]
    assert written == [f"wrote {edited}"]
    assert "replicas: 3" in edited.read_text()


def test_a_file_the_sandbox_did_not_write_is_refused(session, tmp_path):
    (tmp_path / "out").mkdir()
    mine = tmp_path / "out" / "default--deployment-web.yaml"
    mine.write_text("kind: Deployment # mine\n")
    fails(session, "sim export out")
    assert mine.read_text() == "kind: Deployment # mine\n" and files(tmp_path / "out") == [mine.name]


def test_stale_files_are_removed_unless_changed(session, tmp_path):
    run_ok(session, "sim export out")
    folder = tmp_path / "out"
    (folder / "00-namespaces.yaml").write_text("# kept: I changed it\n")
    run_ok(session, "kubectl delete deployment db -n shop")
    out = run_ok(session, "sim export out")
    assert out.splitlines() == [
        f"unchanged {folder / 'default--deployment-web.yaml'}",
        f"removed {folder / 'shop--deployment-db.yaml'} (written by an earlier export; no longer exported)",
        f"kept {folder / '00-namespaces.yaml'}: no longer exported, but changed since the sandbox wrote it",
    ]
    assert files(folder) == [INDEX_FILE, "00-namespaces.yaml", "default--deployment-web.yaml"]


def test_addon_and_system_objects_only_with_all(session, tmp_path):
    run_ok(session, "sim addons enable ingress-nginx")
    names = [line.rsplit("/", 1)[-1] for line in run_ok(session, "sim export out").splitlines()]
    assert not [n for n in names if "ingress-nginx" in n or "kube-system" in n]
    names = [line.split()[1].rsplit("/", 1)[-1] for line in run_ok(session, "sim export all --all").splitlines()]
    assert "ingress-nginx--deployment-ingress-nginx-controller.yaml" in names
    assert "kube-system--deployment-coredns.yaml" in names


def test_an_unwritable_folder_changes_nothing(session, tmp_path, monkeypatch):
    """The second temp file cannot be written: no file is replaced and no temp file is left."""
    run_ok(session, "sim export out")
    before = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()}
    run_ok(session, "kubectl scale deployment web --replicas=2")
    run_ok(session, "kubectl scale deployment db --replicas=2 -n shop")
    real = fileio.write_temp
    calls = []

    def refuse_second(path, text):
        calls.append(path)
        if len(calls) == 2:
            raise PermissionError(13, "Permission denied")
        return real(path, text)

    monkeypatch.setattr("sandbox.kubectl.export.write_temp", refuse_second)
    out = fails(session, "sim export out")
    assert out == 'error: sim export: nothing written: cannot write into "out": Permission denied'
    assert {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()} == before


def test_a_folder_that_fails_part_way_is_indexed_as_it_is(session, tmp_path, monkeypatch):
    """A rename fails after another succeeded: the index records exactly what is on disk."""
    run_ok(session, "sim export out")
    run_ok(session, "kubectl scale deployment web --replicas=2")
    run_ok(session, "kubectl scale deployment db --replicas=2 -n shop")
    real, calls = os.replace, []

    def fail_second(src, dst):
        if str(dst).endswith(".yaml"):
            calls.append(dst)
            if len(calls) == 2:
                raise OSError(30, "Read-only file system")
        return real(src, dst)

    monkeypatch.setattr(os, "replace", fail_second)
    out = fails(session, "sim export out")
    assert out == ('error: sim export: stopped in "out": Read-only file system; written before the error: '
                   "default--deployment-web.yaml")
    monkeypatch.undo()
    folder = tmp_path / "out"
    assert not [n for n in files(folder) if n.endswith(fileio.TEMP_SUFFIX)]
    # Consistent: the next export sees its own files (nothing refused) and finishes the job.
    assert run_ok(session, "sim export out").splitlines() == [
        f"wrote {folder / 'shop--deployment-db.yaml'}", f"unchanged {folder / '00-namespaces.yaml'}",
        f"unchanged {folder / 'default--deployment-web.yaml'}"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders; the monkeypatched tests cover it")
def test_a_read_only_folder_gives_a_clear_error(session, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        out = fails(session, "sim export ro")
    finally:
        folder.chmod(0o755)
    assert out == 'error: sim export: nothing written: cannot write into "ro": Permission denied'
    assert files(folder) == []
