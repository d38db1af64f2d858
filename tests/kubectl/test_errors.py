"""Messages worded as kubectl words them, checked against the kubectl 1.32.4 client and the API server's errors."""

from tests.builders import fails, run_ok

WEB = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: {replicas}
  selector:
    matchLabels: {{app: web}}
  template:
    metadata:
      labels: {{app: web}}
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
"""


def test_apply_reports_created_configured_unchanged(session):
    assert run_ok(session, "kubectl apply -f -", WEB.format(replicas=2)) == "deployment.apps/web created"
    assert run_ok(session, "kubectl apply -f -", WEB.format(replicas=2)) == "deployment.apps/web unchanged"
    assert run_ok(session, "kubectl apply -f -", WEB.format(replicas=3)) == "deployment.apps/web configured"


def test_scale_reports_scaled(session):
    run_ok(session, "kubectl create deployment web --image=nginx:1.25")
    assert run_ok(session, "kubectl scale deployment web --replicas=3") == "deployment.apps/web scaled"


def test_delete_uses_kubectl_132_wording(session):
    run_ok(session, "kubectl create deployment web --image=nginx:1.25")
    assert run_ok(session, "kubectl delete deployment web") == 'deployment.apps "web" deleted'


def test_not_found_names_the_group_qualified_resource(session):
    assert fails(session, "kubectl get deployment web") == \
        'Error from server (NotFound): deployments.apps "web" not found'
    assert fails(session, "kubectl get pod nope") == 'Error from server (NotFound): pods "nope" not found'


def test_already_exists_from_create_file_and_generators(session):
    run_ok(session, "kubectl create -f -", WEB.format(replicas=1))
    assert fails(session, "kubectl create -f -", WEB.format(replicas=1)) == \
        'Error from server (AlreadyExists): error when creating "STDIN": deployments.apps "web" already exists'
    assert fails(session, "kubectl create deployment web --image=nginx") == \
        'error: failed to create deployment: deployments.apps "web" already exists'
    assert fails(session, "kubectl create namespace default") == \
        'Error from server (AlreadyExists): namespaces "default" already exists'


def test_unknown_resource_type(session):
    assert fails(session, "kubectl get flurbs") == 'error: the server doesn\'t have a resource type "flurbs"'


def test_unknown_command_suggests_the_nearest_in_kubectl_order(session):
    assert fails(session, "kubectl gett pods") == \
        'Error: unknown command "gett" for "kubectl"\n\nDid you mean this?\n\tset\n\tget\n'
    assert fails(session, "kubectl describ pods") == \
        'Error: unknown command "describ" for "kubectl"\n\nDid you mean this?\n\tdescribe\n'
    assert fails(session, "kubectl frobnicate") == 'Error: unknown command "frobnicate" for "kubectl"'


def test_unknown_flags_long_and_short(session):
    assert fails(session, "kubectl get pods --foo") == "Error: unknown flag: --foo\nSee 'kubectl get --help' for usage."
    assert fails(session, "kubectl get pods -z") == \
        "Error: unknown shorthand flag: 'z' in -z\nSee 'kubectl get --help' for usage."
    assert fails(session, "kubectl get pods -n") == \
        "Error: flag needs an argument: 'n' in -n\nSee 'kubectl get --help' for usage."


def test_bad_flag_values_quote_go_parse_errors(session):
    assert fails(session, "kubectl scale deploy web --replicas=abc") == (
        'Error: invalid argument "abc" for "--replicas" flag: strconv.ParseInt: parsing "abc": invalid syntax\n'
        "See 'kubectl scale --help' for usage.")
    assert "value out of range" in fails(session, "kubectl scale deploy web --replicas=99999999999999999999")
    assert fails(session, "kubectl scale deploy web") == 'error: required flag(s) "replicas" not set'


def test_strict_decoding_names_the_unknown_field(session):
    manifest = WEB.format(replicas=2).replace("replicas:", "replica:")
    out = fails(session, "kubectl apply -f -", manifest)
    assert out.startswith('Error from server (BadRequest): error when creating "STDIN": ')
    assert 'unknown field "spec.replica"' in out


def test_group_commands_reject_unknown_subcommands(session):
    assert fails(session, "kubectl rollout foo deploy/web") == \
        "error: unknown command \"foo\"\nSee 'kubectl rollout -h' for help and examples"
    assert fails(session, "kubectl create foo") == \
        "error: Unexpected args: [foo]\nSee 'kubectl create -h' for help and examples"


def test_get_without_type_explains_what_is_missing(session):
    assert fails(session, "kubectl get").startswith('You must specify the type of resource to get. Use "kubectl '
                                                    'api-resources" for a complete list of supported resources.')


def test_resource_name_form_cannot_mix_with_type(session):
    assert fails(session, "kubectl get pods pod/x").startswith(
        "error: there is no need to specify a resource type as a separate argument")


def test_failed_commands_leave_the_store_unchanged(session):
    store, audit = session.sim.store, session.sim.audit
    before = (store.resource_version, len(audit))
    for line in ("kubectl gett pods", "kubectl delete ns kube-system", "kubectl scale deploy nope --replicas=2",
                 "kubectl get flurbs", "kubectl apply -f missing.yaml", 'kubectl get "pods'):
        fails(session, line)
    assert (store.resource_version, len(audit)) == before


def test_a_bad_document_in_a_stream_applies_nothing(session):
    stream = WEB.format(replicas=1) + "---\n" + WEB.format(replicas=1).replace("name: web", "name: api", 1) \
        .replace("replicas:", "replica:")
    fails(session, "kubectl apply -f -", stream)
    assert session.sim.try_get("Deployment", "default", "web") is None
