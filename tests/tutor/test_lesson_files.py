"""Lesson files: plain data, validated, with errors that name the file, the line and the field path."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sandbox.tutor.loader import LessonError, load_lesson
from sandbox.tutor.proof import prove_file

from .conftest import lesson_data

ROOT = Path(__file__).resolve().parents[2]


def error_of(path: Path) -> str:
    with pytest.raises(LessonError) as caught:
        load_lesson(path)
    return caught.value.text()


def test_an_unknown_field_is_named_with_its_path_and_line(write_lesson):
    text = """id: x
title: t
summary: s
minutes: 5
order: 1
steps:
  - title: a
    text: b
    colour: red
"""
    message = error_of(write_lesson(text))
    assert message.endswith("lesson.yaml:9: steps[0].colour: unknown field")


def test_a_wrong_type_names_the_field(write_lesson):
    message = error_of(write_lesson(lesson_data(minutes="five")))
    assert re.search(r"lesson\.yaml:\d+: minutes: Input should be a valid integer", message)


def test_an_unknown_check_lists_the_known_ones(write_lesson):
    data = lesson_data()
    data["steps"][0]["goal"] = {"all": [{"cnt": {"value": 3}}]}
    message = error_of(write_lesson(data))
    assert "steps[0].goal.all[0]: a check is one of: field, count, request" in message


def test_a_bad_selector_deep_in_a_check_is_found(write_lesson):
    data = lesson_data()
    data["steps"][0]["goal"] = {"all": [{"count": {"selector": "app in (web", "value": 1}}]}
    message = error_of(write_lesson(data))
    assert "steps[0].goal.all[0].count.selector: not a label selector" in message


def test_bad_yaml_gives_its_line(write_lesson):
    message = error_of(write_lesson("id: x\nsteps: [\n  - a\n"))
    assert re.search(r"lesson\.yaml:\d+: is not valid YAML", message)


def test_yaml_tags_are_refused_and_never_run(write_lesson, tmp_path):
    marker = tmp_path / "ran"
    message = error_of(write_lesson(f"id: !!python/object/apply:os.system ['touch {marker}']\n"))
    assert "uses the YAML tag" in message and "plain data" in message
    assert not marker.exists()


def test_a_manifest_that_does_not_exist_is_named(write_lesson):
    data = lesson_data(cluster={"manifests": ["nope.yaml"]})
    message = error_of(write_lesson(data))
    assert re.search(r'lesson\.yaml:\d+: cluster\.manifests\[0\]: the path "nope\.yaml" does not exist', message)


def test_a_manifest_outside_the_lesson_folder_is_refused(write_lesson):
    message = error_of(write_lesson(lesson_data(cluster={"manifests": ["../secret.yaml"]})))
    assert "relative to the lesson file and stays inside its folder" in message


def test_a_step_with_a_goal_needs_an_anti_solution(write_lesson):
    data = lesson_data()
    data["steps"][0]["anti_solutions"] = []
    assert "needs at least one anti-solution" in error_of(write_lesson(data))


def test_an_event_needs_exactly_one_trigger(write_lesson):
    data = lesson_data()
    data["steps"][0]["events"] = [{"run": "sim node fail node-1"}]
    assert "exactly one trigger" in error_of(write_lesson(data))


def test_alias_bombs_are_refused(write_lesson):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, "
              f"*a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 9)]
    assert "too large or nested too deeply" in error_of(write_lesson("\n".join(lines) + "\n"))


def test_a_lesson_whose_solution_fails_is_refused_by_the_proof(write_lesson):
    data = lesson_data()
    data["steps"][0]["solution"] = ["kubectl scale deployment web --replicas=2", {"wait": "20s"}]
    proof = prove_file(write_lesson(data))
    assert not proof.ok
    assert "step 1 (Scale): the solution does not meet the goal: exactly 3 pod(s) of deployment/web Ready " \
           "— seen: 2 pod(s)" in proof.problems[0]


def test_an_anti_solution_that_passes_is_reported(write_lesson):
    data = lesson_data()
    data["steps"][0]["anti_solutions"] = [["kubectl scale deployment web --replicas=3", {"wait": "20s"}]]
    proof = prove_file(write_lesson(data))
    assert proof.problems == ["step 1 (Scale): anti-solution 1 (kubectl scale deployment web --replicas=3; "
                              "sim wait 20s) meets the goal — the goal passes too easily"]


def test_a_failing_setup_line_is_named(write_lesson):
    data = lesson_data(cluster={"setup": ["kubectl scale deployment nope --replicas=3"]})
    proof = prove_file(write_lesson(data))
    assert "cluster.setup[0]: setup line 'kubectl scale deployment nope --replicas=3' failed" in proof.problems[0]


def test_the_example_in_the_lessons_readme_is_proven(tmp_path):
    """lessons/README.md shows teachers a complete lesson: it must really pass `lessons check`."""
    readme = (ROOT / "lessons" / "README.md").read_text()
    example = re.search(r"## A complete small lesson.*?```yaml\n(.*?)```", readme, re.S).group(1)
    path = tmp_path / "example.yaml"
    path.write_text(example)
    proof = prove_file(path)
    assert proof.ok, proof.problems
    assert proof.steps == 1


def test_shipped_events_speak_after_the_panels_own_title():
    """The panel prints an event as `The lesson: <say>` and the log as `lesson: <say>`: a say that
    starts with "The lesson" would read twice."""
    from sandbox.tutor.catalog import catalog

    lessons, broken = catalog()
    assert broken == []
    says = [(entry.lesson.id, event.say) for entry in lessons
            for step in entry.lesson.steps for event in step.events if event.say]
    assert says, "no shipped lesson says anything: the test looks in the wrong place"
    assert [s for s in says if s[1].lower().startswith("the lesson")] == []
