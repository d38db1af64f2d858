"""The kubelet's rules: pod start-up, image pulls, crash loops, termination, stopped nodes."""

from __future__ import annotations

from itertools import pairwise

import pytest

from sandbox.core.kubelet.container_status import qos_class
from sandbox.core.objects import condition, pod_is_ready
from tests.builders import bare_cluster, pod_manifest


def pod_events(sim, name, reason=None):
    return [e for e in sim.audit.events() if e.kind == "Pod" and e.name == name
            and (reason is None or e.event_reason == reason)]


def get(sim, name):
    return sim.get("Pod", "default", name)


def waiting_reason(pod):
    return pod.status["containerStatuses"][0]["state"].get("waiting", {}).get("reason")


def test_pod_lifecycle_events_in_order():
    sim = bare_cluster(workers=1, control_plane=False)
    sim.create(pod_manifest("web"))
    sim.advance(0)
    web = get(sim, "web")
    assert web.status["phase"] == "Pending" and waiting_reason(web) == "ContainerCreating"
    assert web.status["podIP"] == "10.244.0.2" and web.status["hostIP"] == "172.18.0.2"
    sim.settle()
    timeline = [(e.time, e.event_reason, e.reason) for e in pod_events(sim, "web")]
    assert timeline == [
        (0.0, "Scheduled", "Successfully assigned default/web to node-1"),
        (0.0, "Pulling", 'Pulling image "nginx:1.25"'),
        (3.2, "Pulled", 'Successfully pulled image "nginx:1.25" in 3.2s (3.2s including waiting). '
                        "Image size: 71028960 bytes."),
        (3.7, "Created", "Created container: web"),
        (3.7, "Started", "Started container web"),
    ]
    web = get(sim, "web")
    assert web.status["phase"] == "Running" and pod_is_ready(web)
    [status] = web.status["containerStatuses"]
    assert status["state"]["running"]["startedAt"] == "2026-01-01T00:00:03Z"
    assert status["image"] == "docker.io/library/nginx:1.25" and status["imageID"].startswith(
        "docker.io/library/nginx@sha256:")
    assert [c["type"] for c in web.status["conditions"]] == [
        "PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"]
    assert web.status["qosClass"] == "BestEffort"


def test_running_and_ready_written_together_without_probe():
    sim = bare_cluster(workers=1, control_plane=False)
    sim.create(pod_manifest("web"))
    sim.settle()
    kubelet_writes = [e for e in sim.audit if e.actor == "kubelet/node-1" and e.verb == "update" and e.name == "web"]
    assert len(kubelet_writes) == 2   # ContainerCreating, then Running+Ready


def test_image_already_present_on_second_pod():
    sim = bare_cluster(workers=1, control_plane=False)
    sim.create(pod_manifest("first"))
    sim.settle()
    sim.create(pod_manifest("second"))
    sim.settle()
    pulled = pod_events(sim, "second", "Pulled")
    assert [e.reason for e in pulled] == ['Container image "nginx:1.25" already present on machine']
    assert not pod_events(sim, "second", "Pulling")
    assert get(sim, "second").status["podIP"] == "10.244.0.3"


def test_concurrent_pods_wait_for_the_same_pull():
    sim = bare_cluster(workers=1, control_plane=False)
    sim.create(pod_manifest("first"))
    sim.advance(1)
    sim.create(pod_manifest("second"))
    sim.settle()
    [pulled] = pod_events(sim, "second", "Pulled")
    assert (pulled.time, pulled.reason) == (3.6, 'Successfully pulled image "nginx:1.25" in 400ms '
                                                 "(2.6s including waiting). Image size: 71028960 bytes.")


def test_unknown_image_backs_off():
    sim = bare_cluster(workers=1, control_plane=False)
    sim.create(pod_manifest("web", image="nginx:1.99"))
    sim.advance(1)
    web = get(sim, "web")
    assert waiting_reason(web) == "ErrImagePull"
    full = "docker.io/library/nginx:1.99"
    error = (f'rpc error: code = NotFound desc = failed to pull and unpack image "{full}": '
             f'failed to resolve reference "{full}": {full}: not found')
    assert [e.reason for e in pod_events(sim, "web", "Failed")] == [
        f'Failed to pull image "nginx:1.99": {error}', "Error: ErrImagePull"]
    sim.advance(1)
    assert waiting_reason(get(sim, "web")) == "ImagePullBackOff"
    assert [e.reason for e in pod_events(sim, "web", "BackOff")] == ['Back-off pulling image "nginx:1.99"']
    sim.advance(1200)
    pulls = [e.time for e in pod_events(sim, "web", "Pulling")]
    gaps = [b - a for a, b in pairwise(pulls)]
    assert gaps[:7] == [11, 21, 41, 81, 161, 301, 301]   # back-off 10 s doubling to 300 s, plus the 1 s failed pull
    assert get(sim, "web").status["phase"] == "Pending"


