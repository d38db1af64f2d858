"""The tutor plays a lesson against a session: events, predictions, hints, steps, resuming."""

from __future__ import annotations

from sandbox.tutor.start import open_lesson

from .conftest import lesson_data

NODE_FAILS = {"at": "30s", "say": "node-1 loses power.", "run": "sim node fail node-1"}
PREDICT = {"question": "When is node-1 NotReady?", "choices": ["at once", "after about 50 s"], "answer": 2,
           "explain": "node-monitor-grace-period is 50 s."}


def two_steps(**step_changes):
    data = lesson_data()
    first = {**data["steps"][0], **step_changes}
    second = {"title": "Read", "text": "Nothing to do."}
    data["steps"] = [first, second]
    return data


def test_an_event_fires_at_its_time_even_inside_one_long_wait(loaded):
    lesson = loaded(**two_steps(events=[NODE_FAILS]))
    session, tutor = open_lesson(lesson)
    start = session.sim.now
    session.run("sim wait 2m")
    fault = next(e for e in session.sim.audit if e.verb == "fault")
    assert fault.actor == "lesson" and fault.time == start + 30
    assert [n.text for n in tutor.step_notes()] == ["node-1 loses power."]


def test_an_event_fires_the_first_time_its_condition_holds(loaded):
    when = {"when": {"count": {"kind": "Pod", "owner": "deployment/web", "ready": True, "value": 3}},
            "run": "kubectl label deployment web reached=three"}
    session, _ = open_lesson(loaded(**two_steps(events=[when])))
    session.run("kubectl scale deployment web --replicas=3")
    session.run("sim wait 2m")
    labelled = next(e for e in session.sim.audit if e.actor == "lesson" and e.verb != "create")
    ready_at = max(e.time for e in session.sim.audit if e.reason.endswith("the pod is Ready"))
    assert ready_at <= labelled.time <= ready_at + 1  # looked at every simulated second
    assert session.sim.get("Deployment", "default", "web").metadata.labels["reached"] == "three"


def test_a_prediction_holds_time_until_it_is_answered(loaded):
    session, tutor = open_lesson(loaded(**two_steps(events=[{**NODE_FAILS, "predict": PREDICT}])))
    start = session.sim.now
    output = session.run("sim wait 5m").output
    assert session.sim.now == start + 30 and "held until the lesson's question is answered" in output
    assert tutor.pending_predict == 0 and session.sim.node_is_up("node-1")
    assert tutor.answer(1) is False
    assert not session.sim.node_is_up("node-1")  # the event ran once answered
    assert tutor.step_notes()[0].text.startswith("Not quite: the answer is after about 50 s.")
    session.run("sim wait 1m")
    assert session.sim.now == start + 90
    assert (tutor.totals.predictions, tutor.totals.predictions_right) == (1, 0)


def test_the_goal_ticks_and_next_moves_on_only_when_done(loaded):
    session, tutor = open_lesson(loaded(**two_steps()))
    assert [line.ok for line in tutor.checklist] == [False]
    assert tutor.next() is False and tutor.index == 0
    session.run("kubectl scale deployment web --replicas=3")
    session.run("sim wait 20s")
    assert tutor.done and [line.ok for line in tutor.checklist] == [True]
    assert tutor.next() and tutor.index == 1
    assert tutor.next() and tutor.finished
    assert tutor.totals.commands == 2 and not tutor.totals.assisted


def test_skipping_and_asking_for_the_solution_count_as_assisted(loaded):
    _, tutor = open_lesson(loaded(**two_steps()))
    assert tutor.solution() == ["kubectl scale deployment web --replicas=3", "sim wait 20s"]
    assert tutor.next(skip=True) and tutor.totals.assisted == {0}


def test_hints_come_one_at_a_time(loaded):
    _, tutor = open_lesson(loaded(**two_steps()))
    assert [tutor.hint(), tutor.hint(), tutor.hint()] == ["kubectl scale", "kubectl scale deployment web "
                                                                            "--replicas=3", None]
    assert tutor.totals.hints == 2


