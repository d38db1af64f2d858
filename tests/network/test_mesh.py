"""Service mesh rules as Istio applies them: sidecar injection, subsets, weights, 503, no mesh no routing.

Follows istio/istio pkg/kube/inject (sidecar injection) and pilot/pkg/networking/core/route (VirtualService
routes, weights, subsets).
"""

from __future__ import annotations

from collections import Counter

import pytest

from sandbox.core.network.mesh import MeshState, route
from sandbox.core.network.sidecar import PROXY_IMAGE, STATUS_ANNOTATION
from sandbox.core.objects import pod_is_ready
from sandbox.core.scenario import addons, cluster
from sandbox.core.simulation import Simulation
from tests.builders import MESH_NS as NS
from tests.builders import (
    install_istiod,
    mesh_deployment,
    meshed_namespace,
    namespace_manifest,
    pod_manifest,
    run,
    service,
    set_ready,
    virtual_service,
    webserver_shop,
)


@pytest.fixture
def sim() -> Simulation:
    return cluster(seed=11, workers=2, system_workloads=False)


def containers(pod) -> list[str]:
    return [c["name"] for c in pod.spec["containers"]]


def picks(sim: Simulation, client, n: int, state: MeshState | None = None, **kw) -> Counter:
    svc = sim.get("Service", NS, "webserver")
    return Counter(r.subset for r in (route(sim.store, svc, i, client=client, state=state, **kw) for i in range(n)))


def test_sidecar_injected_only_in_labelled_namespace_at_creation(sim):
    sim.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": NS}})
    before_istio = sim.create(pod_manifest("before-istio", namespace=NS))
    install_istiod(sim)
    unlabelled = sim.create(pod_manifest("unlabelled", namespace=NS))
    meshed_namespace(sim)
    meshed = sim.create(pod_manifest("meshed", namespace=NS))
    opted_out = sim.create(pod_manifest("opted-out", namespace=NS,
                                        labels={"app": "x", "sidecar.istio.io/inject": "false"}))
    elsewhere = sim.create(pod_manifest("elsewhere", namespace="default"))

    assert containers(meshed) == ["web", "istio-proxy"]            # READY shows 2/2
    assert [c["name"] for c in meshed.spec["initContainers"]] == ["istio-init"]
    assert meshed.spec["containers"][1]["image"] == PROXY_IMAGE
    assert STATUS_ANNOTATION in meshed.metadata.annotations
    for pod in (before_istio, unlabelled, opted_out, elsewhere):
        assert containers(pod) == ["web"], pod.name
        assert STATUS_ANNOTATION not in pod.metadata.annotations
    # Labelling the namespace left the running pod alone; recreating it brings the sidecar.
    sim.delete("Pod", NS, "unlabelled", grace_period=0)
    assert containers(sim.create(pod_manifest("unlabelled", namespace=NS))) == ["web", "istio-proxy"]


def test_sidecar_goes_into_pods_not_into_the_deployment_template(sim):
    install_istiod(sim)
    meshed_namespace(sim)
    pods = run(sim, mesh_deployment("web", {"app": "web"}, "nginx:1.25", replicas=1))
    assert containers(pods[0]) == ["web", "istio-proxy"]
    template = sim.get("Deployment", NS, "web").spec["template"]
    assert [c["name"] for c in template["spec"]["containers"]] == ["web"]


def test_sidecar_passes_its_readiness_probe_so_the_pod_is_ready_2_of_2():
    """The injected istio-proxy's readiness probe asks Envoy's health port, 15021 /healthz/ready
    (istio/istio manifests/charts/istio-control/istio-discovery/files/injection-template.yaml); Envoy
    answers it, not the app container, so a meshed nginx pod is Ready with both containers."""
    sim = cluster(seed=11, workers=2)
    addons.enable(sim, "istio")
    sim.apply(namespace_manifest(NS, {"istio-injection": "enabled"}))
    sim.create(mesh_deployment("webserver-v1", {"app": "webserver", "version": "v1"}, "nginx:1.24"))
    sim.advance(60)
    pods = sim.list("Pod", NS)
    assert len(pods) == 2
    for pod in pods:
        assert containers(pod) == ["webserver", "istio-proxy"]
        assert [s["ready"] for s in pod.status["containerStatuses"]] == [True, True], pod.name
        assert pod_is_ready(pod)


