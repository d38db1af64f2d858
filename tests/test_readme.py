"""The README documents what the app offers: every key, and the Quick start is two commands."""

import re
from pathlib import Path

from sandbox.tui.keys import LESSON_KEYS, PLAY_KEYS, display_key

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


def test_every_key_is_in_the_readme():
    missing = [k.key for k in [*PLAY_KEYS, *LESSON_KEYS]
               if not all(f"`{display_key(x)}`" in README for x in k.key.split(","))]
    assert missing == []


def test_quick_start_is_exactly_two_commands():
    section = README.split("## Quick start", 1)[1].split("##", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    assert len(block.strip().splitlines()) == 2


def test_ci_runs_the_readme_test_command():
    section = README.split("## Quick start", 1)[1].split("##", 1)[0]
    test_command = re.search(r"```sh\n(.*?)```", section, re.S).group(1).strip().splitlines()[1]
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text()
    assert test_command in ci
