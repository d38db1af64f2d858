"""The Deployment controller and rollout operations.

Follows k/k pkg/controller/deployment (sync.go, rolling.go, recreate.go, progress.go,
util/deployment_util.go) and kubectl's rollout commands (pkg/cmd/rollout, pkg/polymorphichelpers).
"""

from __future__ import annotations

import pytest

from sandbox.core.controllers.deployment import (
    DESIRED_REPLICAS_ANNOTATION,
    MAX_REPLICAS_ANNOTATION,
    max_surge,
    max_unavailable,
    resolve_fenceposts,
)
from sandbox.core.naming import template_hash
from sandbox.core.objects import (
    POD_TEMPLATE_HASH,
    REVISION_ANNOTATION,
    condition,
    pod_is_active,
    pod_is_ready,
    timestamp,
)
from sandbox.core.rollout import RESTARTED_AT_ANNOTATION, RolloutError
from sandbox.core.scenario import cluster
from sandbox.core.simulation import Simulation
from tests.builders import UNKNOWN_IMAGE, deployment, undo

OLD = "nginx:1.24"  # each test rolls out from this image to a newer one


def replica_sets(sim: Simulation, d) -> list:
    return sorted((rs for rs in sim.store.children(d.uid) if rs.kind == "ReplicaSet"),
                  key=lambda rs: int(rs.metadata.annotations[REVISION_ANNOTATION]))


def pods_of(sim: Simulation, rs) -> list:
    return [p for p in sim.store.children(rs.uid) if pod_is_active(p)]


def image_of(obj) -> str:
    return obj.spec["template"]["spec"]["containers"][0]["image"]


def rolled_out(sim: Simulation, name: str = "web"):
    sim.settle()
    status = sim.rollout_status("default", name)
    assert status.done, status.message
    return sim.get("Deployment", "default", name)


@pytest.mark.parametrize("surge, unavailable, replicas, expected", [
    ("25%", "25%", 3, (1, 0)),
    ("25%", "25%", 4, (1, 1)),
    ("25%", "25%", 10, (3, 2)),
    ("50%", "50%", 5, (3, 2)),
    (2, 0, 5, (2, 0)),
    (0, 0, 5, (0, 1)),
    ("0%", "0%", 5, (0, 1)),
    ("10%", "10%", 3, (1, 0)),
])
def test_max_surge_unavailable_vectors(surge, unavailable, replicas, expected):
    assert resolve_fenceposts(surge, unavailable, replicas) == expected


def test_max_unavailable_is_capped_at_replicas_and_defaults_apply():
    sim = cluster(seed=11)
    d = sim.create(deployment(image=OLD, replicas=2, strategy={"rollingUpdate": {"maxUnavailable": 5}}))
    assert max_unavailable(d) == 2 and max_surge(d) == 1  # maxSurge defaulted to 25% of 2, rounded up
    assert d.spec["revisionHistoryLimit"] == 10 and d.spec["progressDeadlineSeconds"] == 600


def test_new_rs_named_after_template_hash():
    sim = cluster(seed=11)
    d = rolled_out_after_create(sim, deployment(image=OLD))
    (rs,) = replica_sets(sim, d)
    pod_hash = template_hash(d.spec["template"])
    assert rs.name == f"web-{pod_hash}"
    assert rs.metadata.labels[POD_TEMPLATE_HASH] == pod_hash
    assert rs.spec["selector"]["matchLabels"] == {"app": "web", POD_TEMPLATE_HASH: pod_hash}
    assert all(p.metadata.labels[POD_TEMPLATE_HASH] == pod_hash for p in pods_of(sim, rs))
    assert rs.metadata.annotations[REVISION_ANNOTATION] == "1" == d.metadata.annotations[REVISION_ANNOTATION]
    messages = [e.reason for e in sim.audit.events() if e.event_reason == "ScalingReplicaSet" and e.name == "web"]
    assert messages == [f"Scaled up replica set {rs.name} from 0 to 3"]
    assert condition(d.status, "Available")["reason"] == "MinimumReplicasAvailable"
    progressing = condition(d.status, "Progressing")
    assert (progressing["reason"], progressing["message"]) == \
        ("NewReplicaSetAvailable", f'ReplicaSet "{rs.name}" has successfully progressed.')
    assert sim.rollout_status("default", "web").message == 'deployment "web" successfully rolled out'


def rolled_out_after_create(sim: Simulation, manifest: dict):
    sim.create(manifest)
    return rolled_out(sim, manifest["metadata"]["name"])


def test_scaling_does_not_create_revision():
    sim = cluster(seed=11)
    d = rolled_out_after_create(sim, deployment(image=OLD))
    sim.scale("Deployment", "default", "web", 5)
    d = rolled_out(sim)
    (rs,) = replica_sets(sim, d)
    assert rs.spec["replicas"] == 5 and len(pods_of(sim, rs)) == 5
    assert rs.metadata.annotations[REVISION_ANNOTATION] == "1"
    assert rs.metadata.annotations[DESIRED_REPLICAS_ANNOTATION] == "5"


