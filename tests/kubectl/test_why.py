"""`sim why`: the chain of causes behind an object, link by link, and why-not for what is stuck.

Causes follow client-go's machinery: a watch event queues a key with the write that triggered it
(k8s.io/client-go/tools/cache, util/workqueue), the controller's writes while reconciling that key
name it, and a timer keeps the cause it was set with. The waiting states are the ones kubectl shows:
the scheduler's FitError in the PodScheduled condition (k/k pkg/scheduler/schedule_one.go), an
Ingress's class (docs services-networking/ingress), a Service's selector (docs services-networking/service).
"""

from __future__ import annotations

import yaml

from sandbox.core.why import chain_for
from sandbox.kubectl import Session
from tests.builders import deployment, fails, run_ok


def web(session: Session, replicas: int = 3) -> list[str]:
    run_ok(session, f"kubectl create deployment web --image=nginx:1.24 --replicas={replicas}")
    run_ok(session, "sim wait 30s")
    return sorted(p.name for p in session.sim.list("Pod", "default"))


def links(session: Session, kind: str, name: str, namespace: str = "default") -> list[tuple[str, str, str, str]]:
    """(actor, verb, object, reason) of each link, newest first."""
    chain = chain_for(session.sim.audit, kind, namespace, name)
    assert chain is not None
    return [(link.entry.actor, link.entry.verb, f"{link.entry.kind}/{link.entry.name}", link.entry.reason)
            for link in chain.links]


def test_a_pod_replaced_after_kubectl_delete_pod_goes_back_to_that_command(session):
    before = web(session)
    run_ok(session, f"kubectl delete pod {before[0]}")
    run_ok(session, "sim wait 30s")
    (new,) = sorted({p.name for p in session.sim.list("Pod", "default")} - set(before))
    chain = links(session, "Pod", new)
    assert [(actor.split("/")[0], verb, obj) for actor, verb, obj, _ in chain] == [
        ("kubelet", "update", f"Pod/{new}"),              # Ready: the kubelet's timer, set when the pod was bound
        ("default-scheduler", "bind", f"Pod/{new}"),
        ("replicaset-controller", "create", f"Pod/{new}"),
        ("you", "delete", f"Pod/{before[0]}"),
    ]
    assert chain[0][3] == "all containers started; the pod is Ready"
    assert chain[2][3].startswith("want 3 replicas, have 2")
    text = run_ok(session, f"sim why pod/{new}")
    assert text.splitlines()[-1] == f"  ↳ started by you: kubectl delete pod {before[0]}"


def test_pods_evicted_after_a_node_fails_go_back_through_the_taint_and_notready(session):
    web(session)
    victim = next(p.name for p in session.sim.pods_on_node("node-1") if p.namespace == "default")
    run_ok(session, "sim node fail node-1")
    run_ok(session, "sim wait 7m")
    chain = links(session, "Pod", victim)
    assert [(actor, verb, obj) for actor, verb, obj, _ in chain] == [
        ("taint-eviction-controller", "delete", f"Pod/{victim}"),
        ("node-controller", "update", "Node/node-1"),          # the NoExecute taint
        ("node-controller", "update-status", "Node/node-1"),   # Ready Unknown: missed heartbeats
        ("you", "fault", "Node/node-1"),
    ]
    assert "unreachable:NoExecute tolerated for 300s, which has run out" in chain[0][3]
    assert "added node.kubernetes.io/unreachable:NoExecute" in chain[1][3]
    assert chain[2][3].endswith("Ready is Unknown")
    text = run_ok(session, f"sim why pod/{victim}")
    assert "  ↳ started by you: sim node fail node-1\n\nWhy not further:\n" \
           "  Terminating: its node node-1 is down" in text


def test_a_rolling_updates_new_replicaset_goes_back_to_set_image(session):
    web(session)
    run_ok(session, "kubectl set image deployment/web nginx=nginx:1.25")
    run_ok(session, "sim wait 1m")
    rs = max(session.sim.list("ReplicaSet", "default"), key=lambda r: r.metadata.creation_timestamp)
    chain = links(session, "ReplicaSet", rs.name)
    assert chain[-2][:3] == ("deployment-controller", "create", f"ReplicaSet/{rs.name}")
    assert chain[-2][3] == "revision 2: deployment/web has a new pod template"
    assert chain[-1][:3] == ("you", "update", "Deployment/web")
    assert chain[-1][3] == "you set image nginx=nginx:1.25 on deployment/web"
    assert ("deployment-controller", "scale", f"ReplicaSet/{rs.name}") in [c[:3] for c in chain]


def test_an_ingress_gets_its_address_because_the_addon_started_a_controller(session):
    web(session)
    run_ok(session, "kubectl create ingress shop --rule=shop.example/*=web:80 --class=nginx")
    run_ok(session, "sim addons enable ingress-nginx")
    run_ok(session, "sim wait 1m")
    chain = links(session, "Ingress", "shop")
    assert [(actor.split("/")[0], verb, obj.split("/")[0]) for actor, verb, obj, _ in chain] == [
        ("nginx-ingress-controller", "update-status", "Ingress"),
        ("kubelet", "update", "Pod"),                      # the controller's pod turned Ready
        ("default-scheduler", "bind", "Pod"),
        ("replicaset-controller", "create", "Pod"),
        ("deployment-controller", "create", "ReplicaSet"),
        ("addon-manager", "create", "Deployment"),
    ]
    assert chain[0][3].startswith("k8s.io/ingress-nginx runs: ADDRESS ")
    text = run_ok(session, "sim why ingress/shop")
    assert "↳ started by you: sim addons enable ingress-nginx" in text
    assert "Why not" not in text


