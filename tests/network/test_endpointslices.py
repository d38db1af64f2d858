"""EndpointSlices and Endpoints follow pod readiness and termination.

Follows k/k pkg/controller/endpointslice (and staging/src/k8s.io/endpointslice) and pkg/controller/endpoint.
"""

from sandbox.core.objects import KObject, ObjectMeta, set_condition
from sandbox.core.scenario import cluster
from sandbox.core.simulation import Simulation
from tests.builders import deploy_and_expose, deployment, namespace_manifest, pods, service, set_ready


def slices(sim, name="web", namespace="default"):
    return sim.list("EndpointSlice", namespace, [("kubernetes.io/service-name", "=", (name,))])


def endpoints(sim, name="web", namespace="default"):
    return [ep for s in slices(sim, name, namespace) for ep in s.body["endpoints"]]


def test_slice_is_named_labelled_and_owned_by_its_service(sim):
    deploy_and_expose(sim)
    [slc] = slices(sim)
    service = sim.get("Service", "default", "web")
    assert slc.name.startswith("web-") and len(slc.name) == len("web-") + 5
    assert slc.metadata.labels["endpointslice.kubernetes.io/managed-by"] == "endpointslice-controller.k8s.io"
    assert slc.metadata.owner_references[0]["uid"] == service.uid
    assert slc.body["addressType"] == "IPv4"
    assert slc.body["ports"] == [{"name": "", "port": 80, "protocol": "TCP"}]
    ep = slc.body["endpoints"][0]
    assert ep["conditions"] == {"ready": True, "serving": True, "terminating": False}
    assert ep["targetRef"]["kind"] == "Pod" and ep["nodeName"].startswith("node-")


def test_endpoints_hold_only_ready_pods(sim):
    deploy_and_expose(sim)
    pod = pods(sim, "default", app="web")[0]
    set_ready(sim, pod, False)
    sim.advance(0)
    legacy = sim.get("Endpoints", "default", "web").body["subsets"][0]
    assert [a["targetRef"]["name"] for a in legacy["notReadyAddresses"]] == [pod.name]
    assert pod.name not in [a["targetRef"]["name"] for a in legacy["addresses"]]
    [ep] = [e for e in endpoints(sim) if e["targetRef"]["name"] == pod.name]
    assert ep["conditions"] == {"ready": False, "serving": False, "terminating": False}


def test_terminating_pod_leaves_ready_endpoints_but_serving_flag(sim):
    deploy_and_expose(sim)
    pod = pods(sim, "default", app="web")[0]
    sim.delete("Pod", "default", pod.name)
    sim.advance(0)
    [ep] = [e for e in endpoints(sim) if e["targetRef"]["name"] == pod.name]
    assert ep["conditions"] == {"ready": False, "serving": True, "terminating": True}
    legacy = sim.get("Endpoints", "default", "web").body["subsets"][0]
    names = [a["targetRef"]["name"] for a in legacy.get("addresses", []) + legacy.get("notReadyAddresses", [])]
    assert pod.name not in names


def test_service_without_ready_pods_keeps_a_placeholder_slice(sim):
    deploy_and_expose(sim, replicas=0)
    [slc] = slices(sim)
    assert slc.body["endpoints"] == []
    assert "subsets" not in sim.get("Endpoints", "default", "web").body


def _bare_sim(pod_count: int) -> Simulation:
    sim = Simulation(seed=1)
    sim.create(namespace_manifest("default"))
    for i in range(pod_count):
        pod = KObject("Pod", ObjectMeta(f"p-{i:04d}", "default", labels={"app": "big"}),
                      {"nodeName": "node-1", "containers": [{"name": "c", "image": "nginx:1.25"}]},
                      {"phase": "Running", "podIP": f"10.244.{i // 250}.{i % 250 + 2}"})
        set_condition(pod.status, "Ready", "True", 0)
        sim.store.create(pod, "test", "a ready pod")
    sim.create(service("big"))
    sim.advance(0)
    return sim


def test_slices_hold_at_most_100_endpoints():
    sim = _bare_sim(250)
    sizes = sorted(len(s.body["endpoints"]) for s in slices(sim, "big"))
    assert sizes == [50, 100, 100]


def test_pod_change_touches_only_slices_of_services_selecting_it():
    sim = _bare_sim(250)
    sim.create(service("other"))
    sim.advance(0)
    mark = len(sim.audit)
    pod = sim.get("Pod", "default", "p-0001")
    set_ready(sim, pod, False)
    sim.advance(0)
    writes = [e for e in sim.audit.since(mark) if e.kind in ("EndpointSlice", "Endpoints")]
    assert [(e.actor, e.kind) for e in writes] == [("endpointslice-controller", "EndpointSlice"),
                                                   ("endpoint-controller", "Endpoints")]


def test_label_change_moves_pod_between_services(sim):
    deploy_and_expose(sim)
    sim.apply(service("canary"))
    sim.settle()
    pod = pods(sim, "default", app="web")[0]
    pod.metadata.labels["app"] = "canary"
    sim.store.update(pod, "you", "relabelled")
    sim.advance(0)
    assert pod.name in [e["targetRef"]["name"] for e in endpoints(sim, "canary")]
    assert pod.name not in [e["targetRef"]["name"] for e in endpoints(sim, "web")]


