"""`sim trace`, `sim examples`, `sim images`, kubectl exec's exit-code line, namespaces and the Ingress note.

Upstream for the exec line: client-go tools/remotecommand (v4 error decoder: CodeExitError
"command terminated with exit code %d") printed by kubectl's cmdutil.CheckErr on stderr,
whatever curl itself printed. The Ingress note is the sandbox's own (real kubectl shows nothing).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sandbox.core.config import ClusterConfig
from sandbox.kubectl import Session
from sandbox.kubectl.apps import scenario
from sandbox.kubectl.commands.sim_views import example_names
from tests.builders import fails, run_ok

EXAMPLES = Path(__file__).resolve().parents[2] / "assets" / "examples"


@pytest.fixture
def denied() -> Session:
    """web behind a default-deny-ingress policy, and a curl client pod."""
    session = Session(seed=0)
    run_ok(session, "kubectl create deployment web --image=nginx:1.25 --replicas=2")
    run_ok(session, "kubectl expose deployment web --port 80")
    run_ok(session, "kubectl create deployment client --image=curlimages/curl:8.11.1 -- sleep 3600")
    run_ok(session, "kubectl apply -f -", stdin=(EXAMPLES / "deny-ingress.yaml").read_text())
    run_ok(session, "sim wait 20s")
    return session


def client(session: Session) -> str:
    return next(p.name for p in session.sim.list("Pod", "default") if p.name.startswith("client-"))


def test_exec_reports_the_remote_exit_code_even_when_curl_is_silent(denied):
    result = denied.run(f"kubectl exec {client(denied)} -- curl -s http://web")
    assert result.output == "command terminated with exit code 28" and result.exit_code == 28
    loud = denied.run(f"kubectl exec {client(denied)} -- curl http://web")
    assert loud.output == ("curl: (28) Connection timed out after 10001 milliseconds\n"
                           "command terminated with exit code 28")


def test_sim_trace_shows_each_hop_and_names_the_policy_that_dropped_the_request(denied):
    assert run_ok(denied, "sim trace").startswith("no request yet")
    denied.run(f"kubectl exec {client(denied)} -- curl -s http://web")
    lines = run_ok(denied, "sim trace").splitlines()
    assert lines[0] == f"the last request: curl -s http://web   from pod default/{client(denied)}"
    marks = [line.split()[1] for line in lines if line[:2].strip().isdigit()]
    kinds = [line.split()[2] for line in lines if line[:2].strip().isdigit()]
    assert kinds == ["client", "dns", "service", "pod"] and marks == ["·", "✓", "·", "✗"]
    assert any("DENIED by networkpolicy default-deny-ingress (ingress)" in line for line in lines)
    assert lines[-1] == "result: curl: (28) Connection timed out after 10001 milliseconds"


def test_the_trace_of_an_allowed_request_ends_with_the_answer(denied):
    run_ok(denied, "kubectl delete networkpolicy default-deny-ingress")
    run_ok(denied, f"kubectl exec {client(denied)} -- curl -s http://web")
    text = run_ok(denied, "sim trace")
    assert "DENIED" not in text and "✗" not in text
    assert text.splitlines()[-1].startswith("result: answered HTTP 200 from pod default/web-")


def test_sim_examples_lists_the_gallery_and_prints_one(session):
    listing = run_ok(session, "sim examples")
    assert example_names() == ["deployment", "service", "ingress", "deny-ingress", "deny-egress", "allow-port",
                               "virtualservice"]
    for name in example_names():
        assert f"\n{name} " in listing
    assert run_ok(session, "sim examples allow-port") == (EXAMPLES / "allow-port.yaml").read_text().rstrip("\n")
    assert "edit" not in session.run("sim examples allow-port").data  # headless: printed, no editor
    assert fails(session, "sim examples nope").startswith('error: no example named "nope"')
    session.editor = True
    request = session.run("sim examples deployment").data["edit"]
    assert request.mode == "apply" and request.text == (EXAMPLES / "deployment.yaml").read_text()


@pytest.mark.parametrize("name", ["deployment", "service", "ingress", "deny-ingress", "deny-egress", "allow-port",
                                  "virtualservice"])
def test_every_example_applies_as_it_is(name):
    session = Session(scenario=scenario(ClusterConfig(seed=0), "shop"))  # the VirtualService splits the shop's
    output = run_ok(session, "kubectl apply -f -", stdin=(EXAMPLES / f"{name}.yaml").read_text())
    assert output.endswith(" created")


def test_sim_images_lists_the_catalogue_with_what_each_image_does(session):
    text = run_ok(session, "sim images")
    assert text.splitlines()[0].split() == ["IMAGE", "PORTS", "WHAT", "IT", "DOES"]
    for image in ("curlimages/curl:8.11.1", "busybox:1.36", "busybox:latest", "httpd:2.4", "redis:7.4",
                  "postgres:16", "python:3.12", "hashicorp/http-echo:1.0",
                  "registry.k8s.io/e2e-test-images/agnhost:2.52"):
        assert f"\n{image} " in text
    assert "answers its -text argument on :5678" in text


def test_play_with_the_shop_starts_in_its_namespace():
    session = Session(scenario=scenario(ClusterConfig(seed=0), "shop"))
    assert session.namespace == "shop"
    assert "webserver-v1" in run_ok(session, "kubectl get deployments")
    session.reset()
    assert session.namespace == "shop"


def test_use_namespace_runs_the_kubectl_line_that_switches(session):
    result = session.use_namespace("kube-system", key="N")
    assert result.line == "kubectl config set-context --current --namespace=kube-system"
    assert result.source == "key" and result.key == "N"


def test_describe_ingress_adds_a_sandbox_note_while_no_controller_serves_it(session):
    run_ok(session, "kubectl apply -f -", stdin=(EXAMPLES / "ingress.yaml").read_text())
    text = run_ok(session, "kubectl describe ingress web")
    assert "\n\n[sandbox note — not kubectl output] No ingress controller serves this Ingress: its class " \
           '"nginx" does not exist' in text
    run_ok(session, "sim addons enable ingress-nginx")
    text = run_ok(session, "kubectl describe ingress web")
    assert 'no k8s.io/ingress-nginx controller pod for its class "nginx" is Ready' in text
    run_ok(session, "sim wait 1m")
    assert "sandbox note" not in run_ok(session, "kubectl describe ingress web")
