"""`kubesandbox lessons check`: a lesson is proven, not trusted.

From a fresh cluster the proof plays the setup, then for each step: every anti-solution
from the step's starting state must leave the goal unmet (a goal that passes too easily
is caught here), then the solution must meet it — advancing simulated time as the
solution says, answering predictions right, firing the step's events as a learner would
see them. Any failure names the lesson, the step, the check and what was seen.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from .loader import LessonError, LoadedLesson, load_lesson
from .schema import Play, Run
from .start import open_lesson
from .tutor import Tutor


@dataclass
class Proof:
    path: Path
    lesson_id: str = ""
    problems: list[str] = field(default_factory=list)
    steps: int = 0
    sim_seconds: float = 0.0
    wall_seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems


def prove_file(path: Path) -> Proof:
    started = time.perf_counter()
    try:
        proof = prove(load_lesson(path))
    except LessonError as err:
        proof = Proof(path, problems=[err.text()])
    proof.wall_seconds = time.perf_counter() - started
    return proof


def prove(loaded: LoadedLesson) -> Proof:
    proof = Proof(loaded.path, loaded.lesson.id, steps=len(loaded.lesson.steps))
    session, tutor = open_lesson(loaded, auto_answer=True)
    start = session.sim.now
    for i, step in enumerate(loaded.lesson.steps):
        where = f"step {i + 1} ({step.title})"
        for j, anti in enumerate(step.anti_solutions):
            tutor.play(list(anti))
            if tutor.done:
                proof.problems.append(f"{where}: anti-solution {j + 1} ({_summary(tutor, anti)}) meets the goal "
                                      "— the goal passes too easily")
            tutor.restart_step()
        for j, other in enumerate(step.more_solutions):
            problems = _play_solution(tutor, list(other), f"{where}, solution {j + 2}")
            if step.goal is not None and not tutor.done:
                problems.append(f"{where}: solution {j + 2} does not meet the goal: " + _unmet(tutor))
            proof.problems += problems
            tutor.restart_step()
        proof.problems += _play_solution(tutor, list(step.solution), where)
        if step.goal is not None and not tutor.done:
            proof.problems.append(f"{where}: the solution does not meet the goal: " + _unmet(tutor))
            break
        tutor.next()
    proof.sim_seconds = session.sim.now - start
    return proof


def _play_solution(tutor: Tutor, items: list[Play], where: str) -> list[str]:
    problems = []
    for item in items:
        results = tutor.play([item])
        expect_failure = isinstance(item, Run) and item.fails
        for result in results:
            if result.ok == expect_failure:
                wanted = "fail" if expect_failure else "succeed"
                problems.append(f"{where}: the solution line {result.line!r} should {wanted}: "
                                f"{result.output.strip()[:300]}")
    return problems


def _summary(tutor: Tutor, items: list[Play] | tuple[Play, ...]) -> str:
    text = "; ".join(tutor.describe_play(item) for item in items)
    return text if len(text) <= 120 else text[:117] + "..."


def _unmet(tutor: Tutor) -> str:
    return "; ".join(f"{line.label} — seen: {line.seen}" for line in tutor.checklist if not line.ok) or "?"
