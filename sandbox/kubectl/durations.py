"""Durations as Go's time.ParseDuration reads them (`30s`, `5m`, `1h30m`), plus `d` for days."""

from __future__ import annotations

import re

from .errors import error

_DURATION = re.compile(r"(\d+(?:\.\d+)?)(ms|s|m|h|d)")
_UNITS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(text: str) -> float:
    """Go's time.ParseDuration forms (`30s`, `5m`, `1h30m`), plus `d` for days; a bare number is seconds."""
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return float(text)
    pos, total = 0, 0.0
    while pos < len(text):
        m = _DURATION.match(text, pos)
        if m is None:
            raise error(f'time: invalid duration "{text}"')
        total += float(m[1]) * _UNITS[m[2]]
        pos = m.end()
    if not text:
        raise error('time: invalid duration ""')
    return total
