"""Snapshots of the lessons as a learner sees them, at 140x40 and 80x24, each with the text that must show.

Plain `def` tests: snap_compare runs its own event loop. Update with
`.venv/bin/python -m pytest tests/tui --snapshot-update -n0` and review the SVGs.
"""

from __future__ import annotations

import pytest

from tests.builders import screen_text

BIG, SMALL = (140, 40), (80, 24)


async def shows(pilot, *phrases: str) -> None:
    """Let the screen settle (a short real pause lets refresh-deferred work run on a loaded machine)."""
    for _ in range(3):
        await pilot.pause()
    await pilot.pause(0.05)
    await pilot.pause()
    text = screen_text(pilot.app)
    missing = [phrase for phrase in phrases if phrase not in text]
    assert not missing, f"not on screen: {missing}\n{text}"


@pytest.mark.parametrize("size", [BIG, SMALL], ids=["140x40", "80x24"])
def test_lesson_screen(snap_compare, make_app, size):
    async def run_before(pilot):
        await shows(pilot, "lesson", "First look", "step 1 of 6", "The cluster in front of you",
                    "✗ list the nodes", "cluster", "events")

    assert snap_compare(make_app(start="lesson:first-look"), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", [BIG, SMALL], ids=["140x40", "80x24"])
def test_lesson_with_a_hint_and_a_ticked_goal(snap_compare, make_app, size):
    async def run_before(pilot):
        await shows(pilot, "step 1 of 5")
        await pilot.press("colon", *"kubectl get replicaset web", "enter", "escape", "escape", "t")
        await shows(pilot, "✓ look at the ReplicaSet", "you ran: kubectl get replicaset", "Hint:")

    assert snap_compare(make_app(start="lesson:replicasets"), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", [BIG, SMALL], ids=["140x40", "80x24"])
def test_predict_dialog(snap_compare, make_app, size):
    async def run_before(pilot):
        await shows(pilot, "step 1 of 5")
        pilot.app.screen.tutor.play(list(pilot.app.screen.tutor.step.solution))
        await pilot.press("n")
        pilot.app.screen.advance(3)
        await shows(pilot, "Predict — then watch what happens", "1. Two pods", "2. Three pods", "1–3 or ↑↓ enter",
                    "3. Three pods, but only after about five minutes")

    assert snap_compare(make_app(start="lesson:replicasets"), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", [BIG, SMALL], ids=["140x40", "80x24"])
def test_completion_screen(snap_compare, make_app, size):
    async def run_before(pilot):
        await shows(pilot, "step 1 of 6")
        tutor = pilot.app.screen.tutor
        for step in tutor.lesson.steps:
            tutor.play(list(step.solution))
            tutor.next()
        await shows(pilot, "Lesson complete: First look", "Steps: 6 of 6 on your own",
                    "Commands and keys: 7 (the solutions use 7)", "Next lesson")

    assert snap_compare(make_app(start="lesson:first-look"), terminal_size=size, run_before=run_before)
