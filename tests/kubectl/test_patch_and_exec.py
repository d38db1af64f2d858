"""kubectl patch (strategic/merge/json) and exec on TYPE/NAME, as kubectl's pkg/cmd/patch and pkg/cmd/exec do them."""

import pytest

from sandbox.kubectl import Session


@pytest.fixture
def session() -> Session:
    session = Session(seed=0)
    assert session.run("kubectl create deployment web --image=nginx:1.24 --replicas=2").ok
    assert session.run("kubectl expose deployment web --port=80").ok
    session.run("sim wait 20s")
    return session


def test_patch_merges_into_the_spec(session):
    result = session.run("""kubectl patch deployment web -p '{"spec":{"replicas":3}}'""")
    assert (result.output, result.exit_code) == ("deployment.apps/web patched", 0)
    assert session.sim.get("Deployment", "default", "web").spec["replicas"] == 3


def test_patch_accepts_yaml_and_reports_no_change(session):
    result = session.run("kubectl patch deployment web --type merge -p 'spec: {replicas: 2}'")
    assert result.output == "deployment.apps/web patched (no change)"


def test_json_patch_replaces_the_image_and_starts_a_rollout(session):
    line = ("kubectl patch deployment web --type json -p "
            """'[{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"nginx:1.25"}]'""")
    assert session.run(line).ok
    deploy = session.sim.get("Deployment", "default", "web")
    assert deploy.spec["template"]["spec"]["containers"][0]["image"] == "nginx:1.25"
    assert deploy.metadata.generation == 2


def test_bad_patches_change_nothing(session):
    version = session.sim.store.resource_version
    unknown = session.run("""kubectl patch deployment web -p '{"spec":{"replica":3}}'""")
    assert unknown.exit_code == 1 and 'unknown field "spec.replica"' in unknown.output
    missing = session.run("""kubectl patch deployment web --type json -p '[{"op":"remove","path":"/spec/nope"}]'""")
    assert missing.exit_code == 1 and "missing path" in missing.output
    assert session.run("kubectl patch deployment web --type xml -p '{}'").exit_code == 1
    assert session.sim.store.resource_version == version


def test_exec_on_a_deployment_picks_the_most_active_pod_silently():
    """exec takes the most active pod (polymorphichelpers/attachablepodforobject.go sorts
    sort.Reverse(podutils.ActivePods): Ready the longest wins) and prints nothing about it;
    "Found N pods, using pod/…" is kubectl logs' line (logsforobject.go)."""
    session = Session(seed=0)
    assert session.run("kubectl create deployment web --image=nginx:1.24").ok
    session.run("sim wait 20s")
    (first,) = session.sim.list("Pod", "default")
    assert session.run("kubectl scale deployment web --replicas=3").ok
    session.run("sim wait 20s")
    result = session.run('kubectl exec deploy/web -- curl -s -o /dev/null -w "%{http_code}" http://localhost')
    assert result.output == "200"  # a pod's localhost is the pod itself
    assert result.data["request"].hops[0].pod.name == first.name
    logs = session.run("kubectl logs deploy/web")
    assert logs.output.splitlines()[0] == f"Found 3 pods, using pod/{first.name}"


def test_namespace_flag_may_come_before_the_command(session):
    before = session.run("kubectl -n kube-system get deployments")
    after = session.run("kubectl get deployments -n kube-system")
    assert before.ok and before.output == after.output and "coredns" in before.output
    patched = session.run("""kubectl --namespace=default patch deployment web -p '{"spec":{"replicas":1}}'""")
    assert patched.output == "deployment.apps/web patched"


def test_exec_into_a_pod_whose_container_has_not_started_quotes_its_name():
    """The API server relays the kubelet's error: pkg/kubelet/kubelet_pods.go RunInContainer,
    `fmt.Errorf("container not found (%q)", containerName)`."""
    session = Session(seed=0)
    assert session.run("kubectl run slow --image=nginx:1.24").ok  # still ContainerCreating: no time has passed
    result = session.run("kubectl exec slow -- curl -s http://web")
    assert result.exit_code == 1
    assert result.output == 'error: unable to upgrade connection: container not found ("slow")'


