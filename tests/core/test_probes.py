"""Probes run against what the image serves (k/k pkg/kubelet/prober)."""

from __future__ import annotations

import pytest

from sandbox.core.objects import pod_is_ready
from tests.builders import bare_cluster, pod_manifest


def events(sim, name, reason):
    return [e for e in sim.audit.events() if e.kind == "Pod" and e.name == name and e.event_reason == reason]


def get(sim, name):
    return sim.get("Pod", "default", name)


def status_of(sim, name):
    return get(sim, name).status["containerStatuses"][0]


def started_at(sim, name):
    [started] = [e.time for e in events(sim, name, "Started")][:1]
    return started


def probed(image, probes, **fields):
    """A pod manifest whose one container `app` runs `image` with the given probes."""
    container = {"name": "app", "image": image, **probes, **fields}
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "app", "labels": {"app": "app"}},
            "spec": {"containers": [container]}}


def test_readiness_probe_on_a_port_nginx_does_not_serve_keeps_the_pod_unready():
    """pkg/kubelet/prober/prober.go records `Readiness probe failed: <output>` for each failed probe, the output
    of pkg/probe/http DoHTTPProbe being the Go HTTP client's error; worker.go starts readiness as Failure, so the
    pod stays 0/1 and out of the Service's endpoints, and nothing restarts."""
    sim = bare_cluster(workers=1, control_plane=False)
    sim.create(probed("nginx:1.25", {"readinessProbe": {"httpGet": {"path": "/", "port": 8080}, "periodSeconds": 5}}))
    sim.create({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "app"},
                "spec": {"selector": {"app": "app"}, "ports": [{"port": 80}]}})
    sim.advance(60)
    app = get(sim, "app")
    ip = app.status["podIP"]
    assert app.status["phase"] == "Running" and not pod_is_ready(app)
    assert status_of(sim, "app")["ready"] is False and status_of(sim, "app")["restartCount"] == 0
    unhealthy = events(sim, "app", "Unhealthy")
    assert unhealthy[0].event_type == "Warning"
    assert unhealthy[0].reason == (f'Readiness probe failed: Get "http://{ip}:8080/": dial tcp {ip}:8080: '
                                   "connect: connection refused")
    start = started_at(sim, "app")
    assert [round(e.time - start, 3) for e in unhealthy] == [0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55]
    [endpoints] = sim.list("EndpointSlice", "default", [("kubernetes.io/service-name", "=", ("app",))])
    assert [ep["conditions"]["ready"] for ep in endpoints.body["endpoints"]] == [False]


def test_readiness_probe_on_the_port_nginx_serves_passes():
    """The same probe on port 80 gets nginx's welcome page (200): Ready at the first probe, no event."""
    sim = bare_cluster(workers=1, control_plane=False)
    sim.create(probed("nginx:1.25", {"readinessProbe": {"httpGet": {"path": "/", "port": 80}}}))
    sim.settle()
    assert pod_is_ready(get(sim, "app")) and not events(sim, "app", "Unhealthy")


def test_http_probe_on_a_missing_path_reports_the_status_code():
    """DoHTTPProbe: a status outside 200-399 fails with `HTTP probe failed with statuscode: 404`."""
    sim = bare_cluster(workers=1, control_plane=False)
    sim.create(probed("nginx:1.25", {"readinessProbe": {"httpGet": {"path": "/healthz", "port": 80}}}))
    sim.advance(30)
    assert events(sim, "app", "Unhealthy")[0].reason == "Readiness probe failed: HTTP probe failed with statuscode: 404"


