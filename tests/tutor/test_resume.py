"""Opening a lesson at a later step replays the solutions before it (sandbox/tutor/start.py)."""

from __future__ import annotations

from sandbox.tutor.start import open_lesson


def test_a_lesson_resumes_after_a_step_whose_goal_is_a_command(loaded):
    """A `ran` goal reads the step's commands: the replayed solution's lines must count for it."""
    first = {"title": "Look", "text": "List the pods.",
             "goal": {"ran": {"command": "kubectl get", "args": ["pods"]}},
             "solution": ["kubectl get pods"], "anti_solutions": [["kubectl get nodes"]]}
    lesson = loaded()
    steps = [first, lesson.lesson.steps[0].model_dump(by_alias=True, exclude_defaults=True)]
    session, tutor = open_lesson(loaded(steps=steps), step=1)
    assert tutor.index == 1
    assert tutor.completed == {0}
    assert tutor.totals.commands == 0  # replayed lines are not the learner's
    session.run("kubectl scale deployment web --replicas=3", source="typed")
    assert tutor.totals.commands == 1
