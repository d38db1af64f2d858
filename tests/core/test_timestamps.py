"""Simulated times written as the API server writes them: RFC 3339, whole seconds, UTC."""

from __future__ import annotations

from datetime import timedelta

import pytest

from sandbox.core.objects import EPOCH, parse_timestamp, timestamp


@pytest.mark.parametrize(("seconds", "text"), [
    (0, "2026-01-01T00:00:00Z"),
    (59.999, "2026-01-01T00:00:59Z"),
    (3600 * 25 + 61.5, "2026-01-02T01:01:01Z"),
    (86400 * 365, "2027-01-01T00:00:00Z"),
    (-0.5, "2026-01-01T00:00:00Z"),   # whole seconds toward zero, as int() makes them
    (-1, "2025-12-31T23:59:59Z"),
])
def test_a_simulated_time_is_written_in_whole_seconds_in_utc(seconds: float, text: str):
    assert timestamp(seconds) == text


def test_every_time_is_written_as_datetime_writes_it_and_reads_back():
    for seconds in range(0, 40_000_000, 9_973):
        text = timestamp(seconds + 0.25)
        assert text == (EPOCH + timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%SZ")
        assert parse_timestamp(text) == seconds
