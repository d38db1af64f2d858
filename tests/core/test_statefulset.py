"""The StatefulSet controller (k/k pkg/controller/statefulset/stateful_set_control.go, stateful_set_utils.go),
the StatefulSet API's defaults and validation (k/k pkg/apis/apps/v1/defaults.go, pkg/apis/apps/validation), and
the per-pod DNS names a headless Service gives its pods (CoreDNS's kubernetes plugin)."""

from __future__ import annotations

from typing import Any

import pytest

from sandbox.core.errors import Invalid
from sandbox.core.network import dns
from sandbox.core.objects import pod_is_ready
from sandbox.core.scenario import cluster
from sandbox.core.simulation import Simulation


def statefulset(replicas: int = 3, image: str = "nginx:1.25", **spec: Any) -> dict[str, Any]:
    labels = {"app": "web"}
    return {"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "web"},
            "spec": {"serviceName": "web", "replicas": replicas, "selector": {"matchLabels": labels}, **spec,
                     "template": {"metadata": {"labels": labels}, "spec": {"containers": [
                         {"name": "nginx", "image": image, "ports": [{"containerPort": 80, "name": "http"}]}]}}}}


HEADLESS = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"},
            "spec": {"clusterIP": "None", "selector": {"app": "web"}, "ports": [{"port": 80, "name": "http"}]}}


def names(sim: Simulation, *, live: bool = True) -> list[str]:
    return sorted(p.name for p in sim.list("Pod", "default") if p.name.startswith("web-")
                  and (not live or p.metadata.deletion_timestamp is None))


def audit(sim: Simulation, verb: str) -> list[str]:
    """Pod names in the order the controller created (or deleted) them."""
    return [e.name for e in sim.audit.since(0) if e.kind == "Pod" and e.verb == verb and
            e.actor == "statefulset-controller"]


@pytest.fixture
def sim() -> Simulation:
    return cluster(seed=7)


def test_ordered_ready_creates_each_pod_after_the_previous_is_running_and_ready(sim):
    """processReplica under OrderedReady (monotonic): create one ordinal, then wait for it to be Running and Ready."""
    sim.create(statefulset())
    seen = []
    for _ in range(40):
        sim.advance(0.5)
        pods = {p.name: p for p in sim.list("Pod", "default") if p.name.startswith("web-")}
        for ordinal in (1, 2):
            if f"web-{ordinal}" in pods and f"web-{ordinal}" not in seen:
                seen.append(f"web-{ordinal}")
                previous = pods[f"web-{ordinal - 1}"]
                assert pod_is_ready(previous), f"web-{ordinal} came before {previous.name} was Ready"
    assert audit(sim, "create") == ["web-0", "web-1", "web-2"]
    sts = sim.get("StatefulSet", "default", "web")
    assert sts.status["readyReplicas"] == 3 and sts.status["currentRevision"] == sts.status["updateRevision"]


def test_pods_have_stable_identity_labels_hostname_and_subdomain(sim):
    """newStatefulSetPod / initIdentity: name `<set>-<ordinal>`, pod-name and pod-index labels, the revision hash,
    hostname = name and subdomain = serviceName."""
    sim.create(statefulset(replicas=1))
    sim.advance(10)
    pod = sim.get("Pod", "default", "web-0")
    revision = sim.get("StatefulSet", "default", "web").status["updateRevision"]
    assert revision.startswith("web-")
    assert pod.metadata.labels == {"app": "web", "statefulset.kubernetes.io/pod-name": "web-0",
                                   "apps.kubernetes.io/pod-index": "0", "controller-revision-hash": revision}
    assert (pod.spec["hostname"], pod.spec["subdomain"]) == ("web-0", "web")


def test_parallel_creates_and_deletes_all_at_once(sim):
    """podManagementPolicy Parallel: no waiting for predecessors (runForAll without monotonic)."""
    sim.create(statefulset(replicas=4, podManagementPolicy="Parallel"))
    sim.advance(0.01)
    assert names(sim) == ["web-0", "web-1", "web-2", "web-3"]


def test_scale_down_removes_the_highest_ordinal_first_one_at_a_time(sim):
    """processCondemned: descending ordinals; under OrderedReady the next waits until the last one is gone."""
    sim.create(statefulset(replicas=4))
    sim.advance(30)
    sim.scale("StatefulSet", "default", "web", 1)
    sim.advance(0.01)
    assert names(sim) == ["web-0", "web-1", "web-2"]   # web-3 is terminating, web-2 waits
    sim.advance(30)
    assert names(sim, live=False) == ["web-0"]
    assert audit(sim, "delete")[:3] == ["web-3", "web-2", "web-1"]


def test_a_deleted_pod_comes_back_with_the_same_name(sim):
    """The lowest missing ordinal is recreated under the same name (stable identity)."""
    sim.create(statefulset(replicas=2))
    sim.advance(20)
    old_uid = sim.get("Pod", "default", "web-0").uid
    sim.delete("Pod", "default", "web-0")
    sim.advance(20)
    assert names(sim) == ["web-0", "web-1"] and sim.get("Pod", "default", "web-0").uid != old_uid


