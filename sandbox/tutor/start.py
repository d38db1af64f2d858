"""Opening a lesson: its starting cluster, its setup lines, and the step the learner is on.

The starting cluster is a scenario (nodes, seed, add-ons, manifests) plus setup lines the
lesson runs before the learner arrives. Opening at a later step replays the solutions of
the steps before it: the simulation is deterministic, so the cluster is the one the
learner left — except for anything the learner did beyond the solutions.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from ..core.config import ClusterConfig
from ..core.scenario import Scenario
from ..kubectl.session import Session
from .loader import LessonError, LoadedLesson
from .tutor import Tutor


def lesson_scenario(loaded: LoadedLesson) -> Scenario:
    cluster = loaded.lesson.cluster
    return Scenario(ClusterConfig(seed=cluster.seed, workers=cluster.nodes), addons=tuple(cluster.addons),
                    manifests=tuple(loaded.manifests), actor="lesson")


def open_lesson(loaded: LoadedLesson, *, step: int = 0, auto_answer: bool = False,
                wall_clock: Callable[[], float] = time.monotonic) -> tuple[Session, Tutor]:
    """A session on the lesson's cluster with its tutor subscribed, at the start of `step`."""
    cluster = loaded.lesson.cluster
    try:
        session = Session(scenario=lesson_scenario(loaded))
    except Exception as err:  # a manifest the API refuses, an unknown add-on
        raise LessonError(loaded.path, f"the starting cluster cannot be built: {err}", where="cluster") from None
    session.namespace = cluster.namespace
    session.lesson_dir = loaded.path.parent
    for i, line in enumerate(cluster.setup):
        result = session.run(line, source="lesson")
        if not result.ok:
            raise LessonError(loaded.path, f"setup line {line!r} failed: {result.output.strip()}",
                              where=f"cluster.setup[{i}]")
    session.advance(cluster.settle)
    tutor = Tutor(loaded, session, auto_answer=auto_answer, wall_clock=wall_clock)
    session.subscribe(tutor)
    replay_to(tutor, step)
    return session, tutor


def replay_to(tutor: Tutor, step: int) -> None:
    """Play the solutions of the steps before `step` (not counted as the learner's), then begin `step`."""
    steps = tutor.lesson.steps
    step = max(0, min(step, len(steps) - 1))
    auto, tutor.auto_answer, tutor.counting = tutor.auto_answer, True, False
    try:
        for i in range(step):
            tutor.begin(i)
            tutor.play(list(steps[i].solution))
            if steps[i].goal is not None and not tutor.done:
                raise LessonError(tutor.loaded.path, f"cannot resume at step {step + 1}: the solution of step "
                                                     f"{i + 1} does not meet its goal", where=f"steps[{i}]")
            tutor.completed.add(i)
    finally:
        tutor.auto_answer, tutor.counting = auto, True
    tutor.totals.sim_started = tutor.session.sim.now  # the completion screen counts from here
    tutor.begin(step)
