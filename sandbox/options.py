"""Command-line options that `play` and `run` share."""

from __future__ import annotations

import argparse

# Room for the control plane's own pods (kubeadm's static pods, coredns, kube-proxy).
MIN_POD_LIMIT = 10
MAX_POD_LIMIT = 10_000_000
# Kubernetes supports clusters of up to 5,000 nodes (kubernetes.io, "Considerations for large clusters").
MAX_NODES = 5000


def add_max_pods_argument(parser: argparse.ArgumentParser) -> None:
    from .core.config import ClusterConfig

    default = ClusterConfig.pod_limit
    parser.add_argument("--max-pods", type=pod_limit, default=default, metavar="N",
                        help="the most pods the sandbox holds, like a cluster-wide ResourceQuota "
                             f"(default {default:,})")


def node_count(text: str) -> int:
    return _bounded(text, 1, MAX_NODES)


def port_number(text: str) -> int:
    return _bounded(text, 1, 65535)


def pod_limit(text: str) -> int:
    return _bounded(text, MIN_POD_LIMIT, MAX_POD_LIMIT)


def _bounded(text: str, low: int, high: int) -> int:
    """A decimal whole number within [low, high]; checked by length first, so 5,000 digits cost nothing."""
    digits = text.lstrip("0") or "0"
    if not (text.isascii() and text.isdigit()) or len(digits) > len(str(high)) or not low <= int(digits) <= high:
        raise argparse.ArgumentTypeError(f"must be a whole number from {low:,} to {high:,}")
    return int(digits)
