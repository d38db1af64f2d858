"""describe, apply round trip, delete, rollout, set image, label, cordon/drain, sim verbs."""

import yaml

from sandbox.kubectl import CommandResult
from tests.builders import fails, run_ok


def _web(session, replicas=3):
    run_ok(session, f"kubectl create deployment web --image=nginx:1.25 --replicas={replicas} --port=80")
    session.sim.settle()


def test_describe_deployment_layout(session):
    _web(session)
    out = run_ok(session, "kubectl describe deployment web")
    assert "Replicas:               3 desired | 3 updated | 3 total | 3 available | 0 unavailable" in out
    assert "RollingUpdateStrategy:  25% max unavailable, 25% max surge" in out
    assert "Pod Template:\n  Labels:  app=web\n  Containers:\n   nginx:\n    Image:         nginx:1.25\n" in out
    assert "    Port:          80/TCP\n    Host Port:     0/TCP\n" in out
    assert "\nOldReplicaSets:  <none>\nNewReplicaSet:   web-" in out and "(3/3 replicas created)" in out
    assert "Events:\n  Type    Reason             Age" in out and "Scaled up replica set web-" in out


def test_describe_labels_continue_on_aligned_lines(session):
    out = run_ok(session, "kubectl describe node node-1")
    assert "Labels:             beta.kubernetes.io/arch=amd64\n                    beta.kubernetes.io/os=linux\n" in out
    assert "Unschedulable:      false" in out and "Non-terminated Pods:" in out


def test_describe_pod_shows_containers_conditions_and_events(session):
    _web(session, 1)
    out = run_ok(session, "kubectl describe pods -l app=web")
    assert out.startswith("Name:  ") or out.startswith("Name:")
    assert "Controlled By:  ReplicaSet/web-" in out and "QoS Class:" in out and "BestEffort" in out
    assert "Ready:          True" in out and "Started container nginx" in out


def test_describe_without_events_prints_none(session):
    out = run_ok(session, "kubectl describe svc kubernetes")
    assert out.endswith("Events:                   <none>")


def test_get_yaml_delete_apply_round_trips_the_spec(session):
    _web(session)
    before = session.sim.get("Deployment", "default", "web").spec
    manifest = run_ok(session, "kubectl get deployment web -o yaml")
    run_ok(session, "kubectl delete deployment web")
    assert session.sim.try_get("Deployment", "default", "web") is None
    assert run_ok(session, "kubectl apply -f -", manifest) == "deployment.apps/web created"
    assert session.sim.get("Deployment", "default", "web").spec == before
    assert yaml.safe_load(manifest)["spec"] == before


def test_delete_pod_waits_in_simulated_time_until_it_is_gone(session):
    _web(session, 1)
    pod = session.sim.list("Pod", "default")[0]
    start = session.sim.now
    assert run_ok(session, f"kubectl delete pod {pod.name}") == f'pod "{pod.name}" deleted'
    assert session.sim.store.by_uid(pod.uid) is None and session.sim.now > start


def test_delete_by_selector_and_missing(session):
    _web(session, 2)
    out = run_ok(session, "kubectl delete deploy -l app=web")
    assert out == 'deployment.apps "web" deleted'
    assert run_ok(session, "kubectl delete deploy -l app=web") == "No resources found"
    assert fails(session, "kubectl delete pods") == "error: resource(s) were provided, but no name was specified"


def test_rollout_status_waits_in_simulated_time(session):
    run_ok(session, "kubectl create deployment web --image=nginx:1.25 --replicas=3")
    result = session.run("kubectl rollout status deployment/web")
    assert result.ok and result.output.splitlines()[-1] == 'deployment "web" successfully rolled out'
    assert result.data["waited"] > 0


def test_set_image_history_and_undo(session):
    _web(session)
    assert run_ok(session, "kubectl set image deployment/web nginx=nginx:1.24") == "deployment.apps/web image updated"
    run_ok(session, "kubectl rollout status deploy/web")
    history = run_ok(session, "kubectl rollout history deployment/web")
    assert history == "deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n"
    assert run_ok(session, "kubectl rollout undo deployment/web") == "deployment.apps/web rolled back"
    run_ok(session, "kubectl rollout status deploy/web")
    image = session.sim.get("Deployment", "default", "web").spec["template"]["spec"]["containers"][0]["image"]
    assert image == "nginx:1.25"
    assert fails(session, "kubectl set image deploy/web nope=nginx") == 'error: unable to find container named "nope"'


