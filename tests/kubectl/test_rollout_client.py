"""`kubectl rollout undo` computed on the client, and `rollout status` watching in simulated time
(kubectl pkg/polymorphichelpers/rollback.go and rollout_status.go, pkg/cmd/rollout)."""

import pytest

from sandbox.kubectl import Session
from tests.builders import fails, hold_time_after, run_ok


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


def test_status_stops_waiting_while_a_lesson_holds_the_clock(session):
    """Waits go through Session.advance; where a lesson holds time, rollout status stops with a note instead
    of spinning (kubectl's watch would simply wait on: rollout_status.go has no notion of a held clock)."""
    run_ok(session, "kubectl create deployment web --image=nginx:1.24 --replicas=2")
    hold_time_after(session, 3)
    start = session.sim.now
    lines = fails(session, "kubectl rollout status deployment/web").splitlines()
    assert lines[0] == 'Waiting for deployment "web" rollout to finish: 0 of 2 updated replicas are available...'
    assert lines[-1].startswith("(the sandbox stops waiting here: simulated time is held until the lesson's "
                                "question is answered;")
    assert session.sim.now - start < 5


STATEFULSET = """apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  replicas: 3
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: nginx, image: nginx:1.25}]}
"""


def test_status_of_a_statefulset_uses_its_status_viewer(session):
    """StatefulSetStatusViewer (polymorphichelpers/rollout_status.go): pods to be ready, then a partitioned roll
    out, as the API server gives a StatefulSet without updateStrategy a rollingUpdate block with partition 0
    (k/k pkg/apis/apps/v1/defaults.go); counted against replicas minus the partition."""
    run_ok(session, "kubectl apply -f -", stdin=STATEFULSET)
    assert run_ok(session, "kubectl rollout status statefulset/db").splitlines() == [
        "Waiting for 3 pods to be ready...", "Waiting for 2 pods to be ready...", "Waiting for 1 pods to be ready...",
        "partitioned roll out complete: 3 new pods have been updated..."]
    run_ok(session, """kubectl patch sts db -p '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":2}}}}'""")
    run_ok(session, "kubectl set image sts/db nginx=nginx:1.24")
    lines = run_ok(session, "kubectl rollout status sts/db").splitlines()
    assert lines[0] == "Waiting for partitioned roll out to finish: 0 out of 1 new pods have been updated..."
    assert lines[-1] == "partitioned roll out complete: 1 new pods have been updated..."


def test_status_of_a_statefulset_without_rolling_update_block_names_the_revision(session):
    """An explicit `type: RollingUpdate` gets no rollingUpdate block, so the viewer compares revisions."""
    run_ok(session, "kubectl apply -f -", stdin=STATEFULSET + "  updateStrategy: {type: RollingUpdate}\n")
    revision = session.sim.get("StatefulSet", "default", "db").status.get("updateRevision")
    lines = run_ok(session, "kubectl rollout status statefulset/db").splitlines()
    assert lines[-1] == f"statefulset rolling update complete 3 pods at revision {revision}..."


def test_status_of_an_on_delete_statefulset_is_refused(session):
    """StatefulSetStatusViewer: only the RollingUpdate strategy has a rollout to watch."""
    run_ok(session, "kubectl apply -f -", stdin=STATEFULSET + "  updateStrategy: {type: OnDelete}\n")
    assert fails(session, "kubectl rollout status statefulset/db") == \
        "error: rollout status is only available for RollingUpdate strategy type"


