"""Checkpoints: a whole Simulation frozen as bytes, cheap to keep and exact to bring back.

The timeline keeps one before every learner command. A checkpoint is the simulation
pickled (the C pickler copies the default cluster ten times faster than deepcopy) and
compressed, without the audit log's rows: those are immutable tuples appended in order,
so checkpoints share them in chunks of CHUNK rows instead of copying them each time.
Which chunks are shared is decided by identity: a row object sits at the same place in
every log that holds it (a log only grows, and a restored log starts as a checkpoint's
rows), so a chunk whose last row is the very object of a stored chunk's last row is that
chunk.
"""

from __future__ import annotations

import pickle
import zlib
from dataclasses import dataclass
from itertools import chain
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .simulation import Simulation

CHUNK = 1024
Row = tuple[Any, ...]


@dataclass(frozen=True)
class Checkpoint:
    data: bytes                       # the simulation without its audit rows: pickled, compressed
    chunks: tuple[tuple[Row, ...], ...]  # the audit rows, CHUNK at a time, shared between checkpoints
    tail: tuple[Row, ...]             # the rows after the last full chunk
    time: float                       # the simulated time it holds

    @property
    def size(self) -> int:
        """Bytes this checkpoint holds alone (the shared chunks are counted once, by AuditChunks)."""
        return len(self.data) + 8 * len(self.tail)


class AuditChunks:
    """The chunks of audit rows a set of checkpoints shares."""

    def __init__(self) -> None:
        self._by_last: dict[int, tuple[Row, ...]] = {}  # id of a chunk's last row -> the chunk (it keeps the row alive)

    def split(self, rows: list[Row]) -> tuple[tuple[tuple[Row, ...], ...], tuple[Row, ...]]:
        full = len(rows) // CHUNK
        chunks = []
        for i in range(full):
            last = rows[i * CHUNK + CHUNK - 1]
            chunk = self._by_last.get(id(last))
            if chunk is None or chunk[-1] is not last:
                chunk = tuple(rows[i * CHUNK:(i + 1) * CHUNK])
                self._by_last[id(last)] = chunk
            chunks.append(chunk)
        return tuple(chunks), tuple(rows[full * CHUNK:])

    @property
    def size(self) -> int:
        """Bytes of row references the chunks hold (the rows themselves live in the log too)."""
        return 8 * CHUNK * len(self._by_last)


def take(sim: Simulation, shared: AuditChunks) -> Checkpoint:
    rows = sim.audit.detach_rows()
    try:
        data = zlib.compress(pickle.dumps(sim, protocol=pickle.HIGHEST_PROTOCOL), 1)
    finally:
        sim.audit.attach_rows(rows)
    chunks, tail = shared.split(rows)
    return Checkpoint(data, chunks, tail, sim.now)


def restore(checkpoint: Checkpoint) -> Simulation:
    """A new Simulation in the state the checkpoint holds (the checkpoint stays usable)."""
    sim: Simulation = pickle.loads(zlib.decompress(checkpoint.data))
    sim.audit.attach_rows(list(chain(chain.from_iterable(checkpoint.chunks), checkpoint.tail)))
    return sim
