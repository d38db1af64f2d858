"""Services: ClusterIP, NodePort, LoadBalancer, cluster DNS.

Allocation and its errors follow k/k pkg/registry/core/service (ipallocator, portallocator);
names follow the DNS specification for Services (kubernetes/dns docs/specification.md).
"""

import ipaddress

import pytest

from sandbox.core.errors import Invalid
from sandbox.core.network import dns
from tests.builders import deploy_and_expose, service


def test_clusterip_allocated_from_service_cidr(sim):
    obj = sim.create(service("web"))
    ip = obj.spec["clusterIP"]
    assert ipaddress.ip_address(ip) in ipaddress.ip_network("10.96.0.0/12")
    assert obj.spec["clusterIPs"] == [ip]
    assert ip not in ("10.96.0.1", "10.96.0.10")


def test_requested_cluster_ip_already_allocated_is_invalid(sim):
    before = sim.audit.text()
    with pytest.raises(Invalid) as err:
        sim.create(service("dns2", clusterIP="10.96.0.10"))
    assert err.value.message == ('Service "dns2" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: '
                                 "failed to allocate IP 10.96.0.10: provided IP is already allocated")
    assert sim.audit.text() == before and sim.try_get("Service", "default", "dns2") is None


def test_requested_cluster_ip_outside_range_is_invalid(sim):
    with pytest.raises(Invalid, match=r"is not in the valid range\. The range of valid IPs is 10\.96\.0\.0/12"):
        sim.create(service("web", clusterIP="192.168.1.1"))


def test_nodeport_range(sim):
    obj = sim.create(service("web", type="NodePort"))
    assert 30000 <= obj.spec["ports"][0]["nodePort"] <= 32767
    bad = service("bad", type="NodePort")
    bad["spec"]["ports"][0]["nodePort"] = 40000
    with pytest.raises(Invalid, match=r"spec.ports\[0\].nodePort: Invalid value: 40000: provided port is not in "
                                      "the valid range. The range of valid ports is 30000-32767"):
        sim.create(bad)


def test_nodeport_already_allocated(sim):
    first = service("a", type="NodePort")
    first["spec"]["ports"][0]["nodePort"] = 31000
    sim.create(first)
    second = service("b", type="NodePort")
    second["spec"]["ports"][0]["nodePort"] = 31000
    with pytest.raises(Invalid, match="Invalid value: 31000: provided port is already allocated"):
        sim.create(second)
    sim.delete("Service", "default", "a")
    sim.create(second)   # released with its Service


def test_apply_keeps_allocated_cluster_ip_and_node_port(sim):
    obj = sim.create(service("web", type="NodePort"))
    ip, port = obj.spec["clusterIP"], obj.spec["ports"][0]["nodePort"]
    manifest = service("web", type="NodePort")
    manifest["metadata"]["labels"] = {"tier": "web"}
    sim.apply(manifest)
    assert obj.spec["clusterIP"] == ip and obj.spec["ports"][0]["nodePort"] == port


def test_loadbalancer_pending_without_provider(sim):
    deploy_and_expose(sim, svc_type="LoadBalancer")
    obj = sim.get("Service", "default", "web")
    assert obj.status == {"loadBalancer": {}}
    assert obj.spec["ports"][0]["nodePort"]          # a LoadBalancer Service is also a NodePort Service


def test_dns_names_of_a_service(sim):
    deploy_and_expose(sim)
    ip = sim.get("Service", "default", "web").spec["clusterIP"]
    for name in ("web", "web.default", "web.default.svc", "web.default.svc.cluster.local"):
        assert dns.resolve(sim.store, name, "default")[1] == [ip], name
    assert dns.resolve(sim.store, "web", "kube-system")[1] == []    # short names are per namespace
    assert dns.resolve(sim.store, "web.default", "kube-system")[1] == [ip]


def test_dns_needs_ready_coredns(sim):
    deploy_and_expose(sim)
    client = sim.list("Pod", "default")[0]
    assert sim.curl(["-s", "-o", "/dev/null", "-w", "%{http_code}", "http://web"], from_pod=client).output == "200"
    sim.scale("Deployment", "kube-system", "coredns", 0)
    sim.settle()
    trace = sim.curl(["http://web"], from_pod=client)
    assert trace.output == "curl: (6) Could not resolve host: web"
    assert "no coredns pod is Ready" in trace.explain()
