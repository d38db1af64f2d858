"""`-o FORMAT` for commands that print objects: choosing the printer as kubectl's PrintFlags do,
and the printers that need no per-kind table (yaml, json, name, jsonpath, custom-columns).

kubectl picks and checks the printer before it reads anything from the server, so a bad
template fails first; the printers then run on the objects as the API returns them (JSON).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import error
from . import columns as custom_columns
from . import jsonpath, jsonpath_parser
from .output import kind_name, to_json, to_yaml

FORMATS = ("custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,"
           "jsonpath-file,name,template,templatefile,wide,yaml")
TEMPLATES = ("jsonpath", "jsonpath-file", "jsonpath-as-json")
GO_TEMPLATES = ("go-template", "go-template-file", "template", "templatefile")


@dataclass
class Output:
    """A chosen printer: `kind` is "" (the table), wide, yaml, json, name, jsonpath or custom-columns."""

    kind: str = ""
    template: str = ""
    as_json: bool = False
    columns: list[custom_columns.Column] = field(default_factory=list)

    @property
    def table(self) -> bool:
        return self.kind in ("", "wide")


def choose(text: str, cwd: Path, formats: str = FORMATS) -> Output:
    """The printer `-o text` names, with kubectl's errors for an unknown or incomplete one."""
    base, _, argument = text.partition("=")
    if text in ("", "wide", "yaml", "json", "name"):
        return Output(text)
    if base in TEMPLATES:
        return _jsonpath(base, argument, cwd)
    if base in ("custom-columns", "custom-columns-file"):
        if not argument:
            raise error(custom_columns.NO_COLUMNS)
        if base == "custom-columns":
            return Output("custom-columns", columns=custom_columns.columns_from_spec(argument))
        spec = _read(cwd, argument, f"error reading template {argument}")
        return Output("custom-columns", columns=custom_columns.columns_from_template(spec))
    if base in GO_TEMPLATES:
        raise error(f"-o {base} (Go templates) is not simulated in the sandbox; -o jsonpath=… and "
                    "-o custom-columns=… print the same fields")
    raise error(f'unable to match a printer suitable for the output format "{text}", '
                f"allowed formats are: {formats}")


def _jsonpath(base: str, argument: str, cwd: Path) -> Output:
    if not argument:
        raise error("template format specified but no template given")
    template = _read(cwd, argument, f"error reading --template {argument}") if base == "jsonpath-file" else argument
    try:
        jsonpath_parser.Parser.parse(template)
    except jsonpath_parser.JSONPathError as err:
        raise error(jsonpath.parse_error(template, err)) from None
    return Output("jsonpath", template=template, as_json=base == "jsonpath-as-json")


def _read(cwd: Path, name: str, context: str) -> str:
    path = Path(name) if Path(name).is_absolute() else cwd / name
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise error(f"{context}, open {name}: no such file or directory") from None


def render(out: Output, data: Any, items: list[dict[str, Any]], *, no_headers: bool = False) -> tuple[str, str]:
    """Text for one object or List (`data`, whose objects are `items`), and an error to print after it."""
    if out.kind == "yaml":
        return to_yaml(data), ""
    if out.kind == "json":
        return to_json(data), ""
    if out.kind == "name":
        return "\n".join(kind_name(i.get("kind", ""), i.get("metadata", {}).get("name", "")) for i in items), ""
    if out.kind == "custom-columns":
        return custom_columns.render(out.columns, items, no_headers=no_headers)
    try:
        # the sandbox's terminal ends every output with a newline: a template's closing {"\n"} is that one
        return jsonpath.execute(out.template, data, as_json=out.as_json).removesuffix("\n"), ""
    except jsonpath_parser.JSONPathError as err:
        return "", "error: " + jsonpath.execute_error(out.template, data, err)
