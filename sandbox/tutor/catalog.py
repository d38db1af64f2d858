"""The lessons that ship with KubeSandbox: every `*.yaml` directly in the lessons folder
(sub-folders hold the manifests lessons use), in the order their `order` field gives.
A file that cannot be loaded is listed as broken, with the reason, instead of failing the rest."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..resources import lessons as lessons_folder
from .loader import LessonError, LoadedLesson, load_lesson

LESSONS_DIR = lessons_folder()


@dataclass(frozen=True)
class Broken:
    path: Path
    error: str


def lesson_files(folder: Path = LESSONS_DIR) -> list[Path]:
    return sorted(p for p in folder.glob("*.y*ml") if p.is_file())


def catalog(folder: Path = LESSONS_DIR) -> tuple[list[LoadedLesson], list[Broken]]:
    lessons: list[LoadedLesson] = []
    broken: list[Broken] = []
    for path in lesson_files(folder):
        try:
            lessons.append(load_lesson(path))
        except LessonError as err:
            broken.append(Broken(path, err.text()))
    seen: dict[str, Path] = {}
    for loaded in lessons:
        if loaded.lesson.id in seen:
            broken.append(Broken(loaded.path, f"{loaded.path}: id {loaded.lesson.id!r} is already used by "
                                              f"{seen[loaded.lesson.id].name}"))
        seen.setdefault(loaded.lesson.id, loaded.path)
    lessons = [lesson for lesson in lessons if seen[lesson.lesson.id] == lesson.path]
    return sorted(lessons, key=lambda x: (x.lesson.order, x.lesson.id)), broken


def find(lesson_id: str, folder: Path = LESSONS_DIR) -> LoadedLesson | None:
    lessons, _ = catalog(folder)
    return next((x for x in lessons if x.lesson.id == lesson_id), None)
