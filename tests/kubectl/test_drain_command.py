"""`kubectl drain` as the kubectl client runs it (kubectl pkg/cmd/drain/drain.go, pkg/drain/drain.go
and filters.go), in simulated time, over the eviction API."""

import pytest

from sandbox.kubectl import Session
from tests.builders import fails, hold_time_after, run_ok

PDB = """apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
spec:
  minAvailable: {n}
  selector:
    matchLabels:
      app: web
"""


@pytest.fixture
def web() -> Session:
    session = Session(seed=0)
    run_ok(session, "kubectl create deployment web --image=nginx:1.25 --replicas=4")
    run_ok(session, "kubectl rollout status deployment/web")
    return session


def _on(session: Session, node: str) -> list[str]:
    return sorted(p.name for p in session.sim.store.pods_on_node(node) if p.namespace == "default")


def test_drain_refuses_daemonset_pods_without_the_flag(web):
    """daemonSetFilter's fatal message, grouped as `cannot delete …: NS/NAME`; the node stays cordoned."""
    proxy = next(p.name for p in web.sim.store.pods_on_node("node-1") if p.name.startswith("kube-proxy"))
    message = f"cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): kube-system/{proxy}"
    assert fails(web, "kubectl drain node-1").splitlines() == [
        "node/node-1 cordoned",
        f'error: unable to drain node "node-1" due to error: {message}, continuing command...',
        "There are pending nodes to be drained:", " node-1", message]
    assert web.sim.get("Node", "", "node-1").spec["unschedulable"] is True


def test_drain_uses_kubectl_132s_words_for_unmanaged_pods(web):
    """filters.go 1.32: unmanagedFatal already says "cannot delete", and errors() prefixes it again."""
    run_ok(web, "kubectl run bare --image=nginx:1.25")
    run_ok(web, "sim wait 5s")
    node = web.sim.get("Pod", "default", "bare").spec["nodeName"]
    out = fails(web, f"kubectl drain {node} --ignore-daemonsets")
    assert out.splitlines()[-1] == ("cannot delete cannot delete Pods that declare no controller (use --force to "
                                    "override): default/bare")
    forced = run_ok(web, f"kubectl drain {node} --ignore-daemonsets --force")
    assert "Warning: deleting Pods that declare no controller: default/bare" in forced
    assert forced.splitlines()[-1] == f"node/{node} drained"


def test_drain_waits_until_evicted_pods_are_gone(web):
    """evictPods + waitForDelete: `evicting pod`, then `pod/NAME evicted` once the pod no longer exists."""
    victims = _on(web, "node-1")
    before = web.sim.now
    lines = run_ok(web, "kubectl drain node-1 --ignore-daemonsets").splitlines()
    assert lines[0] == "node/node-1 cordoned" and lines[1].startswith("Warning: ignoring DaemonSet-managed Pods: ")
    assert lines[2:2 + len(victims)] == [f"evicting pod default/{name}" for name in victims]
    assert sorted(lines[2 + len(victims):-1]) == sorted(f"pod/{name} evicted" for name in victims)
    assert lines[-1] == "node/node-1 drained"
    assert _on(web, "node-1") == [] and web.sim.now > before


def test_drain_retries_a_budget_refusal_every_five_seconds(web):
    """A 429 prints `error when evicting … (will retry after 5s)`, then the loop prints `evicting pod` again."""
    run_ok(web, "kubectl apply -f -", stdin=PDB.format(n=3))
    victims = _on(web, "node-1")
    assert len(victims) == 2
    lines = run_ok(web, "kubectl drain node-1 --ignore-daemonsets").splitlines()
    refusal = (f'error when evicting pods/"{victims[1]}" -n "default" (will retry after 5s): Cannot evict pod as it '
               "would violate the pod's disruption budget.")
    assert lines[2:6] == [f"evicting pod default/{victims[0]}", f"evicting pod default/{victims[1]}", refusal,
                          f"pod/{victims[0]} evicted"]
    assert lines[6] == f"evicting pod default/{victims[1]}"
    assert lines[-1] == "node/node-1 drained"


