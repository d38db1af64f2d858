"""Per-key counters that matter only modulo a cycle: the request engine's deterministic choices.

Round robin over a Service's endpoints, a VirtualService route's weighted cycle and the shop's
nginx failing 3 requests in 10 each keep a counter per key and use it modulo a cycle length.
Taking a counter names that cycle, so the counters' state that can still change an outcome
is known exactly: each value modulo the least common multiple of the cycles it was used with.
Traffic streams (traffic.py) compare that state between seconds to find when a stream's
outcomes start repeating, and then add whole repeats at once instead of sending them.
"""

from __future__ import annotations

from math import lcm


class Counters:
    """Named counters; plain data, so snapshots copy them."""

    def __init__(self) -> None:
        self.values: dict[str, int] = {}
        self.cycles: dict[str, int] = {}

    def take(self, key: str, cycle: int) -> int:
        """The key's count so far (then one more); the caller uses it only modulo `cycle`."""
        n = self.values.get(key, 0)
        self.values[key] = n + 1
        known = self.cycles.get(key)
        self.cycles[key] = cycle if known is None or known == cycle else lcm(known, cycle)
        return n

    def state(self) -> tuple[tuple[str, int, int], ...]:
        """What can still change an outcome: (key, value modulo its cycle, cycle), by key."""
        return tuple((key, self.values[key] % cycle, cycle) for key, cycle in sorted(self.cycles.items()))

    def save(self) -> tuple[dict[str, int], dict[str, int]]:
        return dict(self.values), dict(self.cycles)

    def restore(self, saved: tuple[dict[str, int], dict[str, int]]) -> None:
        self.values, self.cycles = dict(saved[0]), dict(saved[1])

    def forget_cycles(self) -> None:
        """Start collecting cycles afresh (the cluster changed, so the cycles may have too)."""
        self.cycles.clear()

    def add(self, since: dict[str, int], times: int) -> None:
        """Count `times` more repeats of what happened since `since` (a copy of `values`)."""
        for key, value in self.values.items():
            self.values[key] = value + times * (value - since.get(key, 0))


class MeshState(Counters):
    """Round-robin positions per (VirtualService uid, route index): plain data, snapshot-safe.

    The mesh's (mesh.py), kept here: every cluster owns one from the start, and mesh.py loads with the first
    request a mesh routes, not with the app's first frame.
    """
