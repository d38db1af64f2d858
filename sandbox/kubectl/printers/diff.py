"""Two states of the cluster compared object by object, in `kubectl diff`'s form.

kubectl diff writes each object to a file named group.version.kind.namespace.name under
two temporary folders and runs `diff -u -N` on them (kubectl/pkg/cmd/diff/diff.go); the
sandbox prints the same unified diff, with the folders named for the points compared. Like
kubectl diff it leaves status out (unless asked) and compares spec and metadata; the
resourceVersion, which moves on every write, is left out too.
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Any

from ...core.objects import KObject, timestamp
from ..resources import BY_KIND
from .output import to_yaml

if TYPE_CHECKING:
    from ...core.simulation import Simulation

Key = tuple[str, str, str]  # kind, namespace, name


def diff_clusters(before: Simulation, after: Simulation, before_name: str, after_name: str, *,
                  status: bool = False) -> str:
    """The unified diffs of every object that differs, in kind, namespace, name order ("" if none)."""
    old, new = _objects(before), _objects(after)
    blocks = []
    for key in sorted(old.keys() | new.keys()):
        a_data, b_data = _data(old.get(key), status), _data(new.get(key), status)
        if a_data == b_data:
            # Compared as data: writing thousands of unchanged objects as YAML took seconds. (Python's
            # equality takes 1 for 1.0 or True; the schema gives every field one type, so no object's
            # field changes between them.)
            continue
        a, b = _text(a_data), _text(b_data)
        obj = new.get(key) or old[key]
        name = file_name(obj)
        left, right = f"/tmp/{before_name}/{name}", f"/tmp/{after_name}/{name}"
        lines = difflib.unified_diff(a.splitlines(), b.splitlines(), left, right, _when(before), _when(after),
                                     lineterm="")
        blocks.append("\n".join([f"diff -u -N {left} {right}", *lines]))
    return "\n".join(blocks)


def file_name(obj: KObject) -> str:
    """kubectl diff's file name for an object: `apps.v1.Deployment.default.web`, `v1.Node..node-1`."""
    return f"{obj.api_version.replace('/', '.')}.{obj.kind}.{obj.namespace}.{obj.name}"


def _objects(sim: Simulation) -> dict[Key, KObject]:
    return {(o.kind, o.namespace, o.name): o for kind in BY_KIND for o in sim.list(kind)}


def _data(obj: KObject | None, status: bool) -> dict[str, Any] | None:
    if obj is None:
        return None
    data: dict[str, Any] = obj.to_dict()
    data["metadata"].pop("resourceVersion", None)
    if not status:
        data.pop("status", None)
    return data


def _text(data: dict[str, Any] | None) -> str:
    return "" if data is None else to_yaml(data) + "\n"


def _when(sim: Simulation) -> str:
    return timestamp(sim.now).replace("T", " ").rstrip("Z")
