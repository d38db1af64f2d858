"""The sandbox pod limit: one bound on pods, worded and counted as a ResourceQuota on `pods`.

Upstream: k/k staging/src/k8s.io/apiserver/pkg/admission/plugin/resourcequota/controller.go
(CheckRequest: "exceeded quota: %s, requested: %s, used: %s, limited: %s", wrapped by
admission.NewForbidden as `pods "name" is forbidden: ...`) and pkg/quota/v1/evaluator/core/pods.go
(QuotaV1Pod: terminal pods and pods terminating past their grace period do not count).
"""

from __future__ import annotations

import pytest

from sandbox.core.errors import Forbidden
from sandbox.core.scenario import cluster
from sandbox.core.simulation import Simulation
from sandbox.kubectl import Session


def deployment(name: str, replicas: int) -> dict:
    labels = {"app": name}
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name},
            "spec": {"replicas": replicas, "selector": {"matchLabels": labels},
                     "template": {"metadata": {"labels": labels},
                                  "spec": {"containers": [{"name": "app", "image": "nginx:1.25"}]}}}}


@pytest.fixture
def sim() -> Simulation:
    """The default cluster (10 system pods) with room for 30 pods."""
    sim = cluster(seed=0, pod_limit=30)
    sim.settle()
    assert sim.count("Pod") == 10
    return sim


def test_a_billion_replicas_are_refused_before_any_object_exists(sim):
    before = sim.resource_version
    with pytest.raises(Forbidden) as refused:
        sim.create(deployment("big", 1_000_000_000))
    assert refused.value.message == ('deployments.apps "big" is forbidden: exceeded quota: sandbox-pod-limit, '
                                     "requested: pods=1000000000, used: pods=10, limited: pods=30")
    assert sim.resource_version == before and sim.try_get("Deployment", "default", "big") is None


@pytest.mark.parametrize("write", ["scale", "apply", "patch"])
def test_every_path_that_raises_replicas_is_checked(sim, write):
    sim.create(deployment("web", 5))
    sim.settle()
    with pytest.raises(Forbidden, match=r'deployments.apps "web" is forbidden: exceeded quota: sandbox-pod-limit, '
                                        r"requested: pods=95, used: pods=15, limited: pods=30"):
        if write == "scale":
            sim.scale("Deployment", "default", "web", 100)
        elif write == "apply":
            sim.apply(deployment("web", 100))
        else:
            sim.patch("Deployment", "default", "web", {"spec": {"replicas": 100}})
    assert sim.get("Deployment", "default", "web").spec["replicas"] == 5
    sim.scale("Deployment", "default", "web", 20)       # exactly fills the limit
    sim.scale("Deployment", "default", "web", 1)        # scaling down is always allowed
    assert sim.get("Deployment", "default", "web").spec["replicas"] == 1


def test_pods_beyond_the_limit_are_refused_at_admission_and_reported_as_failed_creates(sim):
    """A controller that meets the quota records FailedCreate with the quota's words, as upstream."""
    sim.pod_limit.limit = 100
    sim.create(deployment("web", 30))
    sim.pod_limit.limit = 30                          # the limit shrinks under a workload that wants more
    sim.settle()
    assert sim.count("Pod") <= 30
    failures = [e for e in sim.audit if e.event_reason == "FailedCreate"]
    assert failures and failures[-1].reason.startswith('Error creating: pods "web-')
    assert "is forbidden: exceeded quota: sandbox-pod-limit, requested: pods=1, used: pods=30, limited: pods=30" \
        in failures[-1].reason


def test_a_refused_replicaset_retries_with_back_off_and_fills_freed_room(sim):
    """client-go's rate-limited requeue: room freed later is used without any new write to the ReplicaSet."""
    sim.create(deployment("web", 15))
    sim.settle()
    sim.pod_limit.limit = 100
    sim.create(deployment("more", 10))
    sim.pod_limit.limit = 30
    sim.settle()
    assert sim.count("Pod") == 30
    sim.delete("Deployment", "default", "web")
    sim.advance(1200)                                 # the back-off tops out at 1000 s
    pods = sim.list("Pod", "default")
    assert len([p for p in pods if p.name.startswith("more-")]) == 10


def test_terminal_and_long_terminating_pods_do_not_count():
    """QuotaV1Pod: a pod stuck terminating past its grace period (a lost node) is not charged, so its
    replacement fits although the store then holds more pods than the limit."""
    sim = cluster(seed=0, workers=2)
    sim.create(deployment("web", 4))
    sim.settle()
    sim.pod_limit.limit = sim.count("Pod")               # full
    node = next(p.spec["nodeName"] for p in sim.list("Pod", "default"))
    sim.fail_node(node)
    sim.advance(600)                                     # NotReady at 50 s, evicted at 350 s, stuck Terminating
    web = sim.list("Pod", "default")
    assert [p for p in web if p.metadata.deletion_timestamp is not None]
    assert len([p for p in web if p.metadata.deletion_timestamp is None]) == 4
    assert sim.count("Pod") > sim.pod_limit.limit


def test_daemonset_pods_beyond_the_limit_fail_to_create_without_breaking_the_controller():
    sim = cluster(seed=0, workers=3, pod_limit=11)
    sim.settle()
    for name in ("node-4", "node-5"):
        sim.add_node(name)
    sim.advance(60)
    ds = sim.get("DaemonSet", "kube-system", "kube-proxy")
    assert ds.status["desiredNumberScheduled"] == 6 and ds.status["currentNumberScheduled"] == 5
    assert any(e.event_reason == "FailedCreate" and e.name == "kube-proxy" for e in sim.audit)


def test_the_limit_is_the_command_lines_max_pods_and_survives_sim_reset():
    from sandbox.__main__ import build_parser

    args = build_parser().parse_args(["run", "-", "--max-pods", "50"])
    assert args.max_pods == 50
    with pytest.raises(SystemExit):
        build_parser().parse_args(["run", "-", "--max-pods", "9" * 5000])
    session = Session(cluster(seed=0, pod_limit=50))
    assert session.run("sim reset").ok
    assert session.sim.pod_limit.limit == 50
    out = session.run("kubectl create deployment big --image=nginx --replicas=1000000000")
    assert out.output == ('error: failed to create deployment: deployments.apps "big" is forbidden: exceeded quota: '
                          "sandbox-pod-limit, requested: pods=1000000000, used: pods=10, limited: pods=50")


def test_the_default_limit_holds_the_scalability_envelope():
    """bench_core.py envelope runs 150,000 pods (kubernetes.io: at most 150,000 pods per cluster)."""
    assert Simulation().pod_limit.limit >= 150_000
