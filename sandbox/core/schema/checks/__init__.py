"""Value validation per kind: the subset of k/k pkg/apis/*/validation the sandbox enforces, a module
per API group or two.

Runs on a decoded, defaulted copy of the manifest (the API server validates
after defaulting), so every value has the type the schema promised.
Field paths, messages and order follow the upstream validators.
"""

from __future__ import annotations

from collections.abc import Callable

from ..fielderrors import FieldErrors, dns1035_label, dns1123_label, dns1123_subdomain
from .cluster import check_config_data, check_hpa, check_node, check_nothing, check_pdb
from .common import Obj, check_metadata
from .network import check_ingress, check_network_policy, check_service
from .pods import check_pod
from .workloads import check_cronjob, check_daemonset, check_deployment, check_job, check_replicaset, check_statefulset

__all__ = ["RULES", "check_metadata"]

# kind -> (name rule, value checks)
RULES: dict[str, tuple[Callable[[str], list[str]], Callable[[FieldErrors, Obj], None]]] = {
    "Pod": (dns1123_subdomain, check_pod),
    "Service": (dns1035_label, check_service),
    "Namespace": (dns1123_label, check_nothing),
    "Node": (dns1123_subdomain, check_node),
    "ConfigMap": (dns1123_subdomain, check_config_data),
    "Secret": (dns1123_subdomain, check_config_data),
    "Endpoints": (dns1123_subdomain, check_nothing),
    "Event": (dns1123_subdomain, check_nothing),
    "Deployment": (dns1123_subdomain, check_deployment),
    "ReplicaSet": (dns1123_subdomain, check_replicaset),
    "DaemonSet": (dns1123_subdomain, check_daemonset),
    "StatefulSet": (dns1123_subdomain, check_statefulset),
    "Job": (dns1123_subdomain, check_job),
    "CronJob": (dns1123_subdomain, check_cronjob),
    "Ingress": (dns1123_subdomain, check_ingress),
    "IngressClass": (dns1123_subdomain, check_nothing),
    "NetworkPolicy": (dns1123_subdomain, check_network_policy),
    "EndpointSlice": (dns1123_subdomain, check_nothing),
    "PodDisruptionBudget": (dns1123_subdomain, check_pdb),
    "HorizontalPodAutoscaler": (dns1123_subdomain, check_hpa),
    "VirtualService": (dns1123_subdomain, check_nothing),
    "DestinationRule": (dns1123_subdomain, check_nothing),
}