@pytest.mark.parametrize("weights", [{"v1": 90, "v2": 10}, {"v1": 50, "v2": 50}, {"v1": 0, "v2": 100},
                                     {"v1": 1, "v2": 2}])
def test_weights_within_two_percent_over_1000_requests(sim, weights):
    client = webserver_shop(sim, weights)
    total = sum(weights.values())
    for counts in (picks(sim, client, 1000, MeshState()), picks(sim, client, 1000)):
        for subset, weight in weights.items():
            assert abs(counts[subset] / 1000 - weight / total) <= 0.02, (subset, counts)
        if weights["v1"] == 0:
            assert counts["v1"] == 0                  # weight 0 never gets a request


def test_weighted_choice_is_deterministic_and_spread_evenly(sim):
    client = webserver_shop(sim, {"v1": 90, "v2": 10})
    state = MeshState()
    svc = sim.get("Service", NS, "webserver")
    sequence = [route(sim.store, svc, 0, client=client, state=state).subset for _ in range(20)]
    assert sequence.count("v2") == 2 and sequence[:10].count("v2") == 1
    other = cluster(seed=11, workers=2, system_workloads=False)
    other_client = webserver_shop(other, {"v1": 90, "v2": 10})
    other_state = MeshState()
    other_svc = other.get("Service", NS, "webserver")
    assert sequence == [route(other.store, other_svc, 0, client=other_client, state=other_state).subset
                        for _ in range(20)]


def test_ready_pods_of_the_chosen_subset_only(sim):
    client = webserver_shop(sim, {"v1": 0, "v2": 100})
    result = route(sim.store, sim.get("Service", NS, "webserver"), 0, client=client)
    assert result.status == 200 and result.subset == "v2"
    assert {p.metadata.labels["version"] for p in result.pods} == {"v2"} and len(result.pods) == 2


def test_subset_without_ready_endpoint_answers_503(sim):
    client = webserver_shop(sim, {"v1": 50, "v2": 50})
    for pod in sim.list("Pod", NS, [("version", "=", ("v2",))]):
        set_ready(sim, pod, False)
    state = MeshState()
    results = [route(sim.store, sim.get("Service", NS, "webserver"), 0, client=client, state=state)
               for _ in range(10)]
    failed = [r for r in results if r.subset == "v2"]
    assert len(failed) == 5                                   # no fallback to v1
    assert all(r.status == 503 and r.pods == [] and "no healthy upstream" in r.rule for r in failed)
    assert all(r.status == 200 for r in results if r.subset == "v1")


def test_undefined_subset_answers_503(sim):
    client = webserver_shop(sim, {"v3": 100})
    result = route(sim.store, sim.get("Service", NS, "webserver"), 0, client=client)
    assert (result.status, result.pods) == (503, [])
    assert "subset v3 is not defined" in result.rule


def test_virtualservice_without_mesh_does_nothing(sim):
    meshed_namespace(sim)
    run(sim, mesh_deployment("webserver-v1", {"app": "webserver", "version": "v1"}, "nginx:1.24"))
    sim.create(service("webserver", namespace=NS))
    sim.create(virtual_service({"v1": 0, "v2": 100}))
    plain_client = run(sim, mesh_deployment("frontend", {"app": "frontend"}, "node:20", replicas=1))[0]
    svc = sim.get("Service", NS, "webserver")
    assert "istio-proxy" not in containers(plain_client)        # no istiod, no injection
    assert route(sim.store, svc, 0, client=plain_client) is None
    istiod = install_istiod(sim)
    meshed_client = sim.create(pod_manifest("client", namespace=NS))
    assert route(sim.store, svc, 0, client=meshed_client) is not None
    set_ready(sim, istiod[0], False)                              # istiod down: nothing pushes the routes
    assert route(sim.store, svc, 0, client=meshed_client) is None


def test_requests_from_outside_or_unmeshed_pods_bypass_the_virtualservice(sim):
    webserver_shop(sim, {"v1": 0, "v2": 100})
    svc = sim.get("Service", NS, "webserver")
    unmeshed = sim.create(pod_manifest("legacy", namespace=NS,
                                       labels={"app": "legacy", "sidecar.istio.io/inject": "false"}))
    assert route(sim.store, svc, 0, client=None) is None
    assert route(sim.store, svc, 0, client=unmeshed) is None


