"""Commands a beginner's tutorial uses: run, port-forward, autoscale, version, cluster-info, config;
exec's `--`; and what an unknown or unsimulated command says."""

import pytest

from sandbox.kubectl import Session
from tests.builders import fails, hold_time_after, run_ok


@pytest.fixture
def web() -> Session:
    session = Session(seed=0)
    run_ok(session, "kubectl create deployment web --image=nginx:1.25 --replicas=2 --port=80")
    run_ok(session, "kubectl expose deployment web --port=8080 --target-port=80")
    run_ok(session, "kubectl rollout status deployment/web")
    return session


def test_run_dry_run_prints_the_pod_kubectl_1_32_4_prints(session):
    """generate/versioned/run.go, compared with the installed kubectl 1.32.4 byte for byte."""
    out = run_ok(session, "kubectl run web --image=nginx --port=80 --labels=app=web,tier=fe --env=A=1 --env=B=2 "
                          "--restart=Never --dry-run=client -o yaml")
    assert out == """apiVersion: v1
kind: Pod
metadata:
  creationTimestamp: null
  labels:
    app: web
    tier: fe
  name: web
spec:
  containers:
  - env:
    - name: A
      value: "1"
    - name: B
      value: "2"
    image: nginx
    name: web
    ports:
    - containerPort: 80
    resources: {}
  dnsPolicy: ClusterFirst
  restartPolicy: Never
status: {}"""
    command = run_ok(session, "kubectl run c --image=busybox --dry-run=client -o yaml --command -- sleep 3600")
    assert '  - command:\n    - sleep\n    - "3600"\n' in command and "restartPolicy: Always" in command
    interactive = run_ok(session, "kubectl run x --image=nginx -i --attach=false --dry-run=client -o yaml")
    assert "    stdin: true\n    stdinOnce: true\n" in interactive and "restartPolicy: Always" in interactive


@pytest.mark.parametrize(("line", "message"), [
    ("kubectl run x", 'error: required flag(s) "image" not set'),
    ("kubectl run --image=nginx", "error: NAME is required for run\nSee 'kubectl run -h' for help and examples"),
    ("kubectl run x --image=nginx --rm",
     "error: --rm should only be used for attached containers\nSee 'kubectl run -h' for help and examples"),
    ("kubectl run x --image=nginx --restart=Foo",
     "error: invalid restart policy: Foo\nSee 'kubectl run -h' for help and examples"),
    ("kubectl run x --image=nginx -t",
     "error: -i/--stdin is required for containers with -t/--tty=true\nSee 'kubectl run -h' for help and examples"),
    ("kubectl run x --image='Bad Image'", 'error: Invalid image name "Bad Image": invalid reference format'),
    ("kubectl run x --image=nginx --env=B", "error: invalid env: B"),
    ("kubectl run x --image=nginx --labels=foo", "error: unexpected label spec: foo"),
])
def test_run_refuses_like_kubectl(session, line, message):
    """RunOptions.Run's checks, worded as the installed kubectl 1.32.4 words them."""
    assert fails(session, line) == message


def test_run_creates_a_bare_pod(session):
    assert run_ok(session, "kubectl run web --image=nginx:1.25 --port=80") == "pod/web created"
    pod = session.sim.get("Pod", "default", "web")
    assert pod.metadata.labels == {"run": "web"} and not pod.metadata.owner_references


def test_a_one_off_pod_prints_curls_answer_and_leaves_nothing_behind(web):
    """run --rm -it: the command's output, then `pod "NAME" deleted` (DeleteResult), no pod left."""
    out = run_ok(web, "kubectl run tmp --rm -it --image=nginx:1.25 --restart=Never -- "
                      "curl -s -o /dev/null -w '%{http_code}' http://web:8080")
    assert out == '200\npod "tmp" deleted'
    assert web.sim.try_get("Pod", "default", "tmp") is None
    failed = web.run("kubectl run tmp --rm -it --image=nginx:1.25 --restart=Never -- curl -s http://nope")
    assert (failed.exit_code, failed.output) == (6, 'pod "tmp" deleted\npod default/tmp terminated (Error)')


def test_port_forward_makes_localhost_reach_the_pod_until_stopped(web):
    """translateServicePortToTargetPort: svc port 8080 -> container port 80; kubectl's Forwarding lines."""
    assert fails(web, "curl -s localhost:8080") == ""
    out = run_ok(web, "kubectl port-forward svc/web 8080:8080")
    assert out.splitlines()[:2] == ["Forwarding from 127.0.0.1:8080 -> 80", "Forwarding from [::1]:8080 -> 80"]
    answer = web.run("curl -s -o /dev/null -w '%{http_code}' http://localhost:8080/")
    assert answer.output == "200"
    assert [h.kind for h in answer.data["request"].hops][:3] == ["client", "port-forward", "pod"]
    busy = fails(web, "kubectl port-forward deploy/web 8080:80")
    assert busy.splitlines()[-1] == "error: unable to listen on any of the requested ports: [{8080 80}]"
    assert run_ok(web, "sim port-forward stop 8080") == "port-forward on localhost:8080 stopped"
    assert web.run("curl -s localhost:8080").exit_code == 7


def test_port_forward_ends_when_its_pod_goes(web):
    """kubectl's forward is tied to one pod: deleting it ends the forward."""
    run_ok(web, "kubectl port-forward deploy/web 9090:80")
    pod = web.port_forwards[9090].pod
    run_ok(web, f"kubectl delete pod {pod}")
    run_ok(web, "sim wait 5s")
    assert web.run("curl -s localhost:9090").exit_code == 7
    assert run_ok(web, "sim port-forward") == "no port-forward is running"


