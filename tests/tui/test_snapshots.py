"""Snapshot tests: what the learner sees, at 120x36, seeded, with no wall clock.

A snapshot only says the screen is as it was when it was reviewed, so each test also
checks the phrases that must be on screen: a broken screen cannot be baselined unnoticed.

Plain `def` tests: snap_compare runs its own event loop. Update with
`.venv/bin/python -m pytest tests/tui --snapshot-update -n0` and review the SVGs.
"""

from __future__ import annotations

from sandbox.core.simulation import Simulation
from tests.builders import SIZE, screen_text

MAP = ("╭─ cluster ─", "kubectl get deployments -A", "─ events ─", "pods: ● Ready", ": Command  / Filter  ? Help")


async def shows(pilot, *phrases: str) -> str:
    """Let the screen settle, check every phrase is on it, and return its text."""
    await pilot.pause()
    text = screen_text(pilot.app)
    missing = [phrase for phrase in phrases if phrase not in text]
    assert not missing, f"not on screen: {missing}\n{text}"
    return text


def test_home(snap_compare, make_app):
    async def run_before(pilot):
        await shows(pilot, "KubeSandbox", "A simulated Kubernetes cluster in your terminal.", "Lessons",
                    "○  2. ReplicaSets — always keep three copies",
                    "▶ Free play — the default cluster, every command, a chaos menu",
                    "p Free play  ? Help")

    assert snap_compare(make_app(start="home"), terminal_size=SIZE, run_before=run_before)


def test_free_play_default_cluster(snap_compare, make_app):
    async def run_before(pilot):
        pilot.app.screen.advance(30)
        await shows(pilot, *MAP, "KubeSandbox · free play ◷ 00:00:34  ▶ 1×  ns:default",
                    "✓ nodes 4/4 Ready · pods 10/10 Ready", "═ control-plane ═", "─ node-1 ─", "─ node-2 ─",
                    "─ node-3 ─", "✓ Ready · control-plane", "cpu  █░░░░░░░ 650m/4", "kube-system  coredns  2/2")

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_free_play_after_a_node_failure(snap_compare, make_app):
    async def run_before(pilot):
        await pilot.press("l", "l", "x")
        pilot.app.screen.advance(60)
        await shows(pilot, *MAP, "⚠ nodes 3/4 Ready · pods 8/10 Ready", "═ node-2 ═", "✕ NotReady · worker",
                    "unreachable:NoSchedule", "unreachable:NoExecute", "═ NotReady ═", "kube-system  coredns  1/2",
                    "NoExecute taint applied through the eviction rate limiter")

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_free_play_during_a_rolling_update(snap_compare, make_app):
    async def run_before(pilot):
        screen = pilot.app.screen
        screen.run_command("kubectl create deployment web --image=nginx:1.24 --replicas=4")
        screen.advance(60)
        screen.run_command("kubectl set image deployment/web nginx=nginx:1.25")
        screen.advance(3)
        text = await shows(pilot, *MAP, "default      web      3/4    2", "◌")
        old, new = sorted(screen.sim.list("ReplicaSet", "default"), key=lambda rs: rs.metadata.creation_timestamp)
        assert old.name in text and new.name in text  # pods of both versions, each group named by its ReplicaSet

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_compact_map_of_a_large_cluster(snap_compare, make_app):
    async def run_before(pilot):
        screen = pilot.app.screen
        screen.run_command("sim node fail node-7")
        screen.run_command("kubectl cordon node-12")
        screen.advance(60)
        await pilot.press("l", "l", "j")
        text = await shows(pilot, "⚠ nodes 60/61 Ready", "nodes: ✕ NotReady  ! stopped  ⊝ cordoned  ▁ idle  █ busy",
                           "enter zooms", "kube-system  coredns  2/2")
        # The map's first row, a cell per node from the control plane on: node-7 is down, node-12 cordoned.
        cells = text.splitlines()[2].split("││")[0].strip("│ ").split()
        assert cells[:13] == ["▁"] * 7 + ["✕"] + ["▁"] * 4 + ["⊝"]

    app = make_app(sim=Simulation(seed=3, workers=60))
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_help_screen(snap_compare, make_app):
    async def run_before(pilot):
        await pilot.press("question_mark")
        await shows(pilot, "Keys — every key prints the command it stands for", "key              does",
                    ":                Type a kubectl, curl or sim command",
                    "d                Describe the selected object beside    kubectl describe KIND NAME",
                    "ctrl+d           Delete the selected object (asks       kubectl delete KIND NAME")

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_chaos_menu(snap_compare, make_app):
    async def run_before(pilot):
        screen = pilot.app.screen
        screen.run_command("kubectl create deployment web --image=nginx:1.24 --replicas=2")
        screen.advance(30)
        await pilot.press("l", "exclamation_mark")
        await shows(pilot, "Chaos — pick a fault; the command it runs goes to the event log", "Fail node node-1",
                    "$ sim node fail node-1", "Roll out a broken image to web",
                    "$ kubectl set image deployment/web nginx=nginx:1.99", "$ sim addons enable traefik")

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_traffic_panel_during_a_failing_canary(snap_compare, make_app):
    async def run_before(pilot):
        screen = pilot.app.screen
        screen.run_command("kubectl apply -f assets/shop/")
        screen.advance(60)
        screen.run_command("sim traffic start http://webserver --from deploy/frontend --rate 10 --duration 120s "
                           "-n shop")
        screen.advance(20)
        service = screen.sim.store.get("Service", "shop", "webserver")
        spec = dict(service.spec, selector={"app": "webserver", "version": "v2"})
        screen.sim.apply({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "webserver", "namespace": "shop"},
                          "spec": spec}, actor="you")
        screen.advance(20)
        for _ in range(3):  # the panel's rows mount, then draw
            await pilot.pause()
            screen.refresh_views()
        text = await shows(pilot, "─ traffic ─", "version   requests/s        success rate",
                           "#1 http://webserver · 10/s · 41s/120s running", "─ sim traffic ─")
        v1, v2 = (next(line for line in text.splitlines() if f"││{v}  " in line) for v in ("v1", "v2"))
        assert v1.endswith("0/s ████████████  100%│")   # v1 no longer gets requests; it answered them all
        assert v2.endswith("10/s ▅▅▅▅▅▅▅▅▅▅▅▅   70%│")  # the canary fails 30% of them

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_output_pane_after_a_typed_command(snap_compare, make_app):
    async def run_before(pilot):
        await pilot.press("colon", *"kubectl get pods -A -o wide", "enter")
        await shows(pilot, "─ output ─", "00:00:04 $ kubectl get pods -A -o wide", "NAMESPACE     NAME",
                    "kube-system   kube-scheduler-control-plane            1/1     Running",
                    "o or esc: back to the map", "$ kubectl get pods -A -o wide  → (11 lines: o shows the output)",
                    "✓ nodes 4/4 Ready · pods")
        # The status bar is cut after "pods" at 80 columns (a UI bug left to fix):
        # test_the_status_bar_keeps_the_health_summary_at_80_columns expects the whole summary.

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)
