"""`kubectl rollout undo` computed on the client, and `rollout status` watching in simulated time
(kubectl pkg/polymorphichelpers/rollback.go and rollout_status.go, pkg/cmd/rollout)."""

import pytest
from kubectl_helpers import fails, run_ok

from sandbox.kubectl import Session


@pytest.fixture
def web() -> Session:
    session = Session(seed=0)
    run_ok(session, "kubectl create deployment web --image=nginx:1.24 --replicas=3")
    run_ok(session, "kubectl rollout status deployment/web")
    return session


def test_undo_without_history_says_so(web):
    """deploymentRevision: no second-newest revision."""
    assert fails(web, "kubectl rollout undo deployment/web") == 'error: no rollout history found for deployment "web"'


def test_undo_to_a_missing_or_negative_revision(web):
    """revisionNotFoundErr, for --to-revision=9 and for a negative revision (checked before anything else)."""
    assert fails(web, "kubectl rollout undo deployment/web --to-revision=9") == \
        "error: unable to find specified revision 9 in history"
    assert fails(web, "kubectl rollout undo deployment/web --to-revision=-1") == \
        "error: unable to find specified revision -1 in history"


def test_undo_to_the_current_revision_is_skipped_and_writes_nothing(web):
    """equalIgnoreHash: `skipped rollback (current template already matches revision N)`."""
    version = web.sim.store.resource_version
    assert run_ok(web, "kubectl rollout undo deployment/web --to-revision=1") == \
        "deployment.apps/web skipped rollback (current template already matches revision 1)"
    assert web.sim.store.resource_version == version


def test_undo_of_a_paused_deployment_is_refused_after_the_revision_is_found(web):
    """The paused check comes after deploymentRevision and after --dry-run=client."""
    run_ok(web, "kubectl set image deployment/web nginx=nginx:1.25")
    run_ok(web, "kubectl rollout status deployment/web")
    run_ok(web, "kubectl rollout pause deployment/web")
    assert fails(web, "kubectl rollout undo deployment/web") == (
        "error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume "
        "deployment/web' and try again")
    assert run_ok(web, "kubectl rollout undo deployment/web --dry-run=client").startswith(
        "deployment.apps/web Pod Template:\n")


def test_undo_dry_run_prints_the_template_it_would_restore(web):
    """printTemplate: DescribePodTemplate through a PrefixWriter, tabs left raw, then ` (dry run)`."""
    run_ok(web, "kubectl set image deployment/web nginx=nginx:1.25")
    run_ok(web, "kubectl rollout status deployment/web")
    out = run_ok(web, "kubectl rollout undo deployment/web --dry-run=client")
    rs = web.sim.rollout_history("default", "web")[0][1]
    assert out == ("deployment.apps/web Pod Template:\n"
                   "  Labels:\tapp=web\n"
                   f"\tpod-template-hash={rs.metadata.labels['pod-template-hash']}\n"
                   "  Containers:\n   nginx:\n    Image:\tnginx:1.24\n    Port:\t<none>\n    Host Port:\t<none>\n"
                   "    Environment:\t<none>\n    Mounts:\t<none>\n  Volumes:\t<none>\n"
                   "  Node-Selectors:\t<none>\n  Tolerations:\t<none>\n (dry run)")
    assert web.sim.get("Deployment", "default", "web").spec["template"]["spec"]["containers"][0]["image"] == \
        "nginx:1.25"


def test_undo_patches_template_and_annotations_and_the_controller_renumbers(web):
    """One JSON patch (getDeploymentPatch); the reused ReplicaSet gets the next revision."""
    run_ok(web, "kubectl set image deployment/web nginx=nginx:1.25")
    run_ok(web, "kubectl rollout status deployment/web")
    assert run_ok(web, "kubectl rollout undo deployment/web") == "deployment.apps/web rolled back"
    run_ok(web, "kubectl rollout status deployment/web")
    history = [(rev, rs.spec["template"]["spec"]["containers"][0]["image"])
               for rev, rs in web.sim.rollout_history("default", "web")]
    assert history == [(2, "nginx:1.25"), (3, "nginx:1.24")]
    assert run_ok(web, "kubectl rollout undo deployment/web --dry-run=server") == \
        "deployment.apps/web rolled back (server dry run)"


def test_status_prints_a_line_per_change_it_sees(web):
    """The watch prints the status viewer's line for every update of the Deployment, repeats included."""
    run_ok(web, "kubectl set image deployment/web nginx=nginx:1.25")
    lines = run_ok(web, "kubectl rollout status deployment/web").splitlines()
    assert lines[0] == 'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...'
    assert lines[-1] == 'deployment "web" successfully rolled out'
    assert len(lines) > len(set(lines))


def test_status_of_a_paused_deployment_does_not_let_time_run(web):
    """kubectl would wait for ever; the sandbox stops at once, with no simulated time spent."""
    run_ok(web, "kubectl rollout pause deployment/web")
    run_ok(web, "kubectl set image deployment/web nginx=nginx:1.25")
    before = web.sim.now
    result = web.run("kubectl rollout status deployment/web")
    assert result.exit_code == 1 and web.sim.now == before
    first, note = result.output.splitlines()
    assert first == 'Waiting for deployment "web" rollout to finish: 0 out of 3 new replicas have been updated...'
    assert note.startswith('(the sandbox stops waiting here: deployment "web" is paused')


def test_status_honours_timeout_revision_and_watch(web):
    """--timeout waits that long then `timed out waiting for the condition`; --revision checks the
    running revision; --watch=false prints once."""
    run_ok(web, "kubectl rollout pause deployment/web")
    run_ok(web, "kubectl set image deployment/web nginx=nginx:1.25")
    start = web.sim.now
    assert fails(web, "kubectl rollout status deployment/web --timeout=30s").splitlines()[-1] == \
        "error: timed out waiting for the condition"
    assert web.sim.now == start + 30
    assert fails(web, "kubectl rollout status deployment/web --revision=3") == \
        "error: desired revision (3) is different from the running revision (1)"
    assert fails(web, "kubectl rollout status deployment/web --timeout=30") == (
        'Error: invalid argument "30" for "--timeout" flag: time: missing unit in duration "30"\n'
        "See 'kubectl rollout status --help' for usage.")
    run_ok(web, "kubectl rollout resume deployment/web")
    assert run_ok(web, "kubectl rollout status deployment/web --watch=false").count("\n") == 0
