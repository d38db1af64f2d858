"""Each learner's progress, kept in the platform's user data folder and never lost.

One JSON file with a format version. It is written atomically (a temp file in the same
folder, flushed, fsynced, renamed), so a crash leaves the old file or the new one. A file
that is corrupt, truncated, or from a newer KubeSandbox is moved aside (its name gets a
`.broken-N` or `.newer-N` suffix) and a fresh one started — with a message saying so.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..fileio import read_capped, write_atomic

if TYPE_CHECKING:
    from .tutor import Tutor

FORMAT = 1
FILE_NAME = "progress.json"
MAX_BYTES = 2_000_000

State = Literal["new", "in progress", "done"]


class LessonProgress(BaseModel):
    model_config = ConfigDict(extra="forbid")

    steps_done: list[int] = []
    current_step: int = 0
    commands_used: int = 0
    hints_used: int = 0
    assisted_steps: list[int] = []
    #: fewest commands any finished run used
    best_commands: int | None = None
    finished_at: str | None = None

    @property
    def state(self) -> State:
        if self.finished_at is not None:
            return "done"
        return "in progress" if self.steps_done or self.current_step or self.commands_used else "new"


class ProgressFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    format: int = FORMAT
    lessons: dict[str, LessonProgress] = Field(default_factory=dict)


class ProgressStore:
    def __init__(self, folder: Path) -> None:
        self.path = folder / FILE_NAME
        #: what happened while loading, for the learner (a file set aside, and why)
        self.messages: list[str] = []
        #: False when a broken file could not even be moved aside: then nothing is written over it
        self.writable = True
        self.data = self._load()

    def _load(self) -> ProgressFile:
        if not self.path.exists():
            return ProgressFile()
        try:
            raw = read_capped(self.path, MAX_BYTES)
            data = json.loads(raw.decode("utf-8"))
            version = data.get("format") if isinstance(data, dict) else None
            if isinstance(version, int) and version > FORMAT:
                return self._set_aside("newer", f"it was written by a newer KubeSandbox (format {version})")
            return ProgressFile.model_validate(data)
        except (OSError, ValueError, ValidationError) as err:
            reason = str(err).splitlines()[0] if str(err) else type(err).__name__
            return self._set_aside("broken", f"it could not be read ({reason})")

    def _set_aside(self, tag: str, why: str) -> ProgressFile:
        n = 1
        while (aside := self.path.with_name(f"{self.path.name}.{tag}-{n}")).exists():
            n += 1
        try:
            self.path.rename(aside)
            self.messages.append(f"Your progress file {self.path} was set aside as {aside.name}: {why}. "
                                 "A fresh one was started; the old one is kept.")
        except OSError as err:
            self.messages.append(f"Your progress file {self.path} cannot be used ({why}) nor moved aside "
                                 f"({err.strerror}); progress will not be saved this time.")
            self.writable = False
        return ProgressFile()

    def lesson(self, lesson_id: str) -> LessonProgress:
        return self.data.lessons.get(lesson_id) or LessonProgress()

    def update(self, lesson_id: str, progress: LessonProgress) -> None:
        self.data.lessons[lesson_id] = progress
        self.save()

    def save(self) -> None:
        if not self.writable:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self.path, self.data.model_dump_json(indent=2) + "\n")

    def reset(self) -> None:
        self.data = ProgressFile()
        self.save()

    def export(self, target: Path) -> None:
        write_atomic(target, self.data.model_dump_json(indent=2) + "\n")

    def import_(self, source: Path) -> None:
        """Replace the progress with `source`'s (validated first: a bad file changes nothing)."""
        data = ProgressFile.model_validate(json.loads(read_capped(source, MAX_BYTES).decode("utf-8")))
        if data.format > FORMAT:
            raise ValueError(f"{source} was written by a newer KubeSandbox (format {data.format})")
        self.data = data
        self.save()


def progress_of(tutor: Tutor, before: LessonProgress) -> LessonProgress:
    """The tutor's state as saved progress; a finished run may set a new best command count."""
    totals = tutor.totals
    finished_at = before.finished_at
    best = before.best_commands
    if tutor.finished:
        finished_at = datetime.now(UTC).isoformat(timespec="seconds")
        best = totals.commands if best is None else min(best, totals.commands)
    return LessonProgress(steps_done=sorted(tutor.completed), current_step=tutor.index,
                          commands_used=totals.commands, hints_used=totals.hints,
                          assisted_steps=sorted(totals.assisted), best_commands=best, finished_at=finished_at)