def test_unknown_repository_says_pull_access_denied():
    sim = bare_cluster(workers=1, control_plane=False)
    sim.create(pod_manifest("web", image="ngnix:1.25"))
    sim.advance(1)
    assert "pull access denied, repository does not exist" in get(sim, "web").status[
        "containerStatuses"][0]["state"]["waiting"]["message"]


def test_crashloop_backoff_doubles_and_caps():
    sim = bare_cluster(workers=1, control_plane=False)
    sim.create(pod_manifest("crashy", image="ghcr.io/kubesandbox/crashy:1.0"))
    sim.advance(2000)
    crashy = get(sim, "crashy")
    backoffs = [e.reason for e in pod_events(sim, "crashy", "BackOff")]
    assert backoffs[0] == f"Back-off restarting failed container web in pod crashy_default({crashy.uid})"
    restarts = [e.time for e in pod_events(sim, "crashy", "Started")]
    gaps = [round(b - a, 3) for a, b in pairwise(restarts)]
    # Runs 3 s each time; the first restart is immediate, then 10 s, 20 s, ... capped at 5 minutes.
    assert gaps[:8] == [3, 13, 23, 43, 83, 163, 303, 303]
    assert crashy.status["phase"] == "Running"
    [status] = crashy.status["containerStatuses"]
    terminated = status["lastState"]["terminated"]
    assert (terminated["exitCode"], terminated["reason"]) == (1, "Error")
    assert status["restartCount"] == len(restarts) - 1


def test_crashloop_status_names_the_back_off():
    sim = bare_cluster(workers=1, control_plane=False)
    sim.create(pod_manifest("crashy", image="ghcr.io/kubesandbox/crashy:1.0"))
    sim.advance(8)   # started at 1.8, exited at 4.8, restarted at once, exited again at 7.8
    crashy = get(sim, "crashy")
    state = crashy.status["containerStatuses"][0]["state"]["waiting"]
    assert state == {"reason": "CrashLoopBackOff",
                     "message": f"back-off 10s restarting failed container=web pod=crashy_default({crashy.uid})"}
    assert not pod_is_ready(crashy)


def test_busybox_without_command_completes_then_crashloops():
    sim = bare_cluster(workers=1, control_plane=False)
    sim.create(pod_manifest("box", image="busybox"))
    sim.advance(30)
    status = get(sim, "box").status["containerStatuses"][0]
    assert status["lastState"]["terminated"]["reason"] == "Completed"
    assert status["lastState"]["terminated"]["exitCode"] == 0
    assert status["restartCount"] >= 2


@pytest.mark.parametrize("image, command, phase", [
    ("busybox:1.36", ["sh", "-c", "sleep 5"], "Succeeded"),
    ("busybox:1.36", ["sh", "-c", "exit 3"], "Failed"),
    ("ghcr.io/kubesandbox/crashy:1.0", None, "Failed"),
])
def test_restart_policy_never_ends_the_pod(image, command, phase):
    sim = bare_cluster(workers=1, control_plane=False)
    fields = {"command": command} if command else {}
    sim.create(pod_manifest("job", image=image, restartPolicy="Never", container_fields=fields))
    sim.advance(60)
    job = get(sim, "job")
    assert job.status["phase"] == phase
    assert job.status["containerStatuses"][0]["restartCount"] == 0
    assert condition(job.status, "Ready")["reason"] == ("PodCompleted" if phase == "Succeeded" else "PodFailed")


def test_long_running_command_keeps_busybox_running():
    sim = bare_cluster(workers=1, control_plane=False)
    sim.create(pod_manifest("box", image="busybox:1.36", container_fields={"command": ["sleep", "3600"]}))
    sim.advance(100)
    assert get(sim, "box").status["phase"] == "Running" and pod_is_ready(get(sim, "box"))


