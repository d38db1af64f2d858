"""The common subset of kubectl's JSONPath templates (`-o jsonpath=...`).

Supported: `{.a.b}`, `{.items[*].metadata.name}`, `{.items[0]}`, `{['key.with.dots']}`,
`{range .items[*]}...{end}`, string literals `{"\\n"}` and `{'\\t'}`, and plain text.
Missing keys print nothing (kubectl's --allow-missing-template-keys=true).
"""

from __future__ import annotations

import ast
import json
import re
from typing import Any

from ..errors import error

_TOKEN = re.compile(r"\.\.?([A-Za-z0-9_\-$/]+)|\[\*\]|\[(-?\d+)\]|\[(['\"])(.*?)\3\]|\.\*|\.")


# Sandbox limits (kubectl has none): each nested range multiplies the work, and the parser recurses.
MAX_RANGE_NESTING = 10
MAX_TEMPLATE_CHARS = 4000


def render(template: str, root: Any) -> str:
    if len(template) > MAX_TEMPLATE_CHARS:
        raise error(f"error parsing jsonpath: the template is longer than {MAX_TEMPLATE_CHARS} characters "
                    "(a sandbox limit)")
    parts = _split(template)
    _check_nesting(parts, template)
    nodes, _ = _parse(parts, 0, template)
    return _render(nodes, root, root)


def _check_nesting(parts: list[tuple[str, str]], template: str) -> None:
    depth = 0
    for kind, text in parts:
        if kind == "action" and text.startswith("range "):
            depth += 1
            if depth > MAX_RANGE_NESTING:
                raise error(f"error parsing jsonpath {template}, more than {MAX_RANGE_NESTING} nested ranges "
                            "(a sandbox limit)")
        elif kind == "action" and text == "end":
            depth = max(0, depth - 1)


def _split(template: str) -> list[tuple[str, str]]:
    """Literal text and `{...}` actions, in order."""
    parts: list[tuple[str, str]] = []
    i = 0
    while i < len(template):
        start = template.find("{", i)
        if start < 0:
            parts.append(("text", template[i:]))
            break
        if start > i:
            parts.append(("text", template[i:start]))
        end = template.find("}", start)
        if end < 0:
            raise error(f'error parsing jsonpath {template}, unclosed action')
        parts.append(("action", template[start + 1:end].strip()))
        i = end + 1
    return parts


def _parse(parts: list[tuple[str, str]], i: int, template: str) -> tuple[list[Any], int]:
    nodes: list[Any] = []
    while i < len(parts):
        kind, text = parts[i]
        i += 1
        if kind == "text":
            nodes.append(("text", text))
        elif text == "end":
            return nodes, i
        elif text.startswith("range "):
            body, i = _parse(parts, i, template)
            nodes.append(("range", text[6:].strip(), body))
        elif text[:1] in ("'", '"'):
            nodes.append(("text", _literal(text, template)))
        else:
            nodes.append(("path", text))
    return nodes, i


def _literal(text: str, template: str) -> str:
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        raise error(f"error parsing jsonpath {template}, invalid string literal {text}") from None
    if not isinstance(value, str):
        raise error(f"error parsing jsonpath {template}, invalid string literal {text}")
    return value


def _render(nodes: list[Any], root: Any, current: Any) -> str:
    out = []
    for node in nodes:
        if node[0] == "text":
            out.append(node[1])
        elif node[0] == "path":
            out.append(" ".join(_format(v) for v in evaluate(node[1], root, current)))
        else:
            for item in evaluate(node[1], root, current):
                out.append(_render(node[2], root, item))
    return "".join(out)


def evaluate(path: str, root: Any, current: Any) -> list[Any]:
    """Values a path selects; `$` starts at the root, `@` or `.` at the current item."""
    values = [root if path.startswith("$") else current]
    rest = path.lstrip("$@")
    pos = 0
    while pos < len(rest):
        m = _TOKEN.match(rest, pos)
        if m is None:
            raise error(f"error parsing jsonpath {{{path}}}, unrecognized character in action: {rest[pos:]!r}")
        pos = m.end()
        values = _step(values, m)
    return values


def _step(values: list[Any], m: re.Match[str]) -> list[Any]:
    field, index, _, key = m.group(1), m.group(2), m.group(3), m.group(4)
    token = m.group(0)
    out: list[Any] = []
    for value in values:
        if field is not None or key is not None:
            name = field if field is not None else key
            if isinstance(value, dict) and name in value:
                out.append(value[name])
        elif token in ("[*]", ".*"):
            out.extend(value if isinstance(value, list) else value.values() if isinstance(value, dict) else [])
        elif index is not None:
            if isinstance(value, list) and -len(value) <= int(index) < len(value):
                out.append(value[int(index)])
        else:
            out.append(value)
    return out


def _format(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"), sort_keys=True)
    return str(value)
