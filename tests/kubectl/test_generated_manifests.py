"""What `kubectl create` generators send skips strict decoding, and may, because decoding it cannot fail.

kubectl's generators build a typed Go object (staging/src/k8s.io/kubectl/pkg/cmd/create/create_deployment.go,
create_service.go, create_ingress.go, create_configmap.go, create_secret.go, create_pdb.go) and the API
server's strict decoding of what it sends always succeeds. The sandbox's generators build plain dicts, so
validation.validate_manifest(generated=True) skips pydantic's decoding (most of the cost of a first
`kubectl create`) only while the manifest holds nothing decoding could refuse; these tests decode every
generator's output for real, and check that a number decoding refuses still gets the server's words.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from sandbox.core import validation
from sandbox.core.decoding import decode
from sandbox.core.schema import KINDS
from sandbox.kubectl import Session
from tests.builders import run_ok

GENERATOR_LINES = [
    "kubectl create deployment web --image=nginx:1.25 --replicas=3 --port=8080",
    "kubectl create deployment two --image=nginx:1.25 --image=busybox:1.36",
    "kubectl create deployment sleeper --image=busybox:1.36 -- sleep 3600",
    "kubectl create namespace team",
    "kubectl create service clusterip api --tcp=80:8080 --tcp=443:https",
    "kubectl create service nodeport front --tcp=80:80 --node-port=30080",
    "kubectl create service loadbalancer edge --tcp=443",
    "kubectl create ingress site --class=nginx --rule=example.com/=web:80 --rule=example.com/api*=api:http,tls=cert",
    "kubectl create configmap settings --from-literal=mode=fast --from-literal=retries=3 --from-file={file}",
    "kubectl create secret generic creds --from-literal=user=admin --from-file={file}",
    "kubectl create pdb web-pdb --selector=app=web --min-available=2",
    "kubectl create pdb web-budget --selector=app=web --max-unavailable=50%",
]


@pytest.fixture
def generated(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Every manifest validated as a generator's output, as it was before validation."""
    seen: list[dict[str, Any]] = []
    real = validation.validate_manifest

    def recording(manifest: dict[str, Any], *, generated: bool = False) -> None:
        if generated:
            seen.append(copy.deepcopy(manifest))
        real(manifest, generated=generated)

    monkeypatch.setattr(validation, "validate_manifest", recording)
    return seen


def test_every_generators_output_passes_strict_decoding_unchanged(generated, tmp_path: Path):
    file = tmp_path / "data.txt"
    file.write_text("some text\n")
    session = Session(seed=0)
    for line in GENERATOR_LINES:
        before = len(generated)
        run_ok(session, line.format(file=file))
        assert len(generated) > before, f"{line!r} did not validate as a generator's output"
    kinds = set()
    for manifest in generated:
        decoded = copy.deepcopy(manifest)
        kind = manifest["kind"]
        decode(decoded, KINDS[kind], f"{kind}: ", manifest["metadata"]["name"])  # raises an ApiError if refused
        assert decoded == manifest  # and drops no null: skipping it changes nothing
        kinds.add(kind)
    assert kinds == {"Deployment", "Namespace", "Service", "Ingress", "ConfigMap", "Secret", "PodDisruptionBudget"}


@pytest.mark.parametrize(("line", "message"), [
    ("kubectl create deployment big --image=nginx --replicas=3000000000",
     'error: failed to create deployment: Deployment in version "v1" cannot be handled as a Deployment: json: '
     "cannot unmarshal number 3000000000 into Go struct field DeploymentSpec.spec.replicas of type int32"),
    ("kubectl create service nodeport far --tcp=80 --node-port=99999999999",
     'error: failed to create NodePort service: Service in version "v1" cannot be handled as a Service: json: '
     "cannot unmarshal number 99999999999 into Go struct field ServicePort.spec.ports.nodePort of type int32"),
])
def test_a_generated_number_out_of_int32_range_is_still_the_servers_decoding_error(line: str, message: str):
    """k8s.io/apimachinery json decoding: an int32 field refuses a larger number (UnmarshalTypeError)."""
    session = Session(seed=0)
    result = session.run(line)
    assert not result.ok
    assert result.output == message
