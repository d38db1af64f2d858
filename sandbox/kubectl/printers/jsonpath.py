"""kubectl's JSONPath templates (`-o jsonpath=…`), ported from k8s.io/client-go/util/jsonpath (v0.32).

The parser (parser.go) and the evaluator (jsonpath.go) follow upstream step for step, quirks
included: `['a.b']` is two fields, a `range` without `end` runs the rest of the template for
each item and then once more, slices and indexes out of bounds are errors, a filter compares
one value with Go's rules (an int never equals a float). Two differences: Go walks map keys in
random order for `*` and `..`, this walks them sorted; and templates are parsed and run without
recursion on their length, so a template nesting more than MAX_RANGE_DEPTH `range` blocks is an
error instead of a deep stack.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .gofmt import GoByte, marshal, quote, scalar, sharp_v, sprint, type_name

MAX_RANGE_DEPTH = 100


class JSONPathError(Exception):
    """A parse or execution error, worded as upstream words it."""


# ---- nodes (node.go) -------------------------------------------------------------------

@dataclass
class Param:
    value: int = 0
    known: bool = False
    derived: bool = False


@dataclass
class Node:
    type: str                     # list text field identifier array filter int float bool wildcard recursive union
    value: Any = None             # text, field or identifier name, number, bool
    nodes: list[Node] = field(default_factory=list)   # a list's nodes
    params: list[Param] = field(default_factory=list)  # an array's [start:end:step]
    left: Node | None = None      # a filter's sides and operator
    right: Node | None = None
    operator: str = ""
    union: list[Node] = field(default_factory=list)


def _list() -> Node:
    return Node("list")


# ---- the parser (parser.go) ---------------------------------------------------------------

_DICT_KEY = re.compile(r"^'([^']*)'$")
_SLICE = re.compile(r"^(-?[0-9]*)(:-?[0-9]*)?(:-?[0-9]*)?$")
_FILTER = re.compile(r"^([^!<>=]+)([!<>=]+)(.+?)$", re.S)
EOF = ""


class Parser:
    def __init__(self, text: str) -> None:
        self.input = text
        self.pos = 0
        self.start = 0
        self.root = _list()

    @classmethod
    def parse(cls, text: str) -> Node:
        parser = cls(text)
        parser._run()
        return parser.root

    @classmethod
    def action(cls, text: str) -> Node:
        """parseAction: the list node of one `{...}` action."""
        return cls.parse("{" + text + "}").nodes[0]

    def _next(self) -> str:
        if self.pos >= len(self.input):
            return EOF
        self.pos += 1
        return self.input[self.pos - 1]

    def _peek(self) -> str:
        return self.input[self.pos] if self.pos < len(self.input) else EOF

    def _consume(self) -> str:
        value = self.input[self.start:self.pos]
        self.start = self.pos
        return value

    def _run(self) -> None:
        """parseText and parseInsideAction, as one loop: upstream's tail calls become iterations."""
        cur: Node | None = None
        while True:
            if cur is None:
                found = self.input.find("{", self.pos)
                if found < 0:
                    self.pos = len(self.input)
                    if self.pos > self.start:
                        self.root.nodes.append(Node("text", self._consume()))
                    return
                self.pos = found
                if self.pos > self.start:
                    self.root.nodes.append(Node("text", self._consume()))
                self.pos += 1
                self._consume()
                cur = _list()
                self.root.nodes.append(cur)
                continue
            if self._inside_action(cur):
                cur = None

    def _inside_action(self, cur: Node) -> bool:
        """One step inside an action; True once its closing `}` is consumed."""
        rest = self.input[self.pos:self.pos + 3]
        if rest.startswith("}"):
            self.pos += 1
            self._consume()
            return True
        if rest.startswith("[?("):
            self._filter(cur)
            return False
        if rest.startswith(".."):
            self._recursive(cur)
            return False
        r = self._next()
        if r == EOF or r in "\r\n":
            raise JSONPathError("unclosed action")
        if r in " @$":
            self._consume()
        elif r == "[":
            self._array(cur)
        elif r in "\"'":
            self._quote(cur, r)
        elif r == ".":
            self._field(cur)
        elif r in "+-" or r.isdigit():
            self.pos -= 1
            self._number(cur)
        elif _alphanumeric(r):
            self.pos -= 1
            self._identifier(cur)
        else:
            raise JSONPathError(f"unrecognized character in action: U+{ord(r):04X} {_rune(r)}")
        return False

    def _identifier(self, cur: Node) -> None:
        self._skip_to_terminator()
        value = self._consume()
        cur.nodes.append(Node("bool", value == "true") if value in ("true", "false") else Node("identifier", value))

    def _skip_to_terminator(self) -> None:
        """Read up to (not including) the next terminator."""
        while not _terminator(self._peek()):
            self.pos += 1

    def _recursive(self, cur: Node) -> None:
        if cur.nodes and cur.nodes[-1].type == "recursive":
            raise JSONPathError("invalid multiple recursive descent")
        self.pos += 2
        self._consume()
        cur.nodes.append(Node("recursive"))
        if _alphanumeric(self._peek()):
            self._field(cur)

    def _number(self, cur: Node) -> None:
        if self._peek() in ("+", "-") and self._peek() != EOF:
            self.pos += 1
        while self._peek() != EOF and (self._peek() == "." or self._peek().isdigit()):
            self.pos += 1
        value = self._consume()
        if re.fullmatch(r"[+-]?[0-9]+", value):
            cur.nodes.append(Node("int", _atoi(value)))
            return
        try:
            cur.nodes.append(Node("float", float(value)))
        except ValueError:
            raise JSONPathError(f"cannot parse number {value}") from None

    def _array(self, cur: Node) -> None:
        while True:
            r = self._next()
            if r == EOF or r == "\n":
                raise JSONPathError("unterminated array")
            if r == "]":
                break
        text = self._consume()[1:-1]
        if text == "*":
            text = ":"
        parts = text.split(",")
        if len(parts) > 1:
            cur.nodes.append(Node("union", union=[Parser.action(f"[{p.strip(' ')}]") for p in parts]))
            return
        key = _DICT_KEY.match(text)
        if key:
            cur.nodes.extend(Parser.action("." + key.group(1)).nodes)
            return
        m = _SLICE.match(text)
        if m is None:
            raise JSONPathError(f"invalid array index {text}")
        cur.nodes.append(Node("array", params=_slice_params(m.groups())))

    def _filter(self, cur: Node) -> None:
        self.pos += 3
        self._consume()
        begin = end = False
        pair = ""
        while True:
            r = self._next()
            if r == EOF or r == "\n":
                raise JSONPathError("unterminated filter")
            if r in "\"'":
                if not begin:
                    begin, pair = True, r
                    continue
                if self.input[self.pos - 2] != "\\" and r == pair:
                    end = True
            elif r == ")" and begin == end:
                break
        if self._next() != "]":
            raise JSONPathError("unclosed array expect ]")
        text = self._consume()[:-2]
        m = _FILTER.match(text)
        if m is None:
            cur.nodes.append(Node("filter", left=Parser.action(text), right=_list(), operator="exists"))
        else:
            cur.nodes.append(Node("filter", left=Parser.action(m.group(1)), right=Parser.action(m.group(3)),
                                  operator=m.group(2)))

    def _quote(self, cur: Node, end: str) -> None:
        while True:
            r = self._next()
            if r == EOF or r == "\n":
                raise JSONPathError("unterminated quoted string")
            if r == end and self.input[self.pos - 2] != "\\":
                break
        value = self._consume()
        try:
            cur.nodes.append(Node("text", unquote_extend(value)))
        except ValueError:
            raise JSONPathError(f"unquote string {value} error invalid syntax") from None

    def _field(self, cur: Node) -> None:
        self._consume()
        while not _terminator(self._peek()):
            self.pos += 2 if self._peek() == "\\" else 1
        self.pos = min(self.pos, len(self.input))
        value = self._consume()
        cur.nodes.append(Node("wildcard") if value == "*" else Node("field", value.replace("\\", "")))


