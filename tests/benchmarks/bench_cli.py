"""CLI benchmark (run on request, never by pytest): prints `NAME key=value ...` lines.

    python tests/benchmarks/bench_cli.py [runs]

run  CPU time (user + system, from the children's rusage) of `kubesandbox run` on a 3-line script with a
     `kubectl create deployment`, against `python -c "import yaml, pydantic"` (the floor of any program
     that reads manifests and validates them), run side by side in fresh processes, alternating so drift
     in machine load hits both alike; min and median of each and the ratio of the medians.

As on a learner's machine, Python caches compiled bytecode: PYTHONDONTWRITEBYTECODE (set in some shells)
is dropped from the children's environment and one untimed warm-up run of each writes the caches.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """kubectl create deployment web --image=nginx:1.25 --replicas=2
kubectl rollout status deployment/web
kubectl get pods
"""

_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def cpu_seconds(argv: list[str]) -> float:
    """CPU time of one child process run to completion."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(argv, check=True, capture_output=True, env=_ENV, cwd=ROOT)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(runs: int = 7) -> None:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write(SCRIPT)
    run = [sys.executable, "-m", "sandbox", "run", f.name]
    floor = [sys.executable, "-c", "import yaml, pydantic"]
    try:
        cpu_seconds(run), cpu_seconds(floor)  # warm-up: writes the bytecode caches a second start would find
        ours, ref = [], []
        for _ in range(runs):
            ours.append(cpu_seconds(run))
            ref.append(cpu_seconds(floor))
    finally:
        os.unlink(f.name)
    o, r = statistics.median(ours), statistics.median(ref)
    print(f"cli_run ratio={o / r:.2f} run_cpu_ms={o * 1000:.0f} run_cpu_min_ms={min(ours) * 1000:.0f} "
          f"import_yaml_pydantic_cpu_ms={r * 1000:.0f} import_min_ms={min(ref) * 1000:.0f} runs={runs}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
