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
from sandbox.tui.widgets.cluster_map import ClusterMap, Selected
from sandbox.tui.widgets.detail import DetailPanel
from sandbox.tui.widgets.resources import ResourcesPane
from tests.builders import SIZE, commands_run, log_text, output_text, screen_text, shop_manifests


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


async def test_arrows_select_as_the_boxes_are_drawn(make_app):
    """Two boxes a row at 120 columns: control-plane, node-1 / node-2, node-3. ↓ walks down a node's
    pods and then into the box drawn below it; ↑ comes back up through them; ←/→ step across."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        map_ = app.screen.map
        assert isinstance(map_, ClusterMap) and map_.columns == 2
        assert map_.selected().node == "control-plane"
        await pilot.press("right")
        assert map_.selected() == Selected("node-1")
        pods = [chip.name for chip in map_.views[1].pods()]
        await pilot.press("down")
        assert map_.selected() == Selected("node-1", "kube-system", pods[0])
        await pilot.press(*["down"] * len(pods))
        assert map_.selected() == Selected("node-3")  # the box drawn below node-1, not the next in the list
        await pilot.press("up")
        assert map_.selected() == Selected("node-1", "kube-system", pods[-1])  # back in at the bottom
        await pilot.press("k", "j", "left")
        assert map_.selected().node == "control-plane" and map_.selected().pod is not None
        await pilot.press("left")
        assert map_.selected().node == "control-plane"  # the first box: nothing further left
        await pilot.pause()
        assert f"pod {map_.selected().pod} · Ready · ns kube-system" in screen_text(app)  # named below the map


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


async def test_s_on_a_node_explains_itself(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right", "s")
        assert isinstance(app.screen, PlayScreen)
        assert "s opens a shell on a pod (select one with ↓) or scales a deployment" in log_text(app)
        assert commands_run(app) == []


async def test_c_u_r_cordon_uncordon_and_drain_the_selected_node(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right", "c")
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
        await pilot.press("right", "right", "x")
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
        if line[left - 1] != "█" or not cell.strip(" ▄") or "esc closes" in cell:  # the box's bottom edge
            break
        key, what, command = cell[:does].strip(), cell[does:runs].strip(), cell[runs:].strip()
        if key:  # a line without a key continues the row above (its cells wrapped)
            rows.append((key, [], []))
        rows[-1][1].append(what)
        rows[-1][2].append(command)
    return [(key, " ".join(filter(None, what)), " ".join(filter(None, command))) for key, what, command in rows]


async def test_question_mark_opens_help_with_every_key(make_app):
    app = make_app()
    async with app.run_test(size=(120, 70)) as pilot:  # tall enough to show the whole table
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
        await pilot.press("right", "exclamation_mark")
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
        for title in ("Describe", "Logs", "Shell/Scale", "Fail node", "Chaos", "Pause", "Theme: colour-blind safe"):
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


async def test_traffic_panel_brings_the_newest_stream_into_view_when_the_streams_overflow(make_app):
    """Three streams of two versions each do not fit: the panel scrolls to the newest (the one a lesson watches)."""
    from sandbox.tui.widgets.traffic import TrafficPanel

    app = make_app()
    async with app.run_test(size=(140, 30)) as pilot:
        screen = app.screen
        for manifest in shop_manifests():
            screen.session.sim.apply(manifest)
        for line in ("kubectl -n shop patch service webserver --type json "
                     "-p '[{\"op\":\"remove\",\"path\":\"/spec/selector/version\"}]'",   # v1 and v2 answer
                     "kubectl create deployment client --image=curlimages/curl:8.5.0 -- sleep infinity"):
            assert screen.session.run(line).ok, line
        screen.advance(30)
        for n in (1, 2, 3):
            screen.run_command(f"sim traffic start http://webserver.shop --from deploy/client --rate 3 "
                               f"--duration {20 * n}s")
            screen.advance(5)
            for _ in range(5):
                await pilot.pause()
        panel = screen.query_one(TrafficPanel)
        assert panel.max_scroll_y > 0 and panel.scroll_y == panel.max_scroll_y
        assert "#3 http://webserver.shop · 3/s" in screen_text(app)


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


async def type_line(pilot, line: str) -> None:
    await pilot.press("colon", *line, "enter")


async def test_k9s_views_in_the_command_line(make_app):
    """k9s reads `:pods` as a view: the resources pane switches; a kubectl line still runs as kubectl."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        pane = app.screen.query_one(ResourcesPane)
        await type_line(pilot, "pods")
        assert pane.kind == "Pod" and pane.border_title == "kubectl get pods -A"
        await pilot.pause()
        assert "kube-proxy-" in screen_text(app) and commands_run(app) == []
        for line, kind in (("deploy", "Deployment"), (":svc", "Service"), ("rs", "ReplicaSet")):
            await type_line(pilot, line)
            assert pane.kind == kind
        assert ":rs → the resources pane shows replicasets (kubectl get replicasets -A)" in log_text(app)
        await type_line(pilot, "nodes")  # not a pane of its own: kubectl's listing
        await type_line(pilot, "get pods")
        assert commands_run(app) == ["kubectl get nodes", "get pods"]


