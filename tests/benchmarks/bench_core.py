"""Core benchmarks (run on request, never by pytest): prints `NAME key=value ...` lines.

    python tests/benchmarks/bench_core.py [envelope|drill|lab]

envelope  5,000 nodes; 1,500 Deployments x 100 replicas until every pod is Running and Ready
drill     on that converged cluster 500 nodes fail at once; advance 90 simulated minutes
lab       default cluster with ~100 pods; single actions (scale, delete pod, set image, fail node) to steady state

Each scenario runs in its own process so peak RSS is its own.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sandbox.core.gc_tuning import relax_gc
from sandbox.core.objects import pod_is_ready
from sandbox.core.scenario import cluster
from sandbox.core.simulation import Simulation
from tests.builders import deployment

NODES, DEPLOYMENTS, REPLICAS, FAILED = 5000, 1500, 100, 500


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def ready_pods(sim: Simulation) -> int:
    return sum(1 for p in sim.store.list("Pod", "default")
               if p.status.get("phase") == "Running" and pod_is_ready(p))


def build_envelope() -> tuple[Simulation, float]:
    start = time.perf_counter()
    sim = cluster(seed=1, workers=NODES, node_cpu="8", node_memory="32Gi", system_workloads=False)
    for i in range(DEPLOYMENTS):
        sim.create(deployment(f"app-{i:04d}", REPLICAS, namespace="default", cpu="100m", memory="128Mi"))
    sim.settle()
    return sim, time.perf_counter() - start


def envelope() -> None:
    sim, wall = build_envelope()
    pods = ready_pods(sim)
    print(f"envelope nodes={NODES} pods={pods} target_pods={DEPLOYMENTS * REPLICAS} "
          f"sim_s={sim.now:.0f} audit_entries={len(sim.audit)} wall_s={wall:.2f} peak_rss_mib={peak_rss_mib():.0f}")


def drill() -> None:
    sim, _ = build_envelope()
    victims = [f"node-{i}" for i in range(1, NODES + 1, NODES // FAILED)][:FAILED]
    on_victims = sum(sim.store.pod_count_on_node(n) for n in victims)
    start = time.perf_counter()
    for name in victims:
        sim.fail_node(name)
    sim.advance(90 * 60)
    wall = time.perf_counter() - start
    replaced = ready_pods(sim)
    print(f"drill nodes={NODES} failed={FAILED} pods_on_failed={on_victims} ready_after={replaced} "
          f"target_ready={DEPLOYMENTS * REPLICAS} sim_s=5400 wall_s={wall:.2f} peak_rss_mib={peak_rss_mib():.0f}")


def lab() -> None:
    sim = cluster(seed=1)
    for i in range(4):
        sim.create(deployment(f"web-{i}", 25, namespace="default", cpu="100m", memory="128Mi"))
    sim.settle()
    timings: list[float] = []
    actions = [
        lambda i: sim.scale("Deployment", "default", f"web-{i % 4}", 25 + (i % 3)),
        lambda i: sim.delete("Pod", "default", sim.store.list("Pod", "default")[i % 50].name),
        lambda i: sim.set_image("Deployment", "default", f"web-{i % 4}",
                                {"app": "nginx:1.24" if i % 2 else "nginx:1.25"}),
        lambda i: (sim.fail_node(f"node-{i % 3 + 1}"), sim.settle(), sim.recover_node(f"node-{i % 3 + 1}")),
    ]
    for i in range(200):
        action = actions[i % len(actions)]
        start = time.perf_counter()
        action(i)
        sim.settle()
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p50, p99 = timings[len(timings) // 2], timings[int(len(timings) * 0.99) - 1]
    print(f"lab nodes=4 pods={sim.store.count('Pod')} actions={len(timings)} p50_ms={p50:.2f} "
          f"p99_ms={p99:.2f} max_ms={timings[-1]:.2f} peak_rss_mib={peak_rss_mib():.0f}")


SCENARIOS = {"envelope": envelope, "drill": drill, "lab": lab}


def main(argv: list[str]) -> int:
    names = argv or list(SCENARIOS)
    if len(names) == 1 and names[0] in SCENARIOS:
        relax_gc()  # as the app's entry point does: measure what users get
        SCENARIOS[names[0]]()
        return 0
    for name in names:
        if name not in SCENARIOS:
            print(f"unknown scenario {name!r}; choose from {', '.join(SCENARIOS)}", file=sys.stderr)
            return 2
        subprocess.run([sys.executable, __file__, name], check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
