"""`sim export` writes manifests real Kubernetes accepts; `kubesandbox run` prints transcripts."""

import io

import kubernetes_validate
import yaml

from sandbox.__main__ import main
from sandbox.kubectl import Session
from sandbox.kubectl.run import run_script, steps
from tests.builders import run_ok


def test_export_writes_clean_manifests_that_pass_the_kubernetes_schemas(session, tmp_path):
    session.cwd = tmp_path
    run_ok(session, "kubectl create namespace shop")
    run_ok(session, "kubectl create deployment web --image=nginx:1.25 --replicas=2 --port=80 -n shop")
    run_ok(session, "kubectl expose deployment web --port=80 --type=NodePort -n shop")
    run_ok(session, "kubectl create ingress web --rule=shop.example/*=web:80 -n shop")
    out = run_ok(session, "sim export out")
    files = sorted(f for f in (tmp_path / "out").iterdir() if not f.name.startswith("."))
    assert [f.name for f in files] == ["00-namespaces.yaml", "shop--deployment-web.yaml", "shop--ingress-web.yaml",
                                       "shop--service-web.yaml"]
    assert out.splitlines()[0].startswith("wrote ")
    for path in files:
        for doc in yaml.safe_load_all(path.read_text()):
            kubernetes_validate.validate(doc, "1.32", strict=True)
            meta = doc["metadata"]
            assert not {"uid", "resourceVersion", "creationTimestamp", "generation"} & set(meta)
            assert "status" not in doc
            assert "deployment.kubernetes.io/revision" not in meta.get("annotations", {})
    service = yaml.safe_load((tmp_path / "out" / "shop--service-web.yaml").read_text())
    assert "clusterIP" not in service["spec"] and "nodePort" not in service["spec"]["ports"][0]


def test_exported_manifests_apply_back_on_a_fresh_cluster(session, tmp_path):
    session.cwd = tmp_path
    run_ok(session, "kubectl create deployment web --image=nginx:1.25")
    run_ok(session, "sim export out")
    fresh = Session(seed=1)
    fresh.cwd = tmp_path
    assert run_ok(fresh, "kubectl apply -f out") == "deployment.apps/web created"


def test_runner_echoes_lines_skips_comments_and_stops_at_the_first_failure():
    out = io.StringIO()
    code = run_script("# a comment\n\nkubectl get ns default\nkubectl get flurbs\nkubectl get ns\n", out)
    assert code == 1
    assert out.getvalue() == ("$ kubectl get ns default\nNAME      STATUS   AGE\ndefault   Active   4s\n"
                              "$ kubectl get flurbs\nerror: the server doesn't have a resource type \"flurbs\"\n")


def test_runner_keep_going_runs_every_line_and_still_exits_1():
    out = io.StringIO()
    code = run_script("kubectl get flurbs\nsim wait 5s\n", out, keep_going=True)
    assert code == 1 and "$ sim wait 5s\nwaited 5s" in out.getvalue()


def test_runner_feeds_heredocs_to_stdin():
    script = ("kubectl apply -f - <<EOF\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\nEOF\n"
              "kubectl get ns shop -o name\n")
    assert [s.line for s in steps(script)] == ["kubectl apply -f -", "kubectl get ns shop -o name"]
    out = io.StringIO()
    assert run_script(script, out) == 0
    assert out.getvalue().endswith("EOF\nnamespace/shop created\n$ kubectl get ns shop -o name\nnamespace/shop\n")


def test_kubesandbox_run_command_line(tmp_path, capsys):
    script = tmp_path / "s.sh"
    script.write_text("k get nodes -o name\n")
    assert main(["run", str(script), "--nodes", "1", "--seed", "7"]) == 0
    assert capsys.readouterr().out == "$ k get nodes -o name\nnode/control-plane\nnode/node-1\n"
