"""The tutor: a lesson's steps played against a session.

The tutor is one of the session's observers. After every command and every advance of
simulated time it fires the step's scripted events that are due (a prediction first,
if the event asks one: time is held until it is answered), then evaluates the step's
goal into a checklist. A goal met once stays met; the learner moves on with `next`.
It asks the session to wake it every simulated second while something could change
(a goal not met yet, an event waiting on a condition), so even one long `sim wait`
passes through the moment a scripted event is due or a goal is met.

The tutor never reads the screen: the lesson screen draws the tutor's state and calls
its methods (hint, answer, next, back, restart); `lessons check` drives the same tutor
headless with the solutions.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..kubectl.keymap import KeyTarget, key_line
from ..kubectl.observers import SessionObserver
from ..kubectl.resources import ALIASES
from .checks import StepRecord, describe, evaluate
from .schema import AllCheck, Check, HeldCheck, Play, Press, Run, Step, TrafficCheck, Wait

if TYPE_CHECKING:
    from ..core.simulation import Simulation
    from ..kubectl.result import CommandResult
    from ..kubectl.session import Session
    from ..kubectl.timeline import Mark
    from .loader import LoadedLesson

#: while a goal or a conditional event is pending, time stops every simulated second for a look
LOOK_EVERY = 1.0


@dataclass(frozen=True)
class ChecklistLine:
    label: str
    ok: bool
    seen: str


@dataclass(frozen=True)
class Note:
    """Something the lesson says: an event's line, a prediction's explanation, a step's wrap-up."""

    text: str
    kind: str  # "event", "predict", "done", "hint"


@dataclass
class Totals:
    """What the completion screen shows."""

    commands: int = 0
    hints: int = 0
    assisted: set[int] = field(default_factory=set)
    predictions_right: int = 0
    predictions: int = 0
    sim_started: float = 0.0
    wall_started: float = 0.0


