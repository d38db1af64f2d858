"""Go's fmt verbs for JSON-shaped values, as kubectl's printers apply them to unstructured objects.

kubectl decodes objects from the API server into `map[string]interface{}`: strings, int64
for whole numbers, float64 otherwise, bools, nil, and nested maps and slices. Its jsonpath
and custom-columns printers then print those with `fmt.Sprint` (%v), `%#v` (in error
reports), `%q` and `json.Marshal`. Go prints maps with their keys sorted.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any


class GoByte(int):
    """A `uint8`: what a jsonpath wildcard yields for each byte of a string."""


def type_name(value: Any) -> str:
    """reflect.Type.String() of a decoded JSON value."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, GoByte):
        return "uint8"
    if isinstance(value, int):
        return "int64"
    if isinstance(value, float):
        return "float64"
    if isinstance(value, str):
        return "string"
    if isinstance(value, dict):
        return "map[string]interface {}"
    if isinstance(value, list):
        return "[]interface {}"
    return "interface {}"


def sprint(value: Any) -> str:
    """fmt.Sprint (%v): `map[a:1 b:x]`, `[1 2]`, `<nil>`."""
    if value is None:
        return "<nil>"
    if isinstance(value, dict):
        return "map[" + " ".join(f"{k}:{sprint(value[k])}" for k in sorted(value)) + "]"
    if isinstance(value, list):
        return "[" + " ".join(sprint(v) for v in value) + "]"
    return scalar(value)


def scalar(value: Any) -> str:
    """A bool, number or string as %v prints it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return go_float(value, exponent_at=21)
    return str(value)


def sharp_v(value: Any, *, boxed: bool = False) -> str:
    """%#v: Go syntax, `map[string]interface {}{"a":1}`; `boxed` values sit in an interface{}."""
    if value is None:
        return "interface {}(nil)" if boxed else "<nil>"
    if isinstance(value, dict):
        inner = ", ".join(f"{quote(k)}:{sharp_v(value[k], boxed=True)}" for k in sorted(value))
        return "map[string]interface {}{" + inner + "}"
    if isinstance(value, list):
        return "[]interface {}{" + ", ".join(sharp_v(v, boxed=True) for v in value) + "}"
    if isinstance(value, str):
        return quote(value)
    if isinstance(value, GoByte):
        return f"0x{int(value):x}"
    return scalar(value)


def quote(text: str) -> str:
    """strconv.Quote: double quotes, Go escapes, non-printable runes as \\x, \\u or \\U."""
    out = ['"']
    for char in text:
        code = ord(char)
        if char in ('"', "\\"):
            out.append("\\" + char)
        elif char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif char.isprintable() or char == " ":
            out.append(char)
        elif code < 0x80:
            out.append(f"\\x{code:02x}")
        elif code < 0x10000:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    out.append('"')
    return "".join(out)


_ESCAPES = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v"}


def go_float(value: float, *, exponent_at: int) -> str:
    """strconv.FormatFloat(f, 'g', -1, 64) as %v uses it: shortest digits, an exponent below 1e-4
    or from 1e`exponent_at` on (21 for %v)."""
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "+Inf" if value > 0 else "-Inf"
    if value == 0:
        return "-0" if str(value).startswith("-") else "0"
    sign, digits, exp = Decimal(repr(value)).normalize().as_tuple()
    mantissa = "".join(map(str, digits))
    point = len(mantissa) + int(exp)  # position of the decimal point within the digits
    prefix = "-" if sign else ""
    if point - 1 < -4 or point - 1 >= exponent_at:
        head = mantissa[0] + ("." + mantissa[1:] if len(mantissa) > 1 else "")
        e = point - 1
        return f"{prefix}{head}e{'-' if e < 0 else '+'}{abs(e):02d}"
    if point <= 0:
        return f"{prefix}0.{'0' * -point}{mantissa}"
    if point >= len(mantissa):
        return prefix + mantissa + "0" * (point - len(mantissa))
    return f"{prefix}{mantissa[:point]}.{mantissa[point:]}"


def marshal(value: Any, *, indent: str | None = None) -> str:
    """json.Marshal / MarshalIndent: sorted keys, HTML characters escaped, as Go encodes them."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, indent=len(indent) if indent else None,
                      separators=(",", ": ") if indent else (",", ":"))
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return text
