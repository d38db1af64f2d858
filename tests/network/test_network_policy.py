"""NetworkPolicy rules as allowed/denied truth tables over policy sets.

The semantics of k/k pkg/apis/networking/types.go, checked the way k/k test/e2e/network/netpol
checks them: a reachability table (truthtable.go, reachability.go) per set of policies.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from sandbox.core.admission import METADATA_NAME_LABEL
from sandbox.core.network.policy import Peer, check_connection
from sandbox.core.objects import set_condition
from sandbox.core.scenario import cluster
from sandbox.core.simulation import Simulation
from tests.builders import pod_manifest

NODE_1_IP, NODE_2_IP = "172.18.0.3", "172.18.0.4"
PODS = {  # ns/name: (labels, node, ip, container ports)
    "default/frontend": ({"app": "frontend"}, "node-1", "10.244.1.10", []),
    "default/web": ({"app": "web"}, "node-1", "10.244.1.11", [{"containerPort": 80, "name": "http"}]),
    "default/db": ({"app": "db"}, "node-2", "10.244.2.12", [{"containerPort": 3306, "name": "mysql"}]),
    "prod/frontend": ({"app": "frontend"}, "node-2", "10.244.2.13", []),
    "prod/batch": ({"app": "batch"}, "node-2", "10.244.2.15", []),
    "dev/client": ({"app": "client"}, "node-1", "10.244.1.14", []),
    "kube-system/dns": ({"k8s-app": "kube-dns"}, "node-2", "10.244.2.20",
                        [{"containerPort": 53, "name": "dns", "protocol": "UDP"},
                         {"containerPort": 53, "name": "dns-tcp", "protocol": "TCP"}]),
}


def make_pod(sim: Simulation, key: str, labels: dict, node: str, ip: str, ports: list, *,
             host_network: bool = False) -> None:
    namespace, name = key.split("/")
    spec = {"hostNetwork": True} if host_network else {}
    pod = sim.create(pod_manifest(name, namespace=namespace, labels=labels, container="app",
                                  container_fields={"ports": ports}, nodeName=node, **spec))
    pod.status.update(phase="Running", podIP=ip, hostIP=NODE_1_IP if node == "node-1" else NODE_2_IP)
    set_condition(pod.status, "Ready", "True", sim.now)
    sim.store.update(pod, "test", "pod is running")


@pytest.fixture
def sim() -> Simulation:
    sim = cluster(seed=5, workers=2, system_workloads=False)
    for ns, team in (("prod", "prod"), ("dev", "dev")):
        sim.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns, "labels": {"team": team}}})
    for key, (labels, node, ip, ports) in PODS.items():
        make_pod(sim, key, labels, node, ip, ports)
    return sim


def policy(sim: Simulation, name: str, spec: dict, namespace: str = "default") -> None:
    sim.apply({"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
               "metadata": {"name": name, "namespace": namespace}, "spec": spec})


def peer(sim: Simulation, ref: str) -> Peer:
    if "/" not in ref:
        return Peer(None, ref)
    namespace, name = ref.split("/")
    pod = sim.get("Pod", namespace, name)
    return Peer(pod, pod.status["podIP"])


def allowed(sim: Simulation, src: str, dst: str, port: int = 80, protocol: str = "TCP") -> bool:
    return check_connection(sim.store, peer(sim, src), peer(sim, dst), port, protocol).allowed


def table(sim: Simulation, cases: list[tuple]) -> list[tuple]:
    """The cases whose verdict differs from the expected one (empty when the table holds)."""
    return [c for c in cases if allowed(sim, *c[:-1]) != c[-1]]


DENY_INGRESS = {"podSelector": {}, "policyTypes": ["Ingress"]}
DENY_EGRESS = {"podSelector": {}, "policyTypes": ["Egress"]}
ALLOW_DNS = {"podSelector": {}, "policyTypes": ["Egress"], "egress": [{
    "to": [{"namespaceSelector": {"matchLabels": {METADATA_NAME_LABEL: "kube-system"}},
            "podSelector": {"matchLabels": {"k8s-app": "kube-dns"}}}],
    "ports": [{"protocol": "UDP", "port": 53}, {"protocol": "TCP", "port": 53}]}]}


def test_without_policies_every_pod_accepts_and_sends_everything(sim):
    refs = [*PODS, "203.0.113.5"]
    assert all(allowed(sim, a, b) for a in refs for b in refs if a != b and "/" in b)
    assert allowed(sim, "default/web", "198.51.100.7", 443)


def test_default_deny_ingress_isolates_incoming_only(sim):
    policy(sim, "default-deny", DENY_INGRESS)
    assert table(sim, [
        ("default/frontend", "default/web", False),
        ("prod/frontend", "default/web", False),
        ("203.0.113.5", "default/db", False),
        ("default/web", "prod/frontend", True),       # egress is not isolated
        ("default/web", "198.51.100.7", True),
        ("dev/client", "prod/batch", True),           # other namespaces are untouched
    ]) == []
    verdict = check_connection(sim.store, peer(sim, "default/frontend"), peer(sim, "default/web"), 80, "TCP")
    assert (verdict.direction, verdict.policy) == ("Ingress", "default-deny")
    assert "isolated for ingress" in verdict.reason


def test_allowed_traffic_is_the_union_of_rules_and_pod_selector_means_same_namespace(sim):
    policy(sim, "default-deny", DENY_INGRESS)
    policy(sim, "allow-frontend", {"podSelector": {"matchLabels": {"app": "web"}},
                                   "ingress": [{"from": [{"podSelector": {"matchLabels": {"app": "frontend"}}}]}]})
    policy(sim, "allow-db", {"podSelector": {"matchLabels": {"app": "web"}},
                             "ingress": [{"from": [{"podSelector": {"matchLabels": {"app": "db"}}}]}]})
    assert table(sim, [
        ("default/frontend", "default/web", True),
        ("default/db", "default/web", True),          # second policy adds to the first
        ("prod/frontend", "default/web", False),      # podSelector alone: the policy's namespace only
        ("default/frontend", "default/db", False),    # db still under default-deny
    ]) == []


def test_namespace_and_pod_selector_in_one_peer_is_and(sim):
    policy(sim, "and", {"podSelector": {"matchLabels": {"app": "web"}}, "ingress": [{"from": [
        {"namespaceSelector": {"matchLabels": {"team": "prod"}},
         "podSelector": {"matchLabels": {"app": "frontend"}}}]}]})
    assert table(sim, [
        ("prod/frontend", "default/web", True),
        ("prod/batch", "default/web", False),
        ("default/frontend", "default/web", False),
        ("dev/client", "default/web", False),
    ]) == []


def test_namespace_and_pod_selector_in_two_peers_is_or(sim):
    policy(sim, "or", {"podSelector": {"matchLabels": {"app": "web"}}, "ingress": [{"from": [
        {"namespaceSelector": {"matchLabels": {"team": "prod"}}},
        {"podSelector": {"matchLabels": {"app": "frontend"}}}]}]})
    assert table(sim, [
        ("prod/frontend", "default/web", True),
        ("prod/batch", "default/web", True),
        ("default/frontend", "default/web", True),
        ("dev/client", "default/web", False),
        ("default/db", "default/web", False),
    ]) == []


def test_ip_block_is_cidr_minus_except(sim):
    policy(sim, "ipblock", {"podSelector": {"matchLabels": {"app": "web"}}, "ingress": [{"from": [
        {"ipBlock": {"cidr": "203.0.113.0/24", "except": ["203.0.113.128/25"]}}]}]})
    assert table(sim, [
        ("203.0.113.5", "default/web", True),
        ("203.0.113.127", "default/web", True),
        ("203.0.113.200", "default/web", False),
        ("198.51.100.7", "default/web", False),
        ("default/frontend", "default/web", False),
    ]) == []


def test_ports_narrow_rules_by_number_name_range_and_protocol(sim):
    policy(sim, "web-ports", {"podSelector": {"matchLabels": {"app": "web"}}, "ingress": [{"ports": [
        {"port": "http"}, {"protocol": "TCP", "port": 8000, "endPort": 8100}, {"protocol": "UDP", "port": 5000}]}]})
    policy(sim, "db-ports", {"podSelector": {"matchLabels": {"app": "db"}},
                             "ingress": [{"ports": [{"port": "mysql", "protocol": "TCP"}]}]})
    cases = [
        ("default/frontend", "default/web", 80, "TCP", True),     # named port http -> 80
        ("default/frontend", "default/web", 80, "UDP", False),    # protocol must match
        ("default/frontend", "default/web", 8050, "TCP", True),   # inside port..endPort
        ("default/frontend", "default/web", 8101, "TCP", False),
        ("default/frontend", "default/web", 5000, "UDP", True),
        ("default/frontend", "default/web", 5000, "TCP", False),
        ("default/frontend", "default/db", 3306, "TCP", True),
        ("default/frontend", "default/db", 80, "TCP", False),
    ]
    assert table(sim, cases) == []


def test_named_egress_port_resolves_against_the_destination_pod(sim):
    policy(sim, "egress-http", {"podSelector": {"matchLabels": {"app": "frontend"}}, "policyTypes": ["Egress"],
                                "egress": [{"ports": [{"port": "http"}]}]})
    assert table(sim, [
        ("default/frontend", "default/web", 80, "TCP", True),
        ("default/frontend", "default/db", 80, "TCP", False),       # db has no port named http
        ("default/frontend", "198.51.100.7", 80, "TCP", False),     # nor has an outside address
    ]) == []


def test_connection_needs_egress_at_source_and_ingress_at_destination(sim):
    policy(sim, "allow-to-web", {"podSelector": {"matchLabels": {"app": "web"}},
                                 "ingress": [{"from": [{"podSelector": {"matchLabels": {"app": "frontend"}}}]}]})
    policy(sim, "frontend-egress", {"podSelector": {"matchLabels": {"app": "frontend"}}, "policyTypes": ["Egress"],
                                    "egress": [{"to": [{"podSelector": {"matchLabels": {"app": "db"}}}]}]})
    verdict = check_connection(sim.store, peer(sim, "default/frontend"), peer(sim, "default/web"), 80, "TCP")
    assert (verdict.allowed, verdict.direction, verdict.policy) == (False, "Egress", "frontend-egress")
    policy(sim, "frontend-egress", {"podSelector": {"matchLabels": {"app": "frontend"}}, "policyTypes": ["Egress"],
                                    "egress": [{"to": [{"podSelector": {"matchLabels": {"app": "web"}}}]}]})
    assert allowed(sim, "default/frontend", "default/web")
    assert not allowed(sim, "default/frontend", "default/db")


def test_policy_types_default_ingress_always_egress_only_with_egress_rules(sim):
    policy(sim, "egress-rules", {"podSelector": {"matchLabels": {"app": "web"}},
                                 "egress": [{"to": [{"podSelector": {"matchLabels": {"app": "db"}}}]}]})
    policy(sim, "ingress-only", {"podSelector": {"matchLabels": {"app": "db"}}, "ingress": [{}]})
    assert table(sim, [
        ("default/frontend", "default/web", False),   # Ingress is isolated even with no ingress rules
        ("default/web", "default/db", True),
        ("default/web", "default/frontend", False),   # Egress isolated: egress rules were given
        ("default/db", "default/frontend", True),     # no egress rules: db's egress stays open
        ("dev/client", "default/db", True),           # ingress: [{}] allows everything
    ]) == []


def test_default_deny_egress_blocks_dns_to_kube_dns(sim):
    policy(sim, "deny-egress", DENY_EGRESS)
    verdict = check_connection(sim.store, peer(sim, "default/frontend"), peer(sim, "kube-system/dns"), 53, "UDP")
    assert (verdict.allowed, verdict.direction) == (False, "Egress")
    assert not allowed(sim, "default/web", "kube-system/dns", 53, "TCP")


def test_egress_allow_dns_to_kube_dns_restores_it(sim):
    policy(sim, "deny-egress", DENY_EGRESS)
    policy(sim, "allow-dns", ALLOW_DNS)
    assert table(sim, [
        ("default/frontend", "kube-system/dns", 53, "UDP", True),
        ("default/frontend", "kube-system/dns", 53, "TCP", True),
        ("default/frontend", "kube-system/dns", 9153, "TCP", False),
        ("default/frontend", "default/web", 80, "TCP", False),       # only DNS was allowed
        ("default/frontend", "198.51.100.7", 53, "UDP", False),      # and only to kube-dns
    ]) == []


def test_replies_are_allowed_implicitly(sim):
    policy(sim, "web-locked", {"podSelector": {"matchLabels": {"app": "web"}}, "policyTypes": ["Ingress", "Egress"],
                               "ingress": [{"from": [{"podSelector": {"matchLabels": {"app": "frontend"}}}]}]})
    # web may send nothing new, yet answers the frontend: its reply is part of the allowed connection.
    assert allowed(sim, "default/frontend", "default/web")
    assert not allowed(sim, "default/web", "default/frontend")


def test_traffic_to_and_from_the_pods_own_node_is_allowed(sim):
    policy(sim, "default-deny", {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]})
    make_pod(sim, "kube-system/node-agent", {"app": "agent"}, "node-1", NODE_1_IP, [], host_network=True)
    assert table(sim, [
        (NODE_1_IP, "default/web", True),               # kubelet probes from web's node
        (NODE_2_IP, "default/web", False),
        ("kube-system/node-agent", "default/web", True),   # host-network pod on the same node
        ("default/web", NODE_1_IP, 10250, "TCP", True),
        ("default/web", NODE_2_IP, 10250, "TCP", False),
        ("kube-system/node-agent", "default/db", False),   # db runs on node-2
    ]) == []


def test_namespaces_carry_the_metadata_name_label(sim):
    assert sim.get("Namespace", "", "prod").metadata.labels == {"team": "prod", METADATA_NAME_LABEL: "prod"}
    assert sim.get("Namespace", "", "kube-system").metadata.labels[METADATA_NAME_LABEL] == "kube-system"


def test_the_policy_module_loads_with_the_first_networkpolicy():
    """No pod is isolated in a namespace without a NetworkPolicy, so the map asks without importing the policy
    module (start-up time); the first policy marks the pods it selects."""
    probe = """if True:
        import sys
        from sandbox.core.scenario import cluster
        sim = cluster(seed=1, workers=2)
        marked = [pod.name for pod in sim.list("Pod") if sim.isolated_by(pod)]
        print(marked, "sandbox.core.network.policy" in sys.modules)
        sim.apply({"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
                   "metadata": {"name": "deny", "namespace": "kube-system"}, "spec": {"podSelector": {}}})
        pods = [pod for pod in sim.list("Pod", "kube-system") if not pod.spec.get("hostNetwork")]
        print(len(pods) > 0 and all(sim.isolated_by(pod) == ["deny"] for pod in pods))
    """
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.split("\n")[:2] == ["[] False", "True"]


def test_verdicts_follow_policy_and_label_changes(sim):
    policy(sim, "allow-frontend", {"podSelector": {"matchLabels": {"app": "web"}},
                                   "ingress": [{"from": [{"podSelector": {"matchLabels": {"app": "frontend"}}}]}]})
    assert not allowed(sim, "default/db", "default/web")
    sim.patch("Pod", "default", "db", {"metadata": {"labels": {"app": "frontend"}}})
    assert allowed(sim, "default/db", "default/web")
    policy(sim, "allow-frontend", {"podSelector": {"matchLabels": {"app": "web"}},
                                   "ingress": [{"from": [{"podSelector": {"matchLabels": {"app": "nobody"}}}]}]})
    assert not allowed(sim, "default/db", "default/web")
    sim.delete("NetworkPolicy", "default", "allow-frontend")
    assert allowed(sim, "default/db", "default/web")
