"""kubectl for ConfigMaps, Secrets, Jobs, CronJobs and StatefulSets: the generators of `kubectl create`
(k/k staging/src/k8s.io/kubectl/pkg/cmd/create), their `get` columns (k/k pkg/printers/internalversion/printers.go)
and their describers (k/k staging/src/k8s.io/kubectl/pkg/describe/describe.go)."""

from __future__ import annotations

import pytest

from sandbox.core.objects import KObject, ObjectMeta
from sandbox.kubectl.printers.tables import TABLES, cronjob_row, job_row, secret_row, statefulset_row
from sandbox.kubectl.resources import resolve
from sandbox.tui.state import pod_state
from tests.builders import fails, run_ok

# What the kubectl 1.32.4 client prints for these lines (client-side dry runs need no server).
KUBECTL_1_32 = {
    "kubectl create configmap cfg --from-literal=a=1 --from-literal=b=hello --dry-run=client -o yaml":
        "apiVersion: v1\ndata:\n  a: \"1\"\n  b: hello\nkind: ConfigMap\nmetadata:\n  creationTimestamp: null\n"
        "  name: cfg",
    "kubectl create secret generic s --from-literal=password=s3cr3t --dry-run=client -o yaml":
        "apiVersion: v1\ndata:\n  password: czNjcjN0\nkind: Secret\nmetadata:\n  creationTimestamp: null\n  name: s",
    "kubectl create secret generic s --from-literal=a=b --type=kubernetes.io/basic-auth --dry-run=client -o yaml":
        "apiVersion: v1\ndata:\n  a: Yg==\nkind: Secret\nmetadata:\n  creationTimestamp: null\n  name: s\n"
        "type: kubernetes.io/basic-auth",
    'kubectl create job j --image=busybox --dry-run=client -o yaml -- sh -c "sleep 5"':
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  creationTimestamp: null\n  name: j\nspec:\n  template:\n"
        "    metadata:\n      creationTimestamp: null\n    spec:\n      containers:\n      - command:\n        - sh\n"
        "        - -c\n        - sleep 5\n        image: busybox\n        name: j\n        resources: {}\n"
        "      restartPolicy: Never\nstatus: {}",
    'kubectl create cronjob cj --image=busybox --schedule="*/1 * * * *" --dry-run=client -o yaml -- echo hi':
        "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  creationTimestamp: null\n  name: cj\nspec:\n"
        "  jobTemplate:\n    metadata:\n      creationTimestamp: null\n      name: cj\n    spec:\n      template:\n"
        "        metadata:\n          creationTimestamp: null\n        spec:\n          containers:\n"
        "          - command:\n            - echo\n            - hi\n            image: busybox\n            name: cj\n"
        "            resources: {}\n          restartPolicy: OnFailure\n  schedule: '*/1 * * * *'\nstatus: {}",
}


@pytest.mark.parametrize("line", list(KUBECTL_1_32))
def test_generators_print_what_kubectl_1_32_prints(session, line):
    """create configmap/secret generic/job/cronjob with --dry-run=client -o yaml, byte for byte."""
    assert run_ok(session, line).rstrip("\n") == KUBECTL_1_32[line]


@pytest.mark.parametrize("line, message", [
    ("kubectl create job j", "error: either --image or --from must be specified"),
    ("kubectl create job", "error: exactly one NAME is required, got 0\nSee 'kubectl create job -h' for help and "
                           "examples"),
    ("kubectl create cronjob c", 'error: required flag(s) "image", "schedule" not set'),
    ("kubectl create configmap c --from-literal=bad", "error: invalid literal source bad, expected key=value"),
    ("kubectl create configmap c --from-literal==v", "error: invalid literal source =v, expected key=value"),
    ("kubectl create configmap c --from-literal=a=1 --from-literal=a=2",
     'error: cannot add key "a", another key by that name already exists in Data for ConfigMap "c"'),
    ("kubectl create configmap c --from-file==x", "error: key name for file path x missing"),
    ("kubectl create secret generic s --from-file=a=b=c", "error: key names or file paths cannot contain '='"),
    ("kubectl create secret foo", "error: unknown command \"foo\"\nSee 'kubectl create secret -h' for help and "
                                  "examples"),
    ("kubectl create configmap c --from-file=/nonexistent", "error: error reading /nonexistent: no such file or "
                                                            "directory"),
])
def test_generator_errors_are_kubectls(session, line, message):
    """The client-side errors of the generators, checked against the kubectl 1.32.4 client."""
    assert fails(session, line) == message


def test_configmap_from_a_file_keeps_text_in_data_and_bytes_in_binary_data(session, tmp_path):
    """addKeyFromFileToConfigMap: UTF-8 files go to data, others to binaryData; the key is the base name."""
    (tmp_path / "app.conf").write_text("port=80\n")
    (tmp_path / "logo.bin").write_bytes(b"\x89PNG\xff")
    session.cwd = tmp_path
    run_ok(session, "kubectl create configmap cfg --from-file=app.conf --from-file=logo=logo.bin")
    cm = session.sim.get("ConfigMap", "default", "cfg")
    assert cm.body == {"data": {"app.conf": "port=80\n"}, "binaryData": {"logo": "iVBOR/8="}}
    assert "logo: 5 bytes" in run_ok(session, "kubectl describe cm cfg")


