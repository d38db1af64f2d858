
"""traefik/whoami: who answered, from where, and the request as it arrived, hop by hop.

Upstream: github.com/traefik/whoami app.go at v1.10.3 (whoamiHandler prints Name, Hostname, the IPs of
getIPs, RemoteAddr, then Request.Write; healthHandler keeps a status code a POST sets); Go's net/http
(Request.Write, response header order, StatusText); ingress-nginx's nginx.tmpl (proxy_set_header lines)
and Traefik's forwardedheaders middleware for the headers a controller adds; curl's -d.
"""

import re

from sandbox.core.objects import KObject
from sandbox.core.scenario import addons, cluster
from sandbox.core.simulation import Simulation
from tests.builders import deployment, node_ip, pod_manifest, pods, service

WHOAMI = "traefik/whoami:v1.10.3"
CURL = "curlimages/curl:8.5.0"


def _whoami_and_client(sim: Simulation, *, replicas: int = 2, probe: bool = False, svc_type: str = "ClusterIP",
                       node_port: int | None = None) -> KObject:
    web = deployment("web", replicas, WHOAMI, ports=[{"containerPort": 80}])
    if probe:
        web["spec"]["template"]["spec"]["containers"][0]["readinessProbe"] = {
            "httpGet": {"path": "/health", "port": 80}, "periodSeconds": 5}
    sim.apply(web)
    sim.apply(service("web", node_port=node_port, type=svc_type))
    client = deployment("client", 1, CURL)
    client["spec"]["template"]["spec"]["containers"][0]["command"] = ["sleep", "infinity"]
    sim.apply(client)
    sim.settle()
    [pod] = pods(sim, "default", app="client")
    return pod


def test_page_names_the_pod_its_ips_the_client_and_the_request(sim):
    client = _whoami_and_client(sim)
    trace = sim.curl(["-i", "http://web/"], from_pod=client)
    body = trace.body
    answered = trace.pod
    assert body.startswith(f"Hostname: {answered.name}\nIP: 127.0.0.1\nIP: ::1\nIP: {answered.status['podIP']}\n")
    assert re.search(r"^IP: fe80::[0-9a-f:]+$", body, re.M)
    remote = re.search(r"^RemoteAddr: (.+):(\d+)$", body, re.M)
    assert remote and remote.group(1) == client.status["podIP"] and 32768 <= int(remote.group(2)) <= 60999
    assert body.endswith("GET / HTTP/1.1\r\nHost: web\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\n\r\n")
    head = trace.output.split("\n\n", 1)[0].splitlines()
    assert head[0] == "HTTP/1.1 200 OK"
    assert [line.split(":")[0] for line in head[1:]] == ["Date", "Content-Length", "Content-Type"]
    assert f"Content-Length: {len(body.encode())}" in head


def test_replicas_answer_in_turn_through_the_service(sim):
    client = _whoami_and_client(sim, replicas=3)
    names = [sim.curl(["-s", "http://web/api"], from_pod=client).body for _ in range(3)]
    hostnames = {re.search(r'"hostname":"([^"]+)"', n).group(1) for n in names}
    assert hostnames == {p.name for p in pods(sim, "default", app="web")}


def test_nodeport_traffic_arrives_from_the_node_after_snat(sim):
    _whoami_and_client(sim, svc_type="NodePort", node_port=30950)
    ip = node_ip(sim, "node-2")
    body = sim.curl([f"http://{ip}:30950/"]).body
    assert re.search(rf"^RemoteAddr: {re.escape(ip)}:\d+$", body, re.M)
    assert f"Host: {ip}:30950\r\n" in body
    verbose = sim.curl(["-v", f"http://{ip}:30950/"])
    assert verbose.status == 200 and f"* Connected to {ip} ({ip}) port 30950\n" in verbose.output
    assert "{ [" not in verbose.output           # your terminal shows the body, so curl adds no note


def test_ingress_nginx_adds_its_forwarded_headers_and_logs_the_same_request_id(sim):
    _whoami_and_client(sim)
    addons.enable(sim, "ingress-nginx")
    sim.apply(_ingress("web", "nginx", "shop.example"))
    sim.settle()
    trace = sim.curl(["-s", "http://shop.example/"])
    [controller] = pods(sim, "ingress-nginx", **{"app.kubernetes.io/component": "controller"})
    assert re.search(rf"^RemoteAddr: {re.escape(controller.status['podIP'])}:\d+$", trace.body, re.M)
    request_id = re.search(r"X-Request-Id: ([0-9a-f]{32})\r\n", trace.body).group(1)
    assert ("Accept: */*\r\nX-Forwarded-For: 172.18.0.1\r\nX-Forwarded-Host: shop.example\r\n"
            "X-Forwarded-Port: 80\r\nX-Forwarded-Proto: http\r\nX-Forwarded-Scheme: http\r\n"
            f"X-Real-Ip: 172.18.0.1\r\nX-Request-Id: {request_id}\r\nX-Scheme: http\r\n\r\n") in trace.body
    log = sim.container_log(controller, controller.spec["containers"][0], 0,
                            controller.status["containerStatuses"][0]["state"]["running"]["startedAt"], None)
    assert log[-1].endswith(f" 200 {request_id}")