def _atoi(text: str) -> int:
    """Go's strconv.Atoi (int64): out of range is an error; and Python's int() refuses 4,301 digits."""
    digits = text.lstrip("+-").lstrip("0")
    if len(digits) > 19 or not -(2**63) <= (value := int(text)) < 2**63:
        raise JSONPathError(f'strconv.Atoi: parsing "{text}": value out of range')
    return value


def _slice_params(groups: tuple[str | None, ...]) -> list[Param]:
    params = [Param(), Param(), Param()]
    for i, raw in enumerate(groups):
        text = raw or ""
        if text:
            if i > 0:
                text = text[1:]
            if i > 0 and text == "":
                params[i].known = False
            else:
                params[i].known = True
                params[i].value = _atoi(text)
        elif i == 1:
            params[i] = Param(params[0].value + 1, True, True)
    return params


def _terminator(r: str) -> bool:
    return r == EOF or r in " \t\r\n.,[]$@{}"


def _alphanumeric(r: str) -> bool:
    return r == "_" or (r != EOF and (r.isalpha() or r.isdigit()))


def _rune(r: str) -> str:
    """The quoted rune of Go's %#U."""
    return "'" + r + "'" if r.isprintable() else ""


def unquote_extend(s: str) -> str:
    """UnquoteExtend: strconv.Unquote that also takes single quotes around a string."""
    if len(s) < 2 or s[0] != s[-1] or s[0] not in "\"'":
        raise ValueError("invalid syntax")
    quote_char, body = s[0], s[1:-1]
    out: list[str] = []
    i = 0
    while i < len(body):
        char = body[i]
        if char == quote_char:
            raise ValueError("invalid syntax")
        if char != "\\":
            out.append(char)
            i += 1
            continue
        decoded, i = _escape(body, i + 1, quote_char)
        out.append(decoded)
    return "".join(out)


