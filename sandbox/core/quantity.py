"""Kubernetes resource quantities ("250m", "1", "128Mi", "2Gi") as integers."""

from __future__ import annotations

import math
from functools import lru_cache

_BINARY = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "Pi": 2**50, "Ei": 2**60}
_DECIMAL = {"k": 10**3, "M": 10**6, "G": 10**9, "T": 10**12, "P": 10**15, "E": 10**18}


@lru_cache(maxsize=4096, typed=True)   # (typed: True must not hit 1's entry, it is refused)
def parse_quantity(value: str | int | float) -> float:
    """Parse a quantity to its value in base units (cores, bytes); ValueError if malformed."""
    if isinstance(value, bool):
        raise ValueError(f"quantities must match the regular expression: {value!r}")
    if isinstance(value, (int, float)):
        return float(value)
    text = value.strip()
    for suffix, factor in _BINARY.items():
        if text.endswith(suffix):
            return _number(text[: -len(suffix)], value) * factor
    if text.endswith("m"):
        return _number(text[:-1], value) / 1000
    if text and text[-1] in _DECIMAL:
        return _number(text[:-1], value) * _DECIMAL[text[-1]]
    return _number(text, value)


def _number(text: str, original: str) -> float:
    try:
        number = float(text)
    except ValueError:
        raise ValueError(f"quantities must match the regular expression "
                         f"'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$': {original!r}") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError(f"quantity out of range: {original!r}")
    return number


@lru_cache(maxsize=4096, typed=True)   # (cached too: the scheduler asks for every pod it places)
def milli_cpu(value: str | int | float) -> int:
    """CPU quantity as millicores, the unit the scheduler adds up."""
    return round(parse_quantity(value) * 1000)


@lru_cache(maxsize=4096, typed=True)
def memory_bytes(value: str | int | float) -> int:
    return round(parse_quantity(value))


def format_milli_cpu(millis: int) -> str:
    return f"{millis // 1000}" if millis % 1000 == 0 else f"{millis}m"


def format_memory(num_bytes: int) -> str:
    for suffix in ("Gi", "Mi", "Ki"):
        factor = _BINARY[suffix]
        if num_bytes >= factor and num_bytes % factor == 0:
            return f"{num_bytes // factor}{suffix}"
    return str(num_bytes)


def decimal(text: str) -> int | None:
    """A plain decimal number of at most 18 ASCII digits ("80", "007"), else None.

    str.isdigit() also accepts "²" and "٣", which int() then rejects or reads, and
    int() of thousands of digits is refused by Python: every user-typed number goes here.
    """
    if not text.isascii() or not text.isdigit() or len(text.lstrip("0")) > 18:
        return None
    return int(text)


def scaled_value(value: int | str, total: int, *, round_up: bool) -> int:
    """k/k intstr.GetScaledValueFromIntOrPercent: an int as is, or "N%" of `total` rounded up or down."""
    if isinstance(value, int):
        return value
    text = str(value)
    percent = decimal(text[:-1]) if text.endswith("%") else None
    if percent is None:
        raise ValueError(f"invalid value for IntOrString: invalid type: string is not a percentage: {text!r}")
    exact = percent * total / 100
    return math.ceil(exact) if round_up else math.floor(exact)