def test_kubernetes_service_has_the_api_servers_address():
    """pkg/controlplane/reconcilers (endpointsadapter.go): the kube-apiserver writes the `kubernetes` Service's
    Endpoints (labelled endpointslice.kubernetes.io/skip-mirror) and an EndpointSlice named `kubernetes`
    (labelled only kubernetes.io/service-name) with its address, the control-plane node's InternalIP, port 6443;
    deleted, they come back."""
    sim = cluster(seed=0)
    control_plane_ip = next(a["address"] for a in sim.get("Node", "", "control-plane").status["addresses"]
                            if a["type"] == "InternalIP")
    ports = [{"name": "https", "port": 6443, "protocol": "TCP"}]
    eps = sim.get("Endpoints", "default", "kubernetes")
    assert eps.metadata.labels == {"endpointslice.kubernetes.io/skip-mirror": "true"}
    assert eps.body == {"subsets": [{"addresses": [{"ip": control_plane_ip}], "ports": ports}]}
    slc = sim.get("EndpointSlice", "default", "kubernetes")
    assert slc.metadata.labels == {"kubernetes.io/service-name": "kubernetes"}
    assert slc.metadata.owner_references == []
    assert slc.body == {"addressType": "IPv4", "endpoints": [{"addresses": [control_plane_ip],
                                                              "conditions": {"ready": True}}], "ports": ports}
    writers = {e.actor for e in sim.audit if e.name == "kubernetes" and e.kind in ("Endpoints", "EndpointSlice")}
    assert writers == {"kube-apiserver"}
    sim.delete("EndpointSlice", "default", "kubernetes")
    sim.delete("Endpoints", "default", "kubernetes")
    sim.settle()
    assert sim.get("EndpointSlice", "default", "kubernetes").body == slc.body
    assert sim.get("Endpoints", "default", "kubernetes").body == eps.body


def test_endpoints_follow_pods_after_the_first_selecting_service_and_after_the_last_goes():
    """The endpoint controllers listen to pod writes only while a Service selects something (a cluster
    without one spares them every pod write): a Service that comes later, or again after the last one
    went, still sees every pod and every later readiness change."""
    sim = cluster(seed=3, system_workloads=False)
    sim.apply(deployment("web", 2, ports=[{"containerPort": 80, "name": "http"}]), namespace="default")
    sim.settle()
    sim.apply(service("web", target_port="http"), namespace="default")
    sim.settle()
    assert len(endpoints(sim)) == 2
    sim.delete("Service", "default", "web")
    sim.settle()
    sim.scale("Deployment", "default", "web", 3)
    sim.settle()
    sim.apply(service("web", target_port="http"), namespace="default")
    sim.settle()
    assert len(endpoints(sim)) == 3
    pod = pods(sim, "default", app="web")[0]
    set_ready(sim, pod, False)
    sim.advance(0)
    ready = {ep["targetRef"]["name"]: ep["conditions"]["ready"] for ep in endpoints(sim)}
    assert ready[pod.name] is False and sum(ready.values()) == 2
    addresses = sim.get("Endpoints", "default", "web").body["subsets"][0]
    assert [a["targetRef"]["name"] for a in addresses["notReadyAddresses"]] == [pod.name]


def _readiness(sim, namespace):
    """Each endpoint's pod name and its ready condition, in the Service web of `namespace`."""
    return {ep["targetRef"]["name"]: ep["conditions"]["ready"] for ep in endpoints(sim, namespace=namespace)}


def _unready_one(sim, namespace):
    pod = pods(sim, namespace, app="web")[0]
    set_ready(sim, pod, False)
    sim.advance(0)
    return pod


def test_endpoints_follow_the_pods_of_each_namespace_while_a_service_there_selects():
    """The endpoint controllers hear only of pods in namespaces where a Service selects pods: a namespace
    whose first Service comes later, or whose Service comes back after it went, still sees every pod and
    every readiness change, and another namespace's Service going changes nothing for it."""
    sim = cluster(seed=3, system_workloads=False)
    for ns in ("team-a", "team-b"):
        sim.apply(namespace_manifest(ns))
        sim.apply(deployment("web", 2, namespace=ns, ports=[{"containerPort": 80, "name": "http"}]), namespace=ns)
    sim.apply(service("web", target_port="http", namespace="team-a"), namespace="team-a")
    sim.settle()
    sim.scale("Deployment", "team-b", "web", 3)
    sim.settle()
    assert len(endpoints(sim, namespace="team-a")) == 2 and endpoints(sim, namespace="team-b") == []
    sim.apply(service("web", target_port="http", namespace="team-b"), namespace="team-b")
    sim.settle()
    sim.delete("Service", "team-a", "web")
    sim.settle()
    pod = _unready_one(sim, "team-b")
    ready = _readiness(sim, "team-b")
    assert ready[pod.name] is False and sum(ready.values()) == 2
    set_ready(sim, pod, True)
    sim.apply(service("web", target_port="http", namespace="team-a"), namespace="team-a")
    sim.settle()
    first = _unready_one(sim, "team-a")
    ready = _readiness(sim, "team-a")
    assert ready[first.name] is False and sum(ready.values()) == 1
    assert sum(_readiness(sim, "team-b").values()) == 3