def test_restart_step_puts_the_cluster_back(loaded):
    session, tutor = open_lesson(loaded(**two_steps(events=[NODE_FAILS])))
    start = session.sim.now
    session.run("kubectl scale deployment web --replicas=3")
    session.run("sim wait 1m")
    tutor.restart_step()
    assert session.sim.now == start and session.sim.node_is_up("node-1")
    assert session.sim.get("Deployment", "default", "web").spec["replicas"] == 1
    assert tutor.fired == set() and tutor.record.commands == []


def test_restart_step_is_a_rewind_on_the_timeline_and_keeps_what_was_undone(loaded):
    """Restart uses the same mechanism as `sim undo`: the old attempt stays on its branch."""
    session, tutor = open_lesson(loaded(**two_steps()))
    audit_at_start = session.sim.audit.text()
    session.run("kubectl scale deployment web --replicas=3")
    tutor.restart_step()
    assert session.sim.audit.text() == audit_at_start
    session.run("kubectl scale deployment web --replicas=2")
    assert len(session.timeline.branches) == 2  # the attempt before the restart is kept
    assert "replicas=3" in session.run("sim history --all").output


def test_sim_reset_in_a_lesson_goes_back_to_the_step_start(loaded):
    session, tutor = open_lesson(loaded(**two_steps()))
    start = session.sim.now
    session.run("kubectl delete deployment web")
    result = session.run("sim reset")
    assert result.output == "back to the start of step 1 of the lesson"
    assert session.sim.now == start and session.sim.try_get("Deployment", "default", "web") is not None
    assert [c.line for c in tutor.record.commands] == ["sim reset"]  # the step starts over from the reset


def test_back_returns_to_the_previous_step_as_it_began(loaded):
    session, tutor = open_lesson(loaded(**two_steps()))
    session.run("kubectl scale deployment web --replicas=3")
    session.run("sim wait 20s")
    tutor.next()
    assert tutor.back() and tutor.index == 0
    assert session.sim.get("Deployment", "default", "web").spec["replicas"] == 1


def test_resuming_replays_the_solutions_of_the_steps_before(loaded):
    lesson = loaded(**two_steps())
    session, tutor = open_lesson(lesson, step=1)
    assert tutor.index == 1 and tutor.completed == {0}
    assert session.sim.get("Deployment", "default", "web").spec["replicas"] == 3
    assert tutor.totals.commands == 0  # the replay is not the learner's
    again, _ = open_lesson(lesson, step=1)
    assert again.sim.audit.text() == session.sim.audit.text()  # deterministic: the same cluster each time


def test_a_relative_file_is_read_from_the_lesson_folder_when_the_working_directory_lacks_it(
        loaded, tmp_path, monkeypatch):
    """A lesson's text names its own manifests (`kubectl apply -f service-mesh/webserver-routes.yaml`): in a lesson,
    a relative -f path missing from the working directory is read from the lesson's folder; one the working
    directory has wins, and other lessons' sessions or free play are not affected."""
    lesson = loaded()
    (lesson.path.parent / "extra").mkdir()
    (lesson.path.parent / "extra" / "cm.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-lesson\n")
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "extra").mkdir(parents=True)
    (elsewhere / "extra" / "mine.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: mine\n")
    monkeypatch.chdir(elsewhere)
    session, _ = open_lesson(lesson)
    assert session.run("kubectl apply -f extra/cm.yaml").output == "configmap/from-lesson created"
    assert session.run("kubectl apply -f extra/mine.yaml").output == "configmap/mine created"
    assert session.run("kubectl delete -f extra/cm.yaml").output == 'configmap "from-lesson" deleted'
    missing = session.run("kubectl apply -f extra/none.yaml")
    assert not missing.ok and missing.output == 'error: the path "extra/none.yaml" does not exist'
    (elsewhere / "extra" / "cm.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: local\n")
    assert session.run("kubectl apply -f extra/cm.yaml").output == "configmap/local created"
