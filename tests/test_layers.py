"""The core stays pure: importing all of sandbox.core loads no UI and no upper layer."""

import subprocess
import sys
import tomllib
from pathlib import Path

PROBE = """
import importlib, pkgutil, sys
import sandbox.core
for info in pkgutil.walk_packages(sandbox.core.__path__, "sandbox.core."):
    importlib.import_module(info.name)
banned = ("textual", "rich", "sandbox.kubectl", "sandbox.tutor", "sandbox.tui")
print("\\n".join(m for m in sys.modules if m.split(".")[0] in banned[:2] or m.startswith(banned[2:])))
"""


def test_core_imports_no_ui_and_no_upper_layer():
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"sandbox.core pulled in: {result.stdout}"


def test_probe_detects_a_banned_import():
    """The check itself can fail: importing textual in the probe is reported."""
    probe = "import textual\n" + PROBE
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert "textual" in result.stdout.split()


def test_import_contract_covers_every_layer():
    """Every package under sandbox/ is a layer of pyproject's import-linter contract, so none escapes it."""
    root = Path(__file__).resolve().parents[1]
    config = tomllib.loads((root / "pyproject.toml").read_text())
    layers = next(c["layers"] for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers")
    packages = {f"sandbox.{p.name}" for p in (root / "sandbox").iterdir() if (p / "__init__.py").is_file()}
    assert layers == ["sandbox.tui", "sandbox.tutor", "sandbox.kubectl", "sandbox.core"]
    assert set(layers) == packages


def test_sources_cite_upstream_not_files_outside_the_repository() -> None:
    """Comments name the upstream source or the behaviour; the team's notes outside the
    repository are not there for a reader of a clean checkout."""
    root = Path(__file__).resolve().parents[1]
    outside = ("DESIGN.md", "KUBERNETES.md", "TESTING.md")
    offenders = [
        str(path.relative_to(root))
        for folder in ("sandbox", "tests", "lessons", "assets")
        for path in (root / folder).rglob("*")
        if path.suffix in {".py", ".sh", ".yaml", ".md"} and path.name != "test_layers.py"
        and any(name in path.read_text(encoding="utf-8") for name in outside)
    ]
    assert offenders == []
