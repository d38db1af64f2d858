"""Pilot tests: concepts made visible in free play — the request trace, policy marks, Ingress without a
controller, where to curl, namespaces, and the shop's namespace at start."""

from __future__ import annotations

import argparse
from pathlib import Path

from textual.containers import VerticalScroll

from sandbox.tui import launch
from sandbox.tui.screens.chaos import ChaosMenu
from sandbox.tui.screens.help import HelpScreen
from sandbox.tui.screens.namespaces import NamespacePicker
from sandbox.tui.screens.play import PlayScreen
from sandbox.tui.state import POLICY_MARK
from sandbox.tui.widgets.resources import ResourcesPane
from sandbox.tui.widgets.trace import TracePanel
from tests.builders import SIZE, commands_run, log_text, screen_text

EXAMPLES = Path(__file__).resolve().parents[2] / "assets" / "examples"


def behind_a_policy(screen) -> str:
    """web (2 replicas) behind default-deny-ingress, a curl client; returns the client pod's name."""
    screen.run_command("kubectl create deployment web --image=nginx:1.25 --replicas=2")
    screen.run_command("kubectl expose deployment web --port 80")
    screen.run_command("kubectl create deployment client --image=curlimages/curl:8.11.1 -- sleep 3600")
    screen.session.run("kubectl apply -f -", stdin=(EXAMPLES / "deny-ingress.yaml").read_text(), source="key")
    screen.advance(20)
    return next(p.name for p in screen.sim.list("Pod", "default") if p.name.startswith("client-"))


async def test_the_trace_panel_names_the_policy_that_dropped_the_request(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        client = behind_a_policy(screen)
        screen.run_command(f"kubectl exec {client} -- curl -s http://web", source="typed")
        await pilot.pause()
        panel = screen.query_one(TracePanel)
        assert not panel.has_class("-hidden")
        shown = panel.render().plain
        assert "✗ dropped by networkpolicy default-deny-ingress at pod default/web-" in shown
        assert "\n→ curl: (28) Connection timed out after 10001 milliseconds\n" in shown
        text = screen_text(app)
        assert "─ request trace ─" in text and "✗ dropped by networkpolicy" in text
        assert "✗ pod" in text and "✓ dns" in text and "· service" in text and "· client" in text
        assert "kubectl get deployments -A" not in text  # the trace has the side column
        await pilot.press("T")  # hides it, the resources come back
        assert panel.has_class("-hidden") and "kubectl get deployments -A" in screen_text(app)
        await pilot.press("T")
        assert not panel.has_class("-hidden")
        await pilot.press("escape")
        assert panel.has_class("-hidden")


async def test_T_without_a_request_says_what_to_do(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("T")
        assert not app.screen.query(TracePanel)
        assert "T shows the last request's path" in log_text(app)


async def test_pods_a_networkpolicy_selects_carry_the_policy_mark(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        screen.run_command("kubectl create deployment web --image=nginx:1.25 --replicas=2")
        screen.advance(10)
        await pilot.pause()
        assert POLICY_MARK not in screen_text(app).split("pods:")[0]  # the map, above its legend
        screen.session.run("kubectl apply -f -", stdin=(EXAMPLES / "allow-port.yaml").read_text(), source="key")
        screen.refresh_views()
        await pilot.pause()
        text = screen_text(app)
        rows = [line for line in text.splitlines() if "web-" in line and "●" in line]
        assert rows and all(f"{POLICY_MARK} ●" in row for row in rows)  # the whole group web-… is isolated
        assert not any(POLICY_MARK in line for line in text.splitlines() if "kube-proxy" in line)
        assert f"{POLICY_MARK} isolated by a policy" in text  # in the legend


async def test_an_ingress_without_a_controller_is_marked_and_help_says_where_to_curl(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        screen.session.run("kubectl apply -f -", stdin=(EXAMPLES / "ingress.yaml").read_text(), source="key")
        while screen.query_one(ResourcesPane).kind != "Ingress":  # deployments → … → ingresses, as a learner would
            await pilot.press("right_square_bracket")
        await pilot.pause()
        text = screen_text(app)
        assert "kubectl get ingresses -A" in text and "CONTROLLER" in text and "✗ none" in text
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        app.screen.query_one(VerticalScroll).scroll_end(animate=False)
        await pilot.pause()
        assert "No ingress controller runs: sim addons enable ingress-nginx starts one" in \
            " ".join(screen_text(app).split())
        await pilot.press("escape")
        screen.run_command("sim addons enable ingress-nginx")
        screen.advance(60)
        await pilot.pause()
        assert "✓ runs" in screen_text(app)
        address = screen.sim.get("Ingress", "default", "web").status["loadBalancer"]["ingress"][0]["ip"]
        await pilot.press("exclamation_mark")
        assert isinstance(app.screen, ChaosMenu)
        lines = dict(app.screen.items)
        label = f"Curl ingress default/web (host web.example.com, controller at {address} port 80)"
        assert lines[label] == f'curl -H "Host: web.example.com" http://{address}/'


async def test_N_picks_a_namespace_with_the_kubectl_line_that_switches(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("N")
        assert isinstance(app.screen, NamespacePicker)
        assert app.screen.names == ["default", "kube-node-lease", "kube-public", "kube-system"]
        await pilot.press("down", "down", "down", "enter")  # default → … → kube-system
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert commands_run(app) == ["kubectl config set-context --current --namespace=kube-system"]
        assert "(N)" in log_text(app)


async def test_play_with_the_shop_starts_in_the_shops_namespace(make_app, monkeypatch, tmp_path):
    started = {}
    monkeypatch.setattr("sandbox.tui.app.KubeSandboxApp.run", lambda self: started.setdefault("app", self))
    launch.run(argparse.Namespace(command="play", seed=0, nodes=3, app="shop"))
    app = started["app"]
    assert app.session_factory(app="shop").namespace == "shop"
    app.data_dir, app.tick_interval = tmp_path, None
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "ns:shop" in screen_text(app)


async def test_an_image_the_registry_lacks_gets_a_sandbox_note_in_the_event_log(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        screen.run_command("kubectl create deployment x --image=redis:6.0")
        screen.advance(5)
        await pilot.pause()
        failed = [line for line in log_text(app).splitlines() if "Warning Failed" in line and "Failed to pull" in line]
        assert failed and all(line.endswith("(sandbox: its registry has only the images `sim images` lists)")
                              for line in failed)
        assert 'failed to resolve reference "docker.io/library/redis:6.0"' in failed[0]  # the real error stays
