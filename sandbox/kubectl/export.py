"""`sim export DIR`: the user's workloads as clean manifests a real cluster accepts.

Server-set fields (status, uid, resourceVersion, creationTimestamp, generation,
ownerReferences, allocated cluster IPs and node ports, revision annotations) are
removed, as they would be for `kubectl apply` on a fresh kind or minikube cluster.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..core.controllers.rootcacert import NAME as ROOT_CA_CONFIGMAP
from ..core.objects import REVISION_ANNOTATION, KObject
from ..core.simulation import Simulation
from .printers.output import to_yaml

EXPORTED_KINDS = ("ConfigMap", "Deployment", "DaemonSet", "Service", "Ingress", "NetworkPolicy",
                  "PodDisruptionBudget")
SYSTEM_NAMESPACES = ("kube-node-lease", "kube-public", "kube-system")
SERVER_METADATA = ("creationTimestamp", "generation", "managedFields", "ownerReferences", "resourceVersion", "uid",
                   "deletionTimestamp", "deletionGracePeriodSeconds")
SERVER_ANNOTATIONS = (REVISION_ANNOTATION, "kubectl.kubernetes.io/last-applied-configuration")


def user_objects(sim: Simulation) -> list[KObject]:
    objects = []
    for kind in EXPORTED_KINDS:
        for obj in sim.list(kind):
            if obj.namespace in SYSTEM_NAMESPACES or obj.metadata.owner_references:
                continue
            if kind == "Service" and obj.namespace == "default" and obj.name == "kubernetes":
                continue
            if kind == "ConfigMap" and obj.name == ROOT_CA_CONFIGMAP:  # every cluster publishes its own
                continue
            objects.append(obj)
    return sorted(objects, key=lambda o: (o.namespace, o.kind, o.name))


def clean(obj: KObject) -> dict[str, Any]:
    data = obj.to_dict()
    data.pop("status", None)
    meta = data["metadata"]
    for key in SERVER_METADATA:
        meta.pop(key, None)
    annotations = {k: v for k, v in meta.pop("annotations", {}).items() if k not in SERVER_ANNOTATIONS}
    if annotations:
        meta["annotations"] = annotations
    if obj.kind == "Service":
        _clean_service(data["spec"])
    return data


def _clean_service(spec: dict[str, Any]) -> None:
    """Cluster IPs and node ports are allocated by the cluster the manifest lands on."""
    spec.pop("clusterIP", None)
    spec.pop("clusterIPs", None)
    for port in spec.get("ports") or []:
        port.pop("nodePort", None)


def export_workloads(sim: Simulation, folder: Path) -> list[Path]:
    objects = user_objects(sim)
    if not objects:
        return []
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    namespaces = sorted({o.namespace for o in objects if o.namespace not in ("default",)})
    if namespaces:
        docs = [{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}} for ns in namespaces]
        files.append(_write(folder / "00-namespaces.yaml", "\n---\n".join(to_yaml(d) for d in docs)))
    for obj in objects:
        name = f"{obj.namespace}--{obj.kind.lower()}-{obj.name}.yaml"
        files.append(_write(folder / name, to_yaml(clean(obj))))
    return files


def _write(path: Path, text: str) -> Path:
    path.write_text(text + "\n", encoding="utf-8")
    return path
