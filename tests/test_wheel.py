"""The built wheel works when installed as a user installs it, away from the repository.

A session-scoped fixture builds the wheel (`pip wheel --no-deps`, hatchling from the package
index as pip's build isolation fetches it), creates a fresh virtual environment and installs
the wheel there, not editable. The dependencies are the test environment's own, made visible
to the fresh environment by a path file (so no download is needed); the `sandbox` package
itself can only come from the wheel: every command runs from an empty folder.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.timeout(300)


def run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=240)


@pytest.fixture(scope="session")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    built = run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)], cwd=out)
    assert built.returncode == 0, built.stdout + built.stderr
    (path,) = out.glob("kubesandbox-*.whl")
    return path


@pytest.fixture(scope="session")
def installed(wheel, tmp_path_factory) -> tuple[Path, dict[str, str], Path]:
    """(the fresh environment's bin folder, an environment for its commands, an empty working folder)."""
    home = tmp_path_factory.mktemp("venv")
    venv.EnvBuilder(with_pip=False).create(home)
    python = home / "bin" / "python"
    purelib = run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=home)
    site = Path(purelib.stdout.strip())
    (site / "test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    done = run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", "-q",
                str(wheel)], cwd=home)
    assert done.returncode == 0, done.stdout + done.stderr
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["XDG_DATA_HOME"] = str(tmp_path_factory.mktemp("data"))
    return home / "bin", env, elsewhere


def test_the_wheel_carries_the_data_and_the_license(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "sandbox/_data/assets/shop/30-webserver.yaml" in names
    assert "sandbox/_data/lessons/README.md" in names
    assert "sandbox/tui/app.tcss" in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)


def test_installed_sandbox_is_the_wheel_and_finds_its_data(installed):
    bin_dir, env, elsewhere = installed
    probe = ("import sandbox, sandbox.resources as r; print(sandbox.__file__); print(r.shop_manifests()); "
             "print(sorted(p.name for p in r.shop_manifests().iterdir()))")
    out = run([str(bin_dir / "python"), "-c", probe], cwd=elsewhere, env=env)
    assert out.returncode == 0, out.stderr
    package, shop, files = out.stdout.splitlines()
    assert str(bin_dir.parent) in package and str(ROOT) not in package
    assert shop.endswith("site-packages/sandbox/_data/assets/shop")
    assert "30-webserver.yaml" in files


def test_kubesandbox_run_deploys_the_shop_from_the_installed_wheel(installed):
    bin_dir, env, elsewhere = installed
    assert run([str(bin_dir / "kubesandbox"), "--help"], cwd=elsewhere, env=env).returncode == 0
    shop = run([str(bin_dir / "python"), "-c", "import sandbox.resources as r; print(r.shop_manifests())"],
               cwd=elsewhere, env=env).stdout.strip()
    script = elsewhere / "shop.sh"
    script.write_text(f"kubectl apply -f {shop}\nsim wait 2m\nkubectl get deployments -n shop -o name\n")
    out = run([str(bin_dir / "kubesandbox"), "run", "shop.sh"], cwd=elsewhere, env=env)
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.splitlines()[-5:] == [f"deployment.apps/{name}" for name in
                                            ("frontend", "loadbalancer", "mysql", "webserver-v1", "webserver-v2")]


PLAY_HEADLESS = """
import sys
from textual.app import App
from sandbox.__main__ import main
from sandbox.tui.app import KubeSandboxApp

seen = {}
mount = KubeSandboxApp.on_mount

def on_mount(self):
    mount(self)
    def stop():
        seen["deployments"] = sorted(d.name for d in self.screen.session.sim.list("Deployment", "shop"))
        self.exit()
    self.set_timer(1.0, stop)

KubeSandboxApp.on_mount = on_mount
KubeSandboxApp.run = lambda self, **kw: App.run(self, headless=True, size=(100, 30))
code = main(["play", "--app", "shop"])
print(code, seen.get("deployments"))
"""


def test_play_app_shop_starts_from_the_installed_wheel(installed):
    """`kubesandbox play --app shop`, headless (Textual's own headless driver), away from the repository."""
    bin_dir, env, elsewhere = installed
    out = run([str(bin_dir / "python"), "-c", PLAY_HEADLESS], cwd=elsewhere, env=env)
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.strip().splitlines()[-1] == (
        "0 ['frontend', 'loadbalancer', 'mysql', 'webserver-v1', 'webserver-v2']")