async def test_k9s_ns_runs_kubectls_set_context_and_q_quits(make_app):
    """k9s `:ns shop` is `kubectl config set-context --current --namespace=shop`: the line runs, and shows."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await type_line(pilot, "kubectl create namespace shop")
        await type_line(pilot, "ns shop")
        assert commands_run(app)[-1] == "kubectl config set-context --current --namespace=shop"
        assert app.screen.session.namespace == "shop"
        await pilot.pause()
        assert "ns:shop" in screen_text(app).splitlines()[0]
        await type_line(pilot, "kubectl create deployment web --image=nginx:1.25")
        assert app.screen.sim.try_get("Deployment", "shop", "web") is not None
        await type_line(pilot, "q")
        assert not app.is_running


async def test_k9s_ns_without_kubectls_set_context_sets_the_namespace_and_says_so(make_app, monkeypatch):
    monkeypatch.setattr("sandbox.tui.k9s.set_namespace_line", lambda name: None)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await type_line(pilot, "ns shop")
        assert app.screen.session.namespace == "shop" and commands_run(app) == []
        assert ":ns shop → commands now default to namespace shop (it does not exist yet: kubectl create " \
               "namespace shop)" in log_text(app)


async def test_l_shows_the_selected_pods_logs(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await select_pod(pilot, "node-2")
        pod = app.screen.map.selected().pod
        await pilot.press("l")
        assert commands_run(app) == [f"kubectl logs {pod} -n kube-system"]
        panel = app.screen.query_one(DetailPanel)
        assert panel.is_open and panel.border_title == f"kubectl logs {pod} -n kube-system"
        await pilot.press("escape", "up", "l")  # the node itself: no logs, a hint
        assert "l shows a pod's logs" in log_text(app) and len(commands_run(app)) == 1


async def test_s_on_a_pod_opens_a_shell_prompt_whose_lines_run_in_the_pod(make_app):
    """k9s: `s` on a pod is a shell. Each line typed runs as `kubectl exec POD -- LINE`, shown as such."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        screen.run_command("kubectl create deployment web --image=nginx:1.25")
        screen.run_command("kubectl expose deployment web --port=80")
        screen.advance(30)
        client = next(p for p in screen.sim.list("Pod", "kube-system") if p.name.startswith("coredns"))
        screen.map.select_node(client.spec["nodeName"])
        await pilot.press(*["down"] * (1 + [c.name for c in screen.map.views[screen.map.node_index].pods()]
                                           .index(client.name)))
        await pilot.press("s")
        command = screen.query_one("#command", Input)
        assert app.focused is command and command.shell is not None
        await pilot.pause()
        assert f"{client.name} $" in screen_text(app)  # the prompt names the pod
        await pilot.press(*"curl -s http://web.default", "enter")
        assert commands_run(app)[-1] == f"kubectl exec {client.name} -n kube-system -- curl -s http://web.default"
        assert "Welcome to nginx!" in output_text(app)
        await pilot.press("escape")  # leaves the shell, not yet the command line
        assert command.shell is None and app.focused is command
        await pilot.press(*"kubectl get pods", "enter")
        assert commands_run(app)[-1] == "kubectl get pods"


async def test_plus_and_minus_scale_the_selected_pods_deployment(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await select_pod(pilot, "node-2")  # a coredns pod (kube-proxy comes after it)
        assert app.screen.map.selected().pod.startswith("coredns-")
        await pilot.press("plus", "plus", "minus")
        assert commands_run(app) == ["kubectl scale deployment coredns --replicas=3 -n kube-system",
                                     "kubectl scale deployment coredns --replicas=4 -n kube-system",
                                     "kubectl scale deployment coredns --replicas=3 -n kube-system"]
        assert app.screen.sim.get("Deployment", "kube-system", "coredns").spec["replicas"] == 3


async def test_dialogs_sit_over_the_map_and_leave_it_in_view(make_app):
    """The delete question and the scale prompt are modal boxes low on the screen; the map stays drawn
    above them, with the pod about to go highlighted and named."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await select_pod(pilot, "node-2")
        pod = app.screen.map.selected().pod
        await pilot.press("ctrl+d")
        assert isinstance(app.screen, Confirm)
        await pilot.pause()
        text = screen_text(app)
        assert f"Delete pod {pod}?" in text and f"kubectl delete pod {pod} -n kube-system" in text
        assert "═ node-2 ═" in text and "─ node-3 ─" in text and f"pod {pod} · Ready" in text
        assert app.screen.query_one("Vertical").region.y > app.size[1] // 2  # low, below the map's boxes
        await pilot.press("n")
        app.screen.query_one("#resource-table", DataTable).focus()
        await pilot.press("s")
        await pilot.pause()
        text = screen_text(app)
        assert "Scale deployment coredns to how many replicas?" in text and "─ node-3 ─" in text


async def test_keys_typed_in_a_burst_after_the_colon_reach_the_command_line(make_app):
    """A fast typist (or tmux send-keys, or a paste) sends `:` and the line in one burst: every key must
    land in the command line, none may be lost or taken for a key of the map."""
    from textual import events

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        for ch in ":kubectl get rs -o wide":
            app.post_message(events.Key({":": "colon", " ": "space", "-": "minus"}.get(ch, ch), ch))
        await pilot.pause()
        command = app.screen.query_one("#command", Input)
        assert command.value == "kubectl get rs -o wide" and commands_run(app) == []
        await pilot.press("ctrl+u", *"curl http://10.0.0.1:30080")  # a colon inside the line is text
        assert command.value == "curl http://10.0.0.1:30080"
