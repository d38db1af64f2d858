"""Core benchmarks (run on request, never by pytest): prints `NAME key=value ...` lines.

    python tests/benchmarks/bench_core.py [envelope|floor|drill|lab]

envelope  5,000 nodes; 1,500 Deployments x 100 replicas until every pod is Running and Ready
drill     on that converged cluster 500 nodes fail at once; advance 90 simulated minutes
floor     the envelope's bookkeeping alone (floor.py): four writes per pod with their audit rows, indexes,
          watch handlers, node heap and timers, none of what the simulation computes
lab       default cluster with ~100 pods; single actions (scale, delete pod, set image, fail node) to steady
          state, each action's p50/p99 printed on its own line; set image alternates nginx:1.24/1.25 so
          every one is a real rollout of 25 pods

Each scenario runs in its own process so peak RSS is its own. Bytecode caching is off on some machines
(PYTHONDONTWRITEBYTECODE=1), so a module first imported inside a timed region would be compiled there:
every module of sandbox.core and sandbox.kubectl is imported before the clock starts. `wall_s` stops
before the cluster is freed; the envelope prints that teardown separately (`teardown_s`), and each
scenario leaves with os._exit once its figures are printed, so nobody waits for 150,000 pods to be freed.
"""

from __future__ import annotations

import gc
import importlib
import os
import pkgutil
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sandbox.core.gc_tuning import relax_gc
from sandbox.core.objects import pod_is_ready
from sandbox.core.scenario import cluster
from sandbox.core.simulation import Simulation
from tests.benchmarks.floor import floor
from tests.builders import deployment

NODES, DEPLOYMENTS, REPLICAS, FAILED = 5000, 1500, 100, 500


def preimport(*packages: str) -> None:
    """Import every module of `packages` now, so no timed region pays for compiling one."""
    for name in packages:
        package = importlib.import_module(name)
        for info in pkgutil.walk_packages(package.__path__, name + "."):
            importlib.import_module(info.name)


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def ready_pods(sim: Simulation) -> int:
    return sum(1 for p in sim.store.list("Pod", "default")
               if p.status.get("phase") == "Running" and pod_is_ready(p))


def build_envelope() -> tuple[Simulation, float, float]:
    """The converged envelope cluster, its wall time and its CPU time (the latter moves less on a loaded machine)."""
    start, cpu = time.perf_counter(), time.process_time()
    sim = cluster(seed=1, workers=NODES, node_cpu="8", node_memory="32Gi", system_workloads=False)
    for i in range(DEPLOYMENTS):
        sim.create(deployment(f"app-{i:04d}", REPLICAS, namespace="default", cpu="100m", memory="128Mi"))
    sim.settle()
    return sim, time.perf_counter() - start, time.process_time() - cpu


def envelope() -> None:
    sim, wall, cpu = build_envelope()
    pods = ready_pods(sim)
    print(f"envelope nodes={NODES} pods={pods} target_pods={DEPLOYMENTS * REPLICAS} sim_s={sim.now:.0f} "
          f"audit_entries={len(sim.audit)} wall_s={wall:.2f} cpu_s={cpu:.2f} peak_rss_mib={peak_rss_mib():.0f}",
          flush=True)
    start = time.perf_counter()
    del sim
    gc.collect()
    print(f"envelope teardown_s={time.perf_counter() - start:.2f}", flush=True)


def bookkeeping_floor() -> None:
    pods, rows, cpu = floor(NODES, DEPLOYMENTS, REPLICAS)
    print(f"floor nodes={NODES} pods={pods} audit_rows={rows} cpu_s={cpu:.2f}", flush=True)


