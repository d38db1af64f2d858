"""Classes held once per object or pod pickle their slots as a tuple (core/compact_pickle.py; a checkpoint
holds 150,000 of each): every slot must survive the round trip."""

from __future__ import annotations

import copy
import pickle

import pytest

from sandbox.core.controllers.scheduler_cache import PodRequest
from sandbox.core.kubelet.pod_run import PodRun
from sandbox.core.objects import KObject, ObjectMeta


def filled(cls: type) -> object:
    """An instance whose every slot holds its own distinct value."""
    obj = cls.__new__(cls)
    for i, name in enumerate(cls.__slots__):
        setattr(obj, name, [name, i])
    return obj


@pytest.mark.parametrize("cls", [ObjectMeta, KObject, PodRun, PodRequest])
@pytest.mark.parametrize("round_trip", [lambda o: pickle.loads(pickle.dumps(o, 5)), copy.deepcopy, copy.copy],
                         ids=["pickle", "deepcopy", "copy"])
def test_every_slot_survives(cls, round_trip):
    original = filled(cls)
    back = round_trip(original)
    assert type(back) is cls and back is not original
    assert {name: getattr(back, name) for name in cls.__slots__} == \
        {name: getattr(original, name) for name in cls.__slots__}
