"""`-o custom-columns=HEADER:PATH,…` and `-o custom-columns-file=FILE` (kubectl pkg/cmd/get/customcolumn.go).

Each column is a relaxed JSONPath evaluated on each object; several values join with commas,
none prints `<none>`, and each value is printed as Go's fmt.Sprint prints it (`map[a:b]`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import error
from .gofmt import sprint
from .jsonpath import JSONPath
from .jsonpath_parser import JSONPathError
from .sorting import relaxed_jsonpath
from .tabwriter import table

NO_COLUMNS = "custom-columns format specified but no custom columns given"
_FILE_FORMAT = "Expected format is one line of space separated headers, one line of space separated column specs."


@dataclass(frozen=True)
class Column:
    header: str
    path: str


def columns_from_spec(spec: str) -> list[Column]:
    if not spec:
        raise error(NO_COLUMNS)
    columns = []
    for part in spec.split(","):
        header, colon, path = part.partition(":")
        if not colon:
            raise error(f"unexpected custom-columns spec: {part}, expected <header>:<json-path-expr>")
        columns.append(Column(header, _relaxed(path)))
    return columns


def columns_from_template(text: str) -> list[Column]:
    """The file form: a line of headers, then a line of paths, separated by whitespace."""
    lines = text.split("\n")
    if not text or (not lines[0] and len(lines) == 1):
        raise error(f"invalid template, missing header line. {_FILE_FORMAT}")
    if len(lines) < 2 or (len(lines) == 2 and not lines[1]):
        raise error(f"invalid template, missing spec line. {_FILE_FORMAT}")
    headers, specs = lines[0].split(), lines[1].split()
    if len(headers) != len(specs):
        raise error(f"number of headers ({len(headers)}) and field specifications ({len(specs)}) don't match")
    return [Column(h, _relaxed(s)) for h, s in zip(headers, specs, strict=True)]


def _relaxed(path: str) -> str:
    try:
        return relaxed_jsonpath(path)
    except ValueError as err:
        raise error(str(err)) from None


def render(columns: list[Column], objects: list[dict[str, Any]], *, no_headers: bool) -> tuple[str, str]:
    """The table, and kubectl's error when a path fails to parse or run (the rows before it still print)."""
    rows: list[list[str]] = [] if no_headers else [[c.header for c in columns]]
    problem = ""
    try:
        parsers = [JSONPath(c.path) for c in columns]
        for obj in objects:
            rows.append([_cell(parser, obj) for parser in parsers])
    except JSONPathError as err:
        problem = f"error: {err}"
    return table(rows) if rows else "", problem


def _cell(parser: JSONPath, obj: dict[str, Any]) -> str:
    results = parser.find_results(obj)
    values = ["<none>"] if not results or not results[0] else []
    values += [sprint(v) for found in results for v in found]
    return ",".join(values)
