"""The default cluster, as a fresh kubeadm (kind) cluster looks.

Node `control-plane` (tainted NoSchedule) and workers `node-1`…`node-N`;
kube-system holds the control-plane static pods, the kube-proxy DaemonSet and
a two-replica coredns Deployment, with the `coredns` and `kube-proxy` ConfigMaps
kubeadm writes for them; `default` holds the `kubernetes` Service. (The
`kube-root-ca.crt` ConfigMap of every namespace comes from a controller.)
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

from ..admission import object_from_manifest
from ..config import ClusterConfig
from ..naming import fnv32a, new_uid
from ..nodes import CONTROL_PLANE
from ..objects import (
    CONTROL_PLANE_TAINT,
    KObject,
    ObjectMeta,
    owner_reference,
    timestamp,
)

if TYPE_CHECKING:
    from ..simulation import Simulation

SYSTEM_NAMESPACES = ("default", "kube-node-lease", "kube-public", "kube-system")
STATIC_PODS = {
    "etcd": ("registry.k8s.io/etcd:3.5.16-0", "100m", "100Mi"),
    "kube-apiserver": ("registry.k8s.io/kube-apiserver:v1.32.0", "250m", None),
    "kube-controller-manager": ("registry.k8s.io/kube-controller-manager:v1.32.0", "200m", None),
    "kube-scheduler": ("registry.k8s.io/kube-scheduler:v1.32.0", "100m", None),
}


def static_pod(name: str, image: str, cpu: str, memory: str | None, node: KObject) -> KObject:
    """A mirror pod: the API's view of a static pod the kubelet runs from a file."""
    requests = {"cpu": cpu} | ({"memory": memory} if memory else {})
    component = name
    spec = {
        "containers": [{"name": name, "image": image, "imagePullPolicy": "IfNotPresent",
                        "resources": {"requests": requests}}],
        "hostNetwork": True, "nodeName": node.name, "priorityClassName": "system-node-critical",
        "restartPolicy": "Always", "schedulerName": "default-scheduler", "securityContext": {},
        "terminationGracePeriodSeconds": 30,
        "tolerations": [{"effect": "NoExecute", "operator": "Exists"}],
    }
    meta = ObjectMeta(f"{name}-{node.name}", "kube-system",
                      labels={"component": component, "tier": "control-plane"},
                      annotations=_mirror_annotations(name, image),
                      owner_references=[owner_reference(node)])
    return KObject("Pod", meta, spec, {"phase": "Pending"})


def _mirror_annotations(name: str, image: str) -> dict[str, str]:
    """The annotations a kubelet puts on a mirror pod; config.mirror marks it as one."""
    config_hash = f"{fnv32a(f'{name}:{image}'.encode()):08x}" * 4
    return {"kubernetes.io/config.hash": config_hash, "kubernetes.io/config.mirror": config_hash,
            "kubernetes.io/config.seen": timestamp(0), "kubernetes.io/config.source": "file"}


def kube_proxy_manifest(config: ClusterConfig) -> dict[str, Any]:
    labels = {"k8s-app": "kube-proxy"}
    return {
        "apiVersion": "apps/v1", "kind": "DaemonSet",
        "metadata": {"name": "kube-proxy", "namespace": "kube-system", "labels": labels},
        "spec": {
            "selector": {"matchLabels": labels},
            "template": {"metadata": {"labels": labels}, "spec": {
                "containers": [{"name": "kube-proxy",
                                "image": f"registry.k8s.io/kube-proxy:{config.kubernetes_version}"}],
                "hostNetwork": True, "priorityClassName": "system-node-critical",
                "nodeSelector": {"kubernetes.io/os": "linux"},
                "tolerations": [{"operator": "Exists"}],
            }},
        },
    }


