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


def test_service_mesh_mid_way_with_the_traffic_split(snap_compare, make_app):
    """Lesson 9, step 3: 10 % of the webserver's traffic on Container2, the customers' stream half-way, its v2
    row failing beside v1's in the traffic panel (the issue's snapshot of lesson 9 mid-way)."""
    async def run_before(pilot):
        await shows(pilot, "step 1 of 4")
        tutor = pilot.app.screen.tutor
        tutor.play(list(tutor.step.solution))          # sidecars
        tutor.next()
        tutor.play(list(tutor.step.solution))          # the routes, and the Service selecting both releases
        await shows(pilot, "Predict — then watch what happens", "2. None — the VirtualService gives v2 a weight of 0")
        await pilot.press("2")
        pilot.app.screen.advance(5)
        tutor.next()
        await shows(pilot, "step 3 of 4", "10 % to Container2")
        tutor.play(list(tutor.step.solution[:1]))      # weights 90 / 10
        await shows(pilot, "Predict — then watch what happens", "2. About 100")
        await pilot.press("2")
        pilot.app.screen.advance(48)                    # a second whose request to v2 failed
        await shows(pilot, "#2 http://172.18.0.2:31080/", "● v1", "▲ v2", "1/s", "    0%│", "traffic 96% ok",
                    "✗ Container1 (v1) answered 8 requests in 10 or more")

    assert snap_compare(make_app(start="lesson:service-mesh"), terminal_size=BIG, run_before=run_before)
