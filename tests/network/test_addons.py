
"""Addons as `minikube addons enable` installs them: ordinary workloads that work once their pods are Ready."""

import pytest

from sandbox.core.errors import BadRequest
from sandbox.core.scenario import addons
from tests.builders import deploy_and_expose, pods


def test_addon_enable_message_and_listing(sim):
    assert dict(addons.listing(sim)) == {"ingress-nginx": False, "istio": False, "metallb": False, "traefik": False}
    text = addons.enable(sim, "ingress-nginx")
    assert text.splitlines()[0] == "    ▪ Using image registry.k8s.io/ingress-nginx/controller:v1.12.0"
    assert "retired in March 2026" in text and "Gateway API" in text
    assert text.endswith("🌟  The 'ingress-nginx' addon is enabled")
    assert dict(addons.listing(sim))["ingress-nginx"] is True
    cls = sim.get("IngressClass", "", "nginx")
    assert cls.spec["controller"] == "k8s.io/ingress-nginx"
    assert cls.metadata.annotations["ingressclass.kubernetes.io/is-default-class"] == "true"
    svc = sim.get("Service", "ingress-nginx", "ingress-nginx-controller")
    assert [(p["port"], p["nodePort"]) for p in svc.spec["ports"]] == [(80, 30080), (443, 30443)]
    assert {e.actor for e in sim.audit if e.namespace == "ingress-nginx" and e.verb == "create"
            and e.kind != "Pod" and e.kind != "ReplicaSet" and e.kind not in ("EndpointSlice", "Endpoints")} \
        == {"addon-manager"}


def test_addon_pods_are_scheduled_like_any_other(sim):
    addons.enable(sim, "istio")
    sim.advance(0.1)
    [istiod] = pods(sim, "istio-system", app="istiod")
    assert istiod.status.get("phase") == "Pending"
    sim.settle()
    assert istiod.status["phase"] == "Running"
    assert istiod.spec["containers"][0]["image"] == "docker.io/istio/pilot:1.24.0"


def test_addon_disable_removes_its_objects(sim):
    addons.enable(sim, "ingress-nginx")
    sim.settle()
    assert addons.disable(sim, "ingress-nginx") == "🌑  \"The 'ingress-nginx' addon is disabled\""
    sim.settle()
    assert sim.try_get("IngressClass", "", "nginx") is None
    assert pods(sim, "ingress-nginx") == [] and dict(addons.listing(sim))["ingress-nginx"] is False


def test_unknown_addon_is_refused(sim):
    before = sim.audit.text()
    with pytest.raises(BadRequest, match="foo is not a valid addon"):
        addons.enable(sim, "foo")
    assert sim.audit.text() == before


def test_metallb_gives_loadbalancer_an_external_ip(sim):
    deploy_and_expose(sim, svc_type="LoadBalancer")
    assert sim.get("Service", "default", "web").status == {"loadBalancer": {}}
    addons.enable(sim, "load-balancer")
    sim.settle()
    status = sim.get("Service", "default", "web").status
    assert status == {"loadBalancer": {"ingress": [{"ip": "172.18.255.200", "ipMode": "VIP"}]}}
    assert any(e.event_reason == "IPAllocated" and e.reason == 'Assigned IP ["172.18.255.200"]' for e in sim.audit)
    trace = sim.curl(["http://172.18.255.200/"])
    assert trace.status == 200 and [h.kind for h in trace.hops] == ["client", "loadbalancer", "service", "pod"]
