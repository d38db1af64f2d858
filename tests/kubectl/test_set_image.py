"""`kubectl set image` as kubectl 1.32 does it: kubernetes/kubectl pkg/cmd/set/set_image.go (Complete, Validate,
Run), the cli-runtime resource.Builder it selects objects with, and polymorphichelpers.UpdatePodSpecForObject."""

import pytest

from sandbox.kubectl import Session
from tests.builders import fails, run_ok

INIT_DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: init
spec:
  selector:
    matchLabels: {app: init}
  template:
    metadata:
      labels: {app: init}
    spec:
      initContainers:
      - name: setup
        image: busybox:1.35
      containers:
      - name: app
        image: nginx:1.24
"""


def assert_refused(session, line: str, message: str) -> None:
    """The command fails with `message` and writes nothing."""
    version = session.sim.resource_version
    assert fails(session, line) == message
    assert session.sim.resource_version == version


@pytest.fixture
def session() -> Session:
    """Two deployments in default: web and api run nginx (container `nginx`), db runs redis (container `redis`)."""
    session = Session(seed=0)
    run_ok(session, "kubectl create deployment web --image=nginx:1.24")
    run_ok(session, "kubectl create deployment api --image=nginx:1.24")
    run_ok(session, "kubectl create deployment db --image=redis:7")
    run_ok(session, "sim wait 20s")
    return session


def image(session: Session, kind: str, name: str, container: int = 0, field: str = "containers") -> str:
    obj = session.sim.get(kind, "default", name)
    spec = obj.spec if kind == "Pod" else obj.spec["template"]["spec"]
    return spec[field][container]["image"]


# ---- which objects: resource.Builder's ResourceTypeOrNameArgs and LabelSelectorParam ----------------------------

def test_type_and_several_names_update_each(session):
    """`TYPE NAME NAME`: the builder visits every name; each patched object prints `<resource>.<group>/<name>`."""
    out = run_ok(session, "kubectl set image deployment web api nginx=nginx:1.25")
    assert out == "deployment.apps/web image updated\ndeployment.apps/api image updated"
    assert image(session, "Deployment", "web") == image(session, "Deployment", "api") == "nginx:1.25"


def test_several_type_slash_names(session):
    """`TYPE/NAME TYPE/NAME`: resource tuples, in the order given."""
    out = run_ok(session, "kubectl set image deploy/api deployment/web nginx=nginx:1.25")
    assert out == "deployment.apps/api image updated\ndeployment.apps/web image updated"


def test_all_sets_every_deployment_of_the_namespace(session):
    """`TYPE --all` lists the namespace with an empty selector (ResourceTypeOrNameArgs' allowEmptySelector);
    kube-system's coredns is not in it. The deployment without the container is an error of its own."""
    result = session.run("kubectl set image deployment --all nginx=nginx:1.25")
    assert result.output == ("deployment.apps/api image updated\ndeployment.apps/web image updated\n"
                             'error: unable to find container named "nginx"')
    assert result.exit_code == 1
    assert image(session, "Deployment", "web") == image(session, "Deployment", "api") == "nginx:1.25"
    assert image(session, "Deployment", "db") == "redis:7"
    assert session.sim.get("Deployment", "kube-system", "coredns").spec["template"]["spec"]["containers"][0][
        "image"] != "nginx:1.25"


def test_selector_picks_the_objects_by_label(session):
    """`TYPE -l SELECTOR`: only the deployments whose labels match (create deployment labels app=NAME)."""
    assert run_ok(session, "kubectl set image deployment -l app=api nginx=nginx:1.25") == \
        "deployment.apps/api image updated"
    assert image(session, "Deployment", "api") == "nginx:1.25"
    assert image(session, "Deployment", "web") == "nginx:1.24"


def test_the_image_change_rolls_the_deployment_out(session):
    """set image only edits the template; the Deployment controller makes a new ReplicaSet and pods of it."""
    run_ok(session, "kubectl set image deployment/web nginx=nginx:1.25")
    run_ok(session, "sim wait 1m")
    pods = session.sim.list("Pod", "default", [("app", "=", ("web",))])
    assert pods and {p.spec["containers"][0]["image"] for p in pods} == {"nginx:1.25"}


@pytest.mark.parametrize(("line", "message"), [
    ("kubectl set image deployment web -l app=web nginx=x",
     "error: name cannot be provided when a selector is specified"),
    ("kubectl set image deployment/web -l app=web nginx=x",
     "error: selectors and the all flag cannot be used when passing resource/name arguments"),
    ("kubectl set image deployment,pod web nginx=x", "error: you must specify only one resource"),
    ("kubectl set image deployment nginx=x", "error: resource(s) were provided, but no name was specified"),
])
def test_the_builders_refusals(session, line, message):
    """cli-runtime builder.go: visitBySelector, visitByName and visitorResult refuse these before any request."""
    assert_refused(session, line, message)


def test_an_object_not_found_fails_the_whole_command(session):
    """Complete returns the builder's error (ContinueOnError gathers every NotFound): nothing is patched."""
    version = session.sim.resource_version
    assert fails(session, "kubectl set image deployment web ghost spook nginx=nginx:1.25") == (
        'Error from server (NotFound): deployments.apps "ghost" not found\n'
        'Error from server (NotFound): deployments.apps "spook" not found')
    assert session.sim.resource_version == version
    assert image(session, "Deployment", "web") == "nginx:1.24"


# ---- arguments and Validate: checked against the kubectl 1.32.4 client offline ------------------------------------

@pytest.mark.parametrize(("line", "message"), [
    ("kubectl set image nginx=x", "error: You must provide one or more resources by argument or filename.\n"
                                  "Example resource specifications include:\n   '-f rsrc.yaml'\n"
                                  "   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'"),
    ("kubectl set image -l app=web nginx=x", "error: at least one resource must be specified to use a selector"),
    ("kubectl set image deployment web nginx=x api",
     "error: all resources must be specified before image changes: api"),
    ("kubectl set image deployment/web nginx- a=b redis-", "error: invalid image format: nginx-, redis-"),
])
def test_argument_errors_as_the_real_client_prints_them(session, line, message):
    """Printed by kubectl 1.32.4 with no server: GetResourcesAndPairs, ParsePairs and the builder's
    missingResourceError all come from Complete, before Validate."""
    assert_refused(session, line, message)


@pytest.mark.parametrize(("line", "message"), [
    ("kubectl set image deployment --all", "error: at least one image update is required"),
    ("kubectl set image deployment --all *=nginx:1.25 nginx=nginx:1.26",
     "error: all containers are already specified by *, but saw more than one container_name=container_image pairs"),
    # utilerrors.NewAggregate of two: cmdutil.CheckErr prints each on its line, without `error: `
    ("kubectl set image deployment --all -l app=web *=x nginx=y",
     "cannot set --all and --selector at the same time\n"
     "all containers are already specified by *, but saw more than one container_name=container_image pairs"),
])
def test_validate_refuses_before_any_write(session, line, message):
    """SetImageOptions.Validate runs on the objects Complete found, before Run patches any of them."""
    assert_refused(session, line, message)


# ---- what each object gets: Run's setImage on initContainers and containers ----------------------------------------

def test_an_unchanged_object_prints_nothing_and_writes_nothing(session):
    """Run skips an object whose patch is `{}`: no line, no write, exit 0."""
    version = session.sim.resource_version
    result = session.run("kubectl set image deployment/web nginx=nginx:1.24")
    assert (result.output, result.exit_code) == ("", 0)
    assert session.sim.resource_version == version
    run_ok(session, "kubectl set image deployment/web nginx=nginx:1.25")
    assert run_ok(session, "kubectl set image deployment web api nginx=nginx:1.25") == \
        "deployment.apps/api image updated"


def test_an_unknown_container_is_an_error_but_the_known_ones_are_still_set(session):
    """Run appends `unable to find container named` and goes on: the object's patch holds the names found."""
    result = session.run("kubectl set image deployment/web deployment/db nginx=nginx:1.25 ghost=x")
    assert result.output == ("deployment.apps/web image updated\n"
                             'error: unable to find container named "ghost"\n'
                             'error: unable to find container named "nginx"\n'
                             'error: unable to find container named "ghost"')
    assert result.exit_code == 1
    assert image(session, "Deployment", "web") == "nginx:1.25"


def test_init_containers_are_set_by_name_and_by_star(session):
    """setImage runs on spec.InitContainers as on spec.Containers; `*` matches both."""
    run_ok(session, "kubectl apply -f -", stdin=INIT_DEPLOYMENT)
    assert run_ok(session, "kubectl set image deploy/init setup=busybox:1.36") == "deployment.apps/init image updated"
    assert image(session, "Deployment", "init", field="initContainers") == "busybox:1.36"
    assert image(session, "Deployment", "init") == "nginx:1.24"
    run_ok(session, "kubectl set image deploy/init *=busybox:1.37")
    assert image(session, "Deployment", "init", field="initContainers") == "busybox:1.37"
    assert image(session, "Deployment", "init") == "busybox:1.37"


def test_a_pods_container_image_is_mutable(session):
    """UpdatePodSpecForObject edits a Pod's own spec; ValidatePodUpdate lets spec.containers[*].image change."""
    run_ok(session, "kubectl run solo --image=nginx:1.24")
    assert run_ok(session, "kubectl set image pod/solo solo=nginx:1.25") == "pod/solo image updated"
    assert image(session, "Pod", "solo") == "nginx:1.25"


def test_a_cronjobs_job_template_is_set(session):
    """UpdatePodSpecForObject: a CronJob's pod spec is spec.jobTemplate.spec.template.spec."""
    run_ok(session, "kubectl create cronjob tick --image=busybox:1.35 --schedule='*/5 * * * *'")
    assert run_ok(session, "kubectl set image cronjob/tick tick=busybox:1.36") == "cronjob.batch/tick image updated"
    tick = session.sim.get("CronJob", "default", "tick")
    assert tick.spec["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]["image"] == "busybox:1.36"


def test_a_jobs_template_is_immutable_and_the_others_still_proceed(session):
    """kubectl builds the patch; the API server refuses it (ValidateJobSpecUpdate: spec.template is immutable),
    and Run reports `failed to patch image update to pod template` after the objects that were patched."""
    run_ok(session, "kubectl create job pi --image=perl:5.34")
    refusal = ('Job.batch "pi" is invalid: spec.template: Invalid value: core.PodTemplateSpec{...}: '
               "field is immutable")
    version = session.sim.resource_version
    assert fails(session, "kubectl set image job/pi pi=perl:5.40") == \
        f"error: failed to patch image update to pod template: {refusal}"
    assert fails(session, "kubectl set image job/pi pi=perl:5.40 --dry-run=server") == \
        f"error: failed to patch image update to pod template: {refusal}"
    assert session.sim.resource_version == version
    result = session.run("kubectl set image job/pi deployment/web pi=perl:5.40 nginx=nginx:1.25")
    assert result.output == ("deployment.apps/web image updated\n"
                             'error: unable to find container named "nginx"\n'
                             'error: unable to find container named "pi"\n'
                             f"failed to patch image update to pod template: {refusal}")
    assert session.sim.get("Job", "default", "pi").spec["template"]["spec"]["containers"][0]["image"] == "perl:5.34"
    assert image(session, "Deployment", "web") == "nginx:1.25"


def test_a_kind_without_a_pod_template_is_an_error_of_its_own(session):
    """UpdatePodSpecForObject's `the object is not a pod or does not have a pod template: %T`, which Run
    prints after the object's name (info.ObjectName(): plural resource/name)."""
    run_ok(session, "kubectl expose deployment web --port=80")
    assert fails(session, "kubectl set image svc/web nginx=x") == \
        "error: services/web the object is not a pod or does not have a pod template: *v1.Service"
