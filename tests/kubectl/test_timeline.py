"""The timeline: undo, redo, history, rewind, branches and diff, checked against fresh runs.

A cluster after an undo must be the cluster a fresh session reaches by running the shorter list of
commands: same audit log (text, causes, roots), same objects, same time, same randomness to come.
`sim diff` prints what `kubectl diff` prints: `diff -u -N` of files named group.version.kind.namespace.name
(kubectl/pkg/cmd/diff/diff.go).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sandbox.kubectl import Session
from tests.builders import cluster_state, fails, run_ok

SCRIPT = [
    "kubectl create deployment web --image=nginx:1.24 --replicas=3",
    "sim wait 30s",
    "kubectl scale deployment web --replicas=5",
    "sim wait 20s",
    "sim node fail node-2",
    "sim wait 2m",
    "kubectl set image deployment/web nginx=nginx:1.25",
    "sim wait 1m",
]


def fresh(lines: list[str], seed: int = 0) -> Session:
    session = Session(seed=seed)
    for line in lines:
        run_ok(session, line)
    return session


@pytest.mark.parametrize("undos", [1, 3, 8])
def test_undo_gives_the_cluster_of_a_fresh_run_without_the_undone_commands(undos):
    session = fresh(SCRIPT)
    for _ in range(undos):
        run_ok(session, "sim undo")
    assert cluster_state(session.sim) == cluster_state(fresh(SCRIPT[:-undos]).sim)


def test_undo_then_redo_comes_back_to_the_same_cluster():
    session = fresh(SCRIPT)
    before = cluster_state(session.sim)
    run_ok(session, "sim undo")
    run_ok(session, "sim undo")
    assert cluster_state(session.sim) != before
    assert run_ok(session, "sim redo").startswith("redid `kubectl set image deployment/web nginx=nginx:1.25`")
    assert run_ok(session, "sim redo").startswith("redid `sim wait 1m`")
    assert cluster_state(session.sim) == before
    assert fails(session, "sim redo") == "error: nothing to redo: this is the newest point of branch main"


def test_undo_after_time_passed_goes_back_to_just_before_the_command():
    session = fresh(SCRIPT[:3])
    session.advance(42)   # the app's clock ran on after the command
    run_ok(session, "sim undo")
    assert session.sim.now == fresh(SCRIPT[:2]).sim.now
    assert session.sim.get("Deployment", "default", "web").spec["replicas"] == 3
    run_ok(session, "sim redo")   # back to where it was left, the 42 s included
    assert cluster_state(session.sim) == cluster_state(_advanced(fresh(SCRIPT[:3]), 42).sim)


def _advanced(session: Session, seconds: float) -> Session:
    session.advance(seconds)
    return session


def test_acting_after_an_undo_starts_a_branch_and_keeps_the_old_one():
    session = fresh(SCRIPT[:4])
    run_ok(session, "sim undo")
    run_ok(session, "sim undo")
    run_ok(session, "kubectl scale deployment web --replicas=1")
    history = run_ok(session, "sim history --all")
    assert "branch main\n" in history and "branch branch-1 (current), left main after point 2" in history
    assert "kubectl scale deployment web --replicas=5" in history.split("branch branch-1")[0]
    branch = history.split("branch branch-1")[1]
    assert "kubectl scale deployment web --replicas=1   ← now" in branch
    assert cluster_state(session.sim) == cluster_state(fresh([*SCRIPT[:2], "kubectl scale deployment web "
                                                                           "--replicas=1"]).sim)
    assert run_ok(session, "sim checkout main").startswith("on branch main: its newest point 4")
    assert cluster_state(session.sim) == cluster_state(fresh(SCRIPT[:4]).sim)
    run_ok(session, "sim checkout branch-1")
    assert session.sim.get("Deployment", "default", "web").spec["replicas"] == 1


def test_history_lists_points_with_their_times_and_sources():
    session = fresh(SCRIPT[:2])
    session.run("kubectl get pods")                      # reads are not points
    session.run("sim node fail node-1", source="key", key="x")
    session.run("sim node recover node-1", source="lesson")   # a lesson's line: not a point
    rows = run_ok(session, "sim history").splitlines()
    assert rows[0] == "branch main (current)"
    assert rows[1].split() == ["POINT", "TIME", "SOURCE", "COMMAND"]
    assert rows[2].split()[:3] == ["0", "00:00:04", "-"]
    assert rows[3].split()[:3] == ["1", "00:00:04", "typed"]
    assert rows[5].split()[:5] == ["*", "3", "00:00:34", "key", "x"]
    assert rows[5].endswith("sim node fail node-1   ← now (00:00:34)")
    assert rows[6].split()[1:] == ["lesson", "lesson:", "sim", "node", "recover", "node-1"]
    assert len(rows) == 7


def test_undo_goes_past_lesson_lines_to_the_learners_last_command():
    session = fresh(SCRIPT[:2])
    run_ok(session, "kubectl scale deployment web --replicas=4")
    session.run("kubectl scale deployment web --replicas=6", source="lesson")
    assert run_ok(session, "sim undo").startswith("undid `kubectl scale deployment web --replicas=4`")
    assert cluster_state(session.sim) == cluster_state(fresh(SCRIPT[:2]).sim)


def test_rewind_to_a_point_and_by_simulated_time():
    session = fresh(SCRIPT)
    assert run_ok(session, "sim rewind 2").startswith("rewound to point 2, after `sim wait 30s`")
    assert cluster_state(session.sim) == cluster_state(fresh(SCRIPT[:2]).sim)
    run_ok(session, "sim rewind 8")        # forward along the branch, to its newest point
    assert cluster_state(session.sim) == cluster_state(fresh(SCRIPT).sim)
    now = session.sim.now
    assert run_ok(session, "sim rewind 30s").startswith("rewound 30s:")
    assert session.sim.now == now - 30
    # 30 s into the last `sim wait 1m`: the cluster as that wait had left it then
    assert cluster_state(session.sim) == cluster_state(_advanced(fresh(SCRIPT[:-1]), 30).sim)


@pytest.mark.parametrize("line, message", [
    ("sim rewind 99", "error: no point 99 on branch main: its points are 0 to 8"),
    ("sim rewind 2h", "error: cannot go back that far: the timeline starts at 00:00:04 of simulated time, 3m50s ago"),
    ("sim rewind 5x", 'error: time: invalid duration "5x"'),
    ("sim rewind -1", 'error: cannot rewind to "-1": points are numbered from 0 (sim history lists them)'),
    ("sim rewind", "error: usage: sim rewind N (a point: sim history lists them) | sim rewind DURATION (2m: back "
                   "two minutes of simulated time)"),
    ("sim checkout nope", 'error: no branch "nope": the branches are main'),
    ("sim diff 99", "error: no point 99 on branch main: its points are 0 to 8"),
    ("sim diff x", "error: usage: sim diff [A] [B] [--status] (points: sim history lists them; default: before "
                   "your last command, and now)"),
    ("sim undo now", "error: usage: sim undo (it takes no arguments)"),
])
def test_bad_timeline_input_is_a_clear_error_and_changes_nothing(line, message):
    session = fresh(SCRIPT)
    sim, before = session.sim, cluster_state(session.sim)
    assert fails(session, line) == message
    assert session.sim is sim and cluster_state(sim) == before


def test_nothing_to_undo_at_the_start(session):
    assert fails(session, "sim undo") == "error: nothing to undo: this is the start of the timeline"


def test_diff_shows_what_the_last_command_changed_in_kubectl_diff_form():
    session = fresh(SCRIPT[:2])
    run_ok(session, "kubectl scale deployment web --replicas=4")
    text = run_ok(session, "sim diff")
    lines = text.splitlines()
    assert lines[0] == ("diff -u -N /tmp/POINT-2/apps.v1.Deployment.default.web "
                        "/tmp/NOW/apps.v1.Deployment.default.web")
    assert lines[1] == "--- /tmp/POINT-2/apps.v1.Deployment.default.web\t2026-01-01 00:00:34"
    assert lines[2] == "+++ /tmp/NOW/apps.v1.Deployment.default.web\t2026-01-01 00:00:34"
    assert "-  generation: 1" in lines and "+  generation: 2" in lines
    assert "-  replicas: 3" in lines and "+  replicas: 4" in lines
    assert any(line.startswith("diff -u -N /tmp/POINT-2/v1.Pod.default.web-") for line in lines)  # the new pod
    assert "status:" not in text
    assert "+  readyReplicas: 3" not in text
    with_status = run_ok(session, "sim diff --status 2")
    assert "+  replicas: 4" in with_status.splitlines() and "status:" in with_status


def test_diff_between_two_points_and_no_difference():
    session = fresh(SCRIPT[:3])
    assert "+  replicas: 5" in run_ok(session, "sim diff 2 3").splitlines()
    assert run_ok(session, "sim diff 3") == \
        "no differences between point 3 and now (spec and metadata; --status compares status too)"


def test_replay_from_sparse_checkpoints_gives_every_point_exactly():
    dense = fresh(SCRIPT)
    sparse = Session(seed=0)
    sparse.timeline.spacing = 4     # a checkpoint every 4 commands: the rest is replayed
    for line in SCRIPT:
        run_ok(sparse, line)
    for point in range(len(SCRIPT), -1, -1):
        run_ok(dense, f"sim rewind {point}")
        run_ok(sparse, f"sim rewind {point}")
        assert cluster_state(sparse.sim) == cluster_state(dense.sim), point


def test_a_line_that_read_a_file_is_never_run_again(tmp_path: Path):
    manifest = tmp_path / "web.yaml"
    manifest.write_text("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 2\n"
                        "  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n"
                        "    spec: {containers: [{name: nginx, image: 'nginx:1.24'}]}\n")
    session = Session(seed=0)
    session.cwd = tmp_path
    session.timeline.spacing = 100   # nothing but the start and what cannot be replayed gets a checkpoint
    run_ok(session, "kubectl apply -f web.yaml")
    run_ok(session, "kubectl scale deployment web --replicas=3")
    manifest.write_text("not: [a, manifest")   # the file changes after it was applied
    run_ok(session, "sim rewind 1")
    assert session.sim.get("Deployment", "default", "web").spec["replicas"] == 2
    run_ok(session, "sim rewind 2")
    assert session.sim.get("Deployment", "default", "web").spec["replicas"] == 3


def test_sim_reset_is_a_point_that_undo_goes_back_over():
    session = fresh(SCRIPT[:3])
    run_ok(session, "sim reset")
    assert session.sim.try_get("Deployment", "default", "web") is None
    run_ok(session, "sim undo")
    assert cluster_state(session.sim) == cluster_state(fresh(SCRIPT[:3]).sim)


def test_a_mark_brings_the_cluster_back_exactly():
    session = fresh(SCRIPT[:2])
    mark = session.timeline.mark("step 2")
    before = cluster_state(session.sim)
    for line in SCRIPT[2:6]:
        run_ok(session, line)
    session.timeline.rewind_to(mark)
    assert cluster_state(session.sim) == before
    run_ok(session, "kubectl scale deployment web --replicas=2")   # acting now starts a branch
    assert session.timeline.branch == "branch-1"


def test_observers_hear_a_replaced_cluster_not_the_replayed_lines():
    heard: list[str] = []

    class Ear:
        def command_starting(self, start):
            heard.append("start " + start.line)

        def command_ran(self, result):
            heard.append("ran " + result.line)

        def cluster_replaced(self):
            heard.append("replaced")

        def time_advanced(self, now):
            pass

        def next_wakeup(self):
            return None

    session = Session(seed=0)
    session.timeline.spacing = 3
    for line in SCRIPT[:4]:
        run_ok(session, line)
    session.subscribe(Ear())   # type: ignore[arg-type]
    run_ok(session, "sim rewind 2")
    assert heard == ["replaced", "ran sim rewind 2"]


def test_the_timelines_verbs_and_branches_complete():
    session = fresh(SCRIPT[:2])
    run_ok(session, "sim undo")
    run_ok(session, "kubectl scale deployment web --replicas=2")
    assert {"undo", "redo", "rewind", "history", "checkout", "diff", "why"} <= set(session.complete("sim "))
    assert session.complete("sim checkout ") == ["branch-1", "main"]


def test_a_replaced_cluster_is_freed_at_once_by_reference_counting():
    """Nothing may refer back to a Simulation from its parts (the kubelet's prober once did, through a bound
    method): the timeline frees the cluster an undo replaces without the cyclic collector, which on a large
    cluster would otherwise keep a whole copy alive."""
    import gc
    import weakref

    session = fresh(SCRIPT[:4])
    assert session.sim.requests is not None  # the request engine is built: its parts are freed too
    replaced = weakref.ref(session.sim)
    gc.disable()
    try:
        session.timeline.undo()
        assert replaced() is None
        assert session.timeline._retired == []
    finally:
        gc.enable()