_SIMPLE_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", "\\": "\\"}


def _escape(body: str, i: int, quote_char: str) -> tuple[str, int]:
    """strconv.UnquoteChar after a backslash: returns the character and the index after it."""
    if i >= len(body):
        raise ValueError("invalid syntax")
    char = body[i]
    if char in _SIMPLE_ESCAPES:
        return _SIMPLE_ESCAPES[char], i + 1
    if char == quote_char:
        return char, i + 1
    width = {"x": 2, "u": 4, "U": 8}.get(char)
    if width:
        digits = body[i + 1:i + 1 + width]
        if len(digits) != width or not re.fullmatch(r"[0-9a-fA-F]+", digits):
            raise ValueError("invalid syntax")
        code = int(digits, 16)
        if code > 0x10FFFF or (0xD800 <= code < 0xE000 and char != "x"):
            raise ValueError("invalid syntax")
        return chr(code), i + 1 + width
    if char in "01234567":
        digits = body[i:i + 3]
        if len(digits) != 3 or not re.fullmatch(r"[0-7]{3}", digits) or int(digits, 8) > 255:
            raise ValueError("invalid syntax")
        return chr(int(digits, 8)), i + 3
    raise ValueError("invalid syntax")


# ---- the evaluator (jsonpath.go) ----------------------------------------------------------

