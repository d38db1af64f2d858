"""Every manifest the project ships passes the real Kubernetes schemas (built-in kinds).

The YAML under assets/, lessons/ and tests/transcripts/, and the manifests the
code itself installs (the kubeadm-style system workloads and every addon).
Istio's kinds are custom resources with no schema in kubernetes-validate.
"""

from __future__ import annotations

from pathlib import Path

import kubernetes_validate
import pytest
import yaml

from sandbox.core.config import ClusterConfig
from sandbox.core.scenario import addons
from sandbox.core.scenario import kubeadm as cluster

ROOT = Path(__file__).resolve().parents[1]
CUSTOM_GROUPS = ("networking.istio.io/",)


def shipped_yaml() -> list[tuple[str, dict]]:
    docs = []
    for folder in ("assets", "lessons", "tests/transcripts"):
        for path in sorted((ROOT / folder).rglob("*.y*ml")):
            if path.parent == ROOT / "lessons":
                continue  # lesson files themselves; the manifests they use live in sub-folders
            for i, doc in enumerate(yaml.safe_load_all(path.read_text())):
                if doc:
                    docs.append((f"{path.relative_to(ROOT)}#{i}", doc))
    return docs


def code_manifests() -> list[tuple[str, dict]]:
    docs = [cluster.kube_proxy_manifest(ClusterConfig()), *cluster.coredns_manifests(), cluster.kubernetes_service(),
            *cluster.kubeadm_configmaps()]
    for addon in addons.ADDONS.values():
        docs.extend(addon.manifests)
    return [(f"{d['kind']}/{d['metadata']['name']}", d) for d in docs]


ALL = [(label, doc) for label, doc in shipped_yaml() + code_manifests()
       if not doc.get("apiVersion", "").startswith(CUSTOM_GROUPS)]


def test_there_are_manifests_to_check():
    assert len(shipped_yaml()) >= 5 and len(code_manifests()) >= 8


@pytest.mark.parametrize("doc", [doc for _, doc in ALL], ids=[label for label, _ in ALL])
def test_manifest_passes_kubernetes_schema(doc):
    kubernetes_validate.validate(doc, "1.32", strict=True)
