"""`-o yaml`, `-o json` and `-o name`, byte for byte as kubectl prints them."""

from __future__ import annotations

from typing import Any

import yaml

from ...core.objects import KObject
from ..resources import BY_KIND
from .gofmt import marshal


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
    return marshal(data, indent="    ")


def as_list(objects: list[KObject]) -> dict[str, Any]:
    """What kubectl prints for several objects: a v1 List."""
    return list_of([o.to_dict() for o in objects])


def list_of(items: list[dict[str, Any]]) -> dict[str, Any]:
    return {"apiVersion": "v1", "items": items, "kind": "List", "metadata": {"resourceVersion": ""}}


def object_name(obj: KObject) -> str:
    """`deployment.apps/web`, `pod/web-x`: the `-o name` form."""
    return kind_name(obj.kind, obj.name)


def kind_name(kind: str, name: str) -> str:
    rt = BY_KIND.get(kind)
    prefix = rt.qualified if rt else kind.lower()
    return f"{prefix}/{name}"