def test_pause_resume_restart(session):
    _web(session, 1)
    assert run_ok(session, "kubectl rollout pause deploy/web") == "deployment.apps/web paused"
    assert fails(session, "kubectl rollout pause deploy/web") == 'error: deployments.apps "web" is already paused'
    assert run_ok(session, "kubectl rollout resume deploy/web") == "deployment.apps/web resumed"
    assert run_ok(session, "kubectl rollout restart deploy/web") == "deployment.apps/web restarted"


def test_label_and_annotate(session):
    _web(session, 1)
    assert run_ok(session, "kubectl label deploy web tier=front") == "deployment.apps/web labeled"
    assert fails(session, "kubectl label deploy web tier=back") == \
        "error: 'tier' already has a value (front), and --overwrite is false"
    run_ok(session, "kubectl label deploy web tier=back --overwrite")
    assert session.sim.get("Deployment", "default", "web").metadata.labels["tier"] == "back"
    run_ok(session, "kubectl label deploy web tier-")
    assert "tier" not in session.sim.get("Deployment", "default", "web").metadata.labels
    assert run_ok(session, "kubectl annotate deploy web note=hi") == "deployment.apps/web annotated"


def test_cordon_drain_uncordon(session):
    _web(session, 3)
    assert run_ok(session, "kubectl cordon node-1") == "node/node-1 cordoned"
    assert run_ok(session, "kubectl cordon node-1") == "node/node-1 already cordoned"
    assert "Ready,SchedulingDisabled" in run_ok(session, "kubectl get node node-1")
    out = fails(session, "kubectl drain node-1")
    assert "cannot delete DaemonSet-managed Pods" in out
    out = run_ok(session, "kubectl drain node-1 --ignore-daemonsets")
    assert out.splitlines()[-1] == "node/node-1 drained"
    assert run_ok(session, "kubectl uncordon node-1") == "node/node-1 uncordoned"


def test_create_service_ingress_namespace_and_expose(session):
    _web(session, 1)
    assert run_ok(session, "kubectl expose deployment web --port=80 --type=NodePort") == "service/web exposed"
    assert session.sim.get("Service", "default", "web").spec["selector"] == {"app": "web"}
    assert run_ok(session, "kubectl create service clusterip db --tcp=3306") == "service/db created"
    assert run_ok(session, "kubectl create ingress web --rule=shop.example/*=web:80") == \
        "ingress.networking.k8s.io/web created"
    assert run_ok(session, "kubectl create namespace shop") == "namespace/shop created"


def test_sim_verbs(session):
    assert run_ok(session, "sim wait 1m30s").startswith("waited 90s")
    assert run_ok(session, "sim node fail node-2").startswith("node/node-2 failed")
    run_ok(session, "sim wait 1m")
    assert "node-2          NotReady" in run_ok(session, "kubectl get nodes")
    assert run_ok(session, "sim node recover node-2").startswith("node/node-2 recovered")
    assert run_ok(session, "sim node add node-4").startswith("node/node-4 added")
    assert run_ok(session, "sim speed 10") == "speed 10x" and session.speed == 10
    run_ok(session, "sim pause")
    assert session.paused
    run_ok(session, "sim resume")
    assert not session.paused
    old = session.sim
    run_ok(session, "sim reset")
    assert session.sim is not old and session.sim.try_get("Node", "", "node-4") is None
    assert fails(session, "sim wait soon") == 'error: time: invalid duration "soon"'


def test_results_carry_objects_for_the_tui(session):
    result = session.run("kubectl get nodes")
    assert isinstance(result, CommandResult) and [o.name for o in result.objects][:2] == ["control-plane", "node-1"]
    assert result.line == "kubectl get nodes"


def test_completion_offers_commands_types_names_and_flags(session):
    assert "get" in session.complete("kubectl ge") and "describe" not in session.complete("kubectl ge")
    assert "deployments" in session.complete("kubectl get dep")
    assert session.complete("kubectl get nodes node-") == ["node-1", "node-2", "node-3"]
    assert "--replicas" in session.complete("kubectl scale deploy web --rep")
    assert session.complete("kubectl rollout st") == ["status"]
    assert session.complete("sim node fail node-") == ["node-1", "node-2", "node-3"]


def test_exec_curl_runs_inside_the_pod_and_returns_the_request_trace(session):
    _web(session, 1)
    run_ok(session, "kubectl expose deployment web --port=80")
    pod = session.sim.list("Pod", "default")[0].name
    result = session.run(f"kubectl exec {pod} -- curl -s http://web")
    assert result.ok and "Welcome to nginx!" in result.output
    assert result.data["request"].status == 200
    outside = session.run("curl http://web")
    assert outside.output == "curl: (6) Could not resolve host: web" and outside.exit_code == 6
    assert "run only `curl`" in fails(session, f"kubectl exec {pod} -- ls")
