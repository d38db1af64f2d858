"""`-o yaml`, `-o json` and `-o name`, byte for byte as kubectl prints them."""

from __future__ import annotations

import json
from typing import Any

import yaml

from ...core.objects import KObject
from ..resources import BY_KIND


class _KubectlDumper(yaml.SafeDumper):
    """sigs.k8s.io/yaml (go-yaml) double-quotes a string that would read as another type ("1", "true", a
    timestamp), where PyYAML single-quotes it; both single-quote one that plain YAML cannot hold ('*/1 * * * *'),
    and go-yaml writes a string with a newline as a literal block."""

    def choose_scalar_style(self) -> str:
        style = super().choose_scalar_style()
        event = self.event
        assert isinstance(event, yaml.ScalarEvent)
        if self.analysis is not None and "\n" in event.value and self.analysis.allow_block \
                and not self.simple_key_context:
            return "|"   # go-yaml writes every string with a newline as a literal block
        return '"' if style == "'" and not event.implicit[0] else style


def to_yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_KubectlDumper, default_flow_style=False, sort_keys=True,
                     allow_unicode=True).rstrip("\n")


def to_json(data: Any) -> str:
    """Go's json.MarshalIndent: 4-space indent, sorted map keys, HTML characters escaped."""
    text = json.dumps(data, indent=4, sort_keys=True, ensure_ascii=False)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return text


def as_list(objects: list[KObject]) -> dict[str, Any]:
    """What kubectl prints for several objects: a v1 List."""
    return {"apiVersion": "v1", "items": [o.to_dict() for o in objects], "kind": "List",
            "metadata": {"resourceVersion": ""}}


def object_name(obj: KObject) -> str:
    """`deployment.apps/web`, `pod/web-x`: the `-o name` form."""
    rt = BY_KIND.get(obj.kind)
    prefix = rt.qualified if rt else obj.kind.lower()
    return f"{prefix}/{obj.name}"