def test_traefik_names_itself_and_asks_for_gzip(sim):
    _whoami_and_client(sim)
    addons.enable(sim, "traefik")
    sim.apply(_ingress("web", "traefik", "blog.example"))
    sim.settle()
    body = sim.curl(["-s", "http://blog.example/"]).body
    [traefik] = pods(sim, "traefik", **{"app.kubernetes.io/name": "traefik"})
    assert "Accept-Encoding: gzip\r\n" in body
    assert f"X-Forwarded-Server: {traefik.name}\r\n" in body and "X-Real-Ip: 172.18.0.1\r\n" in body
    assert "X-Request-Id" not in body


def test_posting_a_status_to_health_fails_the_readiness_probe_of_that_pod_only(sim):
    client = _whoami_and_client(sim, replicas=3, probe=True)
    web = sorted(pods(sim, "default", app="web"), key=lambda p: p.name)
    target = web[0]
    ip = target.status["podIP"]
    posted = sim.curl(["-s", "-w", "%{http_code}", "-d", "500", f"http://{ip}/health"], from_pod=client)
    assert posted.output == "200"
    assert sim.curl(["-sI", f"http://{ip}/health"], from_pod=client).output.startswith(
        "HTTP/1.1 500 Internal Server Error\n")
    sim.advance(20)           # periodSeconds 5 × failureThreshold 3
    assert _ready(sim, target) == "False"
    assert {p.name for p in web[1:]} == {_answering(sim, client) for _ in range(4)}
    sim.curl(["-d", "200", f"http://{ip}/health"], from_pod=client)
    sim.advance(6)
    assert _ready(sim, target) == "True"
    container = target.spec["containers"][0]
    started = sim.get("Pod", "default", target.name).status["containerStatuses"][0]["state"]["running"]["startedAt"]
    assert sim.container_log(target, container, 0, started, None)[1:] == [
        "Update health check status code [500]", "Update health check status code [200]"]


def test_health_refuses_a_body_that_is_not_a_number(sim):
    client = _whoami_and_client(sim)
    bad = sim.curl(["-si", "-d", "ok", "http://web/health"], from_pod=client)
    assert bad.output.startswith("HTTP/1.1 400 Bad Request\nContent-Type: text/plain; charset=utf-8\n"
                                 "X-Content-Type-Options: nosniff\n")
    assert bad.body == "invalid character 'o' looking for beginning of value\n"
    empty = sim.curl(["-s", "-d", "@status.txt", "http://web/health"], from_pod=client)
    assert empty.output == ('Warning: Couldn\'t read data from file "status.txt", this makes an empty POST.\nEOF\n')


def test_curl_data_is_a_form_post_unless_a_method_is_given(sim):
    client = _whoami_and_client(sim)
    verbose = sim.curl(["-sv", "-d", "a=1", "-d", "b=2", "http://web/"], from_pod=client).output
    assert ("> POST / HTTP/1.1\n> Host: web\n> User-Agent: curl/8.5.0\n> Accept: */*\n> Content-Length: 7\n"
            "> Content-Type: application/x-www-form-urlencoded\n> \n} [7 bytes data]\n") in verbose
    assert verbose.endswith("Content-Length: 7\r\nAccept: */*\r\nContent-Type: application/x-www-form-urlencoded"
                            "\r\n\r\na=1&b=2\n* Connection #0 to host web left intact\n")
    assert "GET / HTTP/1.1\r\n" in sim.curl(["-s", "-X", "GET", "-d", "x", "http://web/"], from_pod=client).body


def test_name_and_port_come_from_flags_or_environment(sim):
    sim.apply(pod_manifest("named", WHOAMI, container_fields={"args": ["--port", "8080"],
                                                               "env": [{"name": "WHOAMI_NAME", "value": "blue"}]}))
    client = _whoami_and_client(sim)
    sim.settle()
    ip = sim.get("Pod", "default", "named").status["podIP"]
    assert sim.curl(["-s", f"http://{ip}:8080/"], from_pod=client).body.startswith("Name: blue\nHostname: named\n")
    refused = sim.curl(["-s", f"http://{ip}/"], from_pod=client)
    assert refused.exit_code == 7


def test_whoami_has_no_curl_and_the_curl_image_needs_a_command(sim):
    _whoami_and_client(sim)
    [web] = pods(sim, "default", app="web")[:1]
    assert sim.curl(["http://web/"], from_pod=web).exit_code == 126   # built FROM scratch: no curl inside
    sim.apply(pod_manifest("bare-curl", CURL))
    sim.advance(20)
    state = sim.get("Pod", "default", "bare-curl").status["containerStatuses"][0]
    assert state["lastState"]["terminated"]["exitCode"] == 2      # curl without a URL


