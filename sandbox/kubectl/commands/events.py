"""`kubectl get events`: LAST SEEN, TYPE, REASON, OBJECT, MESSAGE, from the audit log."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..ages import human_duration
from ..errors import error
from ..parse import Parsed
from ..printers.events import Event
from ..printers.output import to_json, to_yaml
from ..printers.tabwriter import table
from ..result import CommandResult
from . import done
from .common import namespace

if TYPE_CHECKING:
    from ..session import Session

SORT_KEYS = {".lastTimestamp": lambda e: e.last, ".firstTimestamp": lambda e: e.first,
             ".metadata.creationTimestamp": lambda e: e.first, ".count": lambda e: e.count,
             ".reason": lambda e: e.reason, ".type": lambda e: e.type}


def get_events(session: Session, parsed: Parsed, fmt: str) -> CommandResult:
    sim = session.sim
    all_ns = bool(parsed.flags.get("all-namespaces"))
    ns = namespace(session, parsed)
    events = session.events.update(sim.audit, sim.now).in_namespace(None if all_ns else ns, sim.now)
    events.sort(key=lambda e: (e.namespace, e.name, e.first))
    sort_by = parsed.flags.get("sort-by") or ""
    if sort_by:
        if sort_by not in SORT_KEYS:
            raise error(f"couldn't find any field with path \"{{{sort_by}}}\" in the list of objects")
        events.sort(key=SORT_KEYS[sort_by])
    if fmt in ("yaml", "json"):
        data = {"apiVersion": "v1", "items": [event_object(e, i) for i, e in enumerate(events)], "kind": "List",
                "metadata": {"resourceVersion": ""}}
        return done(to_yaml(data) if fmt == "yaml" else to_json(data))
    if not events:
        return done("No resources found" if all_ns else f"No resources found in {ns} namespace.")
    header = (["NAMESPACE"] if all_ns else []) + ["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]
    rows = [header] + [([e.namespace] if all_ns else []) +
                       [human_duration(sim.now - e.last), e.type, e.reason, e.object_ref, e.message] for e in events]
    return done(table(rows), events=events)


def event_object(e: Event, index: int) -> dict[str, Any]:
    from ...core.objects import API_VERSIONS, timestamp

    return {"apiVersion": "v1", "count": e.count, "firstTimestamp": timestamp(e.first),
            "involvedObject": {"apiVersion": API_VERSIONS.get(e.kind, "v1"), "kind": e.kind, "name": e.name,
                               "namespace": e.namespace},
            "kind": "Event", "lastTimestamp": timestamp(e.last), "message": e.message,
            "metadata": {"name": f"{e.name}.{index:016x}", "namespace": e.namespace}, "reason": e.reason,
            "source": {"component": e.source}, "type": e.type}
