"""Durations as Go's time.ParseDuration reads them (`30s`, `5m`, `1h30m`), plus `d` for days."""

from __future__ import annotations

import re

from .errors import error

_DURATION = re.compile(r"(\d+(?:\.\d+)?)(ms|s|m|h|d)", re.ASCII)
_UNITS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400}
MAX_DURATION = (2**63 - 1) / 1e9   # Go's time.Duration: int64 nanoseconds


def parse_duration(text: str) -> float:
    """Go's time.ParseDuration forms (`30s`, `5m`, `1h30m`), plus `d` for days; a bare number is seconds.

    Like Go's, a duration beyond about 292 years (int64 nanoseconds) is invalid, not infinite."""
    if re.fullmatch(r"\d+(\.\d+)?", text, re.ASCII):
        total = float(text)
    else:
        pos, total = 0, 0.0
        while pos < len(text):
            m = _DURATION.match(text, pos)
            if m is None:
                raise error(f'time: invalid duration "{text}"')
            total += float(m[1]) * _UNITS[m[2]]
            pos = m.end()
    if not text or total > MAX_DURATION:
        raise error(f'time: invalid duration "{text}"')
    return total