def test_readiness_probe_delays_ready():
    sim = bare_cluster(workers=1, control_plane=False)
    probe = {"readinessProbe": {"tcpSocket": {"port": 3306}, "initialDelaySeconds": 5, "periodSeconds": 10}}
    sim.create(pod_manifest("db", image="mysql:8.0", container_fields=probe))
    sim.advance(12.5)   # pulled at 11.5, running at 12.5
    db = get(sim, "db")
    assert db.status["phase"] == "Running" and not pod_is_ready(db)
    sim.advance(14.9)   # mysql warms up for 15 s: the probe at +5 s fails, the one at +15 s passes
    assert not pod_is_ready(get(sim, "db"))
    sim.advance(0.1)
    assert pod_is_ready(get(sim, "db"))


def test_one_container_passing_readiness_is_published():
    """Container statuses are written when one of two probes passes, though the pod is not Ready yet."""
    sim = bare_cluster(workers=1, control_plane=False)
    manifest = pod_manifest("two", image="nginx:1.25",
                   container_fields={"readinessProbe": {"httpGet": {"port": 80}, "initialDelaySeconds": 5}})
    manifest["spec"]["containers"].append({"name": "slow", "image": "nginx:1.25", "readinessProbe": {
        "httpGet": {"port": 80}, "initialDelaySeconds": 60, "periodSeconds": 10}})
    sim.create(manifest)
    sim.advance(30)
    two = get(sim, "two")
    assert [s["ready"] for s in two.status["containerStatuses"]] == [True, False]
    assert not pod_is_ready(two)
    assert any(e.name == "two" and e.reason == "readinessProbe passed for some containers" for e in sim.audit)


def test_terminating_pod_removed_by_kubelet():
    sim = bare_cluster(workers=1, control_plane=False)
    sim.create(pod_manifest("web"))
    sim.settle()
    sim.delete("Pod", "default", "web")
    web = get(sim, "web")
    assert web.metadata.deletion_timestamp == sim.now + 30
    sim.advance(0)
    [killing] = pod_events(sim, "web", "Killing")
    assert killing.reason == "Stopping container web"
    sim.advance(0.5)
    assert sim.try_get("Pod", "default", "web") is None
    deletes = [e.actor for e in sim.audit if e.verb == "delete" and e.name == "web"]
    assert deletes == ["you", "kubelet/node-1"]   # you mark it Terminating; the kubelet removes it


def test_stopped_node_freezes_its_pods():
    sim = bare_cluster(workers=1, control_plane=False)
    sim.create(pod_manifest("running"))
    sim.settle()
    sim.create(pod_manifest("starting", image="node:20"))
    sim.advance(1)
    sim.fail_node("node-1")
    sim.delete("Pod", "default", "running")
    sim.advance(200)
    assert waiting_reason(get(sim, "starting")) == "ContainerCreating"
    assert not pod_events(sim, "starting", "Pulled")
    assert get(sim, "running").metadata.deletion_timestamp is not None   # stays Terminating
    sim.recover_node("node-1")
    sim.settle()
    assert sim.try_get("Pod", "default", "running") is None
    assert get(sim, "starting").status["phase"] == "Running" and pod_is_ready(get(sim, "starting"))


def test_node_posts_ready_when_its_kubelet_starts():
    sim = bare_cluster(workers=1, control_plane=False)
    ready = condition(sim.get("Node", "", "node-1").status, "Ready")
    assert (ready["status"], ready["reason"], ready["message"]) == ("True", "KubeletReady",
                                                                     "kubelet is posting ready status")
    assert "lastHeartbeatTime" in ready
    reasons = [e.event_reason for e in sim.audit.events() if e.kind == "Node"]
    assert reasons == ["Starting", "NodeHasSufficientMemory", "NodeHasNoDiskPressure", "NodeHasSufficientPID",
                       "NodeReady"]


def test_pod_ips_and_qos():
    sim = bare_cluster(workers=1, control_plane=False)
    sim.create(pod_manifest("a"))
    sim.create(pod_manifest("b", cpu="100m"))
    guaranteed = {"resources": {"requests": {"cpu": "1", "memory": "1Gi"}, "limits": {"cpu": "1", "memory": "1Gi"}}}
    sim.create(pod_manifest("c", container_fields=guaranteed))
    sim.create(pod_manifest("host", hostNetwork=True))
    sim.settle()
    assert [get(sim, n).status["podIP"] for n in ("a", "b", "c", "host")] == [
        "10.244.0.2", "10.244.0.3", "10.244.0.4", "172.18.0.2"]
    assert [get(sim, n).status["qosClass"] for n in ("a", "b", "c")] == ["BestEffort", "Burstable", "Guaranteed"]