def test_first_matching_http_route_wins_by_uri_and_headers(sim):
    client = webserver_shop(sim)
    sim.apply({"apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
               "metadata": {"name": "webserver", "namespace": NS},
               "spec": {"hosts": ["webserver.shop.svc.cluster.local"], "http": [
                   {"match": [{"headers": {"end-user": {"exact": "jason"}}}, {"uri": {"prefix": "/beta"}}],
                    "route": [{"destination": {"host": "webserver", "subset": "v2"}}]},
                   {"match": [{"uri": {"exact": "/"}}, {"uri": {"prefix": "/shop"}}],
                    "route": [{"destination": {"host": "webserver", "subset": "v1"}}]}]}})
    svc = sim.get("Service", NS, "webserver")

    def subset(path: str, headers: dict | None = None):
        result = route(sim.store, svc, 0, client=client, path=path, headers=headers)
        return result.subset if result.status == 200 else result.status

    assert subset("/", {"End-User": "jason"}) == "v2"
    assert subset("/beta/cart") == "v2"
    assert subset("/") == "v1"
    assert subset("/shop/cart") == "v1"
    assert subset("/other") == 404                                 # no route matches


def test_several_destinations_without_weights_are_invalid_and_ignored(sim):
    client = webserver_shop(sim)
    sim.apply(virtual_service({"v1": 0, "v2": 0}))                 # Istio: "total destination weight = 0"
    assert route(sim.store, sim.get("Service", NS, "webserver"), 0, client=client) is None


def test_changing_weights_restarts_no_pod(sim):
    client = webserver_shop(sim, {"v1": 100, "v2": 0})
    pods = {p.uid: p.metadata.resource_version for p in sim.list("Pod", NS)}
    seq = len(sim.audit)
    sim.apply(virtual_service({"v1": 0, "v2": 100}))
    sim.settle()
    assert {p.uid: p.metadata.resource_version for p in sim.list("Pod", NS)} == pods
    changed = [(e.verb, e.kind) for e in sim.audit_since(seq) if e.kind != "Node"]
    assert changed == [("update", "VirtualService")]
    assert route(sim.store, sim.get("Service", NS, "webserver"), 0, client=client).subset == "v2"


def test_switch_webserver_and_back_touches_only_its_route(sim):
    """The seed's story: Container1 -> Container2 for a test, and back when it fails.

    MySQL, the Node.js frontend and the load balancer stay exactly as they were.
    """
    client = webserver_shop(sim, {"v1": 100, "v2": 0})
    run(sim, mesh_deployment("mysql", {"app": "mysql"}, "mysql:8.0", replicas=1, port=3306))
    sim.create(service("mysql", port=3306, namespace=NS))
    sim.create(service("frontend", port=3000, namespace=NS))
    sim.create(service("loadbalancer", selector={"app": "frontend"}, port=3000, namespace=NS,
                       type="LoadBalancer"))
    sim.settle()

    def everything_but_the_route() -> dict:
        return {(kind, o.namespace, o.name): o.to_dict()
                for kind in ("Namespace", "Node", "Pod", "Service", "Deployment", "ReplicaSet", "EndpointSlice",
                             "DestinationRule", "ConfigMap")
                for o in sim.list(kind)}

    svc = sim.get("Service", NS, "webserver")
    before = everything_but_the_route()
    route_before = sim.get("VirtualService", NS, "webserver").spec
    assert route(sim.store, svc, 0, client=client).subset == "v1"
    sim.apply(virtual_service({"v1": 0, "v2": 100}))                # switch to Container2
    sim.settle()
    assert route(sim.store, svc, 0, client=client).subset == "v2"
    assert everything_but_the_route() == before
    sim.apply(virtual_service({"v1": 100, "v2": 0}))                # and back
    sim.settle()
    assert route(sim.store, svc, 0, client=client).subset == "v1"
    assert everything_but_the_route() == before
    assert sim.get("VirtualService", NS, "webserver").spec == route_before
