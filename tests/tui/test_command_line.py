"""Pilot tests: the command line (history, completion, errors) and the app's resilience."""

from __future__ import annotations

from textual.widgets import Input

from sandbox.core.scenario import cluster
from sandbox.tui.messages import Tick
from sandbox.tui.screens.play import PlayScreen
from sandbox.tui.widgets.command_line import apply_completion
from sandbox.tui.widgets.compact_map import CompactMap
from sandbox.tui.widgets.detail import DetailPanel
from sandbox.tui.widgets.resources import ResourcesPane
from tests.builders import SIZE, commands_run, log_text, output_text, screen_text


async def type_line(pilot, line: str) -> None:
    await pilot.press("colon", *line, "enter")


async def test_enter_runs_the_line_and_shows_its_output(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await type_line(pilot, "kubectl get nodes")
        assert commands_run(app) == ["kubectl get nodes"]
        assert app.screen.query_one("#command", Input).value == ""
        output = app.screen.output
        # The output takes the event log's place: the map stays in view, to watch the cluster react.
        assert output.is_open and app.screen.query_one("#map-pane").display and not app.screen.log_pane.display
        assert "$ kubectl get nodes" in output_text(app) and "control-plane   Ready" in output_text(app)
        assert app.focused is app.screen.query_one("#command")  # ready for the next command


async def test_a_one_line_output_stays_in_the_event_log_and_keeps_the_map(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await type_line(pilot, "kubectl cordon node-1")
        assert not app.screen.output.is_open
        assert "$ kubectl cordon node-1  → node/node-1 cordoned" in log_text(app)
        await pilot.press("escape", "o")
        assert "node/node-1 cordoned" in output_text(app)


async def test_escape_leaves_the_command_line_then_closes_the_output(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await type_line(pilot, "kubectl get pods -A -o wide")
        output = app.screen.output
        await pilot.press("escape")
        assert output.is_open and app.focused is output
        assert output.max_scroll_x == 0  # long lines wrap: nothing is cut off at the edge
        assert "10.244." in output_text(app)  # the wide table's IP column, wrapped into view
        await pilot.press("escape")
        assert not output.is_open and app.screen.log_pane.display
        await pilot.press("o")
        assert output.is_open
        await pilot.press("o")
        assert not output.is_open


async def test_sim_reset_shows_the_new_cluster_and_keeps_the_history(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await type_line(pilot, "kubectl create deployment web --image=nginx --replicas=2")
        old_sim = screen.sim
        assert any(chip.name.startswith("web-") for view in screen.map.views for chip in view.pods())
        await type_line(pilot, "sim reset")
        for _ in range(10):  # the views are rebuilt after the command's own messages
            if screen.map.sim is not old_sim:
                break
            await pilot.pause()
        assert app.screen is screen and screen.sim is screen.session.sim is not old_sim
        assert screen.map.sim is screen.sim and screen.log_pane.audit is screen.sim.audit
        assert not any(chip.name.startswith("web-") for view in screen.map.views for chip in view.pods())
        assert screen.query_one("#command").history[-2:] == ["kubectl create deployment web --image=nginx "
                                                               "--replicas=2", "sim reset"]


async def test_up_and_down_walk_the_history_and_keep_the_draft(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await type_line(pilot, "kubectl get nodes")
        await pilot.press(*"kubectl get pods", "enter", *"draft")
        command = app.screen.query_one("#command", Input)
        await pilot.press("up")
        assert command.value == "kubectl get pods"
        await pilot.press("up", "up")
        assert command.value == "kubectl get nodes"
        await pilot.press("down")
        assert command.value == "kubectl get pods"
        await pilot.press("down")
        assert command.value == "draft"


async def test_tab_completes_through_the_session(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        command = app.screen.query_one("#command", Input)
        await pilot.press("colon", *"kubectl sc", "tab")
        assert command.value == "kubectl scale "
        command.clear()
        await pilot.press(*"kubectl get nodes contr", "tab")  # names come from the cluster
        assert command.value == "kubectl get nodes control-plane "


async def test_tab_with_several_choices_shows_them(make_app, monkeypatch):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.screen.query_one("#command").completer = lambda line: ["get", "get-contexts"]
        await pilot.press("colon", *"kubectl g", "tab")
        assert app.screen.query_one("#command", Input).value == "kubectl get"
        hint = app.screen.query_one("#completions")
        assert not hint.has_class("-hidden") and "get-contexts" in str(hint.render())
        await pilot.press("escape")
        assert hint.has_class("-hidden")


def test_completion_of_whole_lines_and_of_words():
    assert apply_completion("kubectl get po", ["pods"]) == ("kubectl get pods ", [])
    assert apply_completion("kubectl sc", ["kubectl scale"]) == ("kubectl scale ", [])
    assert apply_completion("kubectl get deploy", ["deployments", "deployment"]) == \
        ("kubectl get deployment", ["deployments", "deployment"])
    assert apply_completion("kubectl x", []) == ("kubectl x", [])


async def test_a_command_error_shows_in_the_log_and_the_app_goes_on(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await type_line(pilot, "kubectl frobnicate")
        assert commands_run(app) == ["kubectl frobnicate"]
        last = app.screen.log_pane.texts()[-1]
        error = app.screen.log_pane.styles_now()["error"]
        assert "error" in last.plain.lower() and any(span.style == error for span in last.spans)
        assert error.color is not None and error.color.triplet.hex == app.theme_variables["error"].lower()
        assert app.screen.output.is_open and 'unknown command "frobnicate"' in output_text(app)
        await type_line(pilot, "kubectl get nodes")
        assert isinstance(app.screen, PlayScreen)


async def test_a_widget_error_is_reported_logged_and_survived(make_app, tmp_path, monkeypatch):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        def broken(self):
            raise RuntimeError("boom")

        monkeypatch.setattr(ResourcesPane, "refresh_from_sim", broken)
        before = app.screen.sim.now
        app.screen.advance(5)
        await pilot.pause()
        assert app.screen.sim.now == before + 5  # the cluster went on
        assert "updating the resources: boom" in log_text(app)
        assert "RuntimeError: boom" in (tmp_path / "kubesandbox.log").read_text()
        monkeypatch.undo()
        await pilot.press("right")
        assert app.screen.map.selected().node == "node-1"


def test_a_pending_tick_is_replaced_by_the_next():
    assert Tick().can_replace(Tick())


async def test_ticks_advance_time_by_speed_and_not_while_paused(make_app, monkeypatch):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        clock = iter([100.0, 100.5, 101.0, 101.5])
        monkeypatch.setattr("sandbox.tui.screens.cluster.monotonic", lambda: next(clock))
        start = screen.sim.now
        screen.session.speed = 10.0
        screen.on_tick(Tick())
        screen.on_tick(Tick())
        assert screen.sim.now == start + 5.0
        screen.session.paused = True
        screen.on_tick(Tick())
        assert screen.sim.now == start + 5.0
        await pilot.pause()


async def test_large_cluster_uses_the_compact_map_and_zooms(make_app):
    app = make_app(sim=cluster(seed=2, workers=60))
    async with app.run_test(size=SIZE) as pilot:
        map_ = app.screen.map
        assert isinstance(map_, CompactMap)
        await pilot.press("right", "down")
        assert map_.index == 1 + map_._columns
        await pilot.press("enter")
        panel = app.screen.query_one(DetailPanel)
        assert panel.is_open and panel.border_title == f"node {map_.names[map_.index]}"


async def test_it_works_at_80_by_24(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("l", "d", "colon", *"kubectl get pods", "enter")
        assert app.screen.query_one("#map").size.height >= 6
        assert app.screen.query_one("#command").size.height == 1


async def test_the_status_bar_keeps_the_health_summary_at_80_columns(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        status = screen_text(app).splitlines()[0]
        assert status.startswith(" KubeSandbox") and "nodes 4/4 Ready · pods 10/10 Ready" in status
        app.screen.run_command("kubectl create deployment web --image=nginx:no-such-tag --replicas=3")
        app.screen.advance(30)
        await pilot.pause()
        status = screen_text(app).splitlines()[0]
        # Longer health: the mode's name and the namespace step aside, the summary stays whole.
        assert status.rstrip().endswith("⚠ nodes 4/4 Ready · pods 10/13 Ready · 3 failing"), status
        assert status.startswith(" KubeSandbox") and "free play" not in status


async def test_the_colourblind_theme_repaints_the_map(make_app):
    from sandbox.tui.theme import COLORBLIND_THEME, DEFAULT_THEME, state_colour
    from sandbox.tui.widgets.node_box import NodeBox

    def pod_styles(app) -> str:
        return " | ".join(str(span.style).lower() for box in app.screen.query(NodeBox) for span in box.render().spans)

    ready_default, ready_colourblind = (state_colour(t, "Ready").lower() for t in (DEFAULT_THEME, COLORBLIND_THEME))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert f"bold {ready_default}" in pod_styles(app)
        app.theme = COLORBLIND_THEME
        app.screen.refresh_views()
        await pilot.pause()
        assert app.screen.map.theme_name == COLORBLIND_THEME
        styles = pod_styles(app)
        assert f"bold {ready_colourblind}" in styles and ready_default not in styles