def coredns_manifests() -> list[dict[str, Any]]:
    labels = {"k8s-app": "kube-dns"}
    deployment = {
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": "coredns", "namespace": "kube-system", "labels": labels},
        "spec": {
            "replicas": 2,
            "selector": {"matchLabels": labels},
            "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": 1}},
            "template": {"metadata": {"labels": labels}, "spec": {
                "containers": [{
                    "name": "coredns", "image": "registry.k8s.io/coredns/coredns:v1.11.3",
                    "ports": [{"containerPort": 53, "name": "dns", "protocol": "UDP"},
                              {"containerPort": 53, "name": "dns-tcp", "protocol": "TCP"},
                              {"containerPort": 9153, "name": "metrics", "protocol": "TCP"}],
                    "resources": {"limits": {"memory": "170Mi"}, "requests": {"cpu": "100m", "memory": "70Mi"}},
                }],
                "priorityClassName": "system-cluster-critical",
                "nodeSelector": {"kubernetes.io/os": "linux"},
                "tolerations": [{"key": "CriticalAddonsOnly", "operator": "Exists"},
                                {"effect": "NoSchedule", "key": CONTROL_PLANE_TAINT}],
            }},
        },
    }
    service = {
        "apiVersion": "v1", "kind": "Service",
        # kubeadm's CoreDNS Service; `kubectl cluster-info` lists Services labelled cluster-service=true
        "metadata": {"name": "kube-dns", "namespace": "kube-system",
                     "labels": {"k8s-app": "kube-dns", "kubernetes.io/cluster-service": "true",
                                "kubernetes.io/name": "CoreDNS"}},
        "spec": {"clusterIP": "10.96.0.10", "selector": labels, "ports": [
            {"name": "dns", "port": 53, "protocol": "UDP", "targetPort": 53},
            {"name": "dns-tcp", "port": 53, "protocol": "TCP", "targetPort": 53},
            {"name": "metrics", "port": 9153, "protocol": "TCP", "targetPort": 9153}]},
    }
    return [deployment, service]


COREFILE = """.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30 {
       disable success cluster.local
       disable denial cluster.local
    }
    loop
    reload
    loadbalance
}
"""

# kubeadm's KubeProxyConfiguration as kind writes it (iptables mode, the pod CIDR), trimmed of fields left at zero.
KUBE_PROXY_CONFIG = """apiVersion: kubeproxy.config.k8s.io/v1alpha1
bindAddress: 0.0.0.0
clientConnection:
  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf
clusterCIDR: 10.244.0.0/16
conntrack:
  maxPerCore: 0
iptables:
  minSyncPeriod: 1s
kind: KubeProxyConfiguration
mode: iptables
"""

KUBE_PROXY_KUBECONFIG = """apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt
    server: https://control-plane:6443
  name: default
contexts:
- context:
    cluster: default
    namespace: default
    user: default
  name: default
current-context: default
users:
- name: default
  user:
    tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token
"""


def kubeadm_configmaps() -> list[dict[str, Any]]:
    """The ConfigMaps `kubeadm init` writes for its add-ons: CoreDNS's Corefile and kube-proxy's configuration."""
    return [
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "coredns", "namespace": "kube-system"},
         "data": {"Corefile": COREFILE}},
        {"apiVersion": "v1", "kind": "ConfigMap",
         "metadata": {"name": "kube-proxy", "namespace": "kube-system", "labels": {"app": "kube-proxy"}},
         "data": {"config.conf": KUBE_PROXY_CONFIG, "kubeconfig.conf": KUBE_PROXY_KUBECONFIG}},
    ]


def kubernetes_service() -> dict[str, Any]:
    return {
        "apiVersion": "v1", "kind": "Service",
        "metadata": {"name": "kubernetes", "namespace": "default",
                     "labels": {"component": "apiserver", "provider": "kubernetes"}},
        "spec": {"clusterIP": "10.96.0.1", "ports": [{"name": "https", "port": 443, "protocol": "TCP",
                                                      "targetPort": 6443}]},
    }


def bootstrap_cluster(sim: Simulation, *, system_workloads: bool = True) -> None:
    """Namespaces, nodes, control-plane pods and add-ons; then settle until all run."""
    actor = "kubeadm"
    for ns in SYSTEM_NAMESPACES:
        sim.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}}, actor=actor, validate=False,
                   reason=f"kubeadm init created namespace {ns}")
    control_plane = sim.add_node(CONTROL_PLANE, control_plane=True)
    for i in range(1, sim.config.workers + 1):
        sim.add_node(f"node-{i}")
    if not system_workloads:
        return
    for name, (image, cpu, memory) in STATIC_PODS.items():
        pod = static_pod(name, image, cpu, memory, control_plane)
        sim.store.create(pod, f"kubelet/{CONTROL_PLANE}", f"static pod {name} from /etc/kubernetes/manifests")
    # Their uids come from a stream of their own, so the rest of the cluster draws the names it always drew.
    uids = random.Random(f"kubeadm-configmaps:{sim.config.seed}")
    for manifest in kubeadm_configmaps():
        configmap = object_from_manifest(manifest, sim.config, validate=False)
        configmap.metadata.uid = new_uid(uids)
        sim.store.create(configmap, actor, f"kubeadm init wrote configmap/{configmap.name}")
    for manifest in [kube_proxy_manifest(sim.config), *coredns_manifests(), kubernetes_service()]:
        sim.create(manifest, actor=actor, validate=False, reason=f"kubeadm init installed {manifest['kind'].lower()}/"
                                                  f"{manifest['metadata']['name']}")
    sim.settle()
