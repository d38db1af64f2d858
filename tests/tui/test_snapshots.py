"""Snapshot tests: what the learner sees, at 120x36, seeded, with no wall clock.

Plain `def` tests: snap_compare runs its own event loop. Update with
`.venv/bin/python -m pytest tests/tui --snapshot-update -n0` and review the SVGs.
"""

from __future__ import annotations

from sandbox.core.simulation import Simulation
from tests.builders import SIZE


def test_home(snap_compare, make_app):
    assert snap_compare(make_app(start="home"), terminal_size=SIZE)


def test_free_play_default_cluster(snap_compare, make_app):
    async def run_before(pilot):
        pilot.app.screen.advance(30)
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_free_play_after_a_node_failure(snap_compare, make_app):
    async def run_before(pilot):
        await pilot.press("l", "l", "x")
        pilot.app.screen.advance(60)
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_free_play_during_a_rolling_update(snap_compare, make_app):
    async def run_before(pilot):
        screen = pilot.app.screen
        screen.run_command("kubectl create deployment web --image=nginx:1.24 --replicas=4")
        screen.advance(60)
        screen.run_command("kubectl set image deployment/web nginx=nginx:1.25")
        screen.advance(3)
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_compact_map_of_a_large_cluster(snap_compare, make_app):
    async def run_before(pilot):
        screen = pilot.app.screen
        screen.run_command("sim node fail node-7")
        screen.run_command("kubectl cordon node-12")
        screen.advance(60)
        await pilot.press("l", "l", "j")

    app = make_app(sim=Simulation(seed=3, workers=60))
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_help_screen(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=SIZE, press=["question_mark"])


def test_chaos_menu(snap_compare, make_app):
    async def run_before(pilot):
        screen = pilot.app.screen
        screen.run_command("kubectl create deployment web --image=nginx:1.24 --replicas=2")
        screen.advance(30)
        await pilot.press("l", "exclamation_mark")

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_traffic_panel_during_a_failing_canary(snap_compare, make_app):
    async def run_before(pilot):
        screen = pilot.app.screen
        screen.run_command("kubectl apply -f assets/shop/")
        screen.advance(60)
        screen.run_command("sim traffic start http://webserver --from deploy/frontend --rate 10 --duration 120s -n shop")
        screen.advance(20)
        service = screen.sim.store.get("Service", "shop", "webserver")
        spec = dict(service.spec, selector={"app": "webserver", "version": "v2"})
        screen.sim.apply({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "webserver", "namespace": "shop"},
                          "spec": spec}, actor="you")
        screen.advance(20)
        for _ in range(3):  # the panel's rows mount, then draw
            await pilot.pause()
            screen.refresh_views()
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_output_pane_after_a_typed_command(snap_compare, make_app):
    async def run_before(pilot):
        await pilot.press("colon", *"kubectl get pods -A -o wide", "enter")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)
