"""kubectl logs (the core's access log), the networking describers, and the Events index."""

from sandbox.core.network.accesslog import MAX_LINES
from sandbox.kubectl import Session
from sandbox.kubectl.printers.events import EventIndex
from tests.builders import ROOT, SHOP

NODE_IP = "172.18.0.3"


def _pod(session: Session, prefix: str, namespace: str = "shop"):
    return next(p for p in session.sim.list("Pod", namespace) if p.name.startswith(prefix))


def test_nginx_logs_start_up_lines_then_one_access_line_per_request(shop):
    pod = _pod(shop, "loadbalancer")
    before = shop.run(f"kubectl logs -n shop {pod.name}").output.splitlines()
    assert before[0].startswith("/docker-entrypoint.sh: ")
    assert before[-1].endswith("[notice] 1#1: start worker process 32")
    assert shop.run(f"curl -s http://{NODE_IP}:31080/").ok
    after = shop.run(f"kubectl logs -n shop {pod.name} --tail 1").output
    assert after.startswith(f'{NODE_IP} - - [01/Jan/2026:') and '"GET / HTTP/1.1" 200 173 "-" "curl/8.5.0" "-"' in after


def test_mysql_and_coredns_print_their_start_up_banners(shop):
    assert "/usr/sbin/mysqld: ready for connections." in shop.run("kubectl logs -n shop deploy/mysql").output
    assert "CoreDNS-1.11.3" in shop.run("kubectl logs -n kube-system deploy/coredns").output


def test_webserver_on_nginx_1_25_logs_an_error_naming_the_directive_for_failed_requests():
    session = Session(seed=0)
    session.run(f"kubectl apply -f {SHOP}")
    session.run("sim wait 1m")
    pod = _pod(session, "webserver-v2")
    frontend = _pod(session, "frontend")
    statuses = [session.sim.curl(["-s", f"http://{pod.status['podIP']}/"], from_pod=frontend).status
                for _ in range(3)]
    assert statuses == [200, 200, 500]
    lines = session.run(f"kubectl logs -n shop {pod.name} --tail 2").output.splitlines()
    assert "[error]" in lines[0] and '"http2_push_preload"' in lines[0] and "default.conf:3" in lines[0]
    assert '"GET / HTTP/1.1" 500' in lines[1]


def test_logs_previous_reads_the_run_before_the_restart_and_errors_without_one():
    session = Session(seed=0)
    session.run("kubectl create deployment crashy --image=ghcr.io/kubesandbox/crashy:1.0")
    session.run("sim wait 20s")
    previous = session.run("kubectl logs deploy/crashy --previous").output
    assert previous.endswith("fatal: simulated crash, exiting with code 1")
    assert "fatal" not in session.run("kubectl logs deploy/crashy").output
    session.run("kubectl create deployment web --image=nginx:1.25")
    session.run("sim wait 10s")
    result = session.run("kubectl logs deploy/web -p")
    assert result.exit_code == 1 and 'previous terminated container "nginx"' in result.output


def test_logs_of_a_container_not_started_say_why():
    session = Session(seed=0)
    session.run("kubectl create deployment bad --image=nginx:9.9")
    session.run("sim wait 30s")
    result = session.run("kubectl logs deploy/bad")
    assert result.output.startswith('Error from server (BadRequest): container "nginx" in pod "bad-')
    assert "is waiting to start: trying and failing to pull image" in result.output


def test_access_log_is_bounded_and_snapshots_copy_it(shop):
    pod = _pod(shop, "loadbalancer")
    for _ in range(MAX_LINES + 5):
        shop.sim.curl(["-s", f"http://{NODE_IP}:31080/healthz"])
    lines = shop.run(f"kubectl logs -n shop {pod.name}").output.splitlines()
    assert len(lines) == MAX_LINES and not any(line.startswith("/docker-entrypoint") for line in lines)
    snapshot = shop.sim.snapshot()
    shop.sim.curl(["-s", f"http://{NODE_IP}:31080/nothing"])
    shop.sim.restore(snapshot)
    assert "/nothing" not in shop.run(f"kubectl logs -n shop {pod.name} --tail 1").output


def test_describe_networkpolicy_uses_kubectls_prose_and_shows_no_events(shop):
    manifest = ROOT / "tests" / "transcripts" / "network-manifests" / "netpol-db.yaml"
    shop.run(f"kubectl apply -f {manifest}")
    text = shop.run("kubectl describe netpol db -n shop").output
    assert "  PodSelector:     app=mysql\n  Allowing ingress traffic:\n    To Port: 3306/TCP\n    From:\n" \
           "      NamespaceSelector: kubernetes.io/metadata.name=shop\n      PodSelector: app=frontend\n" in text
    assert "    To:\n      NamespaceSelector: <none>\n  Policy Types: Ingress, Egress" in text
    assert "Events:" not in text


def test_describe_service_lists_the_ready_endpoints_of_its_port(shop):
    text = shop.run("kubectl describe svc webserver -n shop").output
    webservers = [p for p in shop.sim.list("Pod", "shop") if p.name.startswith("webserver-")]
    selected = [p for p in webservers if p.name.startswith("webserver-v1")]  # the Service selects version v1
    assert len(selected) == 2 and len(webservers) == 3
    endpoints = next(line for line in text.splitlines() if line.startswith("Endpoints:"))
    assert sorted(endpoints.split(None, 1)[1].split(",")) == sorted(f"{p.status['podIP']}:80" for p in selected)


def test_event_index_reads_only_new_entries_and_starts_over_after_a_restore(shop):
    index = EventIndex()
    sim = shop.sim
    index.update(sim.audit, sim.now)
    seen = index._seen
    shop.run("kubectl scale deployment frontend -n shop --replicas=3")
    index.update(sim.audit, sim.now)
    assert index._seen == len(sim.audit) > seen
    events = index.for_object("Deployment", "shop", "frontend", sim.now)
    assert events[-1].reason == "ScalingReplicaSet" and "to 3" in events[-1].message
    snapshot = sim.snapshot()
    shop.run("kubectl scale deployment frontend -n shop --replicas=4")
    assert "to 4" in index.update(sim.audit, sim.now).for_object("Deployment", "shop", "frontend", sim.now)[-1].message
    sim.restore(snapshot)  # the scale to 4 never happened
    assert index.update(sim.audit, sim.now).for_object("Deployment", "shop", "frontend", sim.now) == events
