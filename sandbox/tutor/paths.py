"""Field paths into an object, for a lesson's `field` check.

`spec.replicas`, `metadata.labels["app.kubernetes.io/name"]`, `spec.template.spec.containers[0].image`,
`status.conditions[type=Ready].status` — dots between names, `[N]` for a list index,
`[key=value]` for the first list item whose field equals the value, `["..."]` for a key
with dots in it.
"""

from __future__ import annotations

import re
from typing import Any

MISSING = object()
_TOKEN = re.compile(r'\.?([A-Za-z_][-\w]*)|\[(-?\d+)\]|\[([\w.-]+)=([^\]]*)\]|\["([^"]*)"\]')


class BadPath(ValueError):
    pass


def parse_path(path: str) -> list[tuple[str, Any]]:
    steps: list[tuple[str, Any]] = []
    pos = 0
    while pos < len(path):
        m = _TOKEN.match(path, pos)
        if m is None or (m.group(0).startswith(".") and pos == 0):
            raise BadPath(f"cannot read the field path {path!r} at {path[pos:]!r}")
        name, index, key, value, quoted = m.groups()
        if name is not None:
            steps.append(("key", name))
        elif index is not None:
            steps.append(("index", int(index)))
        elif key is not None:
            steps.append(("where", (key, value)))
        else:
            steps.append(("key", quoted))
        pos = m.end()
    if not steps:
        raise BadPath("an empty field path")
    return steps


def read_path(data: Any, path: str) -> Any:
    """The value at `path` in JSON-like data, or MISSING."""
    here = data
    for kind, arg in parse_path(path):
        if kind == "key":
            if not isinstance(here, dict) or arg not in here:
                return MISSING
            here = here[arg]
        elif kind == "index":
            if not isinstance(here, list) or not -len(here) <= arg < len(here):
                return MISSING
            here = here[arg]
        else:
            field, wanted = arg
            if not isinstance(here, list):
                return MISSING
            here = next((item for item in here if isinstance(item, dict) and str(item.get(field)) == wanted),
                        MISSING)
            if here is MISSING:
                return MISSING
    return here
