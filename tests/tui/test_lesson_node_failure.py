"""Pilot test: lesson 3 (When a node goes down) played to the end through the lesson screen as a learner plays
it — typed lines, keys on the map, the prediction dialog answered — with the checklist ticking step by step."""

from __future__ import annotations

from textual.widgets import Input, Static

from sandbox.tui.screens.lesson import LessonScreen
from sandbox.tui.screens.lesson_dialogs import CompletionScreen, PredictDialog
from sandbox.tutor.catalog import find
from tests.builders import SIZE, commands_run, log_text, output_text, screen_text


async def type_line(pilot, line: str) -> None:
    """`:`, the line into the command line (key by key is tested elsewhere, and slow), then enter."""
    await pilot.press("colon")
    pilot.app.screen.query_one("#command", Input).value = line
    await pilot.press("enter")
    await pilot.pause()


async def back_to_the_map(pilot) -> None:
    """esc leaves the command line, and closes the output if a command opened it (one esc more would ask to
    leave the lesson)."""
    if isinstance(pilot.app.focused, Input):
        await pilot.press("escape")
    if pilot.app.screen.output.is_open:
        await pilot.press("escape")


def checklist(app) -> str:
    return str(app.screen.query_one("#checklist", Static).content)


async def next_step(pilot, number: int) -> None:
    await back_to_the_map(pilot)
    await pilot.press("n")
    await pilot.pause()
    assert pilot.app.screen.tutor.index == number - 1


async def test_lesson_3_is_played_to_the_end_through_the_lesson_screen(make_app):
    app = make_app(start="home")
    async with app.run_test(size=SIZE) as pilot:
        app.open_lesson(find("node-failure"))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        tutor = screen.tutor
        assert "✗ see the pods' nodes: kubectl get pods -o wide" in checklist(app)

        await type_line(pilot, "kubectl get pods -o wide")
        assert "✓ see the pods' nodes" in checklist(app)

        # Step 2: the machine stops after 3 s; time waits for the prediction.
        await next_step(pilot, 2)
        await type_line(pilot, "sim wait 1m")
        assert isinstance(app.screen, PredictDialog)
        assert tutor.session.sim.now - tutor.record.started_at == 3
        assert "When will web's pod from node-2" in screen_text(app)
        await pilot.press("3")
        await pilot.pause()
        assert app.screen is screen
        assert tutor.totals.predictions_right == 1
        assert "lesson: node-2's machine stopped" in log_text(app)
        await type_line(pilot, "kubectl describe node node-2")
        assert "✗ node-2 is NotReady" in checklist(app)  # 3 s after the failure: still in the grace period
        await type_line(pilot, "sim wait 1m")
        await type_line(pilot, "kubectl describe node node-2")
        assert "✓ node-2 is NotReady (its Ready condition is Unknown)" in checklist(app)
        assert "✓ read its taints" in checklist(app) and tutor.done

        await next_step(pilot, 3)
        assert "✓ node-2's pod of web is not Ready" in checklist(app)
        await type_line(pilot, "kubectl get endpoints web")
        assert tutor.done and "✗" not in checklist(app)

        # Step 4: fast-forward through the 300 s toleration.
        await next_step(pilot, 4)
        await type_line(pilot, "sim wait 2m")
        assert "✗ 3 pods of web are Running and Ready" in checklist(app)
        await type_line(pilot, "sim wait 3m")
        assert "✓ 3 pods of web are Running and Ready" in checklist(app)
        assert "✓ node-2's pod is Terminating" in checklist(app)

        await next_step(pilot, 5)
        await type_line(pilot, "sim node recover node-2")
        await type_line(pilot, "sim wait 20s")
        assert "✓ node-2 is Ready" in checklist(app) and "✓ the old pod is gone from node-2" in checklist(app)

        # Step 6: cordon with the key, node-1 selected on the map.
        await next_step(pilot, 6)
        while screen.map.selected().node != "node-1":
            await pilot.press("right")
        await pilot.press("c")
        await pilot.pause()
        assert "✓ node-1 takes no new pods" in checklist(app)
        assert commands_run(app)[-1] == "kubectl cordon node-1"  # the key's line, in the event log

        # Step 7: drain refuses the DaemonSet pods first.
        await next_step(pilot, 7)
        await type_line(pilot, "kubectl drain node-1")
        assert "cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore)" in output_text(app)
        assert "✓ meet drain's refusal" in checklist(app) and "✗ no pod of web runs on node-1" in checklist(app)
        await type_line(pilot, "kubectl drain node-1 --ignore-daemonsets")
        await type_line(pilot, "sim wait 20s")
        assert tutor.done

        # Step 8: the budget refuses the eviction; the drain gives up and says why.
        await next_step(pilot, 8)
        await type_line(pilot, "kubectl create pdb web --selector=app=web --min-available=3")
        await type_line(pilot, "kubectl drain node-2 --ignore-daemonsets")
        assert "(will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget." \
            in output_text(app)
        assert "✓ drain node-2" in checklist(app) and "✓ web's pods still run on node-2" in checklist(app)

        # Step 9: room for one disruption, the drain again; then uncordon, node-1 with the key.
        await next_step(pilot, 9)
        await type_line(pilot, "kubectl scale deployment web --replicas=4")
        await type_line(pilot, "sim wait 10s")
        await type_line(pilot, "kubectl drain node-2 --ignore-daemonsets")
        assert "node/node-2 drained" in output_text(app)
        assert "✓ no pod of web runs on node-2" in checklist(app) and "✗ node-1 is uncordoned" in checklist(app)
        await back_to_the_map(pilot)
        while screen.map.selected().node != "node-1":
            await pilot.press("h")
        await pilot.press("u")
        await type_line(pilot, "kubectl uncordon node-2")
        assert tutor.done and "✗" not in checklist(app)

        await next_step_to_the_end(pilot)
        assert isinstance(app.screen, CompletionScreen)
        assert "Lesson complete: When a node goes down" in screen_text(app)
        assert "Predictions right: 1 of 1" in screen_text(app)
        assert tutor.completed == set(range(9)) and not tutor.totals.assisted


async def next_step_to_the_end(pilot) -> None:
    await back_to_the_map(pilot)
    await pilot.press("n")
    await pilot.pause()
