
"""Requests: curl from outside and from inside pods, hop by hop, with curl's own words for failures."""

from sandbox.core.scenario import addons
from tests.builders import deploy_and_expose, deployment, node_ip, pod_manifest, pods, service, set_ready


def test_curl_through_nodeport_and_ingress(sim):
    deploy_and_expose(sim, svc_type="NodePort", node_port=30900)
    trace = sim.curl(["-i", f"http://{node_ip(sim)}:30900/"])
    assert trace.status == 200 and "Server: nginx/1.25.5" in trace.output
    assert "<title>Welcome to nginx!</title>" in trace.body
    assert [h.kind for h in trace.hops] == ["client", "node", "service", "pod"]
    assert trace.pod.metadata.labels["app"] == "web" and trace.version == "1.25"
    addons.enable(sim, "ingress-nginx")
    sim.apply({"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "web"},
               "spec": {"rules": [{"host": "web.example.com", "http": {"paths": [{
                   "path": "/", "pathType": "Prefix",
                   "backend": {"service": {"name": "web", "port": {"number": 80}}}}]}}]}})
    sim.settle()
    via_ingress = sim.curl(["-i", "http://web.example.com/"])
    assert via_ingress.status == 200
    assert [h.kind for h in via_ingress.hops] == ["client", "dns", "node", "pod", "ingress", "service", "pod"]
    assert "Server: nginx\n" in via_ingress.output        # ingress-nginx hides the backend's Server header
    node = via_ingress.hops[2].address.split(":")[0]
    with_host = sim.curl(["-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", "Host: web.example.com",
                          f"http://{node}:30080/"])
    assert with_host.output == "200"
    unknown = sim.curl(["-s", "-o", "/dev/null", "-w", "%{http_code}", f"http://{node}/"])
    assert unknown.output == "404"


def test_exec_curl_service_dns_name(sim):
    deploy_and_expose(sim)
    deploy_and_expose(sim, "client", image="nginx:1.24", replicas=1)
    [client] = pods(sim, "default", app="client")
    for name in ("web", "web.default", "web.default.svc.cluster.local"):
        trace = sim.curl([f"http://{name}/"], from_pod=client)
        assert trace.status == 200, name
        assert trace.hops[1].kind == "dns" and trace.hops[1].verdict.allowed
    assert sim.curl(["http://web/"]).output == "curl: (6) Could not resolve host: web"   # not from outside


def test_head_shows_status_line_and_headers_only(sim):
    deploy_and_expose(sim, svc_type="NodePort", node_port=30901)
    trace = sim.curl(["-I", f"http://{node_ip(sim)}:30901/"])
    lines = trace.output.splitlines()
    assert lines[0] == "HTTP/1.1 200 OK" and "Content-Length: 615" in lines
    assert "Welcome" not in trace.output


def test_nodeport_without_ready_endpoints_refuses(sim):
    deploy_and_expose(sim, svc_type="NodePort", node_port=30902, replicas=0)
    ip = node_ip(sim)
    trace = sim.curl([f"http://{ip}:30902/"])
    assert trace.output == f"curl: (7) Failed to connect to {ip} port 30902 after 0 ms: Couldn't connect to server"
    assert trace.exit_code == 7 and trace.status is None


def test_unready_pod_gets_no_traffic(sim):
    deploy_and_expose(sim, svc_type="NodePort", node_port=30903)
    first, second = pods(sim, "default", app="web")
    set_ready(sim, first, False)
    sim.advance(0)
    answered = {sim.curl([f"http://{node_ip(sim)}:30903/"]).pod.name for _ in range(4)}
    assert answered == {second.name}


def test_policy_drop_times_out(sim):
    deploy_and_expose(sim)
    deploy_and_expose(sim, "client", image="nginx:1.24", replicas=1)
    [client] = pods(sim, "default", app="client")
    sim.apply({"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "deny-web"},
               "spec": {"podSelector": {"matchLabels": {"app": "web"}}, "policyTypes": ["Ingress"]}})
    trace = sim.curl(["http://web/"], from_pod=client)
    assert trace.output == "curl: (28) Connection timed out after 10001 milliseconds"
    assert trace.denied_by == "deny-web"
    assert trace.hops[-1].verdict.direction == "Ingress"


def test_write_out_and_silent_failure(sim):
    trace = sim.curl(["-s", "-o", "/dev/null", "-w", "%{http_code}", "http://nowhere.example.com/"])
    assert trace.output == "000" and trace.exit_code == 6


def test_non_http_ports_answer_like_curl(sim):
    deploy_and_expose(sim, "client", image="nginx:1.24", replicas=1)
    [client] = pods(sim, "default", app="client")
    sim.apply(deployment("db", 1, "mysql:8.0", container="db", ports=[{"containerPort": 3306}]))
    sim.apply(service("db", port=3306))
    sim.settle()
    assert sim.curl(["http://db:3306/"], from_pod=client).output == "curl: (1) Received HTTP/0.9 when not allowed"
    assert sim.curl(["http://kube-dns.kube-system:53/"], from_pod=client).output == \
        "curl: (52) Empty reply from server"


def test_image_without_curl(sim):
    sim.apply(pod_manifest("bb", "busybox:1.36", container="bb", container_fields={"command": ["sleep", "3600"]}))
    sim.settle()
    trace = sim.curl(["http://web/"], from_pod=sim.get("Pod", "default", "bb"))
    assert trace.exit_code == 126 and 'exec: "curl": executable file not found in $PATH' in trace.output


def test_bad_curl_usage():
    from sandbox.core.simulation import Simulation

    sim = Simulation(seed=1)
    assert sim.curl([]).exit_code == 2
    assert sim.curl(["--bogus", "http://x"]).output.startswith("curl: option --bogus: is unknown")


def test_a_pod_on_a_stopped_machine_answers_nothing_until_it_leaves_the_endpoints(sim):
    """A powered-off node's pods time out; kube-proxy keeps routing to them while they are still ready
    endpoints (the 50 s grace period), then the node lifecycle controller marks them not Ready and the
    traffic goes to the others (k/k pkg/controller/nodelifecycle, MarkPodsNotReady; docs
    services-networking/endpoint-slices: conditions)."""
    deploy_and_expose(sim, svc_type="NodePort", node_port=30904, replicas=1)
    [pod] = pods(sim, "default", app="web")
    node = pod.spec["nodeName"]
    entry = node_ip(sim, "node-1" if node != "node-1" else "node-2")
    assert sim.curl([f"http://{entry}:30904/"]).status == 200
    sim.fail_node(node)
    trace = sim.curl([f"http://{entry}:30904/"])
    assert trace.exit_code == 28 and trace.status is None
    assert trace.hops[-1].kind == "pod" and f"its node {node} is down" in trace.hops[-1].note
    sim.scale("Deployment", "default", "web", 2)
    sim.advance(60)  # NotReady: the stranded pod leaves the endpoints, the new one answers
    assert all(sim.curl([f"http://{entry}:30904/"]).status == 200 for _ in range(4))
