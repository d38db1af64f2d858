"""`kubectl get`: tables, -o wide|yaml|json|name|jsonpath|custom-columns, -l, --field-selector, -A,
--show-labels, --sort-by, --no-headers.

As in kubectl's GetOptions.Run: the printer is chosen (and a template checked) first; tables
are printed per kind, each sorted on its own with --sort-by; every other format prints one
object, or one List of everything asked for, sorted as a whole.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...core.objects import KObject
from ..errors import CommandError, error
from ..parse import Parsed
from ..printers.formats import Output, choose, render
from ..printers.output import list_of
from ..printers.sorting import sort_items
from ..printers.tables import TABLES, format_labels
from ..printers.tabwriter import table
from ..resources import ResourceType
from ..result import CommandResult
from . import command, done
from .common import Found, Target, find_named, list_objects, namespace, targets
from .fields import field_matches, parse_field_selector

if TYPE_CHECKING:
    from ..session import Session

NO_TYPE = ('You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of '
           'supported resources.\n\nerror: Required resource not specified.\nUse "kubectl explain <resource>" for a '
           "detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and "
           "examples")


@command("get", flags=("all-namespaces", "output", "selector", "field-selector", "show-labels", "watch",
                       "sort-by", "no-headers", "filename"), summary="Display one or many resources")
def get(session: Session, parsed: Parsed) -> CommandResult:
    if parsed["watch"]:
        raise error("--watch is not supported in the sandbox: time moves on its own in the TUI, "
                    "or use `sim wait 30s` and get again")
    fmt = parsed.flags.get("output") or ""
    if parsed.flags.get("show-labels") and fmt not in ("", "wide"):
        raise error(f"--show-labels option cannot be used with {fmt} printer")
    wanted = targets(parsed.args)
    if not wanted:
        raise CommandError(NO_TYPE)
    if all(t.rt.kind == "Event" for t in wanted):
        from .events import get_events

        return get_events(session, parsed, fmt, [t.name for t in wanted if t.name])
    if any(t.name for t in wanted):
        objects, errors = find_named(session, parsed, wanted)
    else:
        objects, errors = _by_type(session, parsed, wanted), []
    single = len(wanted) == 1 and wanted[0].name is not None
    out = printer(session, fmt, errors if single else [])
    if out.table:
        text, problem = tables(session, parsed, objects, wanted, wide=out.kind == "wide"), ""
    else:
        text, problem = _generic(parsed, out, [o for _, o in objects], single=single)
    text = "\n".join(part for part in (text, problem, *errors) if part)
    return done(text, *[o for _, o in objects], exit_code=1 if errors or problem else 0)


def printer(session: Session, fmt: str, not_found: list[str]) -> Output:
    """kubectl builds the printer after reading the objects: one named object that does not exist
    reports that first, anything else reports a bad -o first."""
    try:
        return choose(fmt, session.cwd)
    except CommandError:
        if not_found:
            raise CommandError("\n".join(not_found)) from None
        raise


def _by_type(session: Session, parsed: Parsed, wanted: list[Target]) -> Found:
    out = []
    field_text = parsed.flags.get("field-selector") or ""
    for target in wanted:
        clauses = parse_field_selector(field_text, target.rt) if field_text else []
        out += [(target.rt, o) for o in list_objects(session, parsed, target.rt) if field_matches(o, clauses)]
    return out


def _generic(parsed: Parsed, out: Output, objects: list[KObject], *, single: bool) -> tuple[str, str]:
    """printGeneric: one object as itself, anything else as a List (sorted with --sort-by)."""
    items = [o.to_dict() for o in objects]
    sort_by = parsed.flags.get("sort-by") or ""
    if single and len(items) == 1:
        return render(out, items[0], items, no_headers=bool(parsed.flags.get("no-headers")))
    if sort_by and items:
        items = sort_items(items, items, sort_by, table=False)
    return render(out, list_of(items), items, no_headers=bool(parsed.flags.get("no-headers")))


def no_resources(session: Session, parsed: Parsed, wanted: list[Target]) -> str:
    if parsed.flags.get("all-namespaces") or not any(t.rt.namespaced for t in wanted):
        return "No resources found"
    return f"No resources found in {namespace(session, parsed)} namespace."


def tables(session: Session, parsed: Parsed, objects: Found, wanted: list[Target], *, wide: bool) -> str:
    """One table per type, in the order asked for, separated by blank lines."""
    if not objects:
        return "" if any(t.name for t in wanted) else no_resources(session, parsed, wanted)
    order: list[ResourceType] = []
    groups: dict[str, list[KObject]] = {}
    for rt, obj in objects:
        if rt.kind not in groups:
            order.append(rt)
            groups[rt.kind] = []
        groups[rt.kind].append(obj)
    with_kind = len({t.rt.kind for t in wanted}) > 1
    sort_by = parsed.flags.get("sort-by") or ""
    blocks = []
    for rt in order:
        group = groups[rt.kind]
        if sort_by:
            group = sort_items(group, [o.to_dict() for o in group], sort_by, table=True)
        blocks.append(kind_table(session, parsed, rt, group, with_kind=with_kind, wide=wide))
    return "\n\n".join(blocks)


def kind_table(session: Session, parsed: Parsed, rt: ResourceType, objects: list[KObject], *,
               with_kind: bool, wide: bool) -> str:
    headers, extras, row_of = TABLES[rt.kind]
    all_ns = bool(parsed.flags.get("all-namespaces")) and rt.namespaced
    show_labels = bool(parsed.flags.get("show-labels"))
    first = ["NAMESPACE"] if all_ns else []
    header = first + headers + (extras if wide else []) + (["LABELS"] if show_labels else [])
    rows = [] if parsed.flags.get("no-headers") else [header]
    now = session.sim.now
    for obj in objects:
        row = row_of(obj, now, wide)
        if with_kind:
            row[0] = f"{rt.qualified}/{row[0]}"
        labels = [format_labels(obj.metadata.labels)] if show_labels else []
        rows.append(([obj.namespace] if all_ns else []) + row + labels)
    return table(rows)

