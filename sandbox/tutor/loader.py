"""Reading a lesson file: plain YAML data only, validated, with errors that say where.

Loading never executes anything from the file: YAML is composed into nodes and turned
into plain data here (mappings, lists, strings, numbers, booleans, null); any explicit
tag (`!!python/object`, `!include`, ...) is refused, as are files too large, too deep or
with too many nodes (alias bombs). A validation error names the file, the line the YAML
gives for the field, and the field's path: `replicasets.yaml:42: steps[2].goal.count.selector: …`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from ..kubectl.errors import CommandError
from ..kubectl.manifests import read_sources
from .schema import Lesson

MAX_BYTES = 1_000_000
MAX_NODES = 100_000
MAX_DEPTH = 64
PLAIN_TAGS = frozenset(f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "map", "seq",
                                                          "timestamp"))

PathKey = tuple[str | int, ...]


class LessonError(Exception):
    """A lesson file that cannot be used: where (file, line, field path) and why."""

    def __init__(self, file: Path | str, message: str, *, line: int | None = None, where: str = "") -> None:
        self.file, self.line, self.where, self.message = str(file), line, where, message
        super().__init__(self.text())

    def text(self) -> str:
        place = self.file + (f":{self.line}" if self.line else "")
        return f"{place}: {self.where + ': ' if self.where else ''}{self.message}"


@dataclass
class LoadedLesson:
    lesson: Lesson
    path: Path
    #: the starting cluster's manifests, read from cluster.manifests (relative to the lesson file)
    manifests: list[dict[str, Any]] = field(default_factory=list)


def load_lesson(path: Path) -> LoadedLesson:
    data, lines = read_plain_yaml(path)
    try:
        lesson = Lesson.model_validate(data)
    except ValidationError as err:
        raise _first_error(path, err, data, lines) from None
    return LoadedLesson(lesson, path, _manifests(path, lesson, lines))


# ---- YAML as plain data, with the line of every field ---------------------------

def read_plain_yaml(path: Path) -> tuple[Any, dict[PathKey, int]]:
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise LessonError(path, f"cannot be read: {err.strerror}") from None
    if len(raw) > MAX_BYTES:
        raise LessonError(path, f"is larger than a lesson may be ({MAX_BYTES // 1000} kB)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[:err.start].count(b"\n") + 1
        raise LessonError(path, "is not UTF-8 text", line=line) from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        raise LessonError(path, f"is not valid YAML: {err.problem or err.context}",
                          line=mark.line + 1 if mark else None) from None
    except yaml.YAMLError as err:
        raise LessonError(path, f"is not valid YAML: {err}") from None
    if node is None:
        raise LessonError(path, "is empty")
    lines: dict[PathKey, int] = {}
    return _Plain(path, lines).data(node, (), 0), lines


class _Plain:
    """Node graph -> plain data, counting nodes (aliases count each time they are used)."""

    def __init__(self, path: Path, lines: dict[PathKey, int]) -> None:
        self.path, self.lines, self.nodes = path, lines, 0
        self.scalars = yaml.SafeLoader("")

    def data(self, node: yaml.Node, at: PathKey, depth: int) -> Any:
        self.nodes += 1
        line = node.start_mark.line + 1
        if self.nodes > MAX_NODES or depth > MAX_DEPTH:
            raise LessonError(self.path, "is too large or nested too deeply to be a lesson", line=line)
        if node.tag not in PLAIN_TAGS:
            raise LessonError(self.path, f"uses the YAML tag {node.tag!r}: lessons are plain data", line=line)
        self.lines.setdefault(at, line)
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                # A key is its text: YAML 1.1 would read `on:` or `yes:` as a boolean.
                key = self.data(key_node, at, depth + 1)  # counted, and its tag checked
                if isinstance(key_node, yaml.ScalarNode):
                    key = key_node.value
                if not isinstance(key, str):
                    raise LessonError(self.path, f"has a key that is not text: {key!r}",
                                      line=key_node.start_mark.line + 1)
                if key in out:
                    raise LessonError(self.path, f"has the key {key!r} twice", line=key_node.start_mark.line + 1)
                out[key] = self.data(value_node, (*at, key), depth + 1)
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.data(item, (*at, i), depth + 1) for i, item in enumerate(node.value)]
        if node.tag.endswith(":timestamp"):
            return str(node.value)  # a date stays the text it was written as
        return self.scalars.construct_object(node, deep=True)


# ---- errors -------------------------------------------------------------------------

def _first_error(path: Path, err: ValidationError, data: Any, lines: dict[PathKey, int]) -> LessonError:
    first = err.errors()[0]
    real = _real_path(first["loc"], data)
    line = next((lines[real[:n]] for n in range(len(real), -1, -1) if real[:n] in lines), None)
    return LessonError(path, _message(first), line=line, where=format_path(real))


def _real_path(loc: tuple[str | int, ...], data: Any) -> PathKey:
    """Pydantic's error location without the union tags it inserts (`goal.count.count` -> `goal.count`)."""
    out: list[str | int] = []
    here = data
    for part in loc:
        if isinstance(here, dict) and part in here:
            here = here[part]
        elif isinstance(here, dict) and isinstance(part, str) and part.rstrip("_") in here:
            part = part.rstrip("_")  # fields named for a keyword: not_, for_, from_
            here = here[part]
        elif isinstance(here, list) and isinstance(part, int) and 0 <= part < len(here):
            here = here[part]
        elif isinstance(here, dict | list):
            if part in _TAGS:
                continue
            out.append(part)  # a missing field: name it
            break
        else:
            break
        out.append(part)
    return tuple(out)


_TAGS = frozenset({"field", "count", "request", "ran", "pressed", "logged", "traffic", "unchanged", "held", "all",
                   "any", "not",
                   "line", "wait", "key", "run"})


def format_path(path: PathKey) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _message(error: Any) -> str:
    kind, msg = error["type"], error["msg"]
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "missing":
        return "required field missing"
    return str(msg).removeprefix("Value error, ")


# ---- manifests ----------------------------------------------------------------------

def _manifests(path: Path, lesson: Lesson, lines: dict[PathKey, int]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for i, name in enumerate(lesson.cluster.manifests):
        where = ("cluster", "manifests", i)
        if Path(name).is_absolute() or ".." in Path(name).parts:
            raise LessonError(path, "a manifest path is relative to the lesson file and stays inside its folder",
                              line=lines.get(where), where=format_path(where))
        try:
            docs = read_sources([name], path.parent, None, recursive=False)
        except CommandError as err:
            raise LessonError(path, str(err).removeprefix("error: "), line=lines.get(where),
                              where=format_path(where)) from None
        for doc in docs:
            if not isinstance(doc.manifest, dict):
                raise LessonError(path, f"{doc.source} holds something that is not a manifest",
                                  line=lines.get(where), where=format_path(where))
            out.append(doc.manifest)
    return out
