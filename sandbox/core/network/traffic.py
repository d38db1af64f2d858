"""Traffic streams: N requests per second for T seconds, counted per answering version.

A stream runs in simulated time: one clock timer per simulated second sends that second's
requests as a batch (all at the start of the second — a simplification: real requests
would spread over it) and counts, per version, how many succeeded (status < 400) and how
many failed (an error status, or no answer at all). The UI draws sparklines from the
per-second buckets. Requests do not change the cluster, so streams write no audit entries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from math import floor
from typing import TYPE_CHECKING

from ..clock import Clock
from ..errors import BadRequest, NotFound
from ..labels import requirements_of
from ..objects import KObject, pod_is_ready
from ..store import Store

if TYPE_CHECKING:
    from .requests import RequestEngine

# Bucket key for requests no pod answered (connection refused, timed out, 503 from a proxy).
NO_VERSION = "-"


@dataclass(frozen=True)
class Outcome:
    """One request's result: HTTP status (None when nothing answered) and the answering version
    (the pod's `version` label, else its image tag)."""

    status: int | None
    version: str | None

    @property
    def ok(self) -> bool:
        return self.status is not None and self.status < 400


# send(url, from_pod, headers) -> Outcome
Sender = Callable[[str, "str | None", "dict[str, str] | None"], Outcome]


@dataclass
class TrafficStream:
    id: int
    url: str
    rate: float
    duration: int
    started: float
    from_pod: str | None = None
    headers: dict[str, str] | None = None
    #: `namespace/name` of a Deployment whose current Ready pod sends each second's requests
    from_deployment: str | None = None
    stopped: bool = False
    # One dict per elapsed second: version -> [ok, errors].
    buckets: list[dict[str, list[int]]] = field(default_factory=list)

    @property
    def running(self) -> bool:
        return not self.stopped and len(self.buckets) < self.duration


@dataclass(frozen=True)
class StreamStats:
    """What the UI shows for one stream: per-second buckets and totals, {version: (ok, errors)}."""

    id: int
    url: str
    rate: float
    duration: int
    started: float
    running: bool
    from_pod: str | None
    buckets: list[dict[str, tuple[int, int]]]
    totals: dict[str, tuple[int, int]]
    from_deployment: str | None = None


class TrafficStreams:
    """The simulation's streams. Timers carry only (stream id, second), so snapshots copy cleanly."""

    def __init__(self, clock: Clock, send: Sender, store: Store | None = None) -> None:
        self.clock = clock
        self.send = send
        self.store = store  # where a stream that follows a Deployment finds its current pods
        self._streams: dict[int, TrafficStream] = {}
        self._last_id = 0

    def start(self, url: str, rate: float, duration: float, *, from_pod: str | None = None,
              headers: dict[str, str] | None = None, store: Store | None = None,
              from_deployment: str | None = None) -> int:
        """`from_pod` is `name` (namespace default) or `namespace/name`; `store` checks it exists.

        `from_deployment` (`namespace/name`) sends each second from one of the Deployment's Ready pods
        at that second, so the stream follows it through rollouts and pod replacements.
        """
        if not isinstance(rate, (int, float)) or rate <= 0:
            raise BadRequest(f"invalid rate {rate!r}: must be a positive number of requests per second")
        if not isinstance(duration, (int, float)) or duration < 1:
            raise BadRequest(f"invalid duration {duration!r}: must be at least 1 second")
        if from_pod is not None and store is not None and find_pod(store, from_pod) is None:
            raise NotFound(f'pods "{from_pod.rsplit("/", 1)[-1]}" not found')
        if from_deployment is not None and store is not None and _find(store, "Deployment", from_deployment) is None:
            raise NotFound(f'deployments.apps "{from_deployment.rsplit("/", 1)[-1]}" not found')
        self._last_id += 1
        stream = TrafficStream(self._last_id, url, rate, int(duration), self.clock.now, from_pod,
                               dict(headers) if headers else None, from_deployment)
        self._streams[stream.id] = stream
        self.clock.call_at(stream.started, self._tick, stream.id, 0)
        return stream.id

    def stop(self, stream_id: int) -> None:
        stream = self._streams.get(stream_id)
        if stream is None:
            raise NotFound(f'traffic stream "{stream_id}" not found')
        stream.stopped = True

    def stats(self) -> list[StreamStats]:
        return [_stats(s) for s in self._streams.values()]

    def _tick(self, stream_id: int, second: int) -> None:
        stream = self._streams[stream_id]
        if stream.stopped:
            return
        bucket: dict[str, list[int]] = {}
        if stream.from_deployment is not None and self.store is not None:
            stream.from_pod = ready_pod_of(self.store, stream.from_deployment)
        for _ in range(floor((second + 1) * stream.rate) - floor(second * stream.rate)):
            # A followed Deployment with no Ready pod sends nothing: those requests fail.
            no_source = stream.from_deployment is not None and stream.from_pod is None
            outcome = Outcome(None, None) if no_source else self.send(stream.url, stream.from_pod, stream.headers)
            counts = bucket.setdefault(outcome.version or NO_VERSION, [0, 0])
            counts[0 if outcome.ok else 1] += 1
        stream.buckets.append(bucket)
        if second + 1 < stream.duration:
            self.clock.call_at(stream.started + second + 1, self._tick, stream_id, second + 1)


def _stats(stream: TrafficStream) -> StreamStats:
    totals: dict[str, list[int]] = {}
    for bucket in stream.buckets:
        for version, (ok, errors) in bucket.items():
            counts = totals.setdefault(version, [0, 0])
            counts[0] += ok
            counts[1] += errors
    return StreamStats(stream.id, stream.url, stream.rate, stream.duration, stream.started, stream.running,
                       stream.from_pod, [{v: (c[0], c[1]) for v, c in b.items()} for b in stream.buckets],
                       {v: (c[0], c[1]) for v, c in sorted(totals.items())}, stream.from_deployment)


def _find(store: Store, kind: str, ref: str) -> KObject | None:
    namespace, _, name = ref.rpartition("/")
    return store.try_get(kind, namespace or "default", name)


def find_pod(store: Store, ref: str) -> KObject | None:
    return _find(store, "Pod", ref)


def ready_pod_of(store: Store, deployment_ref: str) -> str | None:
    """`namespace/name` of the Deployment's first Ready pod that is not terminating, by name
    (as `kubectl exec deploy/NAME` picks a pod of it); None when it has none."""
    deploy = _find(store, "Deployment", deployment_ref)
    if deploy is None:
        return None
    selector = requirements_of(deploy.spec.get("selector"))
    pods = sorted(store.list("Pod", deploy.namespace, selector), key=lambda p: p.name) if selector else []
    ready = [p for p in pods if pod_is_ready(p) and p.metadata.deletion_timestamp is None]
    return f"{deploy.namespace}/{ready[0].name}" if ready else None


class RequestSender:
    """Sends one stream request through the request engine; a vanished source pod is a failed request."""

    def __init__(self, store: Store, requests: RequestEngine) -> None:
        self.store = store
        self.requests = requests

    def __call__(self, url: str, from_pod: str | None, headers: dict[str, str] | None) -> Outcome:
        pod = None
        if from_pod is not None:
            pod = find_pod(self.store, from_pod)
            if pod is None:
                return Outcome(None, None)
        argv = [url]
        for key, value in (headers or {}).items():
            argv += ["-H", f"{key}: {value}"]
        trace = self.requests.curl(argv, from_pod=pod)
        return Outcome(trace.status, trace.version)
