"""Snapshot tests: what the learner sees, at 80x24, 120x36 and 140x40, seeded, with no wall clock.

A snapshot only says the screen is as it was when it was reviewed, so each test also
checks the phrases that must be on screen: a broken screen cannot be baselined unnoticed.

Plain `def` tests: snap_compare runs its own event loop. Update with
`.venv/bin/python -m pytest tests/tui --snapshot-update -n0` and review the SVGs.
"""

from __future__ import annotations

import re

from sandbox.core.scenario import cluster
from tests.builders import SIZE, screen_text

MAP = ("╭─ cluster ─", "kubectl get deployments -A", "─ events ─", "pods: ● Ready", ": Command  ? Help")
# The footer keeps these at any width (keys.KeyAction.rank): the command line, help, chaos, pause, fail, output.
FOOTER = (": Command", "? Help", "x Fail node", "o Output", "! Chaos", "space Pause", "^p palette")


async def shows(pilot, *phrases: str) -> str:
    """Let the screen settle, check every phrase is on it, and return its text.

    A short real pause lets work deferred to the next refresh (call_after_refresh) run even on a loaded
    machine, where idle-waiting alone can return first; it only paces the test, nothing is timed.
    """
    await pilot.pause()
    await pilot.pause(0.05)
    await pilot.pause()
    text = screen_text(pilot.app)
    missing = [phrase for phrase in phrases if phrase not in text]
    assert not missing, f"not on screen: {missing}\n{text}"
    return text


def whole(text: str, *lines: str) -> None:
    """Each of `lines` is drawn on one row, not cut at an edge (no ellipsis after it)."""
    for line in lines:
        row = next((r for r in text.splitlines() if line in r), None)
        assert row is not None, f"not on screen: {line!r}\n{text}"
        assert not row[row.index(line) + len(line):].startswith("…"), row


HOME = ("KubeSandbox", "A simulated Kubernetes cluster in your terminal, to learn by doing:",
        "type real kubectl commands or press keys, and watch the cluster react.", "Lessons",
        "○  2. ReplicaSets — always keep three copies",
        "▶ Free play — a fresh cluster: every command, every key, a chaos menu",
        "▶ Free play with the shop app (MySQL, frontend, nginx, load balancer)", "■ Quit (ctrl+q)",
        "p Free play  ? Help  ^q Quit")


def test_home_at_80x24(snap_compare, make_app):
    async def run_before(pilot):
        await shows(pilot, *HOME)

    assert snap_compare(make_app(start="home"), terminal_size=(80, 24), run_before=run_before)


def test_home_at_140x40(snap_compare, make_app):
    async def run_before(pilot):
        await shows(pilot, *HOME)

    assert snap_compare(make_app(start="home"), terminal_size=(140, 40), run_before=run_before)


async def deploy_web(pilot) -> None:
    screen = pilot.app.screen
    screen.run_command("kubectl create deployment web --image=nginx:1.25 --replicas=3")
    screen.advance(30)


def test_free_play_at_80x24(snap_compare, make_app):
    async def run_before(pilot):
        await deploy_web(pilot)
        text = await shows(pilot, *FOOTER, "╭─ cluster ─", "─ kubectl get deployments -A ─", "─ events ─",
                           "owners: web-", "NAMESPACE    NAME     READY  AGE", "default      web      3/3    30s",
                           "hidden: UP-TO-DATE, AVAILABLE", "node control-plane · Ready")
        whole(text, "KubeSandbox ◷ 00:00:34 ▶ 1× ns:default ✓ nodes 4/4 Ready · pods 13/13 Ready",
              "deploy  rs po ds svc ing netpol  [ ]")

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


def test_free_play_at_140x40(snap_compare, make_app):
    async def run_before(pilot):
        await deploy_web(pilot)
        await pilot.press("down")
        text = await shows(pilot, *MAP, *FOOTER, "d Describe", "y YAML", "l Logs", "s Shell/Scale", "^d Delete",
                           "═ control-plane ═", "─ node-1 ─", "─ node-2 ─", "─ node-3 ─", "owners: web-",
                           "pod etcd-control-plane · Ready · ns kube-system",
                           "NAMESPACE    NAME     READY  UP-TO-DATE  AVAILABLE  AGE",
                           "default      web      3/3    3           3          30s")
        whole(text, "KubeSandbox · free play ◷ 00:00:34 ▶ 1× ns:default ✓ nodes 4/4 Ready · pods 13/13 Ready",
              "deploy  rs po ds svc ing netpol  [ ]")
        web = [p.name for p in pilot.app.screen.sim.list("Pod", "default")]
        assert all(f"●{pod.rsplit('-', 1)[1]}" in text for pod in web)  # each replica named by its suffix

    assert snap_compare(make_app(), terminal_size=(140, 40), run_before=run_before)