def test_checks_leave_the_next_answer_as_it_would_have_been():
    """A lesson's probe sends no logged request, so the client port the learner sees next is the same."""
    answers = []
    for probe_first in (False, True):
        sim = cluster(seed=7, workers=3)
        client = _whoami_and_client(sim)
        if probe_first:
            sim.probe(["http://web/"], from_pod=client, count=3)
        answers.append(sim.curl(["http://web/"], from_pod=client).body)
    assert answers[0] == answers[1]


def _ingress(name: str, cls: str, host: str) -> dict:
    backend = {"service": {"name": "web", "port": {"number": 80}}}
    paths = [{"path": "/", "pathType": "Prefix", "backend": backend}]
    return {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": name},
            "spec": {"ingressClassName": cls, "rules": [{"host": host, "http": {"paths": paths}}]}}


def _ready(sim: Simulation, pod: KObject) -> str:
    current = sim.get("Pod", pod.namespace, pod.name)
    return next(c["status"] for c in current.status["conditions"] if c["type"] == "Ready")


def _answering(sim: Simulation, client: KObject) -> str:
    return sim.curl(["http://web/"], from_pod=client).pod.name


def test_verbose_curl_shows_the_first_hop_the_service_ip_not_the_pod(sim):
    """curl 8.5.0 -v: `Trying IP:PORT...`, `Connected to HOST (IP) port N`, `{ [N bytes data]` when its output
    is not a terminal (kubectl exec without -t), `Connection #0 to host HOST left intact`."""
    client = _whoami_and_client(sim)
    cluster_ip = sim.get("Service", "default", "web").spec["clusterIP"]
    trace = sim.curl(["-sv", "http://web/"], from_pod=client)
    lines = trace.output.splitlines()
    assert lines[:2] == [f"*   Trying {cluster_ip}:80...", f"* Connected to web ({cluster_ip}) port 80"]
    assert lines[2:7] == ["> GET / HTTP/1.1", "> Host: web", "> User-Agent: curl/8.5.0", "> Accept: */*", "> "]
    assert f"{{ [{len(trace.body.encode())} bytes data]" in lines
    assert f"IP: {trace.pod.status['podIP']}" in lines and lines[-1] == "* Connection #0 to host web left intact"
    outside = sim.curl(["-v", "http://web/"]).output
    assert outside == ("* Could not resolve host: web\n* Closing connection\ncurl: (6) Could not resolve host: web")


def test_verbose_curl_reports_a_refused_connection_with_both_ends(sim):
    client = _whoami_and_client(sim)
    cluster_ip = sim.get("Service", "default", "web").spec["clusterIP"]
    lines = sim.curl(["-sv", "http://web:8080/"], from_pod=client).output.splitlines()
    assert lines[0] == f"*   Trying {cluster_ip}:8080..."
    assert re.fullmatch(rf"\* connect to {re.escape(cluster_ip)} port 8080 from "
                        rf"{re.escape(client.status['podIP'])} port \d+ failed: Connection refused", lines[1])
    assert lines[2:] == ["* Failed to connect to web port 8080 after 0 ms: Couldn't connect to server",
                         "* Closing connection"]



def test_external_traffic_policy_local_keeps_the_client_address_and_only_local_pods_serve(sim):
    """k/k pkg/proxy/iptables/proxier.go: with externalTrafficPolicy Local a NodePort is not masqueraded and is
    served only by endpoints on the node it arrived at; a node without one drops it ("has no local endpoints")."""
    _whoami_and_client(sim, replicas=1, svc_type="NodePort", node_port=30952)
    [web] = pods(sim, "default", app="web")
    here = node_ip(sim, web.spec["nodeName"])
    elsewhere = next(node_ip(sim, n) for n in ("node-1", "node-2", "node-3") if n != web.spec["nodeName"])
    assert re.search(rf"^RemoteAddr: {re.escape(elsewhere)}:", sim.curl([f"http://{elsewhere}:30952/"]).body, re.M)
    svc = sim.get("Service", "default", "web")
    svc.spec["externalTrafficPolicy"] = "Local"
    sim.store.update(svc, "you", "keep the client's address")
    kept = sim.curl([f"http://{here}:30952/"])
    assert re.search(r"^RemoteAddr: 172\.18\.0\.1:\d+$", kept.body, re.M)      # your machine, not the node
    dropped = sim.curl([f"http://{elsewhere}:30952/"])
    assert dropped.exit_code == 28 and "no ready endpoint on" in dropped.explain()
    client = pods(sim, "default", app="client")[0]
    assert sim.curl(["http://web/"], from_pod=client).status == 200   # inside the cluster nothing changes
