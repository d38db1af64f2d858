"""A machine joining the cluster: the Node object its kubelet registers, as kind's nodes look."""

from __future__ import annotations

from typing import Any

from .config import ClusterConfig
from .objects import CONTROL_PLANE_TAINT, KObject, ObjectMeta

CONTROL_PLANE = "control-plane"


def node_ip(index: int) -> str:
    """kind's node network: 172.18.0.2 for the control plane, then upward."""
    n = index + 2
    return f"172.18.{n // 256}.{n % 256}"


def pod_cidr(index: int) -> str:
    """Per-node pod range: 10.244.N.0/24 (kubeadm's default cluster CIDR), then 100.64.0.0/10 past 256 nodes."""
    if index < 256:
        return f"10.244.{index}.0/24"
    n = index - 256
    return f"100.{64 + n // 256}.{n % 256}.0/24"


def node_object(name: str, index: int, config: ClusterConfig, *, control_plane: bool = False,
                cpu: str | None = None, memory: str | None = None) -> KObject:
    labels = {
        "beta.kubernetes.io/arch": "amd64",
        "beta.kubernetes.io/os": "linux",
        "kubernetes.io/arch": "amd64",
        "kubernetes.io/hostname": name,
        "kubernetes.io/os": "linux",
    }
    spec: dict[str, Any] = {"podCIDR": pod_cidr(index), "podCIDRs": [pod_cidr(index)],
                            "providerID": f"kind://docker/kind/{name}"}
    if control_plane:
        labels["node-role.kubernetes.io/control-plane"] = ""
        labels["node.kubernetes.io/exclude-from-external-load-balancers"] = ""
        spec["taints"] = [{"effect": "NoSchedule", "key": CONTROL_PLANE_TAINT}]
    resources = {"cpu": cpu or config.node_cpu, "ephemeral-storage": "100Gi", "hugepages-2Mi": "0",
                 "memory": memory or config.node_memory, "pods": str(config.max_pods)}
    status = {
        "addresses": [{"address": node_ip(index), "type": "InternalIP"}, {"address": name, "type": "Hostname"}],
        "allocatable": dict(resources),
        "capacity": dict(resources),
        "conditions": [],
        "daemonEndpoints": {"kubeletEndpoint": {"Port": 10250}},
        "nodeInfo": {
            "architecture": "amd64", "containerRuntimeVersion": "containerd://1.7.24",
            "kernelVersion": "6.8.0-sandbox", "kubeProxyVersion": config.kubernetes_version,
            "kubeletVersion": config.kubernetes_version, "operatingSystem": "linux",
            "osImage": "Debian GNU/Linux 12 (bookworm)",
        },
    }
    return KObject("Node", ObjectMeta(name, labels=labels,
                                      annotations={"kubeadm.alpha.kubernetes.io/cri-socket":
                                                   "unix:///run/containerd/containerd.sock"}),
                   spec, status)