def test_port_forward_errors(web):
    assert fails(web, "kubectl port-forward deploy/web") == (
        "error: TYPE/NAME and list of ports are required for port-forward\n"
        "See 'kubectl port-forward -h' for help and examples")
    assert fails(web, "kubectl port-forward svc/web 8082:http") == \
        "error: Service 'web' does not have a named port 'http'"
    assert fails(web, "kubectl port-forward web 80") == 'Error from server (NotFound): pods "web" not found'
    assert fails(web, "kubectl port-forward deploy/web a:80") == \
        "error: error parsing local port 'a': strconv.ParseUint: parsing \"a\": invalid syntax"


def test_autoscale_creates_an_hpa_without_metrics(web):
    """autoscale.go sends autoscaling/v1; the API server stores v2 with the default 80 % CPU target."""
    assert run_ok(web, "kubectl autoscale deployment web --min=2 --max=5") == \
        "horizontalpodautoscaler.autoscaling/web autoscaled"
    run_ok(web, "sim wait 40s")
    table = run_ok(web, "kubectl get hpa").splitlines()
    assert table[0].split() == ["NAME", "REFERENCE", "TARGETS", "MINPODS", "MAXPODS", "REPLICAS", "AGE"]
    assert table[1].split()[:7] == ["web", "Deployment/web", "cpu:", "<unknown>/80%", "2", "5", "2"]
    described = run_ok(web, "kubectl describe hpa web")
    assert "  resource cpu on pods  (as a percentage of request):  <unknown> / 80%" in described
    assert ("ScalingActive  False   FailedGetResourceMetric  the HPA was unable to compute the replica count: "
            "failed to get cpu utilization: unable to get metrics for resource cpu: unable to fetch metrics from "
            "resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)"
            in described)
    assert fails(web, "kubectl autoscale deployment web") == 'error: required flag(s) "max" not set'
    assert fails(web, "kubectl autoscale deployment web --max=1 --min=3") == \
        "error: --max=MAXPODS must be larger or equal to --min=MINPODS, max: 1, min: 3"
    dry = run_ok(web, "kubectl autoscale deployment web --max=5 --dry-run=client -o yaml")
    assert dry.startswith("apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\n")


def test_version_and_cluster_info_as_kind_prints_them(session):
    """version.go and clusterinfo.go; the kube-dns Service carries kubeadm's cluster-service label."""
    assert run_ok(session, "kubectl version") == \
        "Client Version: v1.32.4\nKustomize Version: v5.5.0\nServer Version: v1.32.0"
    assert run_ok(session, "kubectl version --client") == "Client Version: v1.32.4\nKustomize Version: v5.5.0"
    assert run_ok(session, "kubectl version -o yaml").endswith('platform: linux/amd64\n')
    assert run_ok(session, "kubectl cluster-info") == (
        "Kubernetes control plane is running at https://127.0.0.1:6443\n"
        "CoreDNS is running at https://127.0.0.1:6443/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\n"
        "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.")


def test_config_set_context_changes_the_namespace_every_command_uses(session):
    """kubectl config: kind's one context; --current --namespace is what later commands default to."""
    assert run_ok(session, "kubectl config current-context") == "kind-kind"
    run_ok(session, "kubectl create namespace shop")
    assert run_ok(session, "kubectl config set-context --current --namespace=shop") == 'Context "kind-kind" modified.'
    assert session.namespace == "shop"
    assert run_ok(session, "kubectl config get-contexts") == (
        "CURRENT   NAME        CLUSTER     AUTHINFO    NAMESPACE\n*         kind-kind   kind-kind   kind-kind   shop")
    assert "    namespace: shop\n" in run_ok(session, "kubectl config view --minify")
    run_ok(session, "kubectl run web --image=nginx:1.25")
    assert session.sim.try_get("Pod", "shop", "web") is not None
    run_ok(session, "kubectl config set-context --current --namespace=")
    assert session.namespace == "default"
    assert fails(session, "kubectl config use-context minikube") == 'error: no context exists with the name: "minikube"'
    assert run_ok(session, "kubectl config use-context kind-kind") == 'Switched to context "kind-kind".'
    assert fails(session, "kubectl config set-context") == \
        "error: you must specify a non-empty context name or --current"


def test_exec_needs_a_double_dash(web):
    """ExecOptions.Complete (kubectl 1.32.4): `exec POD COMMAND` without `--` is refused."""
    assert fails(web, "kubectl exec deploy/web curl http://web") == (
        "error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\n"
        "See 'kubectl exec -h' for help and examples")
    assert fails(web, "kubectl exec deploy/web") == "error: you must specify at least one command for the container"
    assert fails(web, "kubectl exec -- curl x") == "error: pod, type/name or --filename must be specified"


def test_an_unknown_command_never_suggests_itself(session):
    """cobra suggests near names; a real kubectl command the sandbox lacks is named as such instead."""
    out = fails(session, "kubectl proxy")
    assert out.startswith('error: "kubectl proxy" is a real kubectl command that the sandbox does not simulate')
    assert "Did you mean" not in out
    assert fails(session, "kubectl proxi") == 'Error: unknown command "proxi" for "kubectl"\n\nDid you mean this?\n' \
                                              "\tproxy\n"


def test_a_one_off_pod_stops_waiting_while_a_lesson_holds_the_clock(session):
    """waitForPod (kubectl pkg/cmd/run/run.go) waits through Session.advance: a held clock ends the wait,
    and --rm still deletes the pod."""
    hold_time_after(session, 0.5)
    out = fails(session, "kubectl run tmp --rm -it --image=curlimages/curl --restart=Never -- curl -s web")
    assert out.splitlines() == ['pod "tmp" deleted', "(the sandbox stops waiting here: simulated time is held "
                                "until the lesson's question is answered)"]
    assert session.sim.try_get("Pod", "default", "tmp") is None
