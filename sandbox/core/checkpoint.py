"""Checkpoints: a whole Simulation frozen as bytes, cheap to keep and exact to bring back.

The timeline keeps one before learner commands. A checkpoint is the simulation pickled (the C
pickler copies the default cluster ten times faster than deepcopy) and compressed, without the
two things that make up nearly all of a large cluster, which checkpoints share instead of each
holding a copy:

- The audit log's rows: immutable tuples appended in order, shared in chunks of CHUNK rows.
  Which chunks are shared is decided by identity: a row object sits at the same place in every
  log that holds it (a log only grows, and a restored log starts as a checkpoint's rows), so a
  chunk whose last row is the very object of a stored chunk's last row is that chunk.
- The API objects the store holds (from SHARE_OBJECTS_FROM of them): the checkpoint names each by uid and write_id, and
  ObjectVersions keeps every version it was given, pickled once, OBJECTS_PER_BLOB to a blob.
  Every write to an object gives it a new write_id, never used before in the process (store.py),
  so a write_id names one content (a resourceVersion does not: it repeats across the timeline's
  branches); a checkpoint of 150,000 pods of which ten changed pickles ten pods.

Restoring in place of a live cluster (`restore(..., reuse=live_store)`) takes the live objects
whose version the checkpoint names as they are, rather than unpickling copies: undoing a command
on 150,000 pods then loads only the objects the command changed. The live cluster must be thrown
away afterwards, since the restored one now holds its objects.
"""

from __future__ import annotations

import io
import pickle
import zlib
from dataclasses import dataclass, field
from itertools import chain
from typing import TYPE_CHECKING, Any

from .objects import KObject

if TYPE_CHECKING:
    from .simulation import Simulation
    from .store import Store

CHUNK = 1024
OBJECTS_PER_BLOB = 256
Row = tuple[Any, ...]
Version = tuple[str, int]  # an object's uid and the write that made it (ObjectMeta.write_id)

#: A store holding fewer objects than this is pickled whole: its checkpoints take milliseconds, and one
#: pickle loads faster than the many small blobs a far rewind would gather its versions from.
SHARE_OBJECTS_FROM = 5_000
#: Tests set this: restoring then checks each live object it takes against the version it stands for.
VERIFY_REUSE = False


@dataclass(frozen=True)
class Checkpoint:
    data: bytes                       # the simulation without its audit rows and objects: pickled, compressed
    chunks: tuple[tuple[Row, ...], ...]  # the audit rows, CHUNK at a time, shared between checkpoints
    tail: tuple[Row, ...]             # the rows after the last full chunk
    time: float                       # the simulated time it holds

    @property
    def size(self) -> int:
        """Bytes this checkpoint holds alone (the shared parts are counted once, by Shared)."""
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


class ObjectVersions:
    """Every version of an API object a checkpoint saw, pickled and compressed in blobs."""

    def __init__(self) -> None:
        self._where: dict[Version, tuple[int, int]] = {}  # version -> (blob, position in it)
        self._blobs: list[bytes] = []
        self._pending: dict[Version, KObject] = {}  # named by a checkpoint being taken, not pickled yet

    def name(self, obj: KObject) -> Version:
        """The version `obj` is now; kept (pickled by seal()) unless it is already."""
        meta = obj.metadata
        version = (meta.uid, meta.write_id)
        if version not in self._where:
            self._pending[version] = obj
        return version

    def seal(self) -> None:
        """Pickle the versions named since the last seal (before the objects can change)."""
        pending = list(self._pending.items())
        self._pending.clear()
        for start in range(0, len(pending), OBJECTS_PER_BLOB):
            batch = pending[start:start + OBJECTS_PER_BLOB]
            blob = len(self._blobs)
            self._blobs.append(zlib.compress(pickle.dumps([obj for _, obj in batch], pickle.HIGHEST_PROTOCOL), 1))
            for position, (version, _) in enumerate(batch):
                self._where[version] = (blob, position)

    def forget_pending(self) -> None:
        """A checkpoint failed part way: what it named is not kept."""
        self._pending.clear()

    def __len__(self) -> int:
        """How many versions are kept."""
        return len(self._where)

    def load(self, version: Version, opened: dict[int, list[KObject]]) -> KObject:
        """A new copy of `version`; `opened` holds the blobs one restore has unpickled, so each is read once."""
        blob, position = self._where[version]
        objects = opened.get(blob)
        if objects is None:
            objects = opened[blob] = pickle.loads(zlib.decompress(self._blobs[blob]))
        return objects[position]

    @property
    def size(self) -> int:
        return sum(len(blob) for blob in self._blobs) + 100 * len(self._where)


