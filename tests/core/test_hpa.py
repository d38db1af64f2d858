"""The horizontal pod autoscaler controller without a metrics API, as on a kind cluster
(k/k pkg/controller/podautoscaler/horizontal.go, reconcileAutoscaler)."""

import pytest

from sandbox.core.errors import Invalid
from sandbox.core.objects import condition
from sandbox.core.scenario import cluster
from sandbox.core.simulation import Simulation


def deployment(replicas: int) -> dict:
    labels = {"app": "web"}
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "labels": labels},
            "spec": {"replicas": replicas, "selector": {"matchLabels": labels},
                     "template": {"metadata": {"labels": labels},
                                  "spec": {"containers": [{"name": "nginx", "image": "nginx:1.25"}]}}}}


def hpa(**spec) -> dict:
    return {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": {"name": "web"},
            "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"}, **spec}}


@pytest.fixture
def sim() -> Simulation:
    sim = cluster(seed=0)
    sim.create(deployment(1))
    sim.advance(10)
    return sim


def reasons(sim: Simulation) -> list[tuple[str, str]]:
    return [(e.event_reason or "", e.reason) for e in sim.audit.events() if e.kind == "HorizontalPodAutoscaler"]


def test_defaults_one_replica_and_80_percent_cpu(sim):
    """autoscaling/v2 SetDefaults_HorizontalPodAutoscaler."""
    obj = sim.create(hpa(maxReplicas=5))
    assert obj.spec["minReplicas"] == 1
    assert obj.spec["metrics"] == [{"resource": {"name": "cpu", "target": {"averageUtilization": 80,
                                                                           "type": "Utilization"}},
                                    "type": "Resource"}]


def test_first_sync_comes_fifteen_seconds_after_creation(sim):
    """The HPA queue adds every key rate-limited by the 15 s resync period."""
    obj = sim.create(hpa(maxReplicas=5))
    sim.advance(14)
    assert obj.status == {}
    sim.advance(1)
    assert obj.status["currentReplicas"] == 1


def test_without_metrics_the_hpa_says_why_and_scales_nothing(sim):
    """ScalingActive False FailedGetResourceMetric; events FailedGetResourceMetric and
    FailedComputeMetricsReplicas, as a cluster without metrics-server reports them."""
    obj = sim.create(hpa(maxReplicas=5))
    sim.advance(31)
    active = condition(obj.status, "ScalingActive")
    detail = ("failed to get cpu utilization: unable to get metrics for resource cpu: unable to fetch metrics from "
              "resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)")
    assert (active["status"], active["reason"], active["message"]) == \
        ("False", "FailedGetResourceMetric", f"the HPA was unable to compute the replica count: {detail}")
    assert condition(obj.status, "AbleToScale")["reason"] == "SucceededGetScale"
    assert (obj.status["currentReplicas"], obj.status.get("desiredReplicas", 0)) == (1, 0)
    assert reasons(sim)[:2] == [
        ("FailedGetResourceMetric", detail),
        ("FailedComputeMetricsReplicas",
         f"invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: {detail}")]
    assert len(reasons(sim)) == 4  # two syncs, 15 s apart
    assert sim.get("Deployment", "default", "web").spec["replicas"] == 1


def test_replicas_below_min_are_raised_without_metrics(sim):
    """`Current number of replicas below Spec.MinReplicas`: the bounds hold even with no metrics."""
    obj = sim.create(hpa(minReplicas=3, maxReplicas=5))
    sim.advance(16)
    assert sim.get("Deployment", "default", "web").spec["replicas"] == 3
    assert ("SuccessfulRescale", "New size: 3; reason: Current number of replicas below Spec.MinReplicas") in \
        reasons(sim)
    assert condition(obj.status, "AbleToScale")["message"] == \
        "the HPA controller was able to update the target scale to 3"
    assert obj.status["desiredReplicas"] == 3 and "lastScaleTime" in obj.status


def test_a_missing_target_is_reported(sim):
    obj = sim.create(hpa(maxReplicas=5, scaleTargetRef={"apiVersion": "apps/v1", "kind": "Deployment",
                                                        "name": "nope"}))
    sim.advance(16)
    able = condition(obj.status, "AbleToScale")
    assert (able["status"], able["reason"]) == ("False", "FailedGetScale")
    assert able["message"] == ("the HPA controller was unable to get the target's current scale: "
                               'deployments.apps "nope" not found')


def test_invalid_bounds_are_refused_by_the_api_server(sim):
    """validateHorizontalPodAutoscalerSpec."""
    with pytest.raises(Invalid) as err:
        sim.create(hpa(minReplicas=0, maxReplicas=0))
    assert "spec.minReplicas: Invalid value: 0: must be greater than or equal to 1" in str(err.value)
    assert "spec.maxReplicas: Invalid value: 0: must be greater than 0" in str(err.value)
