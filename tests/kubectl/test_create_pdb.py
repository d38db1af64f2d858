"""`kubectl create poddisruptionbudget|pdb` (k/k staging/src/k8s.io/kubectl/pkg/cmd/create/create_pdb.go:
Validate's checks and words; the selector through apimachinery's metav1.ParseToLabelSelector), and the
budget it creates refusing an eviction (k/k pkg/registry/core/pod/storage/eviction.go)."""

from __future__ import annotations

import pytest

from tests.builders import fails, run_ok

STATUS = "status:\n  currentHealthy: 0\n  desiredHealthy: 0\n  disruptionsAllowed: 0\n  expectedPods: 0"

# What the kubectl 1.32.4 client prints for these lines (client-side dry runs need no server).
KUBECTL_1_32 = {
    "kubectl create pdb web --selector=app=web --min-available=3 --dry-run=client -o yaml":
        "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  creationTimestamp: null\n  name: web\n"
        "spec:\n  minAvailable: 3\n  selector:\n    matchLabels:\n      app: web\n" + STATUS,
    "kubectl create poddisruptionbudget web --selector='tier in (b,a),!old,z==1' --max-unavailable=50% "
    "--dry-run=client -o yaml":
        "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  creationTimestamp: null\n  name: web\n"
        "spec:\n  maxUnavailable: 50%\n  selector:\n    matchExpressions:\n    - key: old\n"
        "      operator: DoesNotExist\n    - key: tier\n      operator: In\n      values:\n      - a\n      - b\n"
        "    matchLabels:\n      z: \"1\"\n" + STATUS,
}


@pytest.mark.parametrize("line", list(KUBECTL_1_32))
def test_the_generator_prints_what_kubectl_1_32_prints(session, line):
    assert run_ok(session, line).rstrip("\n") == KUBECTL_1_32[line]


@pytest.mark.parametrize("line, message", [
    ("kubectl create pdb web --selector=app=web", "error: one of min-available or max-unavailable must be specified"),
    ("kubectl create pdb web --min-available=1", "error: a selector must be specified"),
    ("kubectl create pdb web --selector=app=web --min-available=1 --max-unavailable=1",
     "error: min-available and max-unavailable cannot be both specified"),
    ("kubectl create pdb web --selector=app=web --min-available=10GB", "error: invalid format specified for "
                                                                       "min-available"),
    ("kubectl create pdb web --selector=app=web --max-unavailable=-1", "error: invalid format specified for "
                                                                       "max-unavailable"),
    ("kubectl create pdb web --selector=app!=web --min-available=1",
     'error: "!=" is not a valid label selector operator'),
    ("kubectl create pdb a b --selector=app=web --min-available=1",
     "error: exactly one NAME is required, got 2\nSee 'kubectl create poddisruptionbudget -h' for help and examples"),
])
def test_bad_lines_are_refused_as_kubectl_refuses_them(session, line, message):
    assert fails(session, line).rstrip("\n") == message
    assert session.sim.list("PodDisruptionBudget", "default") == []


def test_an_unparsable_selector_is_named(session):
    assert fails(session, "kubectl create pdb web --selector='app in (a' --min-available=1").startswith(
        'error: couldn\'t parse the selector string "app in (a": ')


def test_the_budget_it_creates_refuses_an_eviction_until_there_is_room(session):
    run_ok(session, "kubectl create deployment web --image=nginx:1.24 --replicas=3")
    run_ok(session, "sim wait 30s")
    assert run_ok(session, "kubectl create pdb web --selector=app=web --min-available=3") == \
        "poddisruptionbudget.policy/web created"
    run_ok(session, "sim wait 2s")
    assert "3               N/A               0" in run_ok(session, "kubectl get pdb web")
    node = run_ok(session, "kubectl get pods -l app=web -o jsonpath='{.items[0].spec.nodeName}'").strip()
    out = fails(session, f"kubectl drain {node} --ignore-daemonsets")
    assert "(will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget." in out
    run_ok(session, "kubectl scale deployment web --replicas=4")
    run_ok(session, "sim wait 30s")
    assert run_ok(session, f"kubectl drain {node} --ignore-daemonsets").endswith(f"node/{node} drained")
    on_node = run_ok(session, f"kubectl get pods -l app=web --field-selector spec.nodeName={node} -o name")
    assert on_node == ""


def test_create_from_files_keeps_the_documents_the_selector_matches(session, tmp_path):
    """`create` takes --selector for pdb; with -f it filters documents, as kubectl's resource builder does."""
    path = tmp_path / "two.yaml"
    path.write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, labels: {keep: 'yes'}}\n---\n"
                    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n")
    assert run_ok(session, f"kubectl create -f {path} -l keep=yes") == "configmap/a created"
    assert session.sim.try_get("ConfigMap", "default", "b") is None