def test_describe_secret_shows_sizes_never_values(session):
    """describeSecret: `key:  N bytes` for each key."""
    run_ok(session, "kubectl create secret generic db --from-literal=password=s3cr3t --from-literal=user=admin")
    text = run_ok(session, "kubectl describe secret db")
    assert "password:  6 bytes\nuser:      5 bytes" in text and "s3cr3t" not in text
    assert "Type:  Opaque" in text and "Events" not in text   # the Secret describer shows no events


def _job(conditions=(), deleting=False, **spec) -> KObject:
    job = KObject("Job", ObjectMeta("pi", "default"), {"template": {}, **spec},
                  {"conditions": [{"type": t, "status": s} for t, s in conditions], "succeeded": 1,
                   "startTime": "2026-01-01T00:00:00Z"})
    if deleting:
        job.metadata.deletion_timestamp = 5.0
    return job


@pytest.mark.parametrize("job, status", [
    (_job(), "Running"),
    (_job([("SuccessCriteriaMet", "True")]), "SuccessCriteriaMet"),
    (_job([("SuccessCriteriaMet", "True"), ("Complete", "True")]), "Complete"),
    (_job([("FailureTarget", "True")]), "FailureTarget"),
    (_job([("FailureTarget", "True"), ("Failed", "True")]), "Failed"),
    (_job([("Suspended", "True")]), "Suspended"),
    (_job([("Suspended", "False")]), "Running"),
    (_job(deleting=True), "Terminating"),
])
def test_job_status_column(job, status):
    """printJob (STATUS since 1.30): Complete, Failed, Terminating, Suspended, FailureTarget, SuccessCriteriaMet."""
    assert job_row(job, 90, False)[1] == status


@pytest.mark.parametrize("spec, completions", [
    ({"completions": 3}, "1/3"), ({"parallelism": 4}, "1/1 of 4"), ({"parallelism": 1}, "1/1"), ({}, "1/1")])
def test_job_completions_column(spec, completions):
    """printJob: succeeded/completions, or `N/1 of P` for a work queue Job (no completions, parallelism > 1)."""
    assert job_row(_job(**spec), 90, False)[2:4] == [completions, "90s"]


def test_columns_of_the_new_kinds():
    """The headers of printers.go for each kind, and -o wide's extra columns."""
    assert TABLES["Job"][0] == ["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"]
    assert TABLES["CronJob"][0] == ["NAME", "SCHEDULE", "TIMEZONE", "SUSPEND", "ACTIVE", "LAST SCHEDULE", "AGE"]
    assert TABLES["StatefulSet"][:2] == (["NAME", "READY", "AGE"], ["CONTAINERS", "IMAGES"])
    assert TABLES["Secret"][0] == ["NAME", "TYPE", "DATA", "AGE"]
    assert TABLES["ConfigMap"][0] == ["NAME", "DATA", "AGE"]
    cj = KObject("CronJob", ObjectMeta("c", "default"), {"schedule": "@hourly", "suspend": True, "jobTemplate": {}},
                 {"active": [{"name": "c-1"}]})
    assert cronjob_row(cj, 30, False) == ["c", "@hourly", "<none>", "True", "1", "<none>", "30s"]
    sts = KObject("StatefulSet", ObjectMeta("web", "default"), {"replicas": 3, "template": {"spec": {
        "containers": [{"name": "nginx", "image": "nginx:1.25"}]}}}, {"readyReplicas": 2})
    assert statefulset_row(sts, 30, True) == ["web", "2/3", "30s", "nginx", "nginx:1.25"]
    secret = KObject("Secret", ObjectMeta("s", "default"), body={"type": "Opaque", "data": {"a": "", "b": ""}})
    assert secret_row(secret, 30, False) == ["s", "Opaque", "2", "30s"]


def test_short_names_resolve():
    """api-resources short names: cm, cj, sts (secrets and jobs have none)."""
    assert [resolve(w).kind for w in ("cm", "cj", "sts", "secret", "jobs", "job.batch", "statefulsets.apps")] == [
        "ConfigMap", "CronJob", "StatefulSet", "Secret", "Job", "Job", "StatefulSet"]


def test_a_finished_job_pod_is_completed_in_get_and_on_the_map(session):
    """printPod shows the terminated container's reason (Completed); the map's Completed state (✓)."""
    run_ok(session, 'kubectl create job once --image=busybox:1.36 -- sh -c "sleep 2"')
    session.sim.advance(15)
    table = run_ok(session, "kubectl get pods -l job-name=once")
    assert "0/1     Completed   0" in table
    pod = session.sim.list("Pod", "default")[0]
    assert pod_state(pod) == "Completed"


def test_deleting_a_job_deletes_its_pods(session):
    """`kubectl delete job` cascades in the background: the garbage collector follows the pods' ownerReferences."""
    run_ok(session, 'kubectl create job long --image=busybox:1.36 -- sleep 600')
    session.sim.advance(10)
    assert run_ok(session, "kubectl delete job long") == 'job.batch "long" deleted'
    session.sim.advance(5)
    assert run_ok(session, "kubectl get pods -l job-name=long") == "No resources found in default namespace."