def test_siblings_fold_into_a_count(session):
    web(session)
    run_ok(session, "kubectl scale deployment web --replicas=5")
    newest = max(session.sim.list("Pod", "default"), key=lambda p: p.metadata.creation_timestamp)
    text = run_ok(session, f"sim why pod/{newest.name}")
    created = next(line for line in text.splitlines() if "replicaset-controller create" in line)
    assert created.endswith("(and 1 more pod like it)")   # both pods of one sync, for one cause
    tree = run_ok(session, "sim why --effects 'kubectl scale deployment web --replicas=5'")
    assert tree.splitlines()[0] == "everything 'you: kubectl scale deployment web --replicas=5' set off:"
    assert "you scale deployment/web: you scaled deployment/web from 3 to 5" in tree
    assert "deployment-controller scale replicaset/" in tree


def test_effects_by_point_and_tree_from_an_object(session):
    web(session)
    run_ok(session, "kubectl scale deployment web --replicas=4")
    by_point = run_ok(session, "sim why --effects 3")   # points: 1 create, 2 wait, 3 scale
    assert by_point == run_ok(session, "sim why --effects 'kubectl  scale deployment web --replicas=4'")
    newest = max(session.sim.list("Pod", "default"), key=lambda p: p.metadata.creation_timestamp)
    assert run_ok(session, f"sim why --tree pod/{newest.name}") == by_point


def test_bootstrap_objects_have_no_command_behind_them(session):
    text = run_ok(session, "sim why node/node-1")
    assert text.splitlines()[-1] == "  ↳ it goes back to the cluster as its scenario built it: no command set it off"


def test_why_not_a_pending_pod_quotes_the_schedulers_verdict_and_a_fix(session):
    run_ok(session, "kubectl apply -f -", stdin=yaml.safe_dump(deployment("big", 1, cpu="10")))
    run_ok(session, "sim wait 10s")
    pending = next(p for p in session.sim.list("Pod", "default") if not p.spec.get("nodeName"))
    text = run_ok(session, f"sim why pod/{pending.name}")
    assert "Pending: the scheduler's last verdict: 0/4 nodes are available: 1 node(s) had untolerated taint " \
           "{node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu." in text
    assert "fix: the pod asks for more than any node has free" in text
    assert "fix: nodes with a taint the pod does not tolerate are off limits" in text


def test_why_not_an_ingress_without_a_running_controller(session):
    run_ok(session, "sim addons enable ingress-nginx")
    run_ok(session, "sim node fail node-1")
    run_ok(session, "sim node fail node-2")
    run_ok(session, "sim node fail node-3")
    run_ok(session, "kubectl create ingress shop --rule=shop.example/*=web:80 --class=nginx")
    text = run_ok(session, "sim why ingress/shop")
    assert 'no ADDRESS: no Ready pod runs the controller of class "nginx" (k8s.io/ingress-nginx)' in text
    assert "fix: start the controller (sim addons enable ingress-nginx)" in text


def test_why_not_a_service_without_endpoints_names_the_near_misses(session):
    web(session, replicas=2)
    run_ok(session, "kubectl create service clusterip api --tcp=80:80")   # selector app=api
    text = run_ok(session, "sim why svc/api")
    assert "no endpoints: its selector app=api matches no pod in namespace default" in text
    assert "  nearly: pod web-" in text and "has app=web" in text


def test_why_a_request_is_denied_names_the_policy(session):
    web(session, replicas=1)
    run_ok(session, "kubectl expose deployment web --port=80")
    run_ok(session, "kubectl create deployment client --image=nginx:1.24")
    run_ok(session, "sim wait 30s")
    run_ok(session, "kubectl apply -f -", stdin="""
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all}
spec: {podSelector: {matchLabels: {app: web}}, policyTypes: [Ingress]}
""")
    text = run_ok(session, "sim why kubectl exec deploy/client -- curl -s --max-time 2 http://web")
    assert text.splitlines()[0].startswith("the request fails")
    assert "NetworkPolicy deny-all" in text
    run_ok(session, "kubectl delete networkpolicy deny-all")
    ok = run_ok(session, "sim why kubectl exec deploy/client -- curl -s http://web")
    assert ok.startswith("the request succeeds: 200 from pod web-") and "its way:" in ok


def test_why_bad_input_is_a_clear_error(session):
    assert fails(session, "sim why").startswith("error: usage: sim why KIND/NAME")
    assert fails(session, "sim why pod/nope") == \
        'error: pod/nope has no history here: nothing ever created or changed it in namespace default'
    assert fails(session, "sim why --effects 'kubectl scale deployment nope --replicas=1'").startswith(
        "error: no command 'kubectl scale deployment nope --replicas=1' ran on this cluster")
    assert fails(session, "sim why --effects 9").startswith("error: no point 9 with a command")
    assert fails(session, "sim why bogus/x") == 'error: the server doesn\'t have a resource type "bogus"'


def test_why_not_a_stuck_rollout_shows_the_new_pods_waiting_reason(session):
    web(session)
    run_ok(session, "kubectl set image deployment/web nginx=nginx:no-such-tag")
    run_ok(session, "sim wait 1m")
    text = run_ok(session, "sim why deploy/web")
    assert 'the rollout is not done: Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas ' \
           "have been updated..." in text
    assert "  new pod web-" in text and ": container nginx is waiting: ImagePullBackOff" in text