def test_liveness_failure_restarts_the_container_with_crashloop_backoff():
    """worker.go: after failureThreshold failures the liveness result is Failure; kuberuntime_manager.go
    computePodActions kills the container with `Container app failed liveness probe, will be restarted` and
    it restarts with the CrashLoopBackOff back-off (an immediate first restart, then 10 s, 20 s, ...)."""
    sim = bare_cluster(workers=1, control_plane=False)
    probe = {"livenessProbe": {"httpGet": {"path": "/healthz", "port": 8080}, "initialDelaySeconds": 5,
                               "periodSeconds": 10}}
    sim.create(probed("ghcr.io/kubesandbox/sickly:1.0", probe))
    sim.advance(600)
    start = started_at(sim, "app")
    unhealthy = events(sim, "app", "Unhealthy")
    assert unhealthy[0].reason == "Liveness probe failed: HTTP probe failed with statuscode: 500"
    # healthy for 60 s: the probes at 65, 75 and 85 s fail, and the third is the failureThreshold
    assert [round(e.time - start, 3) for e in unhealthy[:3]] == [65, 75, 85]
    killing = events(sim, "app", "Killing")
    assert killing[0].reason == "Container app failed liveness probe, will be restarted"
    assert round(killing[0].time - start, 3) == 85
    restarts = [round(e.time - start, 3) for e in events(sim, "app", "Started")]
    # stops in 0.5 s and restarts at once; the next kill 85 s later waits 10 s of back-off, then 20 s
    assert restarts[:4] == [0, 85.5, 181, 286.5]
    status = status_of(sim, "app")
    assert status["restartCount"] == len(restarts) - 1
    assert status["lastState"]["terminated"]["reason"] == "Completed"
    assert [e.reason for e in events(sim, "app", "BackOff")][:1] == [
        f"Back-off restarting failed container app in pod app_default({get(sim, 'app').uid})"]


def test_passing_liveness_probe_restarts_nothing():
    sim = bare_cluster(workers=1, control_plane=False)
    probe = {"livenessProbe": {"httpGet": {"path": "/", "port": 8080}, "periodSeconds": 10}}
    sim.create(probed("ghcr.io/kubesandbox/sickly:1.0", probe))
    sim.advance(600)
    assert status_of(sim, "app")["restartCount"] == 0 and not events(sim, "app", "Unhealthy")


def test_failure_threshold_and_initial_delay_are_honoured():
    """A liveness probe that never passes kills the container after initialDelaySeconds + (failureThreshold - 1)
    periods, with one Unhealthy event per failed probe."""
    sim = bare_cluster(workers=1, control_plane=False)
    probe = {"livenessProbe": {"tcpSocket": {"port": 9999}, "initialDelaySeconds": 20, "periodSeconds": 3,
                               "failureThreshold": 5}}
    sim.create(probed("nginx:1.25", probe))
    sim.advance(60)
    start = started_at(sim, "app")
    ip = get(sim, "app").status["podIP"]
    unhealthy = [e for e in events(sim, "app", "Unhealthy") if e.time < start + 40]
    assert [round(e.time - start, 3) for e in unhealthy] == [20, 23, 26, 29, 32]
    assert unhealthy[0].reason == f"Liveness probe failed: dial tcp {ip}:9999: connect: connection refused"
    assert round(events(sim, "app", "Killing")[0].time - start, 3) == 32


def test_success_threshold_needs_several_passes_in_a_row():
    """worker.go: readiness turns Success only after successThreshold passing probes in a row."""
    sim = bare_cluster(workers=1, control_plane=False)
    probe = {"readinessProbe": {"httpGet": {"path": "/", "port": 80}, "periodSeconds": 4, "successThreshold": 3}}
    sim.create(probed("nginx:1.25", probe))
    sim.advance(5)
    start = started_at(sim, "app")
    sim.advance(start + 7.9 - sim.now)
    assert not pod_is_ready(get(sim, "app"))   # passed at +0 and +4
    sim.advance(0.2)
    assert pod_is_ready(get(sim, "app"))       # the third pass, at +8


def test_timeout_seconds_fails_a_slow_answer():
    """DoHTTPProbe: the HTTP client gives up after timeoutSeconds (`context deadline exceeded (Client.Timeout
    exceeded while awaiting headers)`); sluggish's /healthz takes 2.5 s, so a 1 s timeout fails and 3 s passes."""
    sim = bare_cluster(workers=2, control_plane=False)
    sim.create(probed("ghcr.io/kubesandbox/sluggish:1.0", {"readinessProbe": {"httpGet": {
        "path": "/healthz", "port": 8080}}}))
    slow = probed("ghcr.io/kubesandbox/sluggish:1.0", {"readinessProbe": {"httpGet": {
        "path": "/healthz", "port": 8080}, "timeoutSeconds": 3}})
    slow["metadata"]["name"] = "patient"
    sim.create(slow)
    sim.advance(60)
    ip = get(sim, "app").status["podIP"]
    assert not pod_is_ready(get(sim, "app")) and pod_is_ready(get(sim, "patient"))
    assert events(sim, "app", "Unhealthy")[0].reason == (
        f'Readiness probe failed: Get "http://{ip}:8080/healthz": context deadline exceeded '
        "(Client.Timeout exceeded while awaiting headers)")