class Tutor(SessionObserver):
    def __init__(self, loaded: LoadedLesson, session: Session, *, auto_answer: bool = False,
                 wall_clock: Callable[[], float] = time.monotonic) -> None:
        self.loaded = loaded
        self.lesson = loaded.lesson
        self.session = session
        #: answer every prediction with the right choice at once (proofs and replays)
        self.auto_answer = auto_answer
        self.wall_clock = wall_clock
        self.index = 0
        self.record = StepRecord(session.sim.now, len(session.sim.audit), session.namespace)
        self.fired: set[int] = set()
        self.pending_predict: int | None = None
        self.hints_shown = 0
        self.done = False
        self.finished = False
        self.completed: set[int] = set()
        self.checklist: list[ChecklistLine] = []
        self.notes: list[Note] = []
        self._notes_from = 0  # notes of the current step start here
        self.totals = Totals(sim_started=session.sim.now, wall_started=wall_clock())
        #: called after anything the screen draws may have changed
        self.listeners: list[Callable[[], None]] = []
        #: called when a step's goal is met or the lesson moves, with the tutor (progress saving)
        self.on_progress: Callable[[Tutor], None] | None = None
        self.counting = True  # learner commands count (off while replaying solutions to resume)
        #: where each step began, on the session's timeline (restart and back rewind to it)
        self._starts: dict[int, Mark] = {}
        self._busy = False
        self._own_replace = False
        self._marker: tuple[int, int, int] | None = None

    # ---- the steps ---------------------------------------------------------------

    @property
    def step(self) -> Step:
        return self.lesson.steps[self.index]

    def begin(self, index: int) -> None:
        """Start step `index` on the cluster as it is now (kept, to restart the step from)."""
        self.index = index
        self._starts[index] = self.session.timeline.mark(f"step {index + 1}")
        self.session.reset_to = (self._start_copy, f"back to the start of step {index + 1} of the lesson")
        self._fresh_record()
        self._changed()

    def _start_copy(self) -> Simulation:
        return self.session.timeline.state_at(self._starts[self.index])

    def _fresh_record(self) -> None:
        sim = self.session.sim
        start_of = self._start_copy if self.index in self._starts else None
        self.record = StepRecord(sim.now, len(sim.audit), self.session.namespace, start_of)
        self.fired, self.pending_predict, self.hints_shown, self.done = set(), None, 0, False
        self._notes_from = len(self.notes)
        self.checklist, self._marker = [], None
        self._update()

    def restart_step(self) -> None:
        """The cluster as it was when the step began (rewound on the timeline, as `sim undo` is); the step's
        events and checks start over."""
        self._own_replace = True
        try:
            self.session.timeline.rewind_to(self._starts[self.index])
        finally:
            self._own_replace = False
        self._fresh_record()
        self._changed()

    def back(self) -> bool:
        """The previous step, on the cluster as it was when that step began."""
        if self.index == 0 or self.index - 1 not in self._starts:
            return False
        self.index -= 1
        self.finished = False
        self.restart_step()
        self._progress()
        return True

    def next(self, *, skip: bool = False) -> bool:
        """On to the next step once this one is done (or skipped, which counts as assisted)."""
        if not (self.done or self.step.goal is None or skip):
            return False
        if not self.done:
            if self.step.goal is not None:
                self.totals.assisted.add(self.index)
            self.completed.add(self.index)
        if self.index + 1 >= len(self.lesson.steps):
            self.finished = True
            self._progress()
            self._changed()
            return True
        self.begin(self.index + 1)
        self._progress()
        return True

    # ---- what the learner asks for ------------------------------------------------

    def hint(self) -> str | None:
        """The next hint of this step (None when they are all shown)."""
        if self.hints_shown >= len(self.step.hints):
            return None
        text = self.step.hints[self.hints_shown]
        self.hints_shown += 1
        self.totals.hints += 1
        self.notes.append(Note(text, "hint"))
        self._progress()
        self._changed()
        return text

    def solution(self) -> list[str]:
        """The step's solution in words (the step then counts as assisted)."""
        self.totals.assisted.add(self.index)
        self._progress()
        return [self.describe_play(item) for item in self.step.solution]

    def answer(self, choice: int) -> bool:
        """Answer the pending prediction (1-based); the event then runs. Returns whether it was right."""
        if self.pending_predict is None:
            return False
        event = self.step.events[self.pending_predict]
        assert event.predict is not None
        right = choice == event.predict.answer
        self.totals.predictions += 1
        self.totals.predictions_right += right
        verdict = "Right." if right else f"Not quite: the answer is {event.predict.choices[event.predict.answer - 1]}."
        self.notes.append(Note(f"{verdict} {event.predict.explain}", "predict"))
        self._fire(self.pending_predict)
        self.pending_predict = None
        self._update()
        return right

    def step_notes(self) -> list[Note]:
        return self.notes[self._notes_from:]

    def describe_play(self, item: Play) -> str:
        if isinstance(item, str):
            return item
        if isinstance(item, Run):
            return f"{item.run}   (it fails, and that is the point)"
        if isinstance(item, Wait):
            return f"sim wait {item.wait:g}s"
        return f"select {item.on} and press {item.key}   ({self._key_line(item)})"

    # ---- playing lines, waits and keys (the proof, resuming, tests) --------------------

    def play(self, items: list[Play]) -> list[CommandResult]:
        """Run a solution: lines as typed, waits as `sim wait`, keys as the line the key stands for."""
        results = []
        for item in items:
            if isinstance(item, str):
                results.append(self.session.run(item, source="typed"))
            elif isinstance(item, Run):
                results.append(self.session.run(item.run, source="typed"))
            elif isinstance(item, Wait):
                self.session.advance(item.wait)
            else:
                results.append(self.session.run(self._key_line(item), source="key", key=item.key))
        return results

    def _key_line(self, press: Press) -> str:
        kind_word, _, name = press.on.partition("/")
        rt = ALIASES.get(kind_word.lower())
        kind = rt.kind if rt is not None else kind_word
        namespace = "" if kind == "Node" else self.session.namespace
        up = kind != "Node" or self.session.sim.node_is_up(name)
        return key_line(press.key, KeyTarget(kind, name, namespace), namespace=self.session.namespace,
                        value=press.value, node_up=up)

    # ---- the session's notifications ------------------------------------------------

    def command_ran(self, result: CommandResult) -> None:
        if result.source in ("typed", "key") and not self.finished:
            self.record.commands.append(result)
            self.totals.commands += self.counting  # a replay to resume is not the learner's doing
        self._update()

    def time_advanced(self, now: float) -> None:
        self._update()

    def cluster_replaced(self) -> None:
        if not self._own_replace:  # `sim reset` typed in a lesson: the step starts over
            self._fresh_record()
            self._changed()

    def next_wakeup(self) -> float | None:
        if self.finished or self.pending_predict is not None:
            return None
        now = self.session.sim.now
        due = [self.record.started_at + e.at for i, e in enumerate(self.step.events)
               if i not in self.fired and e.at is not None and self.record.started_at + e.at > now]
        watching = (not self.done and self.step.goal is not None) or any(
            i not in self.fired and e.when is not None for i, e in enumerate(self.step.events))
        if watching:
            due.append(now + LOOK_EVERY)
        return min(due, default=None)

    def holds_time(self) -> bool:
        return self.pending_predict is not None

    # ---- firing events and evaluating the goal ---------------------------------------

    def _update(self) -> None:
        if self._busy or self.finished:
            return
        self._busy = True
        try:
            while self._fire_due_events():
                pass
            self._evaluate_goal()
        finally:
            self._busy = False
        self._changed()

    def _fire_due_events(self) -> bool:
        """Fire the first due event; True if one fired (then look again: it may make another due)."""
        if self.pending_predict is not None:
            return False
        sim = self.session.sim
        for i, event in enumerate(self.step.events):
            if i in self.fired:
                continue
            due = (event.at is not None and sim.now >= self.record.started_at + event.at) or (
                event.when is not None and evaluate(event.when, sim, self.record).ok)
            if not due:
                continue
            if event.predict is not None and not self.auto_answer:
                self.pending_predict = i
                return False
            self._fire(i)
            return True
        return False

    def _fire(self, index: int) -> None:
        event = self.step.events[index]
        self.fired.add(index)
        if event.say:
            self.notes.append(Note(event.say, "event"))
        for line in event.run:
            self.session.run(line, source="lesson")

    def _evaluate_goal(self) -> None:
        goal = self.step.goal
        if goal is None or self.done:
            return
        sim = self.session.sim
        marker = (*sim.change_marker(), len(self.record.commands))
        if marker == self._marker and not _reads_time(goal) and self.checklist:
            return  # nothing the goal reads has changed since the last look
        self._marker = marker
        parts: list[Check] = list(goal.all) if isinstance(goal, AllCheck) and goal.label is None else [goal]
        outcomes = [(part, evaluate(part, sim, self.record)) for part in parts]
        self.checklist = [ChecklistLine(describe(part), o.ok, o.seen) for part, o in outcomes]
        if all(o.ok for _, o in outcomes):
            self.done = True
            self.completed.add(self.index)
            if self.step.done:
                self.notes.append(Note(self.step.done, "done"))
            self._progress()

    def _changed(self) -> None:
        for listener in list(self.listeners):
            listener()

    def _progress(self) -> None:
        if self.on_progress is not None and self.counting:
            self.on_progress(self)

    # ---- for the completion screen -------------------------------------------------

    def solution_size(self) -> int:
        """How many lines and keys the shipped solutions use, all steps together."""
        return sum(1 for step in self.lesson.steps for item in step.solution if not isinstance(item, Wait))

    def sim_seconds(self) -> float:
        return self.session.sim.now - self.totals.sim_started

    def wall_seconds(self) -> float:
        return self.wall_clock() - self.totals.wall_started


def _reads_time(check: Check) -> bool:
    """Whether the check can change while the store does not: `held` counts time, and a traffic
    stream counts its requests without writing to the API."""
    if isinstance(check, HeldCheck | TrafficCheck):
        return True
    children: list[Check] = list(getattr(check, "all", None) or getattr(check, "any", None) or [])
    inner = getattr(check, "not_", None)
    if inner is not None:
        children.append(inner)
    return any(_reads_time(c) for c in children)