def test_default_cluster_system_pods_run():
    from sandbox.core.scenario import cluster

    sim = cluster(seed=0)
    pods = sim.list("Pod", "kube-system")
    assert len(pods) == 4 + 4 + 2   # static pods, kube-proxy on every node, two coredns
    assert all(p.status["phase"] == "Running" and pod_is_ready(p) for p in pods)
    coredns = [p for p in pods if p.name.startswith("coredns")]
    assert len({p.spec["nodeName"] for p in coredns}) == 2


def _multi_container_pod(name, app_images):
    init = {"name": "setup", "image": "busybox:1.36", "command": ["echo", "ready"]}
    apps = [{"name": f"app{i}", "image": image} for i, image in enumerate(app_images)]
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name},
            "spec": {"initContainers": [init], "containers": apps}}


def test_init_and_app_containers_start_one_after_another():
    """kuberuntime SyncPod (pkg/kubelet/kuberuntime/kuberuntime_manager.go): init containers before the app
    containers; each image is pulled, then the container created and started (kuberuntime_container.go
    startContainer: "Created container: %s", "Started container %s"). An image already on the node is not
    pulled again (pkg/kubelet/images/image_manager.go: "already present on machine"). The sandbox starts the
    app containers one after another too, so one's start and the next one's pull share an instant."""
    sim = bare_cluster(workers=1, control_plane=False)
    sim.create(_multi_container_pod("multi", ["nginx:1.25", "nginx:1.25", "redis:7.4"]))
    sim.advance(0)
    pod = get(sim, "multi")
    assert pod.status["phase"] == "Pending"
    assert [s["state"]["waiting"]["reason"] for s in pod.status["containerStatuses"]] == ["PodInitializing"] * 3
    assert condition(pod.status, "Initialized")["reason"] == "ContainersNotInitialized"
    sim.settle()
    timeline = [(e.time, e.event_reason, e.reason) for e in pod_events(sim, "multi") if e.event_reason != "Scheduled"]
    assert timeline == [
        (0.0, "Pulling", 'Pulling image "busybox:1.36"'),
        (1.2, "Pulled", 'Successfully pulled image "busybox:1.36" in 1.2s (1.2s including waiting). '
                        "Image size: 2156983 bytes."),
        (1.5, "Created", "Created container: setup"),
        (1.5, "Started", "Started container setup"),
        (1.5, "Pulling", 'Pulling image "nginx:1.25"'),
        (4.7, "Pulled", 'Successfully pulled image "nginx:1.25" in 3.2s (3.2s including waiting). '
                        "Image size: 71028960 bytes."),
        (5.2, "Created", "Created container: app0"),
        (5.2, "Started", "Started container app0"),
        (5.2, "Pulled", 'Container image "nginx:1.25" already present on machine'),
        (5.7, "Created", "Created container: app1"),
        (5.7, "Started", "Started container app1"),
        (5.7, "Pulling", 'Pulling image "redis:7.4"'),
        (8.7, "Pulled", 'Successfully pulled image "redis:7.4" in 3s (3s including waiting). '
                        "Image size: 45161902 bytes."),
        (9.0, "Created", "Created container: app2"),
        (9.0, "Started", "Started container app2"),
    ]
    pod = get(sim, "multi")
    assert pod.status["phase"] == "Running" and pod_is_ready(pod)
    assert [s["name"] for s in pod.status["containerStatuses"]] == ["app0", "app1", "app2"]
    assert all(s["ready"] and "running" in s["state"] for s in pod.status["containerStatuses"])
    [setup] = pod.status["initContainerStatuses"]
    assert setup["state"]["terminated"]["reason"] == "Completed"