def test_describe_beside_the_map_at_80x24(snap_compare, make_app):
    async def run_before(pilot):
        await pilot.press("d")
        text = await shows(pilot, "─ kubectl describe node control-plane ─", "╭─ cluster ─")
        whole(text, "Name:               control-plane", "Labels:             beta.kubernetes.io/arch=amd64",
              "beta.kubernetes.io/os=linux")

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


def test_free_play_after_a_node_failure(snap_compare, make_app):
    async def run_before(pilot):
        await pilot.press("right", "right", "x")
        pilot.app.screen.advance(60)
        await shows(pilot, *MAP, "⚠ nodes 3/4 Ready · pods 8/10 Ready", "═ node-2 ═", "✕ NotReady · worker",
                    "unreachable:NoSchedule", "unreachable:NoExecute", "═ NotReady ═", "◐ not ready",
                    "node node-2 · NotReady · pods 2/110", "NoExecute taint applied through the eviction rate limiter")

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_free_play_during_a_rolling_update(snap_compare, make_app):
    async def run_before(pilot):
        screen = pilot.app.screen
        screen.run_command("kubectl create deployment web --image=nginx:1.24 --replicas=4")
        screen.advance(60)
        screen.run_command("kubectl set image deployment/web nginx=nginx:1.25")
        screen.advance(3)
        text = await shows(pilot, *MAP, "default      web      3/4", "◌", "◌ creating",
                           "underlined: changed <5s ago")
        old, new = sorted(screen.sim.list("ReplicaSet", "default"), key=lambda rs: rs.metadata.creation_timestamp)
        # pods of both versions, each group named by its ReplicaSet, both in the owners' key
        assert old.name in text and new.name in text
        assert f"owners: {old.name}  {new.name}  kube-system" in text

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_compact_map_of_a_large_cluster(snap_compare, make_app):
    async def run_before(pilot):
        screen = pilot.app.screen
        screen.run_command("sim node fail node-7")
        screen.run_command("kubectl cordon node-12")
        screen.advance(60)
        await pilot.press("right", "right", "down")
        text = await shows(pilot, "⚠ nodes 60/61 Ready", "nodes: ✕ NotReady  ! stopped  ⊝ cordoned  ▁ idle  █ busy",
                           "load: pods or CPU requests, the fuller", "kube-system  coredns  2/2")
        # The map's first row, a cell per node from the control plane on (its static pods request 650m of
        # 4 CPUs: a little load), node-7 down, node-12 cordoned.
        cells = text.splitlines()[2].split("││")[0].strip("│ ").split()
        assert cells[:13] == ["▂"] + ["▁"] * 6 + ["✕"] + ["▁"] * 4 + ["⊝"]
        selected = screen.map.names[screen.map.index]
        assert f"node {selected} · Ready · pods 1/110 · cpu 0/4" in text  # the selected node, named

    app = make_app(sim=cluster(seed=3, workers=60))
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_help_screen(snap_compare, make_app):
    async def run_before(pilot):
        await pilot.press("question_mark")
        text = await shows(pilot, "Keys — every key prints the command it stands for", "key              does",
                           ":                Type a kubectl, curl or sim command, or",
                           "d                Describe the selected object beside the",
                           "esc closes · ↑↓ scroll")
        whole(text, "kubectl describe KIND NAME", "kubectl get KIND NAME -o yaml", "kubectl logs POD",
              "kubectl delete KIND NAME", "kubectl drain NODE --ignore-daemonsets")

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_chaos_menu(snap_compare, make_app):
    async def run_before(pilot):
        screen = pilot.app.screen
        screen.run_command("kubectl create deployment web --image=nginx:1.24 --replicas=2")
        screen.advance(30)
        await pilot.press("right", "exclamation_mark")
        await shows(pilot, "Chaos — pick a fault; the command it runs goes to the event log", "Fail node node-1",
                    "$ sim node fail node-1", "Roll out a broken image to web",
                    "$ kubectl set image deployment/web nginx=nginx:1.99", "$ sim addons enable traefik")

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_delete_dialog_over_the_map(snap_compare, make_app):
    async def run_before(pilot):
        await deploy_web(pilot)
        pilot.app.screen.map.select_node("node-1")
        await pilot.press("down", "down")
        pod = pilot.app.screen.map.selected().pod
        assert pod.startswith("web-")
        await pilot.press("ctrl+d")
        await shows(pilot, f"Delete pod {pod}?", f"kubectl delete pod {pod}", "y yes · n or esc no",
                    "═ node-1 ═", f"pod {pod} · Ready", "╭─ cluster ─")

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
        text = await shows(pilot, "─ traffic ─", "version   requests/s", "success rate",
                           "#1 http://webserver · 10/s · 41s/120s running", "─ sim traffic ─",
                           "⚠ nodes 4/4 Ready · pods 17/17 Ready · traffic 70% ok")
        v1, v2 = (next(line for line in text.splitlines() if f"│{glyph} {v} " in line)
                  for glyph, v in (("●", "v1"), ("▲", "v2")))  # each version its own glyph
        assert re.search(r" 0/s █+  100%│$", v1)  # v1 no longer gets requests; it answered them all
        assert re.search(r" 10/s ▅+   70%│$", v2)  # the canary fails 30% of them

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_output_pane_after_a_typed_command(snap_compare, make_app):
    async def run_before(pilot):
        await pilot.press("colon", *"kubectl get pods -A -o wide", "enter")
        text = await shows(pilot, "─ output ─", "o or esc: back to the events", "╭─ cluster ─", "═ control-plane ═",
                           "kube-system   kube-scheduler-control-plane            1/1     Running   0",
                           "4s    172.18.0.2   control-plane   <none>           <none>")
        # Below the map, in the event log's place, scrolled to the end; the wide table's lines wrap
        # (the row above goes on in the line below); the status bar keeps its whole summary.
        whole(text, "KubeSandbox ◷ 00:00:04 ▶ 1× ns:default ✓ nodes 4/4 Ready · pods 10/10 Ready")

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


