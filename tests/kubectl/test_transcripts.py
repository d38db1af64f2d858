"""Golden transcripts: each tests/transcripts/NAME.sh, run as `kubesandbox run --keep-going`, must print NAME.txt.

Regenerate with KUBESANDBOX_UPDATE_TRANSCRIPTS=1 and review the diff by eye before keeping it:
the transcripts depend on every controller, so a controller change shows up here.
"""

import io
import os
from pathlib import Path

import pytest

from sandbox.kubectl.run import run_script

FOLDER = Path(__file__).parent.parent / "transcripts"
SCRIPTS = sorted(FOLDER.glob("*.sh"))


@pytest.mark.parametrize("script", SCRIPTS, ids=[s.stem for s in SCRIPTS])
def test_transcript_matches_golden_file(script):
    out = io.StringIO()
    run_script(script.read_text(encoding="utf-8"), out, keep_going=True, cwd=FOLDER)
    golden = script.with_suffix(".txt")
    if os.environ.get("KUBESANDBOX_UPDATE_TRANSCRIPTS") == "1":
        golden.write_text(out.getvalue(), encoding="utf-8")
    assert golden.exists(), f"no golden file: run with KUBESANDBOX_UPDATE_TRANSCRIPTS=1 to create {golden.name}"
    assert out.getvalue() == golden.read_text(encoding="utf-8")


def test_there_is_a_transcript_per_command_family():
    families = {"get", "output", "describe", "apply", "create", "delete", "scale", "rollout", "label", "nodes",
                "events", "explain", "network", "sim", "errors", "taint", "cascade", "probes",
                "formats", "drain", "beginner"}
    assert families <= {s.stem for s in SCRIPTS}