@pytest.mark.parametrize(("line", "message"), [
    ("rollout status svc/kubernetes", "error: no status viewer has been implemented for Service"),
    ("rollout status job/j", "error: no status viewer has been implemented for Job.batch"),
    ("rollout history job/j", 'error: no history viewer has been implemented for "Job.batch"'),
    ("rollout undo job/j", 'error: no rollbacker has been implemented for "Job.batch"'),
    ("rollout history svc/kubernetes",
     'error: error retrieving history for "Service", no visitor method exists for { Service}'),
    ("rollout pause job/j", 'error: jobs.batch "j" pausing is not supported'),
    ("rollout resume job/j", 'error: jobs.batch "j" resuming is not supported'),
    ("rollout restart job/j", 'error: jobs.batch "j" restarting is not supported'),
    ("rollout pause ds/kube-proxy -n kube-system", 'error: daemonsets.apps "kube-proxy" pausing is not supported'),
])
def test_rollout_of_a_kind_kubectl_has_no_helper_for(session, line, message):
    """StatusViewerFor (%v of schema.GroupKind), HistoryViewerFor and RollbackerFor (%q; an unvisited kind is
    printed as the GroupKindElement struct), and the pauser/resumer/restarter errors that
    rollout_pause.go, rollout_resume.go and rollout_restart.go prefix with `error: RESOURCE.GROUP "NAME"`."""
    run_ok(session, "kubectl create job j --image=busybox")
    assert fails(session, f"kubectl {line}") == message


def test_restart_of_a_paused_or_just_restarted_deployment_is_refused(web):
    """defaultObjectRestarter refuses a paused Deployment; an identical restartedAt (same second) is an empty
    patch, which rollout_restart.go refuses. A DaemonSet restarts too."""
    run_ok(web, "kubectl rollout pause deployment/web")
    assert fails(web, "kubectl rollout restart deployment/web") == \
        'error: deployments.apps "web" can\'t restart paused deployment (run rollout resume first)'
    run_ok(web, "kubectl rollout resume deployment/web")
    assert run_ok(web, "kubectl rollout restart deployment/web") == "deployment.apps/web restarted"
    assert fails(web, "kubectl rollout restart deployment/web") == (
        "error: failed to create patch for web: if restart has already been triggered within the past second, "
        "please wait before attempting to trigger another")
    assert run_ok(web, "kubectl rollout restart -n kube-system ds/kube-proxy") == "daemonset.apps/kube-proxy restarted"
    template = web.sim.get("DaemonSet", "kube-system", "kube-proxy").spec["template"]
    assert "kubectl.kubernetes.io/restartedAt" in template["metadata"]["annotations"]


def test_restart_of_a_type_restarts_every_one_in_the_namespace(web):
    """rollout_restart.go builds with ResourceTypeOrNameArgs(true, …): a type alone selects every object of it
    in the namespace (its example: `kubectl rollout restart deployment -n test-namespace`), -l narrows that,
    several names restart each; one that cannot restart is reported after the others, exit code 1."""
    run_ok(web, "kubectl create deployment api --image=nginx:1.24")
    run_ok(web, "kubectl create deployment other -n kube-public --image=nginx:1.24")
    assert run_ok(web, "kubectl rollout restart deployment") == \
        "deployment.apps/api restarted\ndeployment.apps/web restarted"
    other = web.sim.get("Deployment", "kube-public", "other").spec["template"]
    assert "annotations" not in other["metadata"]
    web.sim.advance(1)
    assert run_ok(web, "kubectl rollout restart deployment -l app=web") == "deployment.apps/web restarted"
    web.sim.advance(1)
    run_ok(web, "kubectl rollout pause deployment/web")
    assert fails(web, "kubectl rollout restart deployment web api") == (
        "deployment.apps/api restarted\n"
        'error: deployments.apps "web" can\'t restart paused deployment (run rollout resume first)')


def test_history_of_a_daemonset_says_the_sandbox_keeps_no_controller_revisions(session):
    """kubectl reads a DaemonSet's or StatefulSet's history from ControllerRevisions (polymorphichelpers/history.go);
    the sandbox keeps none, and says so instead of pretending kubectl has no viewer."""
    out = fails(session, "kubectl rollout history -n kube-system ds/kube-proxy")
    assert out.startswith("error: rollout history of a DaemonSet is not simulated")