def test_rolling_update_never_exceeds_surge_or_drops_below_available():
    sim = cluster(seed=11)
    d = rolled_out_after_create(sim, deployment(image=OLD, replicas=10))
    surge, unavailable = max_surge(d), max_unavailable(d)
    assert (surge, unavailable) == (3, 2)
    sim.set_image("Deployment", "default", "web", {"app": "nginx:1.25"})
    seen_new = 0
    for _ in range(300):
        sim.advance(1)
        pods = [p for rs in replica_sets(sim, d) for p in pods_of(sim, rs)]
        assert len(pods) <= 10 + surge
        assert sum(pod_is_ready(p) for p in pods) >= 10 - unavailable
        seen_new = max(seen_new, sum(image_of_pod(p) == "nginx:1.25" for p in pods))
        if sim.rollout_status("default", "web").done:
            break
    assert seen_new == 10
    old, new = replica_sets(sim, d)
    assert old.spec["replicas"] == 0 and new.spec["replicas"] == 10
    assert d.metadata.annotations[REVISION_ANNOTATION] == "2"


def image_of_pod(pod) -> str:
    return pod.spec["containers"][0]["image"]


def test_rollout_status_reports_progress_in_kubectl_words():
    sim = cluster(seed=11)
    rolled_out_after_create(sim, deployment(image=OLD, replicas=4))
    sim.set_image("Deployment", "default", "web", {"app": "nginx:1.25"})
    assert sim.rollout_status("default", "web").message == \
        "Waiting for deployment spec update to be observed..."
    messages = set()
    while not (status := sim.rollout_status("default", "web")).done:
        messages.add(status.message.split(": ", 1)[-1])
        sim.advance(0.5)
    assert "2 out of 4 new replicas have been updated..." in messages  # surge 1 + unavailable 1
    assert any(m.endswith("old replicas are pending termination...") for m in messages)
    assert status.message == 'deployment "web" successfully rolled out'


def test_recreate_waits_for_old_pods():
    sim = cluster(seed=11)
    d = rolled_out_after_create(sim, deployment(image=OLD, strategy={"type": "Recreate"}))
    sim.set_image("Deployment", "default", "web", {"app": "nginx:1.25"})
    old_pods = {p.uid for p in sim.store.list("Pod", "default")}
    for _ in range(120):
        sim.advance(0.5)
        pods = sim.store.list("Pod", "default")
        old_left = [p for p in pods if p.uid in old_pods]
        new = [p for p in pods if p.uid not in old_pods]
        assert not (old_left and new), "a new pod started while an old one still ran"
        if sim.rollout_status("default", "web").done:
            break
    assert sim.rollout_status("default", "web").done
    assert [rs.spec["replicas"] for rs in replica_sets(sim, d)] == [0, 3]


def test_rollout_undo_previous_and_to_revision():
    sim = cluster(seed=11)
    d = rolled_out_after_create(sim, deployment(image="nginx:1.24"))
    for image in ("nginx:1.25", "nginx:1.27"):
        sim.set_image("Deployment", "default", "web", {"app": image})
        rolled_out(sim)
    assert [(rev, image_of(rs)) for rev, rs in sim.rollout_history("default", "web")] == \
        [(1, "nginx:1.24"), (2, "nginx:1.25"), (3, "nginx:1.27")]
    assert undo(sim, "web").output == "deployment.apps/web rolled back"
    d = rolled_out(sim)
    assert image_of(d) == "nginx:1.25"
    assert [(rev, image_of(rs)) for rev, rs in sim.rollout_history("default", "web")] == \
        [(1, "nginx:1.24"), (3, "nginx:1.27"), (4, "nginx:1.25")]  # the reused RS got a new number
    assert d.metadata.annotations[REVISION_ANNOTATION] == "4"
    undo(sim, "web", 1)
    d = rolled_out(sim)
    assert image_of(d) == "nginx:1.24" and d.metadata.annotations[REVISION_ANNOTATION] == "5"
    history = sim.rollout_history("default", "web")
    assert len(replica_sets(sim, d)) == 3 and history[-1][0] == 5
    assert history[-1][1].metadata.annotations["deployment.kubernetes.io/revision-history"] == "1"
    assert undo(sim, "web", 9).output == "error: unable to find specified revision 9 in history"


def test_pause_blocks_template_rollout_but_not_scaling():
    sim = cluster(seed=11)
    d = rolled_out_after_create(sim, deployment(image=OLD))
    sim.rollout_pause("default", "web")
    with pytest.raises(RolloutError, match=r'deployments\.apps "web" is already paused'):
        sim.rollout_pause("default", "web")
    sim.set_image("Deployment", "default", "web", {"app": "nginx:1.25"})
    sim.scale("Deployment", "default", "web", 5)
    sim.settle()
    (rs,) = replica_sets(sim, d)  # no new ReplicaSet while paused
    assert rs.spec["replicas"] == 5 and len(pods_of(sim, rs)) == 5
    assert condition(d.status, "Progressing")["reason"] == "DeploymentPaused"
    # kubectl looks the revision up before it checks for a pause (polymorphichelpers/rollback.go)
    assert undo(sim, "web").output == 'error: no rollout history found for deployment "web"'
    assert "resume it first" in undo(sim, "web", 1).output
    sim.rollout_resume("default", "web")
    d = rolled_out(sim)
    old, new = replica_sets(sim, d)
    assert image_of(new) == "nginx:1.25" and new.spec["replicas"] == 5 and old.spec["replicas"] == 0


