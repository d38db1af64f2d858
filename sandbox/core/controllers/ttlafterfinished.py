"""The TTL-after-finished controller: delete a finished Job `ttlSecondsAfterFinished` after it finished
(k/k pkg/controller/ttlafterfinished). Its pods go with it through the garbage collector."""

from __future__ import annotations

from ..batch import finished_condition
from ..deletion import delete_object
from ..objects import KObject, condition, parse_timestamp
from .base import Context, Controller


class TTLAfterFinishedController(Controller):
    name = "ttl-after-finished-controller"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.store.watch("Job", self._on_job, events=("ADDED", "MODIFIED"))

    def _on_job(self, _event: str, job: KObject, _old: object) -> None:
        if job.spec.get("ttlSecondsAfterFinished") is not None and finished_condition(job) is not None:
            self.enqueue(job.key())

    def sync(self, key: str) -> None:
        namespace, name = key.split("/", 1)
        job = self.store.try_get("Job", namespace, name)
        if job is None or job.metadata.deletion_timestamp is not None:
            return
        ttl = job.spec.get("ttlSecondsAfterFinished")
        finished = finished_condition(job)
        if ttl is None or finished is None:
            return
        cond = condition(job.status, finished)
        expires = parse_timestamp(cond["lastTransitionTime"]) + ttl if cond else self.clock.now
        if expires > self.clock.now:
            self.enqueue_after(expires - self.clock.now, key)
            return
        delete_object(self.store, job, self.name, f"job {name} finished {ttl}s ago (ttlSecondsAfterFinished)")
