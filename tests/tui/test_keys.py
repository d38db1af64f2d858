"""Pilot tests: every key of the free-play screen does what help says and prints its command."""

from __future__ import annotations

import re

import yaml
from textual.widgets import DataTable, Input

from sandbox.tui.keys import PLAY_KEYS, display_key
from sandbox.tui.screens.chaos import ChaosMenu
from sandbox.tui.screens.dialogs import AskNumber, Confirm
from sandbox.tui.screens.help import OTHER_KEYS, HelpScreen
from sandbox.tui.screens.play import PlayScreen
from sandbox.tui.widgets.cluster_map import ClusterMap
from sandbox.tui.widgets.detail import DetailPanel
from sandbox.tui.widgets.resources import ResourcesPane
from tests.builders import SIZE, commands_run, log_text, screen_text


async def select_pod(pilot, node: str = "control-plane") -> None:
    screen = pilot.app.screen
    screen.map.select_node(node)
    await pilot.press("j")


async def test_colon_focuses_command_line_and_letters_are_typed_not_bound(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("colon", "s", "x", "d", "space", "exclamation_mark")
        command = app.screen.query_one("#command", Input)
        assert app.focused is command
        assert command.value == "sxd !"
        assert isinstance(app.screen, PlayScreen)  # no dialog opened, no node failed
        assert commands_run(app) == []


async def test_escape_leaves_the_command_line(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("colon", "escape")
        assert app.focused is None
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)


async def test_arrows_and_hjkl_move_across_nodes_and_pods(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        map_ = app.screen.map
        assert isinstance(map_, ClusterMap)
        assert map_.selected().node == "control-plane"
        await pilot.press("l")
        assert map_.selected().node == "node-1"
        await pilot.press("right", "h")
        assert map_.selected().node == "node-1"
        await pilot.press("left", "j")
        assert map_.selected().node == "control-plane"
        assert map_.selected().pod is not None
        await pilot.press("down", "k", "up")
        assert map_.selected().pod is None


async def test_d_describes_the_selection_beside_the_map(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        assert commands_run(app) == ["kubectl describe node control-plane"]
        panel = app.screen.query_one(DetailPanel)
        assert panel.is_open and panel.border_title == "kubectl describe node control-plane"
        described = str(panel.body.content)
        assert described.startswith("Name:               control-plane\nRoles:              control-plane\n")
        assert "Non-terminated Pods:" in described
        await pilot.pause()
        shown = screen_text(app)
        assert "Roles:              control-plane" in shown and "╭─ cluster ─" in shown  # beside the map
        await pilot.press("escape")
        assert not panel.is_open


async def test_y_shows_yaml_of_the_selected_pod(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await select_pod(pilot)
        pod = app.screen.map.selected().pod
        await pilot.press("y")
        line = f"kubectl get pod {pod} -n kube-system -o yaml"
        assert commands_run(app) == [line]
        panel = app.screen.query_one(DetailPanel)
        assert panel.is_open and panel.border_title == line
        shown = yaml.safe_load(str(panel.body.content))
        assert (shown["kind"], shown["metadata"]["name"], shown["metadata"]["namespace"]) == \
            ("Pod", pod, "kube-system")
        await pilot.pause()
        assert f"  name: {pod}" in screen_text(app)


async def test_ctrl_d_asks_then_deletes(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await select_pod(pilot)
        pod = app.screen.map.selected().pod
        await pilot.press("ctrl+d")
        assert isinstance(app.screen, Confirm)
        await pilot.press("n")
        assert commands_run(app) == []
        assert isinstance(app.screen, PlayScreen)
        await pilot.press("ctrl+d", "y")
        assert commands_run(app) == [f"kubectl delete pod {pod} -n kube-system"]
        assert app.screen.sim.store.try_get("Pod", "kube-system", pod) is None


async def test_s_scales_the_deployment_of_the_selected_row(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.screen.query_one("#resource-table", DataTable).focus()
        await pilot.press("s")
        assert isinstance(app.screen, AskNumber)
        await pilot.press("end", "backspace", "5", "enter")
        assert commands_run(app) == ["kubectl scale deployment coredns --replicas=5 -n kube-system"]
        assert app.screen.sim.get("Deployment", "kube-system", "coredns").spec["replicas"] == 5


async def test_s_without_a_deployment_explains_itself(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "s")
        assert isinstance(app.screen, PlayScreen)
        assert "s scales a deployment" in log_text(app)


async def test_c_u_r_cordon_uncordon_and_drain_the_selected_node(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "c")
        node = app.screen.sim.get("Node", "", "node-1")
        assert node.spec.get("unschedulable") is True
        await pilot.press("u")
        assert not node.spec.get("unschedulable")
        await pilot.press("r")
        assert commands_run(app) == ["kubectl cordon node-1", "kubectl uncordon node-1",
                                     "kubectl drain node-1 --ignore-daemonsets"]
        assert node.spec.get("unschedulable") is True  # drain cordons first


async def test_x_fails_the_selected_node_and_again_recovers_it(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "l", "x")
        assert commands_run(app) == ["sim node fail node-2"]
        assert not app.screen.sim.node_is_up("node-2")
        await pilot.press("x")
        assert commands_run(app)[-1] == "sim node recover node-2"
        assert app.screen.sim.node_is_up("node-2")


async def test_space_pauses_and_angle_brackets_change_speed(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        session = app.screen.session
        await pilot.press("space")
        assert session.paused
        await pilot.press("space")
        assert not session.paused and session.speed == 1
        await pilot.press("greater_than_sign", "greater_than_sign", "greater_than_sign")
        assert session.speed == 60 and not session.paused
        await pilot.press("less_than_sign", "less_than_sign", "less_than_sign")
        assert session.paused
        assert commands_run(app) == ["sim pause", "sim resume", "sim speed 10", "sim speed 60",
                                     "sim speed 10", "sim speed 1", "sim pause"]


def help_rows(text: str) -> list[tuple[str, str, str]]:
    """The rows of the help screen's table as drawn: (key, does, runs), wrapped lines joined."""
    lines = text.splitlines()
    top = next(i for i, line in enumerate(lines) if re.search(r"█ key +does +runs +█", line))
    left = lines[top].index("█ key") + 1
    right = lines[top].index("█", left)
    does, runs = lines[top].index("does", left) - left, lines[top].index("runs", left) - left
    rows: list[tuple[str, list[str], list[str]]] = []
    for line in lines[top + 1:]:
        cell = line[left:right]
        if line[left - 1] != "█" or not cell.strip(" ▄"):  # the box's bottom edge
            break
        key, what, command = cell[:does].strip(), cell[does:runs].strip(), cell[runs:].strip()
        if key:  # a line without a key continues the row above (its cells wrapped)
            rows.append((key, [], []))
        rows[-1][1].append(what)
        rows[-1][2].append(command)
    return [(key, " ".join(filter(None, what)), " ".join(filter(None, command))) for key, what, command in rows]


async def test_question_mark_opens_help_with_every_key(make_app):
    app = make_app()
    async with app.run_test(size=(120, 60)) as pilot:  # tall enough to show the whole table
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.pause()
        rows = help_rows(screen_text(app))
        assert rows[:len(PLAY_KEYS)] == [(display_key(k.key), k.help, k.command) for k in PLAY_KEYS]
        assert rows[len(PLAY_KEYS):] == OTHER_KEYS
        await pilot.press("escape")
        assert isinstance(app.screen, PlayScreen)


async def test_bang_opens_the_chaos_menu_and_runs_the_choice(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "exclamation_mark")
        assert isinstance(app.screen, ChaosMenu)
        assert app.screen.items[0] == ("Fail node node-1", "sim node fail node-1")
        await pilot.press("enter")
        assert commands_run(app) == ["sim node fail node-1"]
        assert not app.screen.sim.node_is_up("node-1")
        await pilot.press("exclamation_mark", "escape")
        assert isinstance(app.screen, PlayScreen)


async def test_slash_filters_the_event_log(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"coredns")
        log = app.screen.log_pane
        assert log.filter == "coredns" and log.border_title == "events  /coredns"
        kept = [t.plain for t in log.texts()]
        wanted = [line for line in kept if "coredns" in line.lower()]
        assert wanted and len(wanted) < len(kept)
        drawn = "".join(strip.text for strip in log.lines)  # wrapped at the pane's width
        assert re.sub(r"\s", "", drawn) == re.sub(r"\s", "", "".join(wanted))
        await pilot.press("enter")
        assert app.focused is None


async def test_brackets_switch_the_resources_kind(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        pane = app.screen.query_one(ResourcesPane)
        await pilot.press("right_square_bracket")
        assert pane.kind == "ReplicaSet" and pane.border_title == "kubectl get replicasets -A"
        await pilot.pause()
        assert "coredns-55dd448c4f" in screen_text(app)  # the ReplicaSet's row
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert pane.kind == "NetworkPolicy" and pane.border_title == "kubectl get networkpolicies -A"


async def test_z_zooms_into_the_selected_node(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("z")
        panel = app.screen.query_one(DetailPanel)
        assert panel.is_open and panel.border_title == "node control-plane"


async def test_escape_goes_back_home_from_free_play(make_app):
    app = make_app(start="home")
    async with app.run_test(size=SIZE) as pilot:
        assert "ReplicaSets" in screen_text(app)
        await pilot.press("p")
        assert isinstance(app.screen, PlayScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, PlayScreen)


async def test_palette_offers_the_same_actions_and_the_colourblind_theme(make_app):
    app = make_app()
    async with app.run_test(size=SIZE):
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for title in ("Describe", "Scale", "Fail node", "Chaos", "Pause", "Theme: colour-blind safe"):
            assert title in titles


async def test_traffic_panel_shows_sparklines_per_version_while_a_stream_runs(make_app):
    from sandbox.tui.widgets.traffic import TrafficPanel, VersionRow

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert not screen.query(TrafficPanel)  # mounted with the first stream, not at start
        screen.run_command("kubectl create deployment web --image=nginx:1.24 --replicas=2")
        screen.run_command("kubectl expose deployment web --port=80")
        screen.run_command("kubectl create deployment client --image=nginx:1.24")
        screen.advance(30)
        screen.run_command("sim traffic start http://web --from deploy/client --rate 5 --duration 60s")
        screen.advance(10)
        for _ in range(5):
            await pilot.pause()
        panel = screen.query_one(TrafficPanel)
        assert panel.display
        rows = list(panel.query(VersionRow).exclude("HeadingRow"))
        assert rows and "5/s" in str(rows[0].query_one(".rate").render())
        assert "100%" in str(rows[0].query_one(".success").render())


def test_sparkline_data_is_one_pinned_bar_per_column():
    from sandbox.tui.widgets.traffic import anchored, version_series

    data = anchored([1.0, 0.5], 4, 0.0, 1.0)
    assert data[0::2] == [1.0, 1.0, 0.5, 0.5] and max(data) == 1.0 and min(data) == 0.0
    rows = version_series([{"v1": (10, 0)}, {"v1": (5, 0), "v2": (1, 4)}])
    assert [r.version for r in rows] == ["v1", "v2"]
    assert rows[1].requests == [0.0, 5.0] and rows[1].success == [0.2, 0.2]


async def test_chaos_menu_offers_addons_and_traffic_as_commands_that_work(make_app):
    from sandbox.tui.screens.chaos import chaos_commands
    from sandbox.tui.widgets.cluster_map import Selected

    app = make_app()
    async with app.run_test(size=SIZE):
        screen = app.screen
        screen.run_command("kubectl create deployment web --image=nginx:1.24")
        screen.run_command("kubectl expose deployment web --port=80")
        screen.run_command("kubectl create deployment client --image=nginx:1.24")
        screen.advance(30)
        items = dict(chaos_commands(screen.sim, Selected("node-1"), "default"))
        for addon in ("ingress-nginx", "istio", "metallb", "traefik"):
            assert screen.session.run(items[f"Enable addon {addon}"]).ok
        assert "Disable addon istio" in dict(chaos_commands(screen.sim, Selected(None), "default"))
        line = items["Start a traffic stream to web (from client)"]
        assert line.startswith("sim traffic start http://web --from deploy/client") and screen.session.run(line).ok
