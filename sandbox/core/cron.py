"""Standard cron schedules, as the CronJob controller reads them (github.com/robfig/cron/v3, ParseStandard).

Five fields — minute, hour, day of month, month, day of week — each a list of
values, ranges (`1-5`), steps (`*/15`, `10-40/10`, `5/10` meaning `5-59/10`),
`*` or `?`, with month and weekday names (`jan`, `mon`); or a descriptor:
`@yearly` (`@annually`), `@monthly`, `@weekly`, `@daily` (`@midnight`),
`@hourly`, `@every 1h30m`. As in Vixie cron, when both day fields are
restricted a day matching either one fires. Error messages are the library's,
which the API server puts in `spec.schedule: Invalid value: …`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

# (minimum, maximum, names) per field, as robfig/cron's bounds.
_MONTHS = {name: i for i, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
_DAYS = {name: i for i, name in enumerate(("sun", "mon", "tue", "wed", "thu", "fri", "sat"))}
_BOUNDS: tuple[tuple[int, int, dict[str, int] | None], ...] = (
    (0, 59, None), (0, 23, None), (1, 31, None), (1, 12, _MONTHS), (0, 6, _DAYS))
_DESCRIPTORS = {"@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *",
                "@weekly": "0 0 * * 0", "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *"}
_SEARCH_YEARS = 5   # robfig/cron gives up on a schedule that never fires within five years (Feb 30)


class CronError(ValueError):
    """A schedule robfig/cron refuses; str() is the library's message."""


@dataclass(frozen=True)
class Schedule:
    """A parsed schedule: allowed values per field, or a fixed interval for `@every`."""

    minutes: frozenset[int] = frozenset()
    hours: frozenset[int] = frozenset()
    days: frozenset[int] = frozenset()
    months: frozenset[int] = frozenset()
    weekdays: frozenset[int] = frozenset()
    any_day: bool = False        # day of month was `*` or `?` (robfig's star bit)
    any_weekday: bool = False
    every: float | None = None   # seconds, for `@every`

    def next(self, after: datetime) -> datetime | None:
        """The first activation strictly after `after` (whole seconds), or None within five years."""
        start = after.replace(microsecond=0) + timedelta(seconds=1)
        if self.every is not None:
            return after.replace(microsecond=0) + timedelta(seconds=self.every)
        t = start.replace(second=0) + (timedelta(minutes=1) if start.second else timedelta())
        limit = t.year + _SEARCH_YEARS
        while t.year <= limit:
            if t.month not in self.months:
                t = (t.replace(day=1, hour=0, minute=0) + timedelta(days=32)).replace(day=1)
            elif not self._day_matches(t):
                t = t.replace(hour=0, minute=0) + timedelta(days=1)
            elif t.hour not in self.hours:
                t = t.replace(minute=0) + timedelta(hours=1)
            elif t.minute not in self.minutes:
                t += timedelta(minutes=1)
            else:
                return t
        return None

    def _day_matches(self, t: datetime) -> bool:
        day = t.day in self.days
        weekday = (t.isoweekday() % 7) in self.weekdays
        if self.any_day or self.any_weekday:
            return day and weekday
        return day or weekday


def parse(spec: str) -> Schedule:
    """cron.ParseStandard: raises CronError with robfig/cron's message."""
    if not spec:
        raise CronError("empty spec string")
    if spec.startswith("@"):
        return _descriptor(spec)
    fields = spec.split()
    if len(fields) != 5:
        raise CronError(f"expected exactly 5 fields, found {len(fields)}: [{' '.join(fields)}]")
    values: list[frozenset[int]] = []
    stars: list[bool] = []
    for text, bounds in zip(fields, _BOUNDS, strict=True):
        allowed, star = _field(text, *bounds)
        values.append(frozenset(allowed))
        stars.append(star)
    minutes, hours, days, months, weekdays = values
    return Schedule(minutes, hours, days, months, weekdays, any_day=stars[2], any_weekday=stars[4])


def _descriptor(spec: str) -> Schedule:
    if spec in _DESCRIPTORS:
        return parse(_DESCRIPTORS[spec])
    if spec.startswith("@every "):
        seconds = go_duration_seconds(spec[len("@every "):])
        if seconds is None:
            raise CronError(f'failed to parse duration {spec}: time: invalid duration "{spec[len("@every "):]}"')
        # robfig/cron's Every: at least a second, in whole seconds.
        return Schedule(every=float(max(1, int(seconds))))
    raise CronError(f"unrecognized descriptor: {spec}")


_DURATION = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)")
_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}


def go_duration_seconds(text: str) -> float | None:
    """Go's time.ParseDuration (`1h30m`, `90s`, `1.5h`), in seconds; None if malformed."""
    if text in ("0", "+0", "-0"):
        return 0.0
    sign = -1.0 if text.startswith("-") else 1.0
    body = text.lstrip("+-")
    total, pos = 0.0, 0
    while pos < len(body):
        match = _DURATION.match(body, pos)
        if match is None:
            return None
        total += float(match.group(1)) * _UNITS[match.group(2)]
        pos = match.end()
    return sign * total if body else None


def _field(text: str, low: int, high: int, names: dict[str, int] | None) -> tuple[set[int], bool]:
    """getField: comma-separated ranges; True as well when the field is a bare `*` or `?`."""
    allowed: set[int] = set()
    star = False
    for expr in (part for part in text.split(",") if part):
        values, is_star = _range(expr, low, high, names)
        allowed |= values
        star = star or is_star
    return allowed, star


def _range(expr: str, low: int, high: int, names: dict[str, int] | None) -> tuple[set[int], bool]:
    """getRange: `*`, `N`, `N-M`, each optionally `/step`."""
    range_and_step = expr.split("/")
    low_and_high = range_and_step[0].split("-")
    star = False
    if low_and_high[0] in ("*", "?"):
        start, end, star = low, high, True
    else:
        start = _int_or_name(low_and_high[0], names)
        if len(low_and_high) == 1:
            end = start
        elif len(low_and_high) == 2:
            end = _int_or_name(low_and_high[1], names)
        else:
            raise CronError(f"too many hyphens: {expr}")
    if len(range_and_step) == 1:
        step = 1
    elif len(range_and_step) == 2:
        step = _int(range_and_step[1])
        if len(low_and_high) == 1:
            end = high        # "N/step" means "N-max/step"
        if step > 1:
            star = False
    else:
        raise CronError(f"too many slashes: {expr}")
    if start < low:
        raise CronError(f"beginning of range ({start}) below minimum ({low}): {expr}")
    if end > high:
        raise CronError(f"end of range ({end}) above maximum ({high}): {expr}")
    if start > end:
        raise CronError(f"beginning of range ({start}) beyond end of range ({end}): {expr}")
    if step == 0:
        raise CronError(f"step of range should be a positive number: {expr}")
    return set(range(start, end + 1, step)), star


def _int_or_name(text: str, names: dict[str, int] | None) -> int:
    if names and text.lower() in names:
        return names[text.lower()]
    return _int(text)


def _int(text: str) -> int:
    """mustParseInt: strconv.Atoi, then no negatives."""
    if not re.fullmatch(r"[+-]?[0-9]+", text):
        raise CronError(f'failed to parse int from {text}: strconv.Atoi: parsing "{text}": invalid syntax')
    number = int(text)
    if number < 0:
        raise CronError(f"negative number ({number}) not allowed: {text}")
    return number
