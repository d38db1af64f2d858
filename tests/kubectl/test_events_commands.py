"""`kubectl get events` (the API server's Event table, k/k pkg/printers/internalversion/printers.go
printEvent) and `kubectl events` (kubectl pkg/cmd/events)."""

import pytest

from sandbox.kubectl import Session
from tests.builders import fails, run_ok


@pytest.fixture
def web() -> Session:
    session = Session(seed=0)
    run_ok(session, "kubectl create deployment web --image=nginx:1.25")
    run_ok(session, "sim wait 10s")
    return session


def test_get_events_filters_on_the_fields_the_api_server_allows(web):
    """AddFieldLabelConversionsForEvent: involvedObject.*, reason, source, type, metadata.*."""
    pods = run_ok(web, "kubectl get events --field-selector involvedObject.kind=Pod").splitlines()[1:]
    assert pods and all(" pod/web-" in line for line in pods)
    scheduled = run_ok(web, "kubectl get events --field-selector reason=Scheduled,source=default-scheduler")
    assert len(scheduled.splitlines()) == 2 and "Scheduled" in scheduled
    assert run_ok(web, "kubectl get events --field-selector type=Warning") == "No resources found in default namespace."
    assert fails(web, "kubectl get events --field-selector foo=bar") == (
        'Error from server (BadRequest): Unable to find "/v1, Resource=events" that match label selector "", '
        'field selector "foo=bar": field label not supported: foo')


def test_get_events_wide_adds_kubectls_columns(web):
    """printEvent with options.Wide: SUBOBJECT, SOURCE (component, host), FIRST SEEN, COUNT, NAME."""
    lines = run_ok(web, "kubectl get events -o wide --field-selector reason=Pulling").splitlines()
    assert lines[0].split() == ["LAST", "SEEN", "TYPE", "REASON", "OBJECT", "SUBOBJECT", "SOURCE", "MESSAGE",
                                "FIRST", "SEEN", "COUNT", "NAME"]
    node = web.sim.list("Pod", "default")[0].spec["nodeName"]
    assert f"kubelet, {node}" in lines[1]
    name = lines[1].split()[-1]
    assert name.startswith("web-") and "." in name
    assert run_ok(web, f"kubectl get events {name} -o jsonpath={{.reason}}") == "Pulling"


def test_get_has_no_for_flag(web):
    """`--for` belongs to `kubectl events`; kubectl 1.32.4 rejects it on get."""
    assert fails(web, "kubectl get events --for pod/x") == \
        "Error: unknown flag: --for\nSee 'kubectl get --help' for usage."


def test_kubectl_events_prints_its_own_table(web):
    """EventPrinter: LAST SEEN, TYPE, REASON, OBJECT as Kind/name, MESSAGE; --for and --types filter."""
    out = run_ok(web, "kubectl events --for deploy/web").splitlines()
    assert out[0].split() == ["LAST", "SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]
    assert out[1].split()[2:4] == ["ScalingReplicaSet", "Deployment/web"]
    assert run_ok(web, "kubectl events --types=Warning") == "No events found in default namespace."
    assert fails(web, "kubectl events --types=Bogus") == "error: valid --types are Normal or Warning"
    assert fails(web, "kubectl events --for web") == "error: --for must be in resource/name form"
    nodes = run_ok(web, "kubectl events -A --types=normal --for node/node-1").splitlines()
    assert nodes[0].startswith("NAMESPACE   LAST SEEN") and all("Node/node-1" in line for line in nodes[1:])


def test_kubectl_events_shows_repeats_as_x_over(web):
    """getInterval: `LAST (xN over FIRST)` for an Event seen N times."""
    run_ok(web, "kubectl set image deployment/web nginx=nginx:9.99-does-not-exist")
    run_ok(web, "sim wait 3m")
    backoff = [line for line in run_ok(web, "kubectl events --types=Warning").splitlines() if "BackOff" in line]
    assert backoff and " (x" in backoff[0] and " over " in backoff[0]
