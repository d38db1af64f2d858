"""The timeline: every input is a node, every learner command a point; undo, redo, rewind, branches.

The simulation is deterministic, so a state is fully named by where it is on the timeline:
a node (the last input applied) and a simulated time. The timeline keeps checkpoints
(core/checkpoint.py) of some of those states and reaches any other by restoring the
nearest earlier one and replaying: advancing time to each later input's moment and running
its line again, quietly (observers hear nothing), then advancing to the time wanted.

- A checkpoint is taken before an input when due: before every one while checkpoints are
  cheap (the default cluster: a few milliseconds), spaced out when they are not (the
  5,000-node envelope), so undo costs one restore plus at most a few replayed lines.
- A line that cannot be replayed — it read a file or standard input (they may have changed),
  `sim reset`, a line a lesson ran in the middle of, a line run while a lesson held time —
  gets a checkpoint right after it, so it is never run twice.
- Point N's state is the cluster as it was just before point N+1 ran (for the newest point:
  as it was when you left it), so `sim rewind 2` shows what you saw when you typed command 3,
  and `sim undo` is "back to the point before".
- Acting after an undo or a rewind starts a new branch; the old one stays (`sim checkout`).
- Lesson lines are inputs but not points (undo goes past them); a lesson restarts a step with
  `mark()` and `rewind_to()`.
"""

from __future__ import annotations

import bisect
import math
import sys
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .ages import clock_text, human_duration
from .inputs import is_input, is_replayable
from .observers import CommandStart, SessionObserver

if TYPE_CHECKING:
    from ..core.checkpoint import Checkpoint, Shared
    from ..core.simulation import Simulation
    from .result import CommandResult
    from .session import Session

CHEAP_SECONDS = 0.05   # a checkpoint that takes at most this long (wall time) is taken before every input
MAX_SPACING = 10       # inputs between checkpoints at most, however costly they are
MAIN = "main"


class TimelineError(Exception):
    """A move the timeline cannot make (nothing to undo, no such point or branch); nothing changed."""


@dataclass
class Node:
    """One input on the timeline (a command, a key, a lesson line) and the checkpoints taken after it."""

    id: int
    parent: int | None
    line: str                 # "" for the start
    source: str = ""
    key: str = ""
    actor: str = ""
    stdin: str | None = None
    audit_from: int = 0       # the audit log's length when it began
    start: float = 0.0        # simulated time when it began
    end: float = 0.0          # ... and when it was done (`sim wait` takes time)
    point: bool = False       # a learner's command (undo stops at it); lesson lines are not
    replayable: bool = True
    #: checkpoints of the state at this node (after it ran), oldest first
    states: list[Checkpoint] = field(default_factory=list)


@dataclass(frozen=True)
class Position:
    """Where the cluster is on the timeline: a node, the simulated time, the branch."""

    node: int
    time: float
    branch: str


@dataclass(frozen=True)
class Mark:
    """A place to come back to exactly (a lesson step's start): see Timeline.mark."""

    label: str
    position: Position


@dataclass
class _Open:
    """An input that is running: where it started, and whether a lesson line ran inside it."""

    start: CommandStart
    parent: int
    time: float
    marker: tuple[int, int, int]
    sim: Simulation
    nested: bool = False
    held: bool = False          # a lesson held time (its commands advance less than they ask): not replayable


@dataclass(frozen=True)
class PointView:
    """One row of `sim history`: a point (or a lesson line between points) on a branch."""

    index: int | None         # the point number; None for a lesson line
    node: Node
    current: bool


