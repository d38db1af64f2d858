"""kubectl's JSONPath templates (`-o jsonpath=…`), ported from k8s.io/client-go/util/jsonpath (v0.32).

The parser (parser.go, in jsonpath_parser.py) and the evaluator (jsonpath.go, here) follow upstream
step for step, quirks included: `['a.b']` is two fields, a `range` without `end` runs the rest of
the template for each item and then once more, slices and indexes out of bounds are errors, a filter
compares one value with Go's rules (an int never equals a float). Two differences: Go walks map keys
in random order for `*` and `..`, this walks them sorted; and templates are parsed and run without
recursion on their length, so a template nesting more than MAX_RANGE_DEPTH `range` blocks is an
error instead of a deep stack.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .gofmt import GoByte, marshal, quote, scalar, sharp_v, sprint, type_name
from .jsonpath_parser import MAX_RANGE_DEPTH, JSONPathError, Node, Param, Parser

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