def drill() -> None:
    sim, _, _ = build_envelope()
    victims = [f"node-{i}" for i in range(1, NODES + 1, NODES // FAILED)][:FAILED]
    on_victims = sum(sim.store.pod_count_on_node(n) for n in victims)
    start, cpu = time.perf_counter(), time.process_time()
    for name in victims:
        sim.fail_node(name)
    sim.advance(90 * 60)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    replaced = ready_pods(sim)
    print(f"drill nodes={NODES} failed={FAILED} pods_on_failed={on_victims} ready_after={replaced} "
          f"target_ready={DEPLOYMENTS * REPLICAS} sim_s=5400 wall_s={wall:.2f} cpu_s={cpu:.2f} "
          f"peak_rss_mib={peak_rss_mib():.0f}")


def lab() -> None:
    sim = cluster(seed=1)
    for i in range(4):
        sim.create(deployment(f"web-{i}", 25, namespace="default", cpu="100m", memory="128Mi"))
    sim.settle()
    # i % 4 == 2 for every set-image action: (i // 4) % 2 alternates the image away from the current
    # one (the builder's nginx:1.25 first), so each is a real rollout of web-2's 25 pods.
    actions = {
        "scale": lambda i: sim.scale("Deployment", "default", f"web-{i % 4}", 25 + (i % 3)),
        "delete_pod": lambda i: sim.delete("Pod", "default", sim.store.list("Pod", "default")[i % 50].name),
        "set_image": lambda i: sim.set_image("Deployment", "default", f"web-{i % 4}",
                                             {"app": "nginx:1.25" if (i // 4) % 2 else "nginx:1.24"}),
        "fail_node": lambda i: (sim.fail_node(f"node-{i % 3 + 1}"), sim.settle(),
                                sim.recover_node(f"node-{i % 3 + 1}")),
    }
    names = list(actions)
    timings: dict[str, list[float]] = {name: [] for name in names}
    for i in range(200):
        name = names[i % len(names)]
        start = time.perf_counter()
        actions[name](i)
        sim.settle()
        timings[name].append((time.perf_counter() - start) * 1000)
    template = sim.store.get("Deployment", "default", "web-2").spec["template"]
    images = {c["image"] for c in template["spec"]["containers"]}
    every = sorted(t for samples in timings.values() for t in samples)
    print(f"lab nodes=4 pods={sim.store.count('Pod')} actions={len(every)} p50_ms={percentile(every, 50):.2f} "
          f"p99_ms={percentile(every, 99):.2f} max_ms={every[-1]:.2f} peak_rss_mib={peak_rss_mib():.0f}")
    for name in names:
        samples = sorted(timings[name])
        print(f"lab_action action={name} n={len(samples)} p50_ms={percentile(samples, 50):.2f} "
              f"p99_ms={percentile(samples, 99):.2f} max_ms={samples[-1]:.2f}"
              + (f" last_image={images.pop()}" if name == "set_image" else ""))


def percentile(ordered: list[float], pct: int) -> float:
    """Nearest-rank percentile of an ascending list."""
    return ordered[max(0, -(-len(ordered) * pct // 100) - 1)]


SCENARIOS = {"envelope": envelope, "floor": bookkeeping_floor, "drill": drill, "lab": lab}


def dispatch(argv: list[str], scenarios: dict[str, Callable[[], None]], script: str) -> int:
    """Run one scenario here, or each named one (all by default) in its own process of `script`."""
    names = argv or list(scenarios)
    if len(names) == 1 and names[0] in scenarios:
        preimport("sandbox.core", "sandbox.kubectl")
        relax_gc()  # as the app's entry point does: measure what users get
        scenarios[names[0]]()
        sys.stdout.flush()
        os._exit(0)  # the figures are out: do not wait for the cluster to be freed
    for name in names:
        if name not in scenarios:
            print(f"unknown scenario {name!r}; choose from {', '.join(scenarios)}", file=sys.stderr)
            return 2
        subprocess.run([sys.executable, script, name], check=False)
    return 0


if __name__ == "__main__":
    sys.exit(dispatch(sys.argv[1:], SCENARIOS, __file__))
