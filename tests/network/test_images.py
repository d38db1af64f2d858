"""The images beginners' tutorials use: ports, answers to curl, start-up log lines, how they exit.

Upstream behaviour each test follows: hashicorp/http-echo main.go and handlers.go (-text, -listen :5678,
X-App-Name/X-App-Version headers, `[INFO] server is listening on :5678`, exit 127 without text); the
httpd image's default page and `httpd -D FOREGROUND` start-up notices; Redis refusing HTTP ("Possible
SECURITY ATTACK detected", connection closed: curl (52)); the postgres image's docker-entrypoint.sh
(exits 1 without POSTGRES_PASSWORD); python's http.server (`Serving HTTP on 0.0.0.0 port 8000`);
agnhost netexec (/hostname, /echo?msg=) and serve-hostname (:9376).
"""

from __future__ import annotations

import pytest

from sandbox.kubectl import Session
from tests.builders import run_ok

DEPLOYMENTS = {
    "echo": "--image=hashicorp/http-echo:1.0 -- /http-echo -text=hello",
    "httpd": "--image=httpd:2.4",
    "redis": "--image=redis:7.4",
    "pg": "--image=postgres:16",
    "py": "--image=python:3.12 -- python -m http.server 8000",
    "agnhost": "--image=registry.k8s.io/e2e-test-images/agnhost:2.52 -- /agnhost netexec --http-port=8080",
    "hostname": "--image=registry.k8s.io/e2e-test-images/agnhost:2.52 -- /agnhost serve-hostname",
    "client": "--image=curlimages/curl:8.11.1 -- sleep 3600",
}


@pytest.fixture(scope="module")
def lab() -> Session:
    session = Session(seed=0)
    for name, args in DEPLOYMENTS.items():
        run_ok(session, f"kubectl create deployment {name} {args}")
    run_ok(session, "sim wait 30s")
    return session


def pod(session: Session, name: str) -> str:
    return next(p.name for p in session.sim.list("Pod", "default") if p.name.startswith(f"{name}-"))


def curl(session: Session, name: str, port: int, path: str = "/", flags: str = "-s") -> str:
    ip = session.sim.get("Pod", "default", pod(session, name)).status["podIP"]
    return session.run(f"kubectl exec {pod(session, 'client')} -- curl {flags} http://{ip}:{port}{path}").output


def status(session: Session, name: str) -> str:
    line = next(line for line in run_ok(session, "kubectl get pods").splitlines() if line.startswith(f"{name}-"))
    return line.split()[2]


def test_servers_run_and_one_shot_images_need_a_command(lab):
    for name in ("echo", "httpd", "redis", "py", "agnhost", "hostname", "client"):
        assert status(lab, name) == "Running", name
    assert status(lab, "pg") == "CrashLoopBackOff"  # no POSTGRES_PASSWORD


def test_http_echo_answers_its_text_with_its_headers(lab):
    assert curl(lab, "echo", 5678) == "hello"
    assert curl(lab, "echo", 5678, "/health") == '{"status":"ok"}'
    head = curl(lab, "echo", 5678, flags="-si")
    assert "X-App-Name: http-echo" in head and "X-App-Version: 1.0.0" in head
    assert curl(lab, "echo", 80) == "command terminated with exit code 7"
    log = run_ok(lab, f"kubectl logs {pod(lab, 'echo')}").splitlines()
    assert log[0].endswith(" [INFO] server is listening on :5678")
    assert log[-1].endswith('"GET / HTTP/1.1" 200 6 "curl/8.5.0" 0s') and "/health" not in "".join(log)


def test_httpd_says_it_works(lab):
    assert curl(lab, "httpd", 80) == "<html><body><h1>It works!</h1></body></html>"
    assert "Server: Apache/2.4.62 (Unix)" in curl(lab, "httpd", 80, flags="-sI")
    log = run_ok(lab, f"kubectl logs {pod(lab, 'httpd')}")
    assert "AH00094: Command line: 'httpd -D FOREGROUND'" in log
    assert log.splitlines()[-1].endswith('"HEAD / HTTP/1.1" 200 -')


def test_redis_and_postgres_hang_up_on_http(lab):
    assert curl(lab, "redis", 6379, flags="") == ("curl: (52) Empty reply from server\n"
                                                 "command terminated with exit code 52")
    assert run_ok(lab, f"kubectl logs {pod(lab, 'redis')}").endswith("* Ready to accept connections tcp")


def test_postgres_without_a_password_exits_with_the_entrypoints_error(lab):
    log = run_ok(lab, f"kubectl logs {pod(lab, 'pg')}")
    assert log.startswith("Error: Database is uninitialized and superuser password is not specified.")
    session = Session(seed=0)
    run_ok(session, "kubectl apply -f -", stdin="""
apiVersion: v1
kind: Pod
metadata: {name: db}
spec:
  containers:
  - name: postgres
    image: postgres:16
    env: [{name: POSTGRES_PASSWORD, value: secret}]
""")
    run_ok(session, "sim wait 20s")
    assert "1/1     Running" in run_ok(session, "kubectl get pod db")
    assert run_ok(session, "kubectl logs db").endswith("LOG:  database system is ready to accept connections")


def test_python_http_server_lists_the_root_directory(lab):
    page = curl(lab, "py", 8000)
    assert "<title>Directory listing for /</title>" in page
    assert '<a href="etc/">etc/</a>' in page and '<a href="bin/">bin@</a>' in page
    assert run_ok(lab, f"kubectl logs {pod(lab, 'py')}").startswith(
        "Serving HTTP on 0.0.0.0 port 8000 (http://0.0.0.0:8000/) ...")


def test_agnhost_netexec_and_serve_hostname(lab):
    assert curl(lab, "agnhost", 8080, "/hostname") == pod(lab, "agnhost")
    assert curl(lab, "agnhost", 8080, "/echo?msg=hi") == "hi"
    assert curl(lab, "hostname", 9376) == pod(lab, "hostname")


def test_an_image_the_registry_lacks_keeps_the_real_pull_error():
    session = Session(seed=0)
    run_ok(session, "kubectl create deployment x --image=redis:6.0")
    run_ok(session, "sim wait 5s")
    events = run_ok(session, "kubectl get events")
    assert 'failed to resolve reference "docker.io/library/redis:6.0": docker.io/library/redis:6.0: not found' \
        in events