def test_a_failed_pull_ends_the_start_up_where_it_fails():
    """image_manager.go EnsureImageExists: a pull that fails records Failed ("Failed to pull image") and the
    container waits in ErrImagePull; the containers before it in the sandbox's sequential start-up were
    created and started, the pod stays Pending."""
    sim = bare_cluster(workers=1, control_plane=False)
    sim.create(_multi_container_pod("broken", ["nginx:1.25", "nginx:no-such-tag"]))
    sim.advance(10)
    reasons = [(e.time, e.event_reason) for e in pod_events(sim, "broken") if e.event_reason != "Scheduled"]
    assert reasons[-7:] == [(5.2, "Created"), (5.2, "Started"), (5.2, "Pulling"), (6.2, "Failed"),
                            (6.2, "Failed"), (7.2, "BackOff"), (7.2, "Failed")]
    pod = get(sim, "broken")
    assert pod.status["phase"] == "Pending"
    assert [s["state"]["waiting"]["reason"] for s in pod.status["containerStatuses"]] == [
        "PodInitializing", "ImagePullBackOff"]


def test_unready_message_names_only_the_containers_not_ready():
    """pkg/kubelet/status/generate.go GeneratePodReadyCondition: Ready is False with reason ContainersNotReady
    and the message "containers with unready status: [a b]" listing the containers not ready, in spec order;
    a container without a readinessProbe is ready as soon as it runs (prober_manager.go)."""
    sim = bare_cluster(workers=1, control_plane=False)
    never = {"exec": {"command": ["false"]}, "periodSeconds": 5}
    sim.create({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "mixed"}, "spec": {"containers": [
        {"name": "plain", "image": "nginx:1.25"},
        {"name": "gated", "image": "nginx:1.25", "readinessProbe": never}]}})
    sim.advance(30)
    pod = get(sim, "mixed")
    assert pod.status["phase"] == "Running" and not pod_is_ready(pod)
    assert [s["ready"] for s in pod.status["containerStatuses"]] == [True, False]
    for ctype in ("Ready", "ContainersReady"):
        cond = condition(pod.status, ctype)
        assert (cond["status"], cond["reason"], cond["message"]) == (
            "False", "ContainersNotReady", "containers with unready status: [gated]")


def test_qos_class_counts_init_containers():
    """pkg/apis/core/helper/qos/qos.go GetPodQOS: init containers count as app containers do. Guaranteed needs
    cpu and memory limits in every one (requests default to the limits); one container with requests but no
    limits makes the pod Burstable, wherever it is in the spec."""
    exact = {"resources": {"limits": {"cpu": "1", "memory": "1Gi"}}}
    loose = {"resources": {"requests": {"cpu": "100m"}}}
    bare: dict[str, object] = {}
    assert qos_class({"containers": [exact], "initContainers": [exact]}) == "Guaranteed"
    assert qos_class({"containers": [exact], "initContainers": [loose]}) == "Burstable"
    assert qos_class({"containers": [loose, exact], "initContainers": [exact]}) == "Burstable"
    assert qos_class({"containers": [bare], "initContainers": [exact]}) == "Burstable"
    assert qos_class({"containers": [bare, {"resources": {}}]}) == "BestEffort"


def test_qos_class_looks_at_positive_cpu_and_memory_only_and_compares_quantities():
    """qos.go: only cpu and memory count (isSupportedQoSComputeResource), zero quantities are skipped, and
    requests equal limits as quantities, not as strings."""
    def pod(**resources: dict[str, str]) -> dict[str, object]:
        return {"containers": [{"resources": resources}]}

    assert qos_class(pod(requests={"ephemeral-storage": "1Gi"})) == "BestEffort"
    assert qos_class(pod(limits={"example.com/gpu": "1"})) == "BestEffort"
    assert qos_class(pod(requests={"cpu": "0", "memory": "0"})) == "BestEffort"
    assert qos_class(pod(requests={"cpu": "0", "memory": "64Mi"})) == "Burstable"
    assert qos_class(pod(requests={"cpu": "1000m", "memory": "1024Mi"}, limits={"cpu": "1", "memory": "1Gi"})) \
        == "Guaranteed"
    assert qos_class(pod(requests={"cpu": "500m"}, limits={"cpu": "1", "memory": "1Gi"})) == "Burstable"
    assert qos_class(pod(requests={"cpu": "0"}, limits={"cpu": "1", "memory": "1Gi"})) == "Burstable"
    assert qos_class(pod(limits={"cpu": "1", "memory": "1Gi", "ephemeral-storage": "1Gi"},
                         requests={"ephemeral-storage": "10Mi"})) == "Guaranteed"