def test_startup_probe_holds_liveness_back():
    """worker.go: liveness and readiness do not probe until the startup probe passes (the container's
    `started` is false until then). slow-start listens only 75 s after it starts: a liveness probe alone
    kills it over and over; behind a startupProbe it gets the time it needs."""
    sim = bare_cluster(workers=2, control_plane=False)
    liveness = {"httpGet": {"path": "/healthz", "port": 8080}, "initialDelaySeconds": 10, "periodSeconds": 10}
    sim.create(probed("ghcr.io/kubesandbox/slow-start:1.0", {"livenessProbe": liveness}))
    guarded = probed("ghcr.io/kubesandbox/slow-start:1.0", {
        "livenessProbe": liveness, "readinessProbe": {"tcpSocket": {"port": 8080}},
        "startupProbe": {"httpGet": {"path": "/healthz", "port": 8080}, "periodSeconds": 10, "failureThreshold": 30}})
    guarded["metadata"]["name"] = "guarded"
    sim.create(guarded)
    sim.advance(50)
    assert status_of(sim, "guarded")["started"] is False and not pod_is_ready(get(sim, "guarded"))
    assert {e.reason.split(":")[0] for e in events(sim, "guarded", "Unhealthy")} == {"Startup probe failed"}
    sim.advance(250)
    assert status_of(sim, "app")["restartCount"] >= 3
    assert status_of(sim, "guarded")["restartCount"] == 0
    assert status_of(sim, "guarded")["started"] is True and pod_is_ready(get(sim, "guarded"))
    assert not [e for e in events(sim, "guarded", "Unhealthy") if not e.reason.startswith("Startup")]


def test_failing_startup_probe_restarts_the_container():
    sim = bare_cluster(workers=1, control_plane=False)
    sim.create(probed("nginx:1.25", {"startupProbe": {"tcpSocket": {"port": 8080}, "periodSeconds": 5,
                                                      "failureThreshold": 2}}))
    sim.advance(20)
    assert events(sim, "app", "Killing")[0].reason == "Container app failed startup probe, will be restarted"


def test_exec_probe_follows_the_docs_liveness_example():
    """The docs' liveness example (tasks/configure-pod-container/configure-liveness-readiness-startup-probes):
    the file exists for 30 s, then `cat /tmp/healthy` fails with busybox's words, and the container restarts."""
    sim = bare_cluster(workers=1, control_plane=False)
    sim.create(probed("registry.k8s.io/busybox", {"livenessProbe": {
        "exec": {"command": ["cat", "/tmp/healthy"]}, "initialDelaySeconds": 5, "periodSeconds": 5}},
        args=["/bin/sh", "-c", "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"]))
    sim.advance(120)
    start = started_at(sim, "app")
    unhealthy = events(sim, "app", "Unhealthy")
    assert unhealthy[0].reason == "Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory"
    assert [round(e.time - start, 3) for e in unhealthy[:3]] == [35, 40, 45]
    assert round(events(sim, "app", "Killing")[0].time - start, 3) == 45
    status = status_of(sim, "app")
    # stopped in 0.5 s and restarted at once; the new container's file goes at 75.5, the kill at 90.5, and the
    # restart waits 10 s of back-off
    assert [round(t - start, 3) for t in sorted({e.time for e in events(sim, "app", "Started")})] == [0, 45.5, 101]
    assert status["restartCount"] == 2


@pytest.mark.parametrize("command, passes", [
    (["sh", "-c", "exit 0"], True), (["sh", "-c", "exit 1"], False), (["true"], True), (["false"], False),
    (["test", "-f", "/etc/hostname"], True), (["ls", "/nope"], False),
])
def test_exec_probe_commands(command, passes):
    sim = bare_cluster(workers=1, control_plane=False)
    sim.create(probed("nginx:1.25", {"readinessProbe": {"exec": {"command": command}}}))
    sim.advance(20)
    assert pod_is_ready(get(sim, "app")) is passes


