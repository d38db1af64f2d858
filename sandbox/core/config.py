"""Cluster settings: the knobs real Kubernetes exposes, with their real defaults."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ClusterConfig:
    """The cluster a simulation runs: its size, seed and Kubernetes settings (flags of the real components)."""

    seed: int = 0
    workers: int = 3
    node_cpu: str = "4"
    node_memory: str = "8Gi"
    max_pods: int = 110
    kubernetes_version: str = "v1.32.0"
    # False: nodes and namespaces only (no control-plane pods, kube-proxy, coredns)
    system_workloads: bool = True
    # kube-controller-manager --node-monitor-grace-period (50 s since 1.32)
    node_monitor_grace_period: float = 50.0
    # kubelet lease renew interval (nodeLeaseDurationSeconds 40 / 4 ~= 10 s)
    heartbeat_period: float = 10.0
    # DefaultTolerationSeconds admission plugin
    default_toleration_seconds: int = 300
    # --node-eviction-rate (nodes per second whose pods may be evicted)
    node_eviction_rate: float = 0.1
    secondary_node_eviction_rate: float = 0.01
    unhealthy_zone_threshold: float = 0.55
    large_cluster_size_threshold: int = 50
    # Pod termination grace period default (spec.terminationGracePeriodSeconds)
    termination_grace_period: int = 30
    # The most pods the sandbox holds, enforced like a ResourceQuota (quota.py; `--max-pods`). Real
    # Kubernetes supports up to 150,000 pods per cluster (kubernetes.io, "Considerations for large
    # clusters"); the default leaves room above that for terminating pods and DaemonSets.
    pod_limit: int = 200_000
    # Safety cap for settle(): simulated seconds
    settle_limit: float = 3600.0