class JSONPath:
    def __init__(self, template: str, *, allow_missing_keys: bool = True) -> None:
        self.template = template
        self.root = Parser.parse(template)
        self.allow_missing_keys = allow_missing_keys
        self.begin_range = self.in_range = self.end_range = 0
        self.last_end = -1

    def find_results(self, data: Any) -> list[list[Any]]:
        self.begin_range = self.in_range = self.end_range = 0
        self.last_end = -1
        return self._find(data, 0, 0)

    def _find(self, data: Any, start: int, depth: int) -> list[list[Any]]:
        """FindResults over root nodes[start:]; a range runs the nodes after it once per item."""
        if depth > MAX_RANGE_DEPTH:
            raise JSONPathError(f"more than {MAX_RANGE_DEPTH} nested range blocks")
        nodes = self.root.nodes
        full: list[list[Any]] = []
        i = start
        while i < len(nodes):
            results = self._walk([data], nodes[i])
            if 0 < self.end_range <= self.in_range:
                self.end_range -= 1
                self.last_end = i
                break
            if self.begin_range > 0:
                self.begin_range -= 1
                self.in_range += 1
                for value in results or [None]:
                    nested = self._find(value, i + 1, depth + 1)
                    if results:
                        full += nested
                self.in_range -= 1
                if i < self.last_end < len(nodes):
                    i = self.last_end
                i += 1
                continue
            full.append(results)
            i += 1
        return full

    def _walk(self, values: list[Any], node: Node) -> list[Any]:
        kind = node.type
        if kind == "list":
            for child in node.nodes:
                values = self._walk(values, child)
            return values
        if kind == "text":
            return [node.value]
        if kind in ("int", "float", "bool"):
            return [node.value for _ in values]
        evaluate: Callable[[list[Any], Node], list[Any]] = getattr(self, f"_eval_{kind}")
        return evaluate(values, node)

    def _eval_identifier(self, values: list[Any], node: Node) -> list[Any]:
        if node.value == "range":
            self.begin_range += 1
            return values
        if node.value == "end":
            if self.in_range > 0:
                self.end_range += 1
                return []
            raise JSONPathError("not in range, nothing to end")
        raise JSONPathError(f"unrecognized identifier {node.value}")

    def _eval_field(self, values: list[Any], node: Node) -> list[Any]:
        results = [v[node.value] for v in values if isinstance(v, dict) and node.value in v]
        if not results and values and not self.allow_missing_keys:
            raise JSONPathError(f"{node.value} is not found")
        return results

    def _eval_array(self, values: list[Any], node: Node) -> list[Any]:
        result: list[Any] = []
        for value in values:
            if value is None:
                continue
            if not isinstance(value, list):
                raise JSONPathError(f"{type_name(value)} is not array or slice")
            picked = _slice(value, [Param(p.value, p.known, p.derived) for p in node.params])
            if picked is None:
                return result
            result += picked
        return result

    def _eval_union(self, values: list[Any], node: Node) -> list[Any]:
        return [v for part in node.union for v in self._walk(values, part)]

    def _eval_wildcard(self, values: list[Any], node: Node) -> list[Any]:
        return [child for value in values if value is not None for child in _children(value)]

    def _eval_recursive(self, values: list[Any], node: Node) -> list[Any]:
        """Every value that has children, in depth-first pre-order (strings count: they have bytes)."""
        out: list[Any] = []
        stack = [iter(values)]
        while stack:
            value = next(stack[-1], _DONE)
            if value is _DONE:
                stack.pop()
                continue
            children = _children(value) if value is not None else []
            if children:
                out.append(value)
                stack.append(iter(children))
        return out

    def _eval_filter(self, values: list[Any], node: Node) -> list[Any]:
        results: list[Any] = []
        for value in values:
            if not isinstance(value, list):
                raise JSONPathError(f"{sprint(value)} is not array or slice and cannot be filtered")
            for item in value:
                if self._passes(item, node):
                    results.append(item)
        return results

    def _passes(self, item: Any, node: Node) -> bool:
        assert node.left is not None and node.right is not None
        if node.operator == "exists":
            try:
                return bool(self._walk([item], node.left))
            except JSONPathError:
                return False
        lefts = self._walk([item], node.left)
        if not lefts:
            return False
        if len(lefts) > 1:
            raise JSONPathError("can only compare one element at a time")
        rights = self._walk([item], node.right)
        if not rights:
            return False
        if len(rights) > 1:
            raise JSONPathError("can only compare one element at a time")
        return compare(node.operator, lefts[0], rights[0])


