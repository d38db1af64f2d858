"""Traffic streams: N requests per second for T seconds, counted per answering version.

A stream runs in simulated time: one clock timer per simulated second sends that second's
requests as a batch (all at the start of the second — a simplification: real requests
would spread over it) and counts, per version, how many succeeded (status < 400) and how
many failed (an error status, or no answer at all). The UI draws sparklines from the
per-second buckets. Requests do not change the cluster, so streams write no audit entries.

Bounded work. All running streams together send at most MAX_RATE requests per simulated
second, and a long stream costs little more than a short one: while nothing but the streams
runs, their outcomes repeat, and whole repeats are added at once instead of being sent.
Exactly when that is valid:

- A request's outcome depends on the cluster (the store, and which machines run: `world`)
  and on the request engine's counters (round robin, mesh weights, nginx's failing requests),
  each of which matters only modulo its cycle (counters.py). Streams send nothing that changes
  the cluster.
- At the start of each second of the first running stream (a "round": every running stream
  sends exactly one batch per round), the streams note the world and the counters modulo
  their cycles. When a round starts in the same state as an earlier round of the same world
  (found with Brent's cycle detection, in constant memory), everything from then on repeats
  with that period for as long as the world stays the same.
- The world can change only when code other than the streams runs: a timer (steady ones too: a
  probe is answered by the same counters), or a command between two advances; or when an answer
  depends on the time itself (Answerer.changes_at). So whole periods are skipped only up to the
  next other timer or such a moment, and never past the end of the running advance (Clock.until)
  or of any stream. The counts, the counters and the access logs' request numbers advance by
  exactly what the skipped periods would have added, and the last seconds before that limit
  are sent for real, enough of them that every access log a stream writes to holds only lines
  those seconds wrote (as it would have).

Timers other than the streams' own therefore bound the saving: a probe every 10 s (a pod with a
readinessProbe) leaves windows too short to skip in, and such a cluster's streams are sent
request by request, at most MAX_RATE a second.

The result is identical, bucket for bucket and log line for log line, to sending every
request (tests/network/test_traffic_bulk.py compares both), and deterministic.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field
from fractions import Fraction
from math import ceil, floor
from typing import TYPE_CHECKING, Any, Protocol

from ..clock import Clock
from ..errors import BadRequest, NotFound
from ..labels import requirements_of
from ..leases import NodeLeases
from ..objects import KObject, pod_is_ready
from ..store import Store
from .accesslog import MAX_LINES

if TYPE_CHECKING:
    from .requests import RequestEngine

# Bucket key for requests no pod answered (connection refused, timed out, 503 from a proxy).
NO_VERSION = "-"
MAX_RATE = 1000                  # requests per simulated second, all running streams together
MAX_DURATION = 30 * 86400        # seconds; as long as one `sim wait`
RATE_DENOMINATOR = 1000          # rates are exact fractions: N/1000 requests per second at the finest
RECENT_SECONDS = 600             # per-second buckets kept for sparklines (the UI shows the last 60)


@dataclass(frozen=True)
class Outcome:
    """One request's result: HTTP status (None when nothing answered) and the answering version
    (the pod's `version` label, else its image tag)."""

    status: int | None
    version: str | None

    @property
    def ok(self) -> bool:
        return self.status is not None and self.status < 400


class Sender(Protocol):
    def __call__(self, url: str, from_pod: str | None, headers: dict[str, str] | None) -> Outcome: ...


Bucket = dict[str, list[int]]    # version -> [ok, errors]


@dataclass
class TrafficStream:
    id: int
    url: str
    rate: Fraction
    duration: int
    started: float
    from_pod: str | None = None
    headers: dict[str, str] | None = None
    #: `namespace/name` of a Deployment whose current Ready pod sends each second's requests
    from_deployment: str | None = None
    stopped: bool = False
    sent_seconds: int = 0                                   # batches sent (or added in bulk) so far
    recent: deque[Bucket] = field(default_factory=lambda: deque(maxlen=RECENT_SECONDS))
    totals: Bucket = field(default_factory=dict)
    timer: int = 0                                          # handle of the pending tick

    @property
    def running(self) -> bool:
        return not self.stopped and self.sent_seconds < self.duration

    def batch(self, second: int) -> int:
        """Requests sent in `second`: the rate spread exactly, e.g. 2.5/s sends 2, 3, 2, 3."""
        return floor((second + 1) * self.rate) - floor(second * self.rate)


@dataclass(frozen=True)
class StreamStats:
    """What the UI shows for one stream: the recent per-second buckets (oldest first) and totals,
    {version: (ok, errors)}; `elapsed` is the number of seconds sent so far."""

    id: int
    url: str
    rate: float
    duration: int
    started: float
    running: bool
    from_pod: str | None
    elapsed: int
    buckets: list[dict[str, tuple[int, int]]]
    totals: dict[str, tuple[int, int]]
    from_deployment: str | None = None


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


@dataclass
class _Mark:
    """The state at the start of one round, and the running sums repeats are measured against."""

    state: tuple[Any, ...]
    round: int
    totals: dict[int, dict[str, tuple[int, int]]]
    counters: list[dict[str, int]]
    log_requests: int
    log_lines: dict[str, dict[str, int]]
    sent: int


@dataclass
class _Cycle:
    """A repeat found: its length in rounds, and the mark of the last round it started again."""

    mark: _Mark
    period: int
    tail: int                    # rounds to send for real before a limit, so the access logs are exact


class TrafficStreams:
    """The simulation's streams. Timers carry only (stream id, second), so snapshots copy cleanly."""

    def __init__(self, clock: Clock, store: Store, leases: NodeLeases, requests: RequestEngine) -> None:
        self.clock = clock
        self.store = store
        self.leases = leases
        self.requests = requests
        #: the request function; tests replace it (a replaced sender is never sent in bulk)
        self.send: Sender = RequestSender(store, requests)
        self._streams: dict[int, TrafficStream] = {}
        self._last_id = 0
        self._sent = 0                       # requests these streams sent through the engine
        # cycle detection for the current world (see the module docstring)
        self._world: tuple[Any, ...] | None = None
        self._round = 0
        self._mark: _Mark | None = None
        self._power = 1
        self._cycle: _Cycle | None = None
        self._changes_at = math.inf

    def start(self, url: str, rate: float, duration: float, *, from_pod: str | None = None,
              headers: dict[str, str] | None = None, from_deployment: str | None = None) -> int:
        """`from_pod` is `name` (namespace default) or `namespace/name`.

        `from_deployment` (`namespace/name`) sends each second from one of the Deployment's Ready pods
        at that second, so the stream follows it through rollouts and pod replacements.
        """
        exact = _exact_rate(rate)
        running = sum(s.rate for s in self._streams.values() if s.running)
        if running + exact > MAX_RATE:
            raise BadRequest(f"invalid rate {rate:g}: streams send at most {MAX_RATE} requests per second in all, and "
                             f"running streams send {float(running):g} (a sandbox limit; stop one first)")
        if not isinstance(duration, (int, float)) or not 1 <= duration <= MAX_DURATION:
            raise BadRequest(f"invalid duration {duration!r}: must be from 1 second to {MAX_DURATION // 86400} days")
        if from_pod is not None and find_pod(self.store, from_pod) is None:
            raise NotFound(f'pods "{from_pod.rsplit("/", 1)[-1]}" not found')
        if from_deployment is not None and _find(self.store, "Deployment", from_deployment) is None:
            raise NotFound(f'deployments.apps "{from_deployment.rsplit("/", 1)[-1]}" not found')
        self._last_id += 1
        stream = TrafficStream(self._last_id, url, exact, int(duration), self.clock.now, from_pod,
                               dict(headers) if headers else None, from_deployment)
        self._streams[stream.id] = stream
        stream.timer = self.clock.call_at(stream.started, self._tick, stream.id, 0)
        return stream.id

    def stop(self, stream_id: int) -> None:
        stream = self._streams.get(stream_id)
        if stream is None:
            raise NotFound(f'traffic stream "{stream_id}" not found')
        stream.stopped = True

    def stats(self) -> list[StreamStats]:
        return [_stats(s) for s in self._streams.values()]

    def any_running(self) -> bool:
        """Whether a stream still sends (cheap, and safe to ask from another thread: no bucket is copied)."""
        return any(s.running for s in list(self._streams.values()))

    # ---- sending ---------------------------------------------------------------------

    def _tick(self, stream_id: int, second: int) -> None:
        stream = self._streams[stream_id]
        if stream.stopped or second != stream.sent_seconds:
            return
        if self._first_running() is stream and self._skip_repeats(stream):
            return
        bucket: Bucket = {}
        if stream.from_deployment is not None:
            stream.from_pod = ready_pod_of(self.store, stream.from_deployment)
        # A followed Deployment with no Ready pod sends nothing: those requests fail.
        no_source = stream.from_deployment is not None and stream.from_pod is None
        for _ in range(stream.batch(second)):
            if no_source:
                outcome = Outcome(None, None)
            else:
                outcome = self.send(stream.url, stream.from_pod, stream.headers)
                self._sent += 1
            counts = bucket.setdefault(outcome.version or NO_VERSION, [0, 0])
            counts[0 if outcome.ok else 1] += 1
        stream.recent.append(bucket)
        for version, (ok, errors) in bucket.items():
            total = stream.totals.setdefault(version, [0, 0])
            total[0] += ok
            total[1] += errors
        stream.sent_seconds += 1
        if stream.sent_seconds < stream.duration:
            stream.timer = self.clock.call_at(stream.started + stream.sent_seconds, self._tick, stream_id,
                                              stream.sent_seconds)

    def _first_running(self) -> TrafficStream | None:
        return next((s for s in self._streams.values() if s.running), None)

    # ---- repeats (see the module docstring) --------------------------------------------

    def _skip_repeats(self, anchor: TrafficStream) -> bool:
        """At the start of a round: note its state; skip whole repeats when one is known. True if skipped."""
        if not isinstance(self.send, RequestSender):
            return False
        running = [s for s in self._streams.values() if s.running]
        # An answer that will change with time alone (a story image's health path turning unhealthy) ends
        # the repeats there: the earliest such moment is part of the world, and a limit to skipping.
        answerer = self.requests.answerer
        self._changes_at, answerer.changes_at = answerer.changes_at, math.inf
        world = (self.store.resource_version, self.leases.version, self.requests.sent - self._sent,
                 tuple(s.id for s in running), self._changes_at)
        if world != self._world:
            self._world, self._round, self._mark, self._power, self._cycle = world, 0, None, 1, None
            for counters in self.requests.counters():
                counters.forget_cycles()
        state = (tuple(s.sent_seconds % s.rate.denominator for s in running),
                 tuple(c.state() for c in self.requests.counters()))
        skipped = 0
        cycle = self._cycle
        if cycle is None and self._mark is not None and state == self._mark.state:
            cycle = self._cycle = self._found(running, self._mark)
        if cycle is not None:
            since = self._round - cycle.mark.round
            if since == cycle.period and state == cycle.mark.state:
                skipped = self._skip(anchor, running, cycle)
                self._round += skipped
                cycle.mark = self._note(state, running)   # the next repeat is measured from here
            elif since >= cycle.period:                    # cannot happen in one world; start over if it does
                self._mark, self._power, self._cycle = None, 1, None
        elif self._mark is None or self._round - self._mark.round == self._power:
            if self._mark is not None:
                self._power *= 2
            self._mark = self._note(state, running)
        if not skipped:
            self._round += 1
        return skipped > 0

    def _note(self, state: tuple[Any, ...], running: list[TrafficStream]) -> _Mark:
        log = self.requests.access_log
        return _Mark(state, self._round, {s.id: {v: (c[0], c[1]) for v, c in s.totals.items()} for s in running},
                     [dict(c.values) for c in self.requests.counters()], log.requests,
                     {uid: dict(lines) for uid, lines in log.appended.items()}, self._sent)

    def _found(self, running: list[TrafficStream], mark: _Mark) -> _Cycle:
        period = self._round - mark.round
        tail = 0
        for uid, lines in self.requests.access_log.appended.items():
            for container, count in lines.items():
                added = count - mark.log_lines.get(uid, {}).get(container, 0)
                if added:
                    tail = max(tail, ceil(MAX_LINES / added) * period)
        return _Cycle(mark, period, tail)

    def _skip(self, anchor: TrafficStream, running: list[TrafficStream], cycle: _Cycle) -> int:
        """Add whole repeats (each like the one since `cycle.mark`) up to the limit; the rounds skipped."""
        # Whole rounds end before anything else runs (it may change the cluster, and after it the logs
        # must be as if every request was sent), with the last `tail` rounds before it sent for real.
        other = self.clock.next_due_besides(self._tick)
        limit = min(self.clock.until, self._changes_at, math.inf if other is None else other)
        rounds_left = min(floor(limit - self.clock.now) - 1, min(s.duration - s.sent_seconds for s in running))
        repeats = (rounds_left - cycle.tail) // cycle.period
        if repeats < 1:
            return 0
        mark, now = cycle.mark, self._note(cycle.mark.state, running)
        for counters, before in zip(self.requests.counters(), mark.counters, strict=True):
            counters.add(before, repeats)
        log = self.requests.access_log
        log.requests += repeats * (now.log_requests - mark.log_requests)
        for uid, lines in log.appended.items():
            for container, count in lines.items():
                lines[container] = count + repeats * (count - mark.log_lines.get(uid, {}).get(container, 0))
        sent = repeats * (now.sent - mark.sent)
        self._sent += sent
        self.requests.sent += sent
        rounds = repeats * cycle.period
        for stream in sorted(running, key=lambda s: (s is not anchor, s.started + s.sent_seconds, s.timer)):
            _add_repeats(stream, mark.totals.get(stream.id, {}), cycle.period, repeats)
            if stream is not anchor:       # the anchor's timer is the one running now
                self.clock.cancel(stream.timer)
            stream.sent_seconds += rounds
            stream.timer = self.clock.call_at(stream.started + stream.sent_seconds, self._tick, stream.id,
                                              stream.sent_seconds)
        return rounds


def _add_repeats(stream: TrafficStream, before: dict[str, tuple[int, int]], period: int, repeats: int) -> None:
    """The stream's totals and recent buckets after `repeats` more periods like its last one."""
    for version, counts in stream.totals.items():
        ok, errors = before.get(version, (0, 0))
        counts[0] += repeats * (counts[0] - ok)
        counts[1] += repeats * (counts[1] - errors)
    recent = list(stream.recent)
    # Whole periods later, the bucket j seconds back is the one (j mod period) seconds back now.
    size = min(RECENT_SECONDS, len(recent) + repeats * period)
    stream.recent = deque((recent[-((j - 1) % period) - 1] for j in range(size, 0, -1)), maxlen=RECENT_SECONDS)


def _exact_rate(rate: Any) -> Fraction:
    if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not 0 < rate <= MAX_RATE:
        raise BadRequest(f"invalid rate {rate!r}: must be above 0 and at most {MAX_RATE} requests per second")
    exact = Fraction(rate).limit_denominator(RATE_DENOMINATOR)
    if exact == 0:
        raise BadRequest(f"invalid rate {rate!r}: the smallest rate is 1/{RATE_DENOMINATOR} request per second")
    return exact


def _stats(stream: TrafficStream) -> StreamStats:
    return StreamStats(stream.id, stream.url, float(stream.rate), stream.duration, stream.started, stream.running,
                       stream.from_pod, stream.sent_seconds,
                       [{v: (c[0], c[1]) for v, c in b.items()} for b in stream.recent],
                       {v: (c[0], c[1]) for v, c in sorted(stream.totals.items())}, stream.from_deployment)


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
