"""Instances that pickle as one tuple of their slots' values, rebuilt by one call.

Checkpoints (checkpoint.py) pickle an object, its metadata and the kubelet's and scheduler's record of it for
every pod: 150,000 of each at scale. By default an object with __slots__ pickles as a dict of slot values and
is rebuilt by setting them one by one from that dict; a tuple rebuilt by a generated function that assigns
each slot pickles in half the time and loads a third sooner. (dataclasses generates its methods the same way.)
"""

from __future__ import annotations

from operator import attrgetter
from typing import Any, TypeVar

T = TypeVar("T", bound=type)


def pickled_as_tuple(cls: T) -> T:
    """Class decorator: `cls` (with __slots__) pickles, copies and deep-copies as a tuple of its slots' values."""
    klass: Any = cls   # (its attributes are set below: mypy would refuse them on `type`)
    names: tuple[str, ...] = tuple(klass.__slots__)
    # One assignment per slot, as dataclasses writes its __init__ (_cls_ and _obj_: names none of their slots use).
    source = (f"def _rebuild({', '.join(names)}):\n    _obj_ = _cls_.__new__(_cls_)\n"
              + "".join(f"    _obj_.{name} = {name}\n" for name in names) + "    return _obj_\n")
    scope: dict[str, Any] = {"_cls_": cls}
    exec(source, scope)
    rebuild = scope["_rebuild"]
    # Pickle finds the function by module and qualified name: as the class's own attribute.
    rebuild.__module__, rebuild.__qualname__ = cls.__module__, f"{cls.__qualname__}._rebuild"
    get = attrgetter(*names)

    def __reduce__(self: Any) -> tuple[Any, ...]:
        return rebuild, get(self)

    klass._rebuild = staticmethod(rebuild)
    klass.__reduce__ = __reduce__
    return cls