def test_editor_reopened_with_kubectls_validation_comment(snap_compare, make_app):
    """kubectl edit's file reopened after the API server refused it (editoptions.go: the reasons under the header)."""

    async def run_before(pilot):
        from textual.widgets import TextArea

        screen = pilot.app.screen
        screen.run_command("kubectl create deployment web --image=nginx:1.25 --replicas=2")
        screen.advance(20)
        await pilot.press("colon", *"kubectl edit deployment web", "enter")
        await pilot.pause()
        area = pilot.app.screen.query_one(TextArea)
        area.text = area.text.replace("  replicas: 2\n", "  replicas: -1\n", 1)
        await pilot.press("ctrl+s")
        await shows(pilot, "$ kubectl edit deployment web",
                    "# Please edit the object below. Lines beginning with a '#' will be",
                    '# deployments.apps "web" was not valid:', "# * spec.replicas: Invalid value: -1: must",
                    'error: deployments.apps "web" is invalid', "ctrl+s saves (kubectl patches what changed)",
                    "╭─ cluster ─")

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_trace_panel_of_a_request_a_policy_dropped(snap_compare, make_app):
    async def run_before(pilot):
        screen = pilot.app.screen
        screen.run_command("kubectl create deployment web --image=nginx:1.25 --replicas=2")
        screen.run_command("kubectl expose deployment web --port 80")
        screen.run_command("kubectl create deployment client --image=curlimages/curl:8.11.1 -- sleep 3600")
        screen.run_command("sim wait 20s")
        screen.session.run("kubectl apply -f -", source="key", stdin="apiVersion: networking.k8s.io/v1\n"
                           "kind: NetworkPolicy\nmetadata:\n  name: deny-web\nspec:\n  podSelector:\n"
                           "    matchLabels:\n      app: web\n")
        screen.run_command("kubectl exec deploy/client -- curl -s http://web", source="typed")
        await shows(pilot, "─ request trace ─", "curl -s http://web   from pod", "✗ dropped by networkpolicy",
                    "→ curl: (28) Connection timed out after", "✓ dns", "· service default/web", "✗ pod",
                    "web-68bf9f694d⊞ ●", "⊞ isolated by a policy", "T or esc hides · sim trace")

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_why_panel_beside_the_map(snap_compare, make_app):
    async def run_before(pilot):
        screen = pilot.app.screen
        screen.run_command("kubectl create deployment bad --image=nginx:no-such-tag")
        screen.advance(40)
        (pod,) = screen.sim.list("Pod", "default")
        screen.map.select_pod("default", pod.name)
        await pilot.press("w")
        await shows(pilot, "╭─ cluster ─", f"sim why pod/{pod.name}", "kubelet/node-1 update", "image pull",
                    "default-scheduler bind", "replicaset-controller create", "main ●◉ 1/1",
                    "↳ started by you: kubectl create deployment", "Why not further:", "container nginx is waiting:",
                    "ImagePullBackOff: Back-off", "↑↓ follow the chain · esc closes")

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)
