"""Pilot tests of the rewind and why keys: `w` opens the chain beside the map, `ctrl+z`/`ctrl+y` undo and
redo (also from the command line: textual 8.2.8's Input binds neither), the event log names the cause of
its highlighted line, the status bar's strip shows the points."""

from __future__ import annotations

from textual.widgets import Input

from sandbox.tui.widgets.cluster_map import Selected
from sandbox.tui.widgets.event_log import EventLog
from sandbox.tui.widgets.runner import CommandRunner
from sandbox.tui.widgets.timeline_strip import TimelineStrip
from sandbox.tui.widgets.why_panel import WhyPanel
from tests.builders import SIZE, commands_run, screen_text


async def until_idle(pilot, rounds: int = 60) -> None:
    """Let messages run until no typed command runs in its thread (one pause is not enough on a loaded
    machine: a key pressed while the line still runs races it)."""
    runner = pilot.app.screen.query_one(CommandRunner)
    await pilot.pause()
    for _ in range(rounds):
        if not runner.running:
            break
        await pilot.pause()
    await pilot.pause()


async def type_line(pilot, line: str) -> None:
    await pilot.press("colon")
    pilot.app.screen.query_one("#command", Input).value = line
    await pilot.press("enter")
    await until_idle(pilot)


async def deploy_and_delete_a_pod(pilot) -> tuple[str, str]:
    """web runs three pods; one is deleted and replaced. Returns (deleted, replacement)."""
    screen = pilot.app.screen
    await type_line(pilot, "kubectl create deployment web --image=nginx:1.24 --replicas=3")
    screen.advance(30)
    before = sorted(p.name for p in screen.sim.list("Pod", "default"))
    await type_line(pilot, f"kubectl delete pod {before[0]}")
    screen.advance(30)
    await pilot.pause()
    (new,) = sorted({p.name for p in screen.sim.list("Pod", "default")} - set(before))
    return before[0], new


async def test_w_opens_the_chain_beside_the_map_and_links_jump_the_map(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        deleted, new = await deploy_and_delete_a_pod(pilot)
        screen = app.screen
        pod = screen.sim.get("Pod", "default", new)
        assert screen.map.select_pod("default", new)
        await pilot.press("escape", "w")
        await until_idle(pilot)
        assert commands_run(app)[-1] == f"sim why pod/{new}"
        panel = screen.query_one(WhyPanel)
        assert panel.is_open and panel.border_title == f"sim why pod/{new}"
        assert app.focused is panel.links
        options = [str(panel.links.get_option_at_index(i).prompt) for i in range(panel.links.option_count)]
        assert [o.split()[1] for o in options] == [f"kubelet/{pod.spec['nodeName']}", "default-scheduler",
                                                   "replicaset-controller", "you"]
        assert f"started by you: kubectl delete pod {deleted}" in str(panel.notes.content)
        screen.map.select_node("control-plane")
        await pilot.press("down", "down")            # the replicaset's create: the map shows the new pod again
        await pilot.pause()
        assert panel.links.highlighted == 2
        assert screen.map.selected() == Selected(pod.spec["nodeName"], "default", new)
        await pilot.press("down")                    # your delete: that pod is gone, the map stays
        await pilot.pause()
        assert panel.links.highlighted == 3 and screen.map.selected().pod == new
        shown = screen_text(app)
        assert "replicaset-controller" in shown and "╭─ cluster ─" in shown
        await pilot.press("escape")
        assert not panel.is_open


async def test_ctrl_z_and_ctrl_y_undo_and_redo_even_from_the_command_line(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await type_line(pilot, "kubectl create deployment web --image=nginx:1.24 --replicas=2")
        await type_line(pilot, "kubectl scale deployment web --replicas=4")
        assert app.screen.sim.get("Deployment", "default", "web").spec["replicas"] == 4
        await pilot.press("colon", "k", "ctrl+z")    # the command line has focus and text: ctrl+z still undoes
        await pilot.pause()
        assert app.screen.query_one("#command", Input).value == "k"
        assert commands_run(app)[-1] == "sim undo"
        assert app.screen.sim.get("Deployment", "default", "web").spec["replicas"] == 2
        await pilot.press("escape", "ctrl+y")
        await pilot.pause()
        assert commands_run(app)[-1] == "sim redo"
        assert app.screen.sim.get("Deployment", "default", "web").spec["replicas"] == 4
        await pilot.press("ctrl+z", "ctrl+z", "ctrl+z")   # the third finds nothing to undo and says so
        await pilot.pause()
        assert app.screen.sim.try_get("Deployment", "default", "web") is None
        assert "nothing to undo: this is the start of the timeline" in screen_text(app)


async def test_the_timeline_strip_shows_the_points_and_where_the_cluster_is(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        strip = app.screen.query_one(TimelineStrip)
        assert not strip.display   # nothing to go back to yet
        await type_line(pilot, "kubectl create deployment web --image=nginx:1.24 --replicas=2")
        await type_line(pilot, "kubectl scale deployment web --replicas=3")
        await type_line(pilot, "kubectl get pods")   # a read is no point
        strip = app.screen.query_one(TimelineStrip)
        assert str(strip.content) == "main ●●◉ 2/2"
        await pilot.press("ctrl+z")
        await pilot.pause()
        strip = app.screen.query_one(TimelineStrip)
        assert str(strip.content) == "main ●◉○ 1/2"
        assert "main ●◉○ 1/2" in screen_text(app)


async def test_the_event_log_names_the_cause_of_its_highlighted_line(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        deleted, new = await deploy_and_delete_a_pod(pilot)
        log = app.screen.query_one(EventLog)
        app.screen.set_focus(log)
        await pilot.pause()
        # up from the newest line until the replicaset's create of the new pod is highlighted
        for _ in range(300):
            entry = log.highlighted_entry()
            if entry is not None and entry.verb == "create" and entry.name == new:
                break
            await pilot.press("up")
        assert entry is not None and entry.name == new
        assert log.border_subtitle.startswith("caused by: ")
        assert f"you delete pod/{deleted}: you deleted pod/{deleted}" in log.border_subtitle
        await pilot.press("w")   # why, for the highlighted line's object
        await pilot.pause()
        assert commands_run(app)[-1] == f"sim why pod/{new}"
        assert app.screen.query_one(WhyPanel).is_open