_DONE = object()


def _children(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [value[k] for k in sorted(value)]
    if isinstance(value, list):
        return list(value)
    if isinstance(value, str):
        return [GoByte(b) for b in value.encode()]
    return []


def _slice(value: list[Any], params: list[Param]) -> list[Any] | None:
    """evalArray's bounds rules for one slice; None when it asks for no elements (which ends the step)."""
    length = len(value)
    start, end, step = params
    if not start.known:
        start.value = 0
    if start.value < 0:
        start.value += length
    if not end.known:
        end.value = length
    if end.value < 0 or (end.value == 0 and end.derived):
        end.value += length
    if end.value == start.value:
        return None
    if start.value >= length or start.value < 0:
        raise JSONPathError(f"array index out of bounds: index {start.value}, length {length}")
    if end.value > length or end.value < 0:
        raise JSONPathError(f"array index out of bounds: index {end.value - 1}, length {length}")
    if start.value > end.value:
        raise JSONPathError(f"starting index {start.value} is greater than ending index {end.value}")
    stride = 1
    if step.known:
        if step.value <= 0:
            raise JSONPathError("step must be > 0")
        stride = step.value
    return value[start.value:end.value:stride]


# ---- comparisons (third_party/forked/golang/template/funcs.go) ------------------------------

def _basic_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, GoByte):
        return "uint"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "string"
    raise JSONPathError("invalid type for comparison")


def compare(operator: str, left: Any, right: Any) -> bool:
    if operator == "==":
        return _equal(left, right)
    if operator == "!=":
        return not _equal(left, right)
    if operator == "<":
        return _less(left, right)
    if operator == ">":
        return not (_less(left, right) or _equal(left, right))
    if operator == "<=":
        return _less(left, right) or _equal(left, right)
    if operator == ">=":
        return not _less(left, right)
    raise JSONPathError(f"unrecognized filter operator {operator}")


def _kinds(left: Any, right: Any) -> str:
    k1, k2 = _basic_kind(left), _basic_kind(right)
    if k1 != k2 and {k1, k2} != {"int", "uint"}:
        raise JSONPathError("incompatible types for comparison")
    return k1


def _equal(left: Any, right: Any) -> bool:
    _kinds(left, right)
    return bool(left == right)


def _less(left: Any, right: Any) -> bool:
    if _kinds(left, right) == "bool":
        raise JSONPathError("invalid type for comparison")
    return bool(left < right)


# ---- printing (Execute and PrintResults) -----------------------------------------------

def execute(template: str, data: Any, *, as_json: bool = False) -> str:
    """What the jsonpath printer writes for one object (or List), or JSONPathError."""
    results = JSONPath(template).find_results(data)
    out = []
    for values in results:
        if as_json:
            out.append(marshal(values, indent="    ") + "\n")
            continue
        out.append(" ".join(marshal(v) if isinstance(v, (dict, list)) else _text(v) for v in values))
    return "".join(out)


def _text(value: Any) -> str:
    return "null" if value is None else scalar(value)


def parse_error(template: str, err: JSONPathError) -> str:
    return f"error parsing jsonpath {template}, {err}"


def execute_error(template: str, data: Any, err: JSONPathError) -> str:
    """The jsonpath printer's report of a failed template (cli-runtime printers/jsonpath.go)."""
    return (f"error executing jsonpath {quote(template)}: Error executing template: {err}. Printing more "
            f"information for debugging the template:\n\ttemplate was:\n\t\t{template}\n\tobject given to "
            f"jsonpath engine was:\n\t\t{sharp_v(data)}\n\n")
