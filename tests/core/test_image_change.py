"""A running Pod whose image changes (`kubectl set image pod/...`, a patch): the kubelet kills the container
and starts it again from the new spec, as kuberuntime's computePodActions does when a container's hash changes."""

from __future__ import annotations

from sandbox.core.objects import pod_is_ready
from tests.builders import bare_cluster, pod_manifest


def events(sim, name):
    return [(e.event_reason, e.reason) for e in sim.audit.events() if e.kind == "Pod" and e.name == name]


def the_status(sim, name="solo"):
    (status,) = sim.get("Pod", "default", name).status["containerStatuses"]
    return status


def restarted_once_with(sim, image):
    """The container runs `image` (docker.io/library/...) after one restart; its status."""
    status = the_status(sim)
    assert "running" in status["state"] and status["image"] == f"docker.io/library/{image}"
    assert status["restartCount"] == 1
    return status


def kubelet_away(sim, seconds=5):
    sim.fail_node("node-1")
    sim.advance(seconds)
    sim.recover_node("node-1")


def running_pod(image="nginx:1.24", **spec):
    sim = bare_cluster(workers=1, control_plane=False)
    sim.create(pod_manifest("solo", image, **spec))
    sim.settle()
    return sim


def test_a_new_image_restarts_the_container_with_it():
    sim = running_pod(restartPolicy="Never")   # a changed definition restarts whatever the restartPolicy
    before = len(events(sim, "solo"))
    old = dict(sim.get("Pod", "default", "solo").status["containerStatuses"][0])
    sim.set_image("Pod", "default", "solo", {"web": "nginx:1.25"})
    sim.settle()
    pod = sim.get("Pod", "default", "solo")
    (status,) = pod.status["containerStatuses"]
    assert status["image"] == "docker.io/library/nginx:1.25" and "running" in status["state"]
    assert status["restartCount"] == 1 and status["ready"] and pod_is_ready(pod)
    assert status["containerID"] != old["containerID"]
    last = status["lastState"]["terminated"]
    assert (last["reason"], last["exitCode"], last["containerID"]) == ("Completed", 0, old["containerID"])
    assert [reason for reason, _ in events(sim, "solo")[before:]] == \
        ["Killing", "Pulling", "Pulled", "Created", "Started"]
    assert events(sim, "solo")[before][1] == "Container web definition changed, will be restarted"
    assert pod.status["phase"] == "Running"


def test_the_pod_is_not_ready_between_the_stop_and_the_new_start():
    sim = running_pod()
    sim.set_image("Pod", "default", "solo", {"web": "nginx:1.25"})
    sim.advance(1.0)   # nginx stops in 0.5 s; pulling 1.25 takes longer
    pod = sim.get("Pod", "default", "solo")
    (status,) = pod.status["containerStatuses"]
    assert "terminated" in status["state"] and not status["ready"] and not pod_is_ready(pod)
    assert status["restartCount"] == 0


def test_an_image_that_cannot_be_pulled_backs_off_and_keeps_the_restart_count():
    sim = running_pod()
    sim.set_image("Pod", "default", "solo", {"web": "nginx:does-not-exist"})
    sim.advance(30)
    pod = sim.get("Pod", "default", "solo")
    (status,) = pod.status["containerStatuses"]
    assert status["state"]["waiting"]["reason"] in ("ErrImagePull", "ImagePullBackOff")
    assert status["restartCount"] == 0 and status["lastState"]["terminated"]["reason"] == "Completed"
    assert not pod_is_ready(pod) and pod.status["phase"] == "Running"
    sim.set_image("Pod", "default", "solo", {"web": "nginx:1.24"})   # back to an image that exists
    sim.advance(400)
    restarted_once_with(sim, "nginx:1.24")


def test_a_write_that_keeps_the_image_restarts_nothing():
    sim = running_pod()
    pod = sim.get("Pod", "default", "solo")
    pod.spec["containers"] = [dict(c) for c in pod.spec["containers"]]   # replaced, the same images
    sim.store.update(pod, "you", "relabel")
    sim.settle()
    assert not [r for r, _ in events(sim, "solo") if r == "Killing"]
    assert sim.get("Pod", "default", "solo").status["containerStatuses"][0]["restartCount"] == 0


def test_only_the_changed_container_of_several_restarts():
    sim = bare_cluster(workers=1, control_plane=False)
    manifest = pod_manifest("duo", "nginx:1.24")
    manifest["spec"]["containers"].append({"name": "side", "image": "busybox:1.36", "command": ["sleep", "3600"]})
    sim.create(manifest)
    sim.settle()
    sim.set_image("Pod", "default", "duo", {"web": "nginx:1.25"})
    sim.advance(30)   # (not settle: that would wait for the sleep to end)
    web, side = sim.get("Pod", "default", "duo").status["containerStatuses"]
    assert (web["restartCount"], side["restartCount"]) == (1, 0)
    assert web["image"] == "docker.io/library/nginx:1.25" and "running" in side["state"]


def test_an_image_changed_while_the_kubelet_was_away_restarts_when_it_is_back():
    sim = running_pod()
    sim.fail_node("node-1")
    sim.set_image("Pod", "default", "solo", {"web": "nginx:1.25"})
    sim.advance(5)
    assert the_status(sim)["image"].endswith("nginx:1.24")
    sim.recover_node("node-1")
    sim.advance(30)
    restarted_once_with(sim, "nginx:1.25")


def test_a_kubelet_stopped_while_the_container_restarts_finishes_the_restart_when_back():
    sim = running_pod()
    sim.set_image("Pod", "default", "solo", {"web": "nginx:1.25"})
    sim.advance(1.0)   # stopped, pulling
    kubelet_away(sim)
    sim.advance(30)
    restarted_once_with(sim, "nginx:1.25")


def test_a_kubelet_stopped_while_the_old_container_stops_still_records_its_end():
    sim = running_pod()
    sim.set_image("Pod", "default", "solo", {"web": "nginx:1.25"})
    sim.advance(0.2)    # Killing recorded; nginx takes 0.5 s to stop
    kubelet_away(sim)   # that timer goes stale with the kubelet
    sim.advance(30)
    status = restarted_once_with(sim, "nginx:1.25")
    assert status["lastState"]["terminated"]["reason"] == "Completed"
