"""Ages the way kubectl prints them (k8s.io/apimachinery/pkg/util/duration.HumanDuration)."""

from __future__ import annotations


def human_duration(seconds: float) -> str:
    """`45s`, `3m10s`, `15m`, `5h20m`, `2d4h`, `1y30d`: precision falls as the age grows."""
    secs = int(seconds)
    if secs < -1:
        return "<invalid>"
    if secs < 0:
        return "0s"
    if secs < 120:
        return f"{secs}s"
    minutes = secs // 60
    if minutes < 10:
        return _pair(minutes, "m", secs % 60, "s")
    if minutes < 180:
        return f"{minutes}m"
    hours = minutes // 60
    if hours < 8:
        return _pair(hours, "h", minutes % 60, "m")
    if hours < 48:
        return f"{hours}h"
    if hours < 24 * 8:
        return _pair(hours // 24, "d", hours % 24, "h")
    if hours < 24 * 365 * 2:
        return f"{hours // 24}d"
    if hours < 24 * 365 * 8:
        return _pair(hours // 24 // 365, "y", (hours // 24) % 365, "d")
    return f"{hours // 24 // 365}y"


def _pair(big: int, big_unit: str, small: int, small_unit: str) -> str:
    return f"{big}{big_unit}" if small == 0 else f"{big}{big_unit}{small}{small_unit}"


def since(now: float, then: float | None) -> str:
    """translateTimestampSince: `<unknown>` for a missing time."""
    if then is None:
        return "<unknown>"
    return human_duration(now - then)


def clock_text(seconds: float) -> str:
    """Simulated time as HH:MM:SS since the cluster started (the event log's and the timeline's clock)."""
    s = int(seconds)
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"
