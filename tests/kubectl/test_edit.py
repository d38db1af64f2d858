"""`kubectl edit` and `kubectl apply -f -` through the session's editor hook (EditRequest / save_edit).

Upstream: k/k staging/src/k8s.io/kubectl/pkg/cmd/util/editor/editoptions.go (EditOptions.Run: the
header, `Edit cancelled, no changes made.`, `Edit cancelled, saved file was empty.`, the reopen with
`# <resource> "<name>" was not valid:` and `# * <cause>` lines, `error: Edit cancelled, no valid changes
were saved.`, `At least one of apiVersion, kind and name was changed`); the API server's answer to a
strict decoding error in a patch is apiserver/pkg/endpoints/handlers/patch.go applyPatchToObject
(Invalid, field `patch`, the patch map printed with %+v).
"""

from __future__ import annotations

import pytest

from sandbox.core.merge import create_merge_patch
from sandbox.kubectl import Session
from sandbox.kubectl.editor import EDIT_HEADER, EditRequest, go_value, strip_comments
from tests.builders import fails, run_ok


@pytest.fixture
def web() -> Session:
    session = Session(seed=0)
    run_ok(session, "kubectl create deployment web --image=nginx:1.25 --replicas=2")
    run_ok(session, "sim wait 20s")
    session.editor = True
    return session


def opened(session: Session, line: str = "kubectl edit deployment web") -> EditRequest:
    result = session.run(line)
    assert result.ok and result.output == ""
    request: EditRequest = result.data["edit"]
    return request


def test_edit_opens_the_live_object_under_kubectls_header(web):
    request = opened(web)
    assert request.text.startswith(EDIT_HEADER)
    assert request.text.removeprefix(EDIT_HEADER) == run_ok(web, "kubectl get deployment web -o yaml") + "\n"
    assert request.line == "kubectl edit deployment web" and request.mode == "edit"
    assert EDIT_HEADER.splitlines()[0] == ("# Please edit the object below. Lines beginning with a '#' will be "
                                           "ignored,")


def test_saving_a_change_patches_the_object_and_says_edited(web):
    request = opened(web)
    result = web.save_edit(request, request.text.replace("replicas: 2\n  revision", "replicas: 4\n  revision"))
    assert result.output == "deployment.apps/web edited" and result.ok
    assert result.command == "kubectl edit" and result.line == "kubectl edit deployment web"
    assert web.sim.get("Deployment", "default", "web").spec["replicas"] == 4


def test_saving_unchanged_or_empty_cancels_as_kubectl_does(web):
    request = opened(web)
    assert web.save_edit(request, request.text).output == "Edit cancelled, no changes made."
    # Comments do not count: removing the header is no change either.
    assert web.save_edit(request, request.original).output == "Edit cancelled, no changes made."
    assert web.save_edit(request, "# nothing\n\n").output == "Edit cancelled, saved file was empty."


def test_an_invalid_value_reopens_the_file_with_the_reason_and_an_unchanged_save_gives_up(web):
    request = opened(web)
    edited = request.text.replace("replicas: 2\n  revision", "replicas: -1\n  revision")
    result = web.save_edit(request, edited)
    assert not result.ok and result.output == 'error: deployments.apps "web" is invalid'
    reopened: EditRequest = result.data["edit"]
    assert reopened.text.startswith(EDIT_HEADER + '# deployments.apps "web" was not valid:\n'
                                    "# * spec.replicas: Invalid value: -1: must be greater than or equal to 0\n#\n")
    assert "replicas: -1" in reopened.text  # the learner's edit is kept
    assert web.sim.get("Deployment", "default", "web").spec["replicas"] == 2  # nothing half-applied
    gave_up = web.save_edit(reopened, reopened.text)
    assert gave_up.output == "error: Edit cancelled, no valid changes were saved." and not gave_up.ok
    fixed = web.save_edit(reopened, reopened.text.replace("replicas: -1", "replicas: 3"))
    assert fixed.output == "deployment.apps/web edited"


def test_an_unknown_field_is_the_servers_strict_decoding_error_on_the_patch(web):
    request = opened(web)
    result = web.save_edit(request, request.text.replace("replicas: 2\n  revision", "replica: 2\n  revision"))
    assert result.output == 'error: deployments.apps "web" is invalid'
    assert ('# * patch: Invalid value: "map[spec:map[replica:2 replicas:<nil>]]": strict decoding error: '
            'unknown field "spec.replica"\n') in result.data["edit"].text


