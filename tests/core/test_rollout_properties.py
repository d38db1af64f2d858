"""Property: any RollingUpdate, at every simulated second, stays within its fenceposts.

The fenceposts are those of k/k pkg/controller/deployment/util (ResolveFenceposts, MaxSurge,
MaxUnavailable), enforced by rolling.go's reconcileNewReplicaSet and reconcileOldReplicaSets.

Hypothesis draws the replica count and maxSurge/maxUnavailable (ints or
percentages); after an image change the Deployment must never have more
than replicas + maxSurge active pods, nor fewer than replicas - maxUnavailable
Ready pods, and it must finish with every pod on the new template.
"""

from hypothesis import given, settings
from hypothesis import strategies as st

from sandbox.core.controllers.deployment import max_surge, max_unavailable
from sandbox.core.objects import pod_is_active, pod_is_ready
from sandbox.core.scenario import cluster
from sandbox.core.simulation import Simulation
from tests.builders import deployment

INT_OR_PERCENT = st.one_of(st.integers(0, 4), st.sampled_from(["0%", "10%", "25%", "50%", "100%"]))


def web_pods(sim: Simulation, d) -> list:
    return [p for rs in sim.store.children(d.uid) for p in sim.store.children(rs.uid) if pod_is_active(p)]


@settings(max_examples=40, deadline=None, derandomize=True)
@given(replicas=st.integers(1, 12), surge=INT_OR_PERCENT, unavailable=INT_OR_PERCENT)
def test_rolling_update_stays_within_fenceposts(replicas, surge, unavailable):
    if surge in (0, "0%") and unavailable in (0, "0%"):
        unavailable = 1  # the API server rejects both at zero (covered by the validation tests)
    sim = cluster(seed=2)
    strategy = {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": surge, "maxUnavailable": unavailable}}
    d = sim.apply(deployment("web", replicas, "nginx:1.24", strategy=strategy)).obj
    sim.settle()
    upper, lower = replicas + max_surge(d), replicas - max_unavailable(d)
    sim.set_image("Deployment", "default", "web", {"app": "nginx:1.25"})
    for _ in range(600):
        sim.advance(1)
        pods = web_pods(sim, d)
        assert len(pods) <= upper
        assert sum(pod_is_ready(p) for p in pods) >= lower
        if sim.rollout_status("default", "web").done:
            break
    pods = web_pods(sim, d)
    assert len(pods) == replicas
    assert all(p.spec["containers"][0]["image"] == "nginx:1.25" and pod_is_ready(p) for p in pods)
