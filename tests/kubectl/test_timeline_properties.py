"""Property: random command sequences with random undos end in the cluster the same sequence reaches
without the undone commands — byte for byte (audit log with causes and roots, objects, time, randomness)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sandbox.core.config import ClusterConfig
from sandbox.core.scenario import Scenario
from sandbox.kubectl import Session
from tests.builders import cluster_state, deployment, run_ok

UNDO = -1
ACTIONS = 9
# web runs from the start (the scenario), so every command below has it to act on, undone or not
START = Scenario(ClusterConfig(seed=5), manifests=(deployment("web", 3, "nginx:1.24"),), settle=20)


def line_for(action: int, n: int, session: Session) -> str:
    """A command that succeeds on any state of the cluster (so every one is a point)."""
    pods = sorted(p.name for p in session.sim.list("Pod", "default") if p.metadata.deletion_timestamp is None)
    node = f"node-{n % 3 + 1}"
    if action == 0:
        return f"kubectl scale deployment web --replicas={n % 6}"
    if action == 1 and pods:
        return f"kubectl delete pod {pods[n % len(pods)]}"
    if action == 2:
        return f"kubectl set image deployment/web app=nginx:{'1.24' if n % 2 else '1.25'}"
    if action == 3:
        return f"sim node fail {node}"
    if action == 4:
        return f"sim node recover {node}"
    if action == 5:
        return f"kubectl cordon {node}"
    if action == 6:
        return f"kubectl uncordon {node}"
    if action == 7 and pods:
        return f"kubectl label pod {pods[n % len(pods)]} pick={n} --overwrite"
    return f"sim wait {5 + n * 7 % 90}s"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(UNDO, ACTIONS - 1), st.integers(0, 50)), min_size=1, max_size=14),
       st.integers(1, 8))
def test_undone_commands_leave_no_trace(steps, spacing):
    session = Session(scenario=START)
    session.timeline.spacing = spacing   # replayed from checkpoints this far apart
    kept: list[str] = []
    for action, n in steps:
        if action == UNDO:
            if session.run("sim undo").ok:
                kept.pop()
            continue
        line = line_for(action, n, session)
        run_ok(session, line)
        kept.append(line)
    again = Session(scenario=START)
    for line in kept:
        run_ok(again, line)
    assert cluster_state(session.sim) == cluster_state(again.sim)