def test_a_yaml_syntax_error_reopens_the_file_silently(web):
    request = opened(web)
    result = web.save_edit(request, request.text.replace("replicas: 2\n", "replicas: [\n"))
    assert result.output == ""
    assert "# The edited file had a syntax error: error converting YAML to JSON: yaml: line " in \
        result.data["edit"].text


def test_renaming_the_object_is_refused(web):
    request = opened(web)
    output = web.save_edit(request, request.text.replace("  name: web\n", "  name: other\n")).output
    assert output == "error: At least one of apiVersion, kind and name was changed"


def test_the_patch_is_the_learners_change_not_what_controllers_changed_meanwhile(web):
    request = opened(web)
    run_ok(web, "kubectl scale deployment web --replicas=5")  # someone else scales while the editor is open
    web.advance(30)
    result = web.save_edit(request, request.text.replace("app: web\n  name: web", "app: web\n    tier: front\n"
                                                                                   "  name: web"))
    assert result.output == "deployment.apps/web edited"
    deployment = web.sim.get("Deployment", "default", "web")
    assert deployment.metadata.labels == {"app": "web", "tier": "front"} and deployment.spec["replicas"] == 5


def test_edit_in_a_script_takes_the_saved_file_from_a_heredoc():
    session = Session(seed=0)
    run_ok(session, "kubectl create deployment web --image=nginx:1.25")
    edited = run_ok(session, "kubectl get deployment web -o yaml").replace("image: nginx:1.25", "image: nginx:1.24")
    assert run_ok(session, "kubectl edit deployment web", stdin=edited) == "deployment.apps/web edited"
    bad = edited.replace("replicas: 1\n", "replicas: -3\n")
    assert fails(session, "kubectl edit deployment/web", stdin=bad) == (
        'error: deployments.apps "web" is invalid\n'
        "(kubectl would reopen the file in your editor, with these lines at the top:)\n"
        '# deployments.apps "web" was not valid:\n'
        "# * spec.replicas: Invalid value: -3: must be greater than or equal to 0\n#")


def test_edit_without_an_editor_or_a_heredoc_says_so():
    session = Session(seed=0)
    run_ok(session, "kubectl create deployment web --image=nginx:1.25")
    assert fails(session, "kubectl edit deployment web").startswith("error: there is no editor here")
    assert fails(session, "kubectl edit").startswith("Error: You must provide one or more resources by argument")
    assert fails(session, "kubectl edit deployment nope") == \
        'Error from server (NotFound): deployments.apps "nope" not found'


def test_apply_from_stdin_opens_the_editor_and_saving_applies(web):
    result = web.run("kubectl apply -f -")
    request: EditRequest = result.data["edit"]
    assert request.mode == "apply" and request.line == "kubectl apply -f -" and strip_comments(request.text) == ""
    manifest = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n"
    saved = web.save_edit(request, manifest)
    assert saved.output == "namespace/team-a created" and saved.line == "kubectl apply -f -"
    assert web.sim.try_get("Namespace", "", "team-a") is not None


def test_create_merge_patch_is_rfc_7386():
    assert create_merge_patch({"a": 1, "b": {"c": 1, "d": 2}, "l": [1]}, {"a": 1, "b": {"c": 2}, "l": [1, 2], "n": 0}) \
        == {"b": {"c": 2, "d": None}, "l": [1, 2], "n": 0}
    assert create_merge_patch({"x": True}, {"x": 1}) == {"x": 1}
    assert go_value({"spec": {"b": [1, "x"], "a": None}}) == "map[spec:map[a:<nil> b:[1 x]]]"


def test_an_edit_saved_in_the_app_can_be_replayed_as_a_heredoc(web):
    """The result keeps the saved file as `stdin`: the same line with it as standard input does the same again."""
    request = opened(web)
    saved = web.save_edit(request, request.text.replace("replicas: 2\n  revision", "replicas: 4\n  revision"))
    replay = Session(seed=0)
    run_ok(replay, "kubectl create deployment web --image=nginx:1.25 --replicas=2")
    run_ok(replay, "sim wait 20s")
    assert replay.run(saved.line, stdin=saved.data["stdin"]).output == "deployment.apps/web edited"
    assert replay.sim.get("Deployment", "default", "web").spec == web.sim.get("Deployment", "default", "web").spec