class Timeline(SessionObserver):
    def __init__(self, session: Session) -> None:
        self.session = session
        self.nodes: list[Node] = [Node(0, None, "", start=session.sim.now, end=session.sim.now, point=True)]
        self.branches: dict[str, int] = {MAIN: 0}   # branch name -> its newest node
        self.branch = MAIN
        self.node = 0                                # the last input applied to the live cluster
        #: inputs between checkpoints: None adapts to what a checkpoint costs; tests may pin it
        self.spacing: int | None = None
        self._shared: Shared | None = None          # the checkpoints' shared store, made with the first one
        self._since_checkpoint = math.inf          # inputs since the last checkpoint (the start needs one)
        self._cost = 0.0                            # wall seconds the last checkpoint took
        self._open: list[_Open] = []
        self._moving = False                        # replacing the cluster ourselves
        self._retired: list[Simulation] = []        # clusters replaced, to dispose of once nobody holds them

    # ---- hearing the session -------------------------------------------------

    def command_starting(self, start: CommandStart) -> None:
        if self._moving:
            return
        sim = self.session.sim
        if self._open:
            self._open[-1].nested = True  # a lesson line ran inside a longer line (a `sim wait`)
        elif self._since_checkpoint >= self.adaptive_spacing():
            self._checkpoint(self.node, sim)
        self._open.append(_Open(start, self.node, sim.now, _marker(sim), sim, held=self.session.time_held()))

    def command_ran(self, result: CommandResult) -> None:
        if self._moving or not self._open or not is_input(result.command, result.args):
            return
        if (self._open[-1].start.line, self._open[-1].start.source) != (result.line, result.source):
            return  # the line failed before it started (a flag error): it never opened
        opened = self._open.pop()
        if self._open:
            return  # nested: its effects belong to the line around it
        sim = self.session.sim
        start = opened.start
        # A wait the learner stopped part way would run to its end if replayed: it is kept, not replayed.
        replayable = (not opened.nested and not opened.held and not self.session.time_held() and sim is opened.sim
                      and not result.data.get("stopped")
                      and is_replayable(start.command, start.args, start.flags, start.stdin))
        changed = sim is not opened.sim or _marker(sim) != opened.marker
        point = start.source != "lesson" and (result.ok or changed)
        node = self._add(Node(len(self.nodes), opened.parent, start.line, start.source, start.key, start.actor,
                              start.stdin, opened.marker[1], opened.time, sim.now, point, replayable))
        self._since_checkpoint += 1
        if not replayable:
            self._checkpoint(node.id, sim)

    def cluster_replaced(self) -> None:
        """Someone else swapped the cluster (a lesson's step setup): a node that can only be restored."""
        if self._moving or self._open:
            return  # ours, or `sim reset` inside a line (that line gets its checkpoint when it ends)
        sim = self.session.sim
        node = self._add(Node(len(self.nodes), self.node, "(cluster replaced)", "lesson", audit_from=len(sim.audit),
                              start=sim.now, end=sim.now, replayable=False))
        self._checkpoint(node.id, sim)

    # ---- moving --------------------------------------------------------------------

    def undo(self) -> Node:
        """Back to just before the last point's line ran; returns that point's node."""
        path = self._path(self.node)
        points = [n for n in path if n.point]
        if len(points) < 2:
            raise TimelineError("nothing to undo: this is the start of the timeline")
        last = points[-1]
        assert last.parent is not None
        self._go(Position(last.parent, last.start, self.branch))
        return last

    def redo(self) -> Node:
        """Forward to the next point on this branch, as it was when you left it; returns it."""
        # ids grow along a path, and the live node is on its branch's path
        ahead = [n for n in self._path(self.branches[self.branch]) if n.point and n.id > self.node]
        if not ahead:
            raise TimelineError("nothing to redo: this is the newest point of branch " + self.branch)
        self._go(self._point_position(self.branch, ahead[0]))
        return ahead[0]

    def rewind_to_point(self, index: int) -> Node:
        points = self.points(self.branch)
        if not 0 <= index < len(points):
            raise TimelineError(f"no point {index} on branch {self.branch}: its points are 0 to {len(points) - 1}")
        node = points[index]
        self._go(self._point_position(self.branch, node))
        return node

    def rewind_by(self, seconds: float) -> float:
        """Back `seconds` of simulated time on the way the cluster came; returns the time it is now."""
        now = self.session.sim.now
        target = now - seconds
        path = self._path(self.node)
        if target < path[0].start:
            raise TimelineError("cannot go back that far: the timeline starts at "
                                f"{clock_text(path[0].start)} of simulated time, {human_duration(now - path[0].start)} "
                                "ago")
        at = path[0]
        for node in path[1:]:
            if node.start > target:
                break
            if node.end > target:  # the line was still running then: only a wait can be cut short
                if not node.line.startswith("sim wait"):
                    target = node.start
                break
            at = node
        self._go(Position(at.id, target, self.branch))
        return target

    def checkout(self, branch: str) -> Node:
        if branch not in self.branches:
            raise TimelineError(f'no branch "{branch}": the branches are {", ".join(sorted(self.branches))}')
        tip = self.nodes[self.branches[branch]]
        self._go(self._point_position(branch, tip))
        return tip

    def mark(self, label: str) -> Mark:
        """Remember where the cluster is now (with a checkpoint, so coming back replays nothing)."""
        self._checkpoint(self.node, self.session.sim)
        return Mark(label, Position(self.node, self.session.sim.now, self.branch))

    def rewind_to(self, mark: Mark) -> None:
        """Put the cluster back exactly where `mark` was taken; acting then starts a new branch."""
        branch = mark.position.branch if mark.position.branch in self.branches else self.branch
        self._go(Position(mark.position.node, mark.position.time, branch))

    def state_at(self, mark: Mark) -> Simulation:
        """A copy of the cluster as it was where `mark` was taken."""
        return self._state(mark.position)[0]

    def state_of_point(self, index: int | None) -> Simulation:
        """A copy of the cluster as point `index` of this branch left it (None: as it is now)."""
        if index is None:
            return self.session.sim
        points = self.points(self.branch)
        if not 0 <= index < len(points):
            raise TimelineError(f"no point {index} on branch {self.branch}: its points are 0 to {len(points) - 1}")
        return self._state(self._point_position(self.branch, points[index]))[0]

    # ---- reading -------------------------------------------------------------------

    def points(self, branch: str) -> list[Node]:
        return [n for n in self._path(self.branches[branch]) if n.point]

    def current_point(self) -> int:
        """The number of the point the cluster is at (the newest point at or before its node)."""
        return len([n for n in self._path(self.node) if n.point]) - 1

    def history(self, branch: str) -> list[PointView]:
        rows = []
        index = 0
        for node in self._path(self.branches[branch]):
            rows.append(PointView(index if node.point else None, node,
                                  branch == self.branch and node.id == self._current_point_node()))
            index += node.point
        return rows

    def fork_point(self, branch: str) -> int | None:
        """The point number on `main`'s way where `branch` left it (None for main)."""
        if branch == MAIN:
            return None
        mine = self._path(self.branches[branch])
        main = {n.id for n in self._path(self.branches[MAIN])}
        shared = [n for n in mine if n.id in main]
        return len([n for n in shared if n.point]) - 1

    def memory(self) -> int:
        """Bytes the checkpoints hold (their compressed state, their own rows, the shared row chunks)."""
        shared = self._shared.size if self._shared is not None else 0
        return sum(cp.size for n in self.nodes for cp in n.states) + shared

    # ---- internals -----------------------------------------------------------------

    def adaptive_spacing(self) -> int:
        """Inputs between checkpoints now: 1 while a checkpoint is cheap, more as it grows costly."""
        if self.spacing is not None:
            return self.spacing
        return 1 if self._cost <= CHEAP_SECONDS else min(MAX_SPACING, math.ceil(self._cost / CHEAP_SECONDS))

    def _checkpoint(self, node_id: int, sim: Simulation) -> None:
        states = self.nodes[node_id].states
        self._since_checkpoint = 0
        if any(cp.time == sim.now for cp in states):
            return  # one node at one moment is one state: kept already
        from ..core.checkpoint import take

        began = time.perf_counter()
        bisect.insort(states, take(sim, self._shared_store()), key=lambda cp: cp.time)
        self._cost = time.perf_counter() - began

    def _shared_store(self) -> Shared:
        # Made with the first checkpoint, which the first input takes: the checkpoint module loads then, not with
        # the app's start.
        from ..core.checkpoint import Shared

        if self._shared is None:
            self._shared = Shared()
        return self._shared

    def _add(self, node: Node) -> Node:
        """A new input after the current node: it extends the branch, or starts a new one mid-branch."""
        self.nodes.append(node)
        if self.branches[self.branch] != node.parent:
            self.branch = f"branch-{len(self.branches)}"
        self.branches[self.branch] = node.id
        self.node = node.id
        return node

    def _path(self, node_id: int) -> list[Node]:
        path = []
        current: int | None = node_id
        while current is not None:
            node = self.nodes[current]
            path.append(node)
            current = node.parent
        path.reverse()
        return path

    def _current_point_node(self) -> int:
        return [n for n in self._path(self.node) if n.point][-1].id

    def _point_position(self, branch: str, point: Node) -> Position:
        """Where point `point` of `branch` is: just before the branch's next point, or where its tip was left."""
        path = self._path(self.branches[branch])
        later = path[path.index(point) + 1:]
        following = next((n for n in later if n.point), None)
        if following is not None:
            assert following.parent is not None
            return Position(following.parent, following.start, branch)
        tip = path[-1]
        left = max((cp.time for cp in tip.states), default=tip.end)
        return Position(tip.id, max(left, tip.end), branch)

    def _go(self, position: Position) -> None:
        self._leave()
        sim, self._since_checkpoint = self._state(position, in_place=True)
        self.node, self.branch = position.node, position.branch
        self._retired.append(self.session.sim)
        self._moving = True
        try:
            self.session.replace_cluster(sim)
        finally:
            self._moving = False
        self._dispose_retired()

    def _dispose_retired(self) -> None:
        """Free the replaced clusters nobody refers to any more (views rebuild on theirs a little later)."""
        keep = []
        while self._retired:
            old = self._retired.pop()
            if sys.getrefcount(old) == 2:  # this name and the call's argument: ours alone
                old.dispose()
            else:
                keep.append(old)
            del old
        self._retired = keep

    def _leave(self) -> None:
        """Keep the newest point's state as it is now, so redo or checkout can come back to it (when cheap)."""
        if self.node == self.branches[self.branch] and self._cost <= CHEAP_SECONDS:
            self._checkpoint(self.node, self.session.sim)

    def _state(self, position: Position, *, in_place: bool = False) -> tuple[Simulation, int]:
        """The cluster at `position`: the nearest checkpoint at or before it, then replay (how many lines).

        `in_place`: the live cluster is being replaced, so the restore may take its unchanged objects."""
        path = self._path(position.node)
        limit = position.time
        for i in range(len(path) - 1, -1, -1):
            found = [cp for cp in path[i].states if cp.time <= limit]
            if found:
                later = path[i + 1:]
                stuck = next((node for node in later if not node.replayable), None)
                if stuck is not None:  # checked before restoring: an in-place restore cannot be undone
                    raise TimelineError(f"cannot replay {stuck.line!r}")  # it has a checkpoint after it
                from ..core.checkpoint import restore

                sim = restore(found[-1], self._shared_store(), reuse=self.session.sim.store if in_place else None)
                return self._replay(sim, later, position.time), len(later)
            limit = path[i].start
        raise TimelineError("no checkpoint to start from")  # the first input always takes one

    def _replay(self, sim: Simulation, nodes: list[Node], until: float) -> Simulation:
        session = self.session
        live = session.sim
        session.sim = sim
        try:
            for node in nodes:
                if session.sim.now < node.start:
                    session.sim.advance_to(node.start)
                session.run_quietly(node.line, source=node.source, key=node.key,  # type: ignore[arg-type]
                                    actor=node.actor, stdin=node.stdin)
            replayed = session.sim
            if replayed.now < until:
                replayed.advance_to(until)
            return replayed
        finally:
            session.sim = live


def _marker(sim: Simulation) -> tuple[int, int, int]:
    """Moves when a line changed anything a learner could see: an API write, an audit entry, a timer set."""
    return sim.store.resource_version, len(sim.audit), sim.clock.pending()
