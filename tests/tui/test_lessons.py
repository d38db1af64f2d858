"""The lesson screen, driven as a learner would: keys and typed lines, the checklist ticking live."""

from __future__ import annotations

from sandbox.tui.screens.lesson import LessonScreen
from sandbox.tui.screens.lesson_dialogs import CompletionScreen, PredictDialog
from sandbox.tutor.progress import ProgressStore
from tests.builders import screen_text

SIZE = (140, 40)


async def settle(pilot, rounds: int = 4) -> None:
    for _ in range(rounds):
        await pilot.pause()


async def type_line(pilot, line: str) -> None:
    await pilot.press("colon", *line, "enter")
    await settle(pilot)


async def leave_line(pilot) -> None:
    """esc out of the command line, and once more to close the output pane if it opened (as after reading)."""
    await pilot.press("escape")
    if pilot.app.screen._output_open():
        await pilot.press("escape")
    await settle(pilot)


async def wait_for(pilot, condition, rounds: int = 60) -> None:
    """Let messages run until `condition()` holds (a slow machine needs more rounds than a fast one)."""
    for _ in range(rounds):
        if condition():
            return
        await pilot.pause()


async def open_lesson(app, pilot) -> LessonScreen:
    await wait_for(pilot, lambda: isinstance(app.screen, LessonScreen))
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, LessonScreen), type(screen)
    return screen


def checklist(app) -> str:
    return str(app.screen.query_one("#checklist").render())


