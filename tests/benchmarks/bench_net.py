"""Networking benchmark: `python tests/benchmarks/bench_net.py`.

endpoints_wall_s: the EndpointSlice and Endpoints controllers building slices for 10,000
Services over 150,000 Ready pods (pods are put in the store directly, bootstrap=False, so
only the endpoint controllers' cost is measured). requests_per_s: curl through a NodePort
and from a pod by DNS name on the default cluster with 20 NetworkPolicies in place.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sandbox.core.gc_tuning import relax_gc
from sandbox.core.objects import KObject, ObjectMeta, set_condition
from sandbox.core.scenario import cluster
from sandbox.core.simulation import Simulation
from tests.builders import deployment, namespace_manifest, service

SERVICES, PODS, POLICIES, REQUESTS = 10_000, 150_000, 20, 20_000


def endpoints_wall_s() -> tuple[float, float, int]:
    sim = Simulation(seed=1)
    sim.create(namespace_manifest("default"))
    per = PODS // SERVICES
    for i in range(PODS):
        svc = i // per
        pod = KObject("Pod", ObjectMeta(f"p{svc}-{i % per}", "default", labels={"app": f"s{svc}", "tier": "web"}),
                      {"nodeName": f"node-{i % 5000}", "containers": [{"name": "c", "image": "nginx:1.25",
                                                                       "ports": [{"containerPort": 80}]}]},
                      {"phase": "Running", "podIP": f"10.{64 + i // 65536}.{(i // 256) % 256}.{i % 256}"})
        set_condition(pod.status, "Ready", "True", 0)
        sim.store.create(pod, "bench", "ready pod")
    sim.advance(0)
    start = time.perf_counter()
    for s in range(SERVICES):
        sim.create(service(f"s{s}"))
    created = time.perf_counter()
    sim.advance(0)      # the endpoint controllers' work: every Service was only enqueued so far
    return time.perf_counter() - created, created - start, sim.store.count("EndpointSlice")


def requests_per_s() -> tuple[float, int]:
    sim = cluster(seed=1)
    labels = {"app": "web"}
    sim.apply(deployment("web", 3, container="web", ports=[{"containerPort": 80}]))
    sim.apply(service("web", node_port=30900, type="NodePort"))
    for i in range(POLICIES):
        sim.apply({"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": f"allow-{i}"},
                   "spec": {"podSelector": {"matchLabels": labels}, "policyTypes": ["Ingress"],
                            "ingress": [{"from": [{"ipBlock": {"cidr": "0.0.0.0/0"}}, {"podSelector": {}}],
                                         "ports": [{"port": 80 if i % 2 == 0 else 8000 + i}]}]}})
    sim.settle()
    client = sim.list("Pod", "default")[0]
    outside = ["-s", "http://172.18.0.3:30900/"]
    inside = ["-s", "http://web/"]
    ok = 0
    start = time.perf_counter()
    for n in range(REQUESTS):
        trace = sim.curl(outside) if n % 2 else sim.curl(inside, from_pod=client)
        ok += trace.status == 200
    return REQUESTS / (time.perf_counter() - start), ok


def main() -> None:
    relax_gc()  # as the app's entry point does: measure what users get
    wall, create_s, slices = endpoints_wall_s()
    rate, ok = requests_per_s()
    print(f"net services={SERVICES} pods={PODS} endpoints_wall_s={wall:.2f} requests_per_s={rate:.0f}")
    print(f"  ({slices} EndpointSlices + Endpoints; creating the Services through the API took {create_s:.2f} s; "
          f"{ok}/{REQUESTS} requests answered 200 with {POLICIES} NetworkPolicies)")


if __name__ == "__main__":
    main()