def test_readiness_turns_false_when_the_app_degrades():
    """A readiness probe keeps running: sickly's /healthz fails after 60 s, the pod leaves Ready, no restart."""
    sim = bare_cluster(workers=1, control_plane=False)
    sim.create(probed("ghcr.io/kubesandbox/sickly:1.0", {"readinessProbe": {"httpGet": {
        "path": "/healthz", "port": 8080}, "periodSeconds": 10}}))
    sim.advance(30)
    assert pod_is_ready(get(sim, "app"))
    sim.advance(60)
    assert not pod_is_ready(get(sim, "app")) and status_of(sim, "app")["restartCount"] == 0
    writes = [e.reason for e in sim.audit if e.name == "app" and e.verb == "update" and "readinessProbe" in e.reason]
    assert writes == ["readinessProbe passed: the pod is Ready", "readinessProbe of container app failed: the pod "
                                                                 "is not Ready"]


def test_settle_does_not_wait_for_steady_probes():
    """A probe that keeps passing or keeps failing runs on a steady timer: settle() returns, time goes on."""
    sim = bare_cluster(workers=1, control_plane=False)
    sim.create(probed("nginx:1.25", {"readinessProbe": {"httpGet": {"port": 8081}}}))
    waited = sim.settle()
    assert waited < 60
    before = len(events(sim, "app", "Unhealthy"))
    sim.advance(100)
    assert len(events(sim, "app", "Unhealthy")) == before + 10


def test_pods_without_probes_set_no_probe_timer():
    sim = bare_cluster(workers=1, control_plane=False)
    sim.create(pod_manifest("web"))
    sim.settle()
    assert sim.clock.pending() == 0


def test_probe_fields_are_defaulted():
    """SetDefaults_Probe and SetDefaults_HTTPGetAction (pkg/apis/core/v1/defaults.go)."""
    sim = bare_cluster(workers=1, control_plane=False)
    sim.create(probed("nginx:1.25", {"livenessProbe": {"httpGet": {"port": 80}}}))
    assert get(sim, "app").spec["containers"][0]["livenessProbe"] == {
        "httpGet": {"path": "/", "port": 80, "scheme": "HTTP"}, "timeoutSeconds": 1, "periodSeconds": 10,
        "successThreshold": 1, "failureThreshold": 3}


@pytest.mark.parametrize("probe, message", [
    ({"livenessProbe": {"httpGet": {"port": 80}, "successThreshold": 2}},
     "spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1"),
    ({"readinessProbe": {"periodSeconds": 5}},
     "spec.containers[0].readinessProbe: Required value: must specify a handler type"),
    ({"readinessProbe": {"httpGet": {"port": 80}, "tcpSocket": {"port": 80}}},
     "spec.containers[0].readinessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type"),
    ({"readinessProbe": {"tcpSocket": {"port": 80}, "initialDelaySeconds": -1}},
     "spec.containers[0].readinessProbe.initialDelaySeconds: Invalid value: -1: must be greater than or equal to 0"),
])
def test_invalid_probes_are_refused(probe, message):
    """pkg/apis/core/validation: validateProbe, validateHandler, and successThreshold must be 1 for liveness and
    startup probes."""
    from sandbox.core.errors import Invalid

    sim = bare_cluster(workers=1, control_plane=False)
    with pytest.raises(Invalid) as raised:
        sim.create(probed("nginx:1.25", probe))
    assert message in raised.value.message


def test_probe_timers_survive_a_snapshot():
    """Probe timers carry plain arguments (pod uid, token, container, kind, restart count): a restored snapshot
    goes on exactly as the original does."""
    sim = bare_cluster(workers=1, control_plane=False)
    sim.create(probed("ghcr.io/kubesandbox/sickly:1.0", {
        "livenessProbe": {"httpGet": {"path": "/healthz", "port": 8080}, "periodSeconds": 10},
        "readinessProbe": {"httpGet": {"path": "/healthz", "port": 8080}, "periodSeconds": 5}}))
    sim.advance(50)
    saved = sim.snapshot()
    sim.advance(200)
    first = sim.audit.text()
    sim.restore(saved)
    sim.advance(200)
    assert sim.audit.text() == first and "failed liveness probe" in first
