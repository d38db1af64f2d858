"""Timeline benchmarks (run on request, never by pytest): prints `NAME key=value ...` lines.

    python tests/benchmarks/bench_timeline.py [lab|envelope]

lab       default cluster with ~100 pods and 300 commands of history: undo, redo and rewind to
          any point (targets: p99 <= 50 ms; timeline memory <= 50 MiB)
envelope  5,000 nodes and 150,000 pods: one command, then undo it (target: <= 2 s)

Each scenario runs in its own process.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sandbox.kubectl.session import Session
from tests.benchmarks.bench_core import build_envelope, dispatch
from tests.builders import deployment

COMMANDS = 300


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def timed(step: Callable[[], object]) -> float:
    start = time.perf_counter()
    step()
    return (time.perf_counter() - start) * 1000


def lab_session() -> Session:
    session = Session(seed=1)
    for i in range(4):
        session.sim.create(deployment(f"web-{i}", 25, namespace="default", cpu="100m", memory="128Mi"))
    session.sim.settle()
    return session


def lab_line(i: int, session: Session) -> str:
    pods = session.sim.list("Pod", "default")
    return [
        f"kubectl scale deployment web-{i % 4} --replicas={24 + i % 4}",
        f"kubectl delete pod {pods[i % len(pods)].name}" if pods else "sim wait 5s",
        f"kubectl set image deployment/web-{i % 4} app={'nginx:1.24' if i % 2 else 'nginx:1.25'}",
        "sim wait 20s",
        f"sim node fail node-{i % 3 + 1}",
        f"sim node recover node-{i % 3 + 1}",
        f"kubectl label pod {pods[i % len(pods)].name} round={i} --overwrite" if pods else "sim wait 5s",
    ][i % 7]


def lab() -> None:
    session = lab_session()
    run_ms = [timed(lambda i=i: session.run(lab_line(i, session))) for i in range(COMMANDS)]
    timeline = session.timeline
    points = len(timeline.points(timeline.branch))
    undo_ms = [timed(timeline.undo) for _ in range(50)]
    redo_ms = [timed(timeline.redo) for _ in range(50)]
    rng = random.Random(7)
    rewind_ms = [timed(lambda: timeline.rewind_to_point(rng.randrange(points))) for _ in range(200)]
    print(f"timeline_lab pods={session.sim.count('Pod')} commands={COMMANDS} points={points} "
          f"checkpoint_every={timeline.spacing or timeline.adaptive_spacing()} "
          f"command_p50_ms={percentile(run_ms, 0.5):.1f} "
          f"undo_p99_ms={percentile(undo_ms, 0.99):.1f} redo_p99_ms={percentile(redo_ms, 0.99):.1f} "
          f"rewind_p50_ms={percentile(rewind_ms, 0.5):.1f} rewind_p99_ms={percentile(rewind_ms, 0.99):.1f} "
          f"memory_mib={timeline.memory() / 2**20:.1f} audit_entries={len(session.sim.audit)}")


def envelope() -> None:
    # The session alone holds the cluster, as in the app: an undo then also frees the cluster it replaces.
    session = Session(build_envelope()[0])
    first = timed(lambda: session.run("kubectl scale deployment app-0001 --replicas=110"))
    second = timed(lambda: session.run("kubectl scale deployment app-0002 --replicas=90"))
    session.run("sim wait 10s")
    undo = timed(session.timeline.undo)
    undo_again = timed(session.timeline.undo)
    print(f"timeline_envelope pods={session.sim.count('Pod')} first_command_ms={first:.0f} "
          f"second_command_ms={second:.0f} undo_ms={undo:.0f} undo_again_ms={undo_again:.0f} "
          f"checkpoint_every={session.timeline.adaptive_spacing()} memory_mib={session.timeline.memory() / 2**20:.0f}")


SCENARIOS = {"lab": lab, "envelope": envelope}


if __name__ == "__main__":
    sys.exit(dispatch(sys.argv[1:], SCENARIOS, __file__))