async def test_first_look_is_completed_with_keys_alone(make_app, tmp_path):
    app = make_app(start="lesson:first-look")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lesson(app, pilot)
        tutor = screen.tutor
        assert "✗ list the nodes: kubectl get nodes" in checklist(app)
        await type_line(pilot, "kubectl get nodes")
        await leave_line(pilot)
        assert "✓ list the nodes: kubectl get nodes" in checklist(app)
        assert "you ran" not in checklist(app)  # the label already names the line: not said twice
        await pilot.press("n", "right", "d")
        await settle(pilot)
        assert "✓ select node-1 and press d" in checklist(app)
        assert "you pressed d: kubectl describe node node-1" in checklist(app)
        await pilot.press("escape", "n")
        await type_line(pilot, "kubectl get pods -A")
        await leave_line(pilot)
        await pilot.press("n")
        await type_line(pilot, "kubectl create deployment hello --image=nginx:1.24 --replicas=2")
        assert "✗ 2 pods of hello are Ready" in checklist(app)  # the pods are still starting
        await type_line(pilot, "sim wait 20s")
        await leave_line(pilot)
        assert "✓ 2 pods of hello are Ready" in checklist(app)
        await pilot.press("n", "right", "c", "u")
        await settle(pilot)
        assert checklist(app).count("✓") == 3, checklist(app)
        await pilot.press("n")
        await type_line(pilot, "sim wait 1m")
        await leave_line(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert tutor.finished and isinstance(app.screen, CompletionScreen)
        text = screen_text(app)
        assert "Lesson complete: First look" in text and "Steps: 6 of 6 on your own" in text
    saved = ProgressStore(tmp_path).lesson("first-look")
    assert saved.state == "done" and saved.steps_done == [0, 1, 2, 3, 4, 5] and saved.best_commands == 8


async def test_replicasets_is_completed_with_typed_commands_and_a_prediction(make_app, tmp_path):
    app = make_app(start="lesson:replicasets")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lesson(app, pilot)
        for line in ("kubectl get rs web", "kubectl get pods -l app=web"):
            await type_line(pilot, line)
        await leave_line(pilot)
        assert checklist(app).count("✓") == 2
        await pilot.press("n")
        screen.advance(3)  # the lesson's event is due 2 s into the step: it asks first
        await settle(pilot)
        assert isinstance(app.screen, PredictDialog)
        assert "One of web's three pods is about to be deleted." in screen_text(app)
        held_at = screen.sim.now
        screen.advance(30)
        assert screen.sim.now == held_at  # time waits for the answer
        await pilot.press("2")
        await settle(pilot)
        assert isinstance(app.screen, LessonScreen)
        assert "Your prediction: Right." in screen_text(app)
        await type_line(pilot, "sim wait 15s")
        await type_line(pilot, "kubectl get pods -l app=web")
        await leave_line(pilot)
        assert screen.tutor.done
        await pilot.press("n")
        name = screen.sim.list("Pod", "default")[0].name
        await type_line(pilot, f"kubectl delete pod {name}")
        await type_line(pilot, "sim wait 20s")
        await leave_line(pilot)
        await pilot.press("n")
        await type_line(pilot, "kubectl scale replicaset web --replicas=5")
        await type_line(pilot, "sim wait 20s")
        await leave_line(pilot)
        assert "✓ web wants 5 pods" in checklist(app)
        await pilot.press("n")
        name = next(p.name for p in screen.sim.list("Pod", "default") if p.metadata.labels.get("app") == "web")
        await type_line(pilot, f"kubectl label pod {name} app=debug --overwrite")
        await type_line(pilot, "sim wait 20s")
        await leave_line(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, CompletionScreen)
        assert "Predictions right: 1 of 1" in screen_text(app)


async def test_hints_restart_and_the_solution_from_the_keys(make_app):
    app = make_app(start="lesson:replicasets")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lesson(app, pilot)
        await pilot.press("t")
        await settle(pilot)
        assert "Hint: The command line opens with :" in screen_text(app)
        assert "t hint (1) · n next · ^o answer" in screen_text(app)
        await pilot.press("ctrl+o")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert "kubectl get replicaset web" in str(screen.detail.body.render())
        assert 0 in screen.tutor.totals.assisted
        await type_line(pilot, "kubectl delete rs web")
        await leave_line(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert screen.sim.try_get("ReplicaSet", "default", "web") is not None


async def test_a_lesson_resumes_where_the_learner_left_it(make_app, tmp_path):
    from sandbox.tutor.progress import LessonProgress

    ProgressStore(tmp_path).update("replicasets", LessonProgress(steps_done=[0, 1], current_step=2))
    app = make_app(start="lesson:replicasets")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lesson(app, pilot)
        assert screen.tutor.index == 2
        assert "step 3 of 5" in screen_text(app) and "Your turn" in screen_text(app)


async def test_the_home_screen_opens_the_next_unfinished_lesson(make_app, tmp_path):
    from sandbox.tutor.progress import LessonProgress

    ProgressStore(tmp_path).update("first-look", LessonProgress(finished_at="2026-11-30T00:00:00+00:00"))
    app = make_app(start="home")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: "First look" in screen_text(app))
        text = screen_text(app)
        assert "●  1. First look" in text and "○  2. ReplicaSets" in text
        await pilot.press("enter")
        screen = await open_lesson(app, pilot)
        assert screen.tutor.lesson.id == "replicasets"


async def test_a_broken_lesson_is_listed_with_its_reason_not_a_crash(make_app, monkeypatch, tmp_path):
    import sandbox.tutor.catalog as catalog

    folder = tmp_path / "lessons"
    folder.mkdir()
    (folder / "bad.yaml").write_text("id: bad\ntitle: [unclosed\n")
    real = catalog.catalog
    monkeypatch.setattr(catalog, "catalog", lambda folder_=folder: real(folder_))
    app = make_app(start="home")
    async with app.run_test(size=SIZE) as pilot:
        def broken_note() -> str:
            notes = app.screen.query("#broken")
            return str(notes.first().render()) if notes else ""

        await wait_for(pilot, lambda: "broken lesson:" in broken_note())
        assert "broken lesson:" in broken_note() and "bad.yaml" in broken_note()
        assert "First look" not in screen_text(app)  # the catalog read only the test's folder


async def test_esc_at_the_top_of_a_lesson_asks_before_leaving(make_app):
    from sandbox.tui.screens.dialogs import Confirm

    app = make_app(start="lesson:first-look")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lesson(app, pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, Confirm) and "Leave the lesson?" in screen_text(app)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("escape", "y")
        await settle(pilot)
        assert not isinstance(app.screen, LessonScreen)


async def test_on_a_small_terminal_the_step_text_says_there_is_more_and_pgdn_reads_on(make_app):
    app = make_app(start="lesson:first-look")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lesson(app, pilot)
        body = screen.query_one("#lesson-body")
        await wait_for(pilot, lambda: body.max_scroll_y > 0)
        assert body.max_scroll_y > 0, "the first step's text fits 80x24: pick a longer step for this test"
        await settle(pilot)
        assert "░  pgdn ↓" in screen_text(app)
        for _ in range(10):
            await pilot.press("pagedown")
            await settle(pilot, 2)
        assert body.scroll_y == body.max_scroll_y
        assert "pgdn ↓" not in screen_text(app)
        await pilot.press("pageup")
        await settle(pilot)
        assert body.scroll_y < body.max_scroll_y and "pgdn ↓" in screen_text(app)


async def test_the_checklist_marks_take_the_colour_blind_theme(make_app):
    from sandbox.tui.theme import COLORBLIND_THEME, colour

    app = make_app(start="lesson:first-look")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lesson(app, pilot)
        app.theme = COLORBLIND_THEME
        await settle(pilot)
        from rich.color import Color

        red, green, blue = Color.parse(colour(COLORBLIND_THEME, "text-failing")).get_truecolor()
        marks = screen.query_one("#checklist").render()
        assert any(f"rgb({red},{green},{blue})" in str(span.style) for span in marks.spans)


async def test_R_starts_the_lesson_over_on_a_fresh_cluster_after_asking(make_app):
    from sandbox.tui.screens.dialogs import Confirm

    app = make_app(start="lesson:replicasets")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lesson(app, pilot)
        screen.tutor.play(list(screen.tutor.step.solution))
        await pilot.press("n")
        await settle(pilot)
        await type_line(pilot, "kubectl delete rs web")
        await leave_line(pilot)
        assert screen.tutor.index == 1 and screen.sim.try_get("ReplicaSet", "default", "web") is None
        await pilot.press("R")
        await settle(pilot)
        assert isinstance(app.screen, Confirm) and "Start the lesson over?" in screen_text(app)
        await pilot.press("y")
        fresh = await open_lesson(app, pilot)
        assert fresh is not screen and fresh.tutor.index == 0
        assert fresh.sim.try_get("ReplicaSet", "default", "web") is not None
        assert "step 1 of 5" in screen_text(app)


async def test_the_step_text_stays_in_view_at_80x24_while_the_output_is_open(make_app):
    """Beside a lesson the output pane gives up rows: at the smallest size the step's text still shows."""
    app = make_app(start="lesson:replicasets")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lesson(app, pilot)
        await type_line(pilot, "kubectl get rs web")
        assert screen._output_open()
        text = screen.query_one("#step-text")
        assert text.region.height >= 3, text.region
        assert "The lesson has created a ReplicaSet" in screen_text(app)
