"""Admission checks for writes not made yet: one write, or every document of an apply before any.

A multi-document `kubectl apply` must not leave half its documents applied when a later one
would be refused. Validation catches malformed documents; these are the checks that depend
on the cluster and on the other documents of the same apply: Service addresses (a ClusterIP
or NodePort already allocated, or asked for twice; ipam.py) and the sandbox pod limit (the
replicas all documents add together; quota.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .network.ipam import Reserved
from .objects import KObject
from .quota import requested_replicas

if TYPE_CHECKING:
    from .simulation import Simulation


class Preflight:
    def __init__(self, sim: Simulation) -> None:
        self.sim = sim
        self.reserved = Reserved()
        self.added: list[tuple[KObject, int]] = []

    def check(self, obj: KObject, existing: KObject | None) -> None:
        """Raise the ApiError admission would raise for writing `obj` over `existing` (None: a create)
        after the writes checked before it; nothing is written or allocated."""
        if obj.kind == "Service":
            self.sim.service_ips.check(obj, existing, self.reserved)
        more = requested_replicas(obj) - requested_replicas(existing)
        if more > 0:
            self.added.insert(0, (obj, more))          # a refusal names the write that tips it over
            self.sim.pod_limit.check_added(self.added)
