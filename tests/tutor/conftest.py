"""Lesson files written by tests: a minimal valid lesson to vary, and a loader that names the file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from sandbox.tutor.loader import LoadedLesson, load_lesson


def lesson_data(**overrides: Any) -> dict[str, Any]:
    """A small valid lesson: one step whose goal is three Ready pods of deployment/web."""
    data: dict[str, Any] = {
        "id": "test-lesson", "title": "A test lesson", "summary": "For tests.", "minutes": 2, "order": 1,
        "cluster": {"nodes": 2, "seed": 4, "setup": ["kubectl create deployment web --image=nginx:1.24"],
                    "settle": "20s"},
        "steps": [{
            "title": "Scale", "text": "Scale web to 3.",
            "goal": {"count": {"kind": "Pod", "owner": "deployment/web", "ready": True, "value": 3}},
            "hints": ["kubectl scale", "kubectl scale deployment web --replicas=3"],
            "solution": ["kubectl scale deployment web --replicas=3", {"wait": "20s"}],
            "anti_solutions": [["kubectl scale deployment web --replicas=2", {"wait": "20s"}]],
        }],
    }
    data.update(overrides)
    return data


@pytest.fixture
def write_lesson(tmp_path: Path) -> Callable[..., Path]:
    def write(data: dict[str, Any] | str, name: str = "lesson.yaml") -> Path:
        path = tmp_path / name
        path.write_text(data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False))
        return path

    return write


@pytest.fixture
def loaded(write_lesson: Callable[..., Path]) -> Callable[..., LoadedLesson]:
    def load(**overrides: Any) -> LoadedLesson:
        return load_lesson(write_lesson(lesson_data(**overrides)))

    return load
