"""Pilot tests: the YAML editor — `kubectl apply -f -`, `kubectl edit`, `e`, `sim examples`, dry-run output.

kubectl's behaviour the editor follows: k/k staging/src/k8s.io/kubectl/pkg/cmd/util/editor/editoptions.go
(the header, `edited`, `Edit cancelled, no changes made.`, the file reopened with the API server's
reasons as comments, `error: Edit cancelled, no valid changes were saved.`).
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, TextArea

from sandbox.kubectl.editor import EDIT_HEADER
from sandbox.tui.screens.editor import EditorScreen
from sandbox.tui.screens.play import PlayScreen
from tests.builders import SIZE, commands_run, log_text, screen_text

EXAMPLES = Path(__file__).resolve().parents[2] / "assets" / "examples"
NAMESPACE = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n"


async def type_line(pilot, line: str) -> None:
    await pilot.press("colon", *line, "enter")
    await pilot.pause()


def editor_area(app) -> TextArea:
    assert isinstance(app.screen, EditorScreen), type(app.screen).__name__
    return app.screen.query_one(TextArea)


async def test_apply_from_stdin_opens_the_editor_and_ctrl_s_applies(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await type_line(pilot, "kubectl apply -f -")
        area = editor_area(app)
        assert area.language == "yaml"  # highlighted (tree-sitter's YAML grammar is a dependency)
        assert "ctrl+s applies it" in area.text
        area.text = NAMESPACE
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert app.screen.sim.try_get("Namespace", "", "team-a") is not None
        assert commands_run(app) == ["kubectl apply -f -", "kubectl apply -f -"]
        assert "$ kubectl apply -f -   (ctrl+s)  → namespace/team-a created" in log_text(app)


async def test_a_failed_apply_keeps_the_yaml_open_to_fix_and_esc_applies_nothing(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        play = app.screen
        await type_line(pilot, "kubectl apply -f -")
        area = editor_area(app)
        area.text = NAMESPACE.replace("kind: Namespace", "kind: Namespaze")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert editor_area(app).text.startswith("apiVersion: v1\nkind: Namespaze")  # still there to fix
        status = str(app.screen.query_one("#editor-status").render())
        assert 'no matches for kind "Namespaze" in version "v1"' in status and "no matches" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is play and play.sim.try_get("Namespace", "", "team-a") is None
        assert "kubectl apply -f -: editor closed, nothing applied" in log_text(app)


async def test_e_edits_the_selected_deployment_and_saving_patches_it(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.screen.query_one("#resource-table", DataTable).focus()
        await pilot.press("e")
        await pilot.pause()
        area = editor_area(app)
        assert area.text.startswith(EDIT_HEADER) and "  name: coredns\n" in area.text
        area.text = area.text.replace("  replicas: 2\n", "  replicas: 3\n", 1)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert app.screen.sim.get("Deployment", "kube-system", "coredns").spec["replicas"] == 3
        assert commands_run(app) == ["kubectl edit deployment coredns -n kube-system"] * 2
        assert "$ kubectl edit deployment coredns -n kube-system   (ctrl+s)  → deployment.apps/coredns edited" \
            in log_text(app)


async def test_an_invalid_edit_reopens_with_kubectls_comment_then_an_unchanged_save_gives_up(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        play = app.screen
        play.run_command("kubectl create deployment web --image=nginx:1.25 --replicas=2")
        await type_line(pilot, "kubectl edit deployment web")
        area = editor_area(app)
        area.text = area.text.replace("  replicas: 2\n", "  replicas: -1\n", 1)
        await pilot.press("ctrl+s")
        await pilot.pause()
        reopened = editor_area(app).text
        assert reopened.startswith(EDIT_HEADER + '# deployments.apps "web" was not valid:\n# * spec.replicas: '
                                   "Invalid value: -1: must be greater than or equal to 0\n#\n")
        assert "  replicas: -1\n" in reopened
        text = screen_text(app)
        assert 'error: deployments.apps "web" is invalid' in text and "# * spec.replicas: Invalid value: -1" in text
        assert "╭─ cluster ─" in text  # the map beside the editor
        await pilot.press("ctrl+s")  # saved again without a change
        await pilot.pause()
        assert app.screen is play
        assert "(ctrl+s)  → error: Edit cancelled, no valid changes were saved." in log_text(app)
        assert not play.output.is_open  # the editor said it; the map stays in view
        assert play.sim.get("Deployment", "default", "web").spec["replicas"] == 2


async def test_escape_leaves_kubectl_edit_with_no_changes_made(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")  # the selected node
        await pilot.pause()
        assert "  name: control-plane\n" in editor_area(app).text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert "$ kubectl edit node control-plane   (esc)  → Edit cancelled, no changes made." in log_text(app)


async def test_sim_examples_opens_a_starter_manifest_in_the_editor(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await type_line(pilot, "sim examples deployment")
        assert editor_area(app).text == (EXAMPLES / "deployment.yaml").read_text()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.sim.try_get("Deployment", "default", "web") is not None
        assert "$ kubectl apply -f -   (ctrl+s)  → deployment.apps/web created" in log_text(app)


async def test_e_opens_dry_run_yaml_from_the_output_pane_in_the_editor(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await type_line(pilot, "kubectl create deployment api --image=httpd:2.4 --dry-run=client -o yaml")
        assert app.screen.output.is_open and app.screen.sim.try_get("Deployment", "default", "api") is None
        assert "e: edit this YAML and apply it" in screen_text(app)
        await pilot.press("escape", "e")  # out of the command line (into the output), then e
        await pilot.pause()
        area = editor_area(app)
        assert "image: httpd:2.4" in area.text and "name: api" in area.text
        area.text = area.text.replace("replicas: 1", "replicas: 2")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.sim.get("Deployment", "default", "api").spec["replicas"] == 2


async def test_e_in_the_output_edits_only_yaml_the_last_command_printed(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await type_line(pilot, "kubectl get deployment coredns -n kube-system -o yaml")
        assert "e: edit this YAML and apply it" in screen_text(app)
        await type_line(pilot, "kubectl get pods -A")
        assert "e: edit this YAML" not in screen_text(app)
        await pilot.press("escape", "e")  # the map's selection instead: the control-plane node
        await pilot.pause()
        assert "kind: Node" in editor_area(app).text
