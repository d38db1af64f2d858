"""Reading `-f` arguments: files, folders, `-` (stdin) and multi-document YAML streams.

YAML becomes JSON-shaped data the way kubectl converts it (timestamps to strings,
keys to strings); anything JSON cannot hold, or too deep or too big to be a
manifest (alias bombs), is refused with an error instead of being loaded.
"""

from __future__ import annotations

import base64
import datetime
import math
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..core.interrupt import check as check_interrupt
from ..fileio import read_capped
from .errors import CommandError, error

MAX_BYTES = 2_000_000
MAX_NODES = 200_000
MAX_DEPTH = 100
EXTENSIONS = (".yaml", ".yml", ".json")
# -f DIR: bounds on the walk (kubectl has none; a sandbox reads a folder of manifests, not a disk)
MAX_FILES = 1000
MAX_FOLDER_DEPTH = 20
MAX_ENTRIES = 20_000


@dataclass
class Document:
    source: str  # the file name kubectl names in errors ("web.yaml", "STDIN")
    manifest: Any


def read_sources(filenames: list[str], cwd: Path, stdin: str | None, recursive: bool = False) -> list[Document]:
    docs: list[Document] = []
    for name in filenames:
        if name == "-":
            if stdin is None:
                raise error("no standard input here: use a file (-f web.yaml), or a heredoc in a "
                            "`kubesandbox run` script")
            docs += parse_stream(stdin, "STDIN")
        elif name.startswith(("http://", "https://")):
            raise error(f'the sandbox is offline and cannot fetch "{name}"; download it and use -f FILE')
        else:
            docs += _read_path(name, cwd, recursive)
    return docs


def _read_path(name: str, cwd: Path, recursive: bool) -> list[Document]:
    path = Path(name) if Path(name).is_absolute() else cwd / name
    try:
        is_dir, is_file = path.is_dir(), path.is_file()
    except OSError:                 # a name too long for the file system, say: kubectl's stat fails alike
        is_dir = is_file = False
    if is_dir:
        files = manifest_files(path, name, recursive)
        return [d for f in files for d in _read_file(f, str(f.relative_to(cwd)) if not Path(name).is_absolute()
                                                        else str(f))]
    if not is_file:
        raise error(f'the path "{name}" does not exist')
    return _read_file(path, name)


def manifest_files(folder: Path, name: str, recursive: bool) -> list[Path]:
    """The folder's .yaml/.yml/.json files (with -R, its subfolders' too, symlinked folders not followed),
    within bounds: the whole file system, or a folder too big to be a set of manifests, is refused."""
    if folder.resolve() == Path(folder.resolve().anchor):
        raise error(f'the sandbox will not read the whole file system ("{name}"); point -f at a folder of manifests')
    files: list[Path] = []
    scanned = 0
    folders = [(folder, 0)]
    while folders:
        current, depth = folders.pop()
        try:
            entries = list(os.scandir(current))
        except OSError as err:
            raise error(f'the path "{current}" cannot be read: {err.strerror}') from None
        scanned += len(entries)
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if recursive:
                    folders.append((Path(entry.path), depth + 1))
            elif entry.name.endswith(EXTENSIONS) and entry.is_file():
                files.append(Path(entry.path))
        if len(files) > MAX_FILES or depth > MAX_FOLDER_DEPTH or scanned > MAX_ENTRIES:
            raise error(f'"{name}" holds more than {MAX_FILES} manifest files, or folders nested deeper than '
                        f"{MAX_FOLDER_DEPTH}: point -f at a smaller folder")
    return sorted(files)


def _read_file(path: Path, label: str) -> list[Document]:
    try:
        data = read_capped(path, MAX_BYTES)
    except ValueError:
        raise error(f'"{label}" is larger than the sandbox accepts ({MAX_BYTES // 1_000_000} MB)') from None
    except OSError as err:
        raise error(f'the path "{label}" cannot be read: {err.strerror}') from None
    return parse_stream(data.decode("utf-8", errors="replace"), label)


def parse_stream(text: str, source: str) -> list[Document]:
    if len(text) > MAX_BYTES:
        raise error(f'"{source}" is larger than the sandbox accepts ({MAX_BYTES // 1_000_000} MB)')
    if flow_depth(text) > MAX_DEPTH:
        raise error(f"error parsing {source}: the document is too large or nested too deeply for a manifest")
    try:
        raw = []
        for item in yaml.safe_load_all(text):  # thousands of documents take seconds: a quitting app stops here
            check_interrupt()
            raw.append(item)
    except yaml.YAMLError as err:
        raise CommandError(f"error: error parsing {source}: error converting YAML to JSON: yaml: "
                           f"{_yaml_problem(err)}") from None
    except RecursionError:
        raise error(f"error parsing {source}: the document is nested too deeply") from None
    except ValueError:           # an integer of more digits than Python converts (4,300)
        raise error(f"error parsing {source}: a number is too long") from None
    docs = []
    for item in raw:
        if item is None:
            continue
        data = to_json_shape(item, source)
        if isinstance(data, dict) and data.get("kind") == "List" and isinstance(data.get("items"), list):
            docs += [Document(source, entry) for entry in data["items"]]
        else:
            docs.append(Document(source, data))
    return docs


def flow_depth(text: str) -> int:
    """How deep [ and { nest, counted before parsing: PyYAML takes half a second to refuse 6,000 levels.
    (Brackets inside quoted strings count too; a manifest never nests a hundred of them.)"""
    depth = deepest = 0
    for bracket in _BRACKETS.findall(text):
        depth = depth + 1 if bracket in "[{" else max(0, depth - 1)
        deepest = max(deepest, depth)
    return deepest


_BRACKETS = re.compile(r"[\[\]{}]")


def _yaml_problem(err: yaml.YAMLError) -> str:
    mark = getattr(err, "problem_mark", None)
    problem = getattr(err, "problem", None) or str(err).splitlines()[0]
    return f"line {mark.line + 1}: {problem}" if mark is not None else str(problem)


def to_json_shape(value: Any, source: str) -> Any:
    """Convert what YAML produced into JSON values, refusing what cannot be a manifest."""
    budget = [MAX_NODES]
    return _convert(value, source, budget, 0)


def _convert(value: Any, source: str, budget: list[int], depth: int) -> Any:
    budget[0] -= 1
    if budget[0] < 0 or depth > MAX_DEPTH:
        raise error(f"error parsing {source}: the document is too large or nested too deeply for a manifest")
    if isinstance(value, dict):
        return {_key(k): _convert(v, source, budget, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [_convert(v, source, budget, depth + 1) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        raise error(f"error parsing {source}: error converting YAML to JSON: json: unsupported value: {value}")
    if isinstance(value, (datetime.date, datetime.datetime)):
        return _timestamp(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _key(key: Any) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    if isinstance(key, (dict, list, tuple)):
        raise error("error converting YAML to JSON: yaml: invalid map key")
    return str(key)


def _timestamp(value: datetime.date) -> str:
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=datetime.UTC)
        return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.strftime("%Y-%m-%dT00:00:00Z")
