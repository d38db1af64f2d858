"""The kubelet's back-off: image pulls and crashed containers wait 10 s, 20 s, 40 s … up to 5 min."""

from __future__ import annotations

BACKOFF_BASE, BACKOFF_CAP = 10.0, 300.0   # kubelet's backOffPeriod and MaxContainerBackOff
BACKOFF_RESET = 600.0                     # a container that ran this long starts its back-off afresh


def backoff_delay(failures: int) -> float:
    """The wait after the `failures`-th failure in a row (1 -> 10 s, doubling, capped at 5 min)."""
    return min(BACKOFF_BASE * 2.0 ** (failures - 1), BACKOFF_CAP)