def test_drain_honours_timeout(web):
    """--timeout: the retry after the deadline reports `global timeout reached`, then the pending pods."""
    run_ok(web, "kubectl scale deployment web --replicas=3")
    run_ok(web, "kubectl rollout status deployment/web")
    run_ok(web, "kubectl apply -f -", stdin=PDB.format(n=3))
    (victim,) = _on(web, "node-2")
    start = web.sim.now
    lines = fails(web, "kubectl drain node-2 --ignore-daemonsets --timeout=11s").splitlines()
    error = f'error when evicting pods/"{victim}" -n "default": global timeout reached: 11s'
    assert lines[-7:] == [
        f"evicting pod default/{victim}",
        f'There are pending pods in node "node-2" when an error occurred: {error}', f"pod/{victim}",
        f'error: unable to drain node "node-2" due to error: {error}, continuing command...',
        "There are pending nodes to be drained:", " node-2", error]
    assert web.sim.now == start + 15  # the 5 s sleep is not interrupted: attempts at 0, 5, 10, 15


def test_a_drain_that_can_never_finish_stops_with_a_note(web):
    """kubectl would retry for ever; the sandbox stops once nothing can change the budget's answer."""
    run_ok(web, "kubectl scale deployment web --replicas=3")
    run_ok(web, "kubectl rollout status deployment/web")
    run_ok(web, "kubectl apply -f -", stdin=PDB.format(n=3))
    result = web.run("kubectl drain node-1 --ignore-daemonsets")
    assert result.exit_code == 1
    assert result.output.splitlines()[-1].startswith("(the sandbox stops retrying here: nothing in the cluster can "
                                                     "change the disruption budget's answer")
    assert web.sim.get("Node", "", "node-1").spec["unschedulable"] is True


def test_draining_a_stopped_machine_evicts_and_stops_waiting_with_a_note(web):
    """kubectl waits for evicted pods to be gone (pkg/drain waitForDelete, no --timeout: for ever); on a stopped
    machine no kubelet confirms it, so the sandbox stops — the controllers have replaced the pods meanwhile."""
    [victim, *_] = _on(web, "node-1")
    run_ok(web, "sim node fail node-1")
    result = web.run("kubectl drain node-1 --ignore-daemonsets")
    lines = result.output.splitlines()
    assert result.exit_code == 1 and f"evicting pod default/{victim}" in lines
    assert lines[-1].startswith("(the sandbox stops waiting here: node-1's machine is down, so nothing will "
                                "confirm that its evicted pods stopped")
    assert web.sim.get("Pod", "default", victim).metadata.deletion_timestamp is not None
    run_ok(web, "sim wait 10s")
    assert len([p for p in web.sim.list("Pod", "default") if p.metadata.deletion_timestamp is None]) == 4


def test_drain_dry_run_changes_nothing(web):
    """--dry-run=client: `(dry run)` on every line, no cordon, no eviction."""
    out = run_ok(web, "kubectl drain node-1 --ignore-daemonsets --dry-run=client").splitlines()
    assert out[0] == "node/node-1 cordoned (dry run)" and out[-1] == "node/node-1 drained (dry run)"
    assert all(line.endswith("(dry run)") for line in out if line.startswith("evicting"))
    assert not web.sim.get("Node", "", "node-1").spec.get("unschedulable")
    assert fails(web, "kubectl drain node-1 --timeout=x") == (
        'Error: invalid argument "x" for "--timeout" flag: time: invalid duration "x"\n'
        "See 'kubectl drain --help' for usage.")


def test_drain_stops_retrying_while_a_lesson_holds_the_clock(web):
    """The 5 s retries of evictPods wait through Session.advance; a held clock ends them with a note, the
    node left cordoned as kubectl leaves it when interrupted (pkg/drain/drain.go)."""
    run_ok(web, "kubectl apply -f -", stdin=PDB.format(n=4))
    hold_time_after(web, 7)
    lines = fails(web, "kubectl drain node-1 --ignore-daemonsets").splitlines()
    assert sum("(will retry after 5s)" in line for line in lines) == 4
    assert lines[-1].startswith("(the sandbox stops retrying here: simulated time is held until the lesson's")
    assert web.sim.get("Node", "", "node-1").spec["unschedulable"] is True