def test_namespace_flag_before_exec_is_a_flag_not_part_of_the_containers_command(session):
    """cobra parses `kubectl -n NS exec POD -- CMD` as `kubectl exec -n NS POD -- CMD`: persistent flags may come
    before the subcommand, and only the words after `--` are the container's (kubectl pkg/cmd/exec/exec.go)."""
    assert session.run("kubectl create namespace shop").ok
    assert session.run("kubectl create deployment client -n shop --image=nginx:1.24").ok
    session.run("sim wait 20s")
    before = session.run("kubectl -n shop exec deploy/client -- curl -s http://web.default")
    assert before.ok, before.output
    assert before.data["request"].hops[0].pod.namespace == "shop"
    assert before.output == session.run("kubectl exec -n shop deploy/client -- curl -s http://web.default").output


def test_a_custom_resource_refuses_a_strategic_merge_patch_and_takes_a_merge_patch(session):
    """Custom resources have no strategic-merge schema: the API server answers 415 and kubectl says which
    patch types to use (kubernetes/kubernetes#112556, kubectl 1.26 and later)."""
    assert session.run("kubectl apply -f assets/examples/virtualservice.yaml").ok
    version = session.sim.store.resource_version
    weights = '{"spec":{"http":[{"route":[{"destination":{"host":"webserver","subset":"v1"},"weight":100}]}]}}'
    refused = session.run(f"kubectl patch virtualservice webserver -p '{weights}'")
    assert refused.exit_code == 1
    assert refused.output == (
        "error: application/strategic-merge-patch+json is not supported by networking.istio.io/v1, "
        "Kind=VirtualService: the body of the request was in an unknown format - accepted media types include: "
        "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml")
    assert session.sim.store.resource_version == version
    merged = session.run(f"kubectl patch virtualservice webserver --type merge -p '{weights}'")
    assert merged.output == "virtualservice.networking.istio.io/webserver patched"


@pytest.mark.parametrize(("mode", "suffix"), [("client", " (dry run)"), ("server", " (server dry run)")])
def test_a_dry_run_patch_or_set_image_changes_nothing(session, mode, suffix):
    """patch.go and set_image.go print the operation with the dry-run strategy appended, and send nothing
    (client) or ask the server not to persist (server)."""
    version = session.sim.store.resource_version
    patched = session.run(f"""kubectl patch deployment web -p '{{"spec":{{"replicas":4}}}}' --dry-run={mode}""")
    assert patched.output == f"deployment.apps/web patched{suffix}"
    same = session.run(f"""kubectl patch deployment web -p '{{"spec":{{"replicas":2}}}}' --dry-run={mode}""")
    assert same.output == f"deployment.apps/web patched (no change){suffix}"
    image = session.run(f"kubectl set image deployment/web nginx=nginx:1.25 --dry-run={mode}")
    assert image.output == f"deployment.apps/web image updated{suffix}"
    assert session.sim.store.resource_version == version


def test_a_server_dry_run_patch_is_validated_as_a_write_and_a_client_one_is_not(session):
    bad = """kubectl patch deployment web -p '{"spec":{"replicas":-1}}' --dry-run="""
    assert "must be greater than or equal to 0" in session.run(bad + "server").output
    assert session.run(bad + "client").output == "deployment.apps/web patched (dry run)"
    assert session.sim.get("Deployment", "default", "web").spec["replicas"] == 2


def test_set_selector_replaces_a_services_selector_and_its_endpoints_follow(session):
    """set_selector.go: the last argument is the selector; only a Service takes one, with equality terms only."""
    assert session.run("kubectl set selector service web app=other").output == "service/web selector updated"
    session.run("sim wait 1s")
    assert session.sim.get("Service", "default", "web").spec["selector"] == {"app": "other"}
    assert not session.sim.get("Endpoints", "default", "web").body.get("subsets")
    assert session.run("kubectl set selector svc/web app=web").ok
    session.run("sim wait 1s")
    assert len(session.sim.get("Endpoints", "default", "web").body["subsets"][0]["addresses"]) == 2
    assert session.run("kubectl set selector svc/web app=x --dry-run=client").output == \
        "service/web selector updated (dry run)"
    assert session.sim.get("Service", "default", "web").spec["selector"] == {"app": "web"}


@pytest.mark.parametrize(("line", "words"), [
    ("kubectl set selector", "error: one selector is required"),
    ("kubectl set selector deployment web app=web", "error: setting a selector is only supported for Services"),
    ("kubectl set selector svc web 'app=web,tier!=db'",
     "error: match expression [{tier NotIn [db]}] not supported on this object"),
    ("kubectl set selector svc web", "error: resource(s) were provided, but no name was specified"),
])
def test_set_selector_refuses_what_kubectl_refuses_and_changes_nothing(session, line, words):
    version = session.sim.store.resource_version
    result = session.run(line)
    assert (result.exit_code, result.output) == (1, words)
    assert session.sim.store.resource_version == version