def test_rolling_update_replaces_pods_in_reverse_ordinal_order(sim):
    """updateStatefulSet: the highest ordinal not at the update revision goes first, then wait for it."""
    sim.create(statefulset())
    sim.advance(30)
    sim.set_image("StatefulSet", "default", "web", {"nginx": "nginx:1.27"})
    sim.advance(60)
    assert audit(sim, "create")[3:] == ["web-2", "web-1", "web-0"]
    assert {p.spec["containers"][0]["image"] for p in sim.list("Pod", "default")} == {"nginx:1.27"}
    sts = sim.get("StatefulSet", "default", "web")
    assert sts.status["currentRevision"] == sts.status["updateRevision"] and sts.status["updatedReplicas"] == 3


def test_a_partition_keeps_lower_ordinals_at_the_old_revision(sim):
    """RollingUpdate partition: only ordinals >= partition are updated; a deleted lower one returns at the old one."""
    sim.create(statefulset(updateStrategy={"type": "RollingUpdate", "rollingUpdate": {"partition": 2}}))
    sim.advance(30)
    sim.set_image("StatefulSet", "default", "web", {"nginx": "nginx:1.27"})
    sim.advance(30)
    images = {p.name: p.spec["containers"][0]["image"] for p in sim.list("Pod", "default")}
    assert images == {"web-0": "nginx:1.25", "web-1": "nginx:1.25", "web-2": "nginx:1.27"}
    sim.delete("Pod", "default", "web-0")
    sim.advance(30)
    assert sim.get("Pod", "default", "web-0").spec["containers"][0]["image"] == "nginx:1.25"


def test_on_delete_waits_for_the_user_to_delete_pods(sim):
    """OnDelete: a template change replaces nothing until a pod is deleted by hand."""
    sim.create(statefulset(replicas=2, updateStrategy={"type": "OnDelete"}))
    sim.advance(20)
    sim.set_image("StatefulSet", "default", "web", {"nginx": "nginx:1.27"})
    sim.advance(30)
    assert {p.spec["containers"][0]["image"] for p in sim.list("Pod", "default")} == {"nginx:1.25"}
    sim.delete("Pod", "default", "web-1")
    sim.advance(20)
    assert sim.get("Pod", "default", "web-1").spec["containers"][0]["image"] == "nginx:1.27"


def test_a_headless_service_gives_each_pod_a_dns_name(sim):
    """The EndpointSlice endpoint's hostname (pod hostname, subdomain = the Service) and CoreDNS's
    `<hostname>.<service>.<namespace>.svc.cluster.local` record."""
    sim.create(HEADLESS)
    sim.create(statefulset(replicas=2))
    sim.advance(30)
    pod = sim.get("Pod", "default", "web-1")
    _, ips = dns.resolve(sim.store, "web-1.web.default.svc.cluster.local", "default")
    assert ips == [pod.status["podIP"]]
    _, short = dns.resolve(sim.store, "web-1.web", "default")
    assert short == [pod.status["podIP"]]
    assert dns.resolve(sim.store, "web-7.web", "default") == (None, [])


def test_orphaned_pods_are_adopted_by_a_new_statefulset(sim):
    """ClaimPods: orphans named like the set's pods and matching its selector get its ownerReference."""
    sim.create(statefulset(replicas=2))
    sim.advance(20)
    sts = sim.get("StatefulSet", "default", "web")
    for name in ("web-0", "web-1"):   # as `kubectl delete sts web --cascade=orphan` leaves them
        pod = sim.get("Pod", "default", name)
        pod.metadata.owner_references = []
        sim.store.update(pod, "you", "orphaned")
    sim.store.delete(sts, "you", "deleted with --cascade=orphan")
    sim.create(statefulset(replicas=2))
    sim.advance(5)
    owners = {p.metadata.owner_references[0]["uid"] for p in sim.list("Pod", "default") if p.name.startswith("web")}
    assert owners == {sim.get("StatefulSet", "default", "web").uid}
    assert audit(sim, "create") == ["web-0", "web-1"]   # nothing was recreated


def test_statefulset_defaults(sim):
    """SetDefaults_StatefulSet: OrderedReady, RollingUpdate with partition 0, Retain/Retain, one replica."""
    spec = sim.create(statefulset()).spec
    assert spec["podManagementPolicy"] == "OrderedReady"
    assert spec["updateStrategy"] == {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}}
    assert spec["persistentVolumeClaimRetentionPolicy"] == {"whenDeleted": "Retain", "whenScaled": "Retain"}
    assert spec["revisionHistoryLimit"] == 10


def test_only_some_spec_fields_may_change(sim):
    """ValidateStatefulSetUpdate: serviceName (among others) is immutable."""
    sim.apply(statefulset())
    changed = statefulset()
    changed["spec"]["serviceName"] = "other"
    with pytest.raises(Invalid) as err:
        sim.apply(changed)
    assert err.value.message == (
        'StatefulSet.apps "web" is invalid: spec: Forbidden: updates to statefulset spec for fields other than '
        "'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', "
        "'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden")


def test_a_statefulset_must_restart_always(sim):
    """ValidateStatefulSetSpec via the pod template: restartPolicy must be Always."""
    manifest = statefulset()
    manifest["spec"]["template"]["spec"]["restartPolicy"] = "Never"
    with pytest.raises(Invalid) as err:
        sim.create(manifest)
    assert 'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"' in \
        err.value.message
