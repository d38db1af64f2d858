"""`kubectl get`: tables, -o wide|yaml|json|name|jsonpath, -l, --field-selector, -A, --show-labels."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...core.objects import KObject
from ..errors import CommandError, error
from ..parse import Parsed
from ..printers import jsonpath
from ..printers.output import as_list, object_name, to_json, to_yaml
from ..printers.tables import TABLES, format_labels
from ..printers.tabwriter import table
from ..resources import ResourceType
from ..result import CommandResult
from . import command, done
from .common import Found, Target, find_named, list_objects, namespace, targets
from .fields import field_matches, parse_field_selector

if TYPE_CHECKING:
    from ..session import Session

FORMATS = ("custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,"
           "jsonpath-file,name,template,templatefile,wide,yaml")
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
    fmt = output_format(parsed)
    wanted = targets(parsed.args)
    if not wanted:
        raise CommandError(NO_TYPE)
    if wanted[0].rt.kind == "Event" and all(t.rt.kind == "Event" for t in wanted) and wanted[0].name is None:
        from .events import get_events

        return get_events(session, parsed, fmt)
    if any(t.name for t in wanted):
        objects, errors = find_named(session, parsed, wanted)
    else:
        objects, errors = _by_type(session, parsed, wanted), []
    text = render(session, parsed, fmt, objects, wanted, single=len(wanted) == 1 and wanted[0].name is not None)
    text = "\n".join(part for part in (text, *errors) if part)
    return done(text, *[o for _, o in objects], exit_code=1 if errors else 0)


def output_format(parsed: Parsed) -> str:
    fmt = parsed.flags.get("output") or ""
    base = fmt.split("=", 1)[0]
    if base not in ("", "wide", "yaml", "json", "name", "jsonpath"):
        raise error(f'unable to match a printer suitable for the output format "{fmt}", '
                    f"allowed formats are: {FORMATS}")
    if base == "jsonpath" and "=" not in fmt:
        raise error("template format specified but no template given")
    return fmt




def _by_type(session: Session, parsed: Parsed, wanted: list[Target]) -> Found:
    out = []
    field_text = parsed.flags.get("field-selector") or ""
    for target in wanted:
        clauses = parse_field_selector(field_text, target.rt) if field_text else []
        out += [(target.rt, o) for o in list_objects(session, parsed, target.rt) if field_matches(o, clauses)]
    return out


def render(session: Session, parsed: Parsed, fmt: str, objects: list[tuple[ResourceType, KObject]],
           wanted: list[Target], *, single: bool) -> str:
    plain = [o for _, o in objects]
    if fmt in ("yaml", "json") or fmt.startswith("jsonpath="):
        data: Any = plain[0].to_dict() if single and len(plain) == 1 else as_list(plain)
        if fmt == "yaml":
            return to_yaml(data)
        if fmt == "json":
            return to_json(data)
        return jsonpath.render(_unquote(fmt.split("=", 1)[1]), data)
    if fmt == "name":
        return "\n".join(object_name(o) for o in plain)
    if not objects:
        return "" if any(t.name for t in wanted) else no_resources(session, parsed, wanted)
    with_kind = len({t.rt.kind for t in wanted}) > 1
    return tables(session, parsed, objects, with_kind=with_kind, wide=fmt == "wide")


def _unquote(template: str) -> str:
    if len(template) >= 2 and template[0] == template[-1] and template[0] in "'\"":
        return template[1:-1]
    return template


def no_resources(session: Session, parsed: Parsed, wanted: list[Target]) -> str:
    if parsed.flags.get("all-namespaces") or not any(t.rt.namespaced for t in wanted):
        return "No resources found"
    return f"No resources found in {namespace(session, parsed)} namespace."


def tables(session: Session, parsed: Parsed, objects: list[tuple[ResourceType, KObject]], *,
           with_kind: bool, wide: bool) -> str:
    """One table per type, in the order asked for, separated by blank lines."""
    blocks, order = [], []
    groups: dict[str, list[KObject]] = {}
    for rt, obj in objects:
        if rt.kind not in groups:
            order.append(rt)
            groups[rt.kind] = []
        groups[rt.kind].append(obj)
    for rt in order:
        blocks.append(kind_table(session, parsed, rt, groups[rt.kind], with_kind=with_kind, wide=wide))
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