def test_restart_creates_new_rs():
    sim = cluster(seed=11)
    d = rolled_out_after_create(sim, deployment(image=OLD))
    sim.advance(30)
    sim.rollout_restart("default", "web")
    stamp = timestamp(sim.now)
    d = rolled_out(sim)
    old, new = replica_sets(sim, d)
    assert new.spec["template"]["metadata"]["annotations"][RESTARTED_AT_ANNOTATION] == stamp
    assert image_of(new) == image_of(old)
    assert (old.spec["replicas"], new.spec["replicas"]) == (0, 3)


def test_progress_deadline_exceeded_not_rolled_back():
    sim = cluster(seed=11)
    d = rolled_out_after_create(sim, deployment(image=OLD, progressDeadlineSeconds=60))
    sim.set_image("Deployment", "default", "web", {"app": UNKNOWN_IMAGE})
    sim.advance(30)
    assert not sim.rollout_status("default", "web").failed
    sim.advance(60)
    status = sim.rollout_status("default", "web")
    assert status.failed and status.message == 'error: deployment "web" exceeded its progress deadline'
    old, new = replica_sets(sim, d)
    cond = condition(d.status, "Progressing")
    assert (cond["status"], cond["reason"], cond["message"]) == \
        ("False", "ProgressDeadlineExceeded", f'ReplicaSet "{new.name}" has timed out progressing.')
    sim.advance(600)
    assert image_of(d) == UNKNOWN_IMAGE  # nothing rolls back by itself
    assert old.status["availableReplicas"] == 3 - max_unavailable(d) == 3
    assert new.spec["replicas"] == 1


def test_revision_history_limit_cleans_old_rs():
    sim = cluster(seed=11)
    rolled_out_after_create(sim, deployment(image=OLD, revisionHistoryLimit=2))
    for image in ("nginx:1.25", "nginx:1.27", "nginx:latest"):
        sim.set_image("Deployment", "default", "web", {"app": image})
        rolled_out(sim)
    assert [rev for rev, _ in sim.rollout_history("default", "web")] == [2, 3, 4]
    assert any(e.verb == "delete" and e.kind == "ReplicaSet" and "revisionHistoryLimit 2" in e.reason
               for e in sim.audit)


def test_proportional_scaling_mid_rollout():
    sim = cluster(seed=11)
    d = rolled_out_after_create(sim, deployment(image=OLD, replicas=10))
    sim.set_image("Deployment", "default", "web", {"app": UNKNOWN_IMAGE})
    sim.advance(20)  # stuck: the new pods never become Ready
    old, new = replica_sets(sim, d)
    assert (old.spec["replicas"], new.spec["replicas"]) == (8, 5)
    sim.scale("Deployment", "default", "web", 20)
    sim.advance(20)
    # 13 pods may grow to 25 (20 + 25% surge): 8·25/13 → 15 and 5·25/13 → 10
    assert (old.spec["replicas"], new.spec["replicas"]) == (15, 10)
    for rs in (old, new):
        assert rs.metadata.annotations[DESIRED_REPLICAS_ANNOTATION] == "20"
        assert rs.metadata.annotations[MAX_REPLICAS_ANNOTATION] == "25"
    messages = [e.reason for e in sim.audit.events() if e.event_reason == "ScalingReplicaSet"]
    assert f"Scaled up replica set {old.name} from 8 to 15" in messages
    assert f"Scaled up replica set {new.name} from 5 to 10" in messages


def test_set_image_unknown_container_is_an_error_and_changes_nothing():
    sim = cluster(seed=11)
    d = rolled_out_after_create(sim, deployment(image=OLD))
    version = d.metadata.resource_version
    with pytest.raises(RolloutError) as err:
        sim.set_image("Deployment", "default", "web", {"app": "nginx:1.25", "sidecar": "envoy"})
    assert str(err.value) == 'error: unable to find container named "sidecar"'
    assert d.metadata.resource_version == version and image_of(d) == "nginx:1.24"


def test_same_seed_same_rollout_audit_log():
    def run() -> str:
        sim = cluster(seed=5)
        sim.create(deployment(image=OLD, replicas=4))
        sim.settle()
        sim.set_image("Deployment", "default", "web", {"app": "nginx:1.25"})
        sim.scale("Deployment", "default", "web", 6)
        sim.settle()
        undo(sim, "web")
        sim.settle()
        return sim.audit.text()

    assert run() == run()