@dataclass
class Shared:
    """What a set of checkpoints shares: the audit rows and the API objects' versions."""

    rows: AuditChunks = field(default_factory=AuditChunks)
    objects: ObjectVersions = field(default_factory=ObjectVersions)

    @property
    def size(self) -> int:
        return self.rows.size + self.objects.size


def _version(uid: str, write_id: int) -> KObject:
    """Stands for an object version in a checkpoint's pickle; only restore() resolves it."""
    raise pickle.UnpicklingError("a checkpoint loads only through sandbox.core.checkpoint.restore")


class _Pickler(pickle.Pickler):
    """Pickles a simulation with each object its store holds replaced by a reference to its version.

    A reducer override rather than a persistent id: the pickler memoizes what it reduces, so the
    half-dozen index entries that refer to one pod cost one lookup when loaded, not six."""

    def __init__(self, file: io.BytesIO, store: Store, versions: ObjectVersions) -> None:
        super().__init__(file, pickle.HIGHEST_PROTOCOL)
        self._held = store.objects_by_uid()
        self._versions = versions

    def reducer_override(self, obj: Any) -> Any:
        if type(obj) is KObject and self._held.get(obj.metadata.uid) is obj:
            return _version, self._versions.name(obj)
        return NotImplemented  # anything else (an object no longer stored, too) pickles as usual


class _Unpickler(pickle.Unpickler):
    def __init__(self, file: io.BytesIO, versions: ObjectVersions, reuse: Store | None) -> None:
        super().__init__(file)
        self._versions = versions
        self._opened: dict[int, list[KObject]] = {}   # the blobs this restore has unpickled
        self._live = reuse.objects_by_uid() if reuse is not None else {}

    def find_class(self, module: str, name: str) -> Any:
        if module == __name__ and name == "_version":
            return self._object
        return super().find_class(module, name)

    def _object(self, uid: str, write_id: int) -> KObject:
        obj = self._live.get(uid)
        if obj is None or obj.metadata.write_id != write_id:
            return self._versions.load((uid, write_id), self._opened)
        if VERIFY_REUSE:
            _verify(obj, self._versions.load((uid, write_id), self._opened))
        return obj


def _verify(live: KObject, saved: KObject) -> None:
    if live.to_dict() != saved.to_dict():
        raise AssertionError(f"{live!r} changed without a store write: a checkpoint would restore it wrong")


def take(sim: Simulation, shared: Shared) -> Checkpoint:
    rows = sim.audit.detach_rows()
    buffer = io.BytesIO()
    try:
        if len(sim.store.objects_by_uid()) >= SHARE_OBJECTS_FROM:
            _Pickler(buffer, sim.store, shared.objects).dump(sim)
        else:
            pickle.Pickler(buffer, pickle.HIGHEST_PROTOCOL).dump(sim)
        shared.objects.seal()
    except BaseException:
        shared.objects.forget_pending()
        raise
    finally:
        sim.audit.attach_rows(rows)
    chunks, tail = shared.rows.split(rows)
    return Checkpoint(zlib.compress(buffer.getbuffer(), 1), chunks, tail, sim.now)


def restore(checkpoint: Checkpoint, shared: Shared, *, reuse: Store | None = None) -> Simulation:
    """A new Simulation in the state the checkpoint holds (the checkpoint stays usable).

    With `reuse`, the objects of that store whose version the checkpoint holds are taken as they
    are: that store's simulation must not be used again."""
    unpickler = _Unpickler(io.BytesIO(zlib.decompress(checkpoint.data)), shared.objects, reuse)
    sim: Simulation = unpickler.load()
    sim.audit.attach_rows(list(chain(chain.from_iterable(checkpoint.chunks), checkpoint.tail)))
    return sim
