"""The parser of kubectl's JSONPath templates (k8s.io/client-go/util/jsonpath parser.go and node.go, v0.32).

It follows upstream step for step, quirks included (`['a.b']` is two fields), and parses without
recursion on the template's length; jsonpath.py runs what it parses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

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
