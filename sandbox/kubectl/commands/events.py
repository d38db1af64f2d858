"""`kubectl get events` and `kubectl events`, from the Events the audit log aggregates into.

`get events` prints the API server's Event table (k/k pkg/printers/internalversion/printers.go,
printEvent): LAST SEEN, TYPE, REASON, OBJECT, MESSAGE, and with `-o wide` SUBOBJECT, SOURCE,
FIRST SEEN, COUNT and NAME. `kubectl events` (kubectl pkg/cmd/events) prints its own table,
oldest first, with `Kind/name` objects and `(xN over …)` counts, and filters with `--for`
and `--types`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...core.objects import API_VERSIONS, EPOCH, timestamp
from ..ages import human_duration
from ..errors import error
from ..parse import Parsed
from ..printers.events import Event
from ..printers.formats import Output, choose, render
from ..printers.gosort import go_sort
from ..printers.output import list_of
from ..printers.sorting import sort_items
from ..printers.tabwriter import table
from ..resources import BY_KIND, resolve
from ..result import CommandResult
from . import command, done
from .common import namespace
from .fields import field_matches, parse_field_selector

if TYPE_CHECKING:
    from ..session import Session

EVENTS = BY_KIND["Event"]
_EPOCH_SECONDS = int(EPOCH.timestamp())


def live_events(session: Session, parsed: Parsed) -> list[tuple[Event, dict[str, Any]]]:
    """The namespace's Events (all with -A) in the API's order, each with its object."""
    sim = session.sim
    all_ns = bool(parsed.flags.get("all-namespaces"))
    events = session.events.update(sim.audit, sim.now).in_namespace(None if all_ns else namespace(session, parsed),
                                                                     sim.now)
    events.sort(key=lambda e: (e.namespace, e.name, e.first))
    return [(e, event_object(e, i)) for i, e in enumerate(events)]


def get_events(session: Session, parsed: Parsed, fmt: str, names: list[str]) -> CommandResult:
    from .get import printer

    pairs = live_events(session, parsed)
    field_text = parsed.flags.get("field-selector") or ""
    if field_text:
        clauses = parse_field_selector(field_text, EVENTS)
        pairs = [(e, obj) for e, obj in pairs if field_matches(obj, clauses)]
    missing: list[str] = []
    if names:
        by_name = {obj["metadata"]["name"]: (e, obj) for e, obj in pairs}
        missing = [f'Error from server (NotFound): events "{n}" not found' for n in names if n not in by_name]
        pairs = [by_name[n] for n in names if n in by_name]
    out = printer(session, fmt, missing if len(names) == 1 else [])
    sort_by = parsed.flags.get("sort-by") or ""
    if out.table:
        if sort_by and pairs:
            pairs = sort_items(pairs, [obj for _, obj in pairs], sort_by, table=True)
        text = _table(session, parsed, pairs, wide=out.kind == "wide") if pairs else \
            ("" if names else _no_resources(session, parsed))
        problem = ""
    else:
        items = [obj for _, obj in pairs]
        single = len(names) == 1 and len(items) == 1
        if sort_by and items and not single:
            items = sort_items(items, items, sort_by, table=False)
        text, problem = render(out, items[0] if single else list_of(items), items,
                               no_headers=bool(parsed.flags.get("no-headers")))
    output = "\n".join(part for part in (text, problem, *missing) if part)
    return done(output, exit_code=1 if problem or missing else 0, events=[e for e, _ in pairs])


def _no_resources(session: Session, parsed: Parsed) -> str:
    if parsed.flags.get("all-namespaces"):
        return "No resources found"
    return f"No resources found in {namespace(session, parsed)} namespace."


def _table(session: Session, parsed: Parsed, pairs: list[tuple[Event, dict[str, Any]]], *, wide: bool) -> str:
    all_ns = bool(parsed.flags.get("all-namespaces"))
    header = ["LAST SEEN", "TYPE", "REASON", "OBJECT"] + (["SUBOBJECT", "SOURCE"] if wide else []) + ["MESSAGE"] + \
        (["FIRST SEEN", "COUNT", "NAME"] if wide else [])
    rows = [] if parsed.flags.get("no-headers") else [(["NAMESPACE"] if all_ns else []) + header]
    now = session.sim.now
    for e, obj in pairs:
        row = [human_duration(now - e.last), e.type, e.reason, f"{e.kind.lower()}/{e.name}"]
        if wide:
            row += ["", e.source + (f", {e.host}" if e.host else "")]
        row.append(e.message.strip())
        if wide:
            row += [human_duration(now - e.first), str(e.count), obj["metadata"]["name"]]
        rows.append(([e.namespace] if all_ns else []) + row)
    return table(rows)


def event_object(e: Event, index: int) -> dict[str, Any]:
    """The Event as the API returns it; named `<object>.<hex nanoseconds>` as client-go names Events
    (the index keeps two Events of one object at one instant apart)."""
    nanos = (_EPOCH_SECONDS + int(e.first)) * 10**9 + int((e.first % 1) * 10**9) + index
    source = {"component": e.source} | ({"host": e.host} if e.host else {})
    return {"apiVersion": "v1", "count": e.count, "firstTimestamp": timestamp(e.first),
            "involvedObject": {"apiVersion": API_VERSIONS.get(e.kind, "v1"), "kind": e.kind, "name": e.name,
                               "namespace": e.namespace},
            "kind": "Event", "lastTimestamp": timestamp(e.last), "message": e.message,
            "metadata": {"creationTimestamp": timestamp(e.first), "name": f"{e.name}.{nanos:x}",
                         "namespace": e.namespace},
            "reason": e.reason, "reportingComponent": "", "reportingInstance": "", "source": source,
            "type": e.type}


# ---- kubectl events ------------------------------------------------------------------------

@command("events", flags=("all-namespaces", "output", "for", "types", "watch", "no-headers"),
         summary="List events")
def events(session: Session, parsed: Parsed) -> CommandResult:
    if parsed["watch"]:
        raise error("--watch is not supported in the sandbox: time moves on its own in the TUI, "
                    "or use `sim wait 30s` and list the events again")
    out = choose(parsed.flags.get("output") or "", session.cwd, _EVENTS_FORMATS) if parsed.flags.get("output") \
        else Output("")
    kind, name = _for_object(parsed.flags.get("for") or "")
    types = sorted(set(parsed["types"]))
    for value in types:
        if value.lower() not in ("normal", "warning"):
            raise error("valid --types are Normal or Warning")
    pairs = live_events(session, parsed)
    if name:
        pairs = [(e, o) for e, o in pairs if e.kind == kind and e.name == name]
    if types:
        pairs = [(e, o) for e, o in pairs if any(t.lower() == e.type.lower() for t in types)]
    if not pairs:
        all_ns = parsed.flags.get("all-namespaces")
        return done("No events found." if all_ns else f"No events found in {namespace(session, parsed)} namespace.")
    # SortableEvents by lastTimestamp (whole seconds), with Go's unstable sort.Sort
    go_sort(pairs, lambda a, b: int(a[0].last) < int(b[0].last))
    if not out.table:
        items = [o for _, o in pairs]
        text, problem = render(out, {"apiVersion": "v1", "items": items, "kind": "EventList", "metadata": {}}, items)
        return done("\n".join(p for p in (text, problem) if p), exit_code=1 if problem else 0)
    return done(_events_table(session, parsed, [e for e, _ in pairs]), events=[e for e, _ in pairs])


_EVENTS_FORMATS = "go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template," \
                  "templatefile,yaml"


def _for_object(text: str) -> tuple[str, str]:
    """`--for TYPE/NAME`: the kind and name whose Events to show."""
    if not text:
        return "", ""
    if "/" not in text:
        raise error("--for must be in resource/name form")
    if text.count("/") > 1:
        raise error("arguments in resource/name form may not have more than one slash")
    kind, _, name = text.partition("/")
    return resolve(kind).kind, name


def _events_table(session: Session, parsed: Parsed, events_: list[Event]) -> str:
    """EventPrinter: LAST SEEN with `(xN over AGE)`, and OBJECT as `Kind/name`."""
    all_ns = bool(parsed.flags.get("all-namespaces"))
    now = session.sim.now
    rows = [] if parsed.flags.get("no-headers") else \
        [(["NAMESPACE"] if all_ns else []) + ["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]]
    for e in events_:
        first = human_duration(now - e.first)
        seen = f"{human_duration(now - e.last)} (x{e.count} over {first})" if e.count > 1 else first
        rows.append(([e.namespace] if all_ns else []) +
                    [seen, e.type, e.reason, f"{e.kind}/{e.name}", e.message.strip()])
    return table(rows)
