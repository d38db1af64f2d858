"""`kubectl taint NODE NAME KEY=VALUE:EFFECT ... | KEY:EFFECT- | KEY-`.

Computed in the client as kubectl does (staging/src/k8s.io/kubectl/pkg/cmd/taint/taint.go and utils.go):
the arguments are parsed and checked before anything is sent, each node's new taint list is worked
out from the old one, and the node is patched with it. The node lifecycle controller keeps its own
taints (not-ready, unreachable, unschedulable) on top of what you set.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...core.objects import KObject
from ...core.schema.fielderrors import label_value, qualified_name
from ...core.taints import format_taint
from ..errors import CommandError, check_errors, error
from ..parse import Parsed
from ..resources import BY_KIND, resolve
from ..result import CommandResult
from . import command, done
from .common import dry_run, list_objects, not_found, resources_and_pairs

if TYPE_CHECKING:
    from ..session import Session

NODE = BY_KIND["Node"]
EFFECTS = ("NoSchedule", "PreferNoSchedule", "NoExecute")
USAGE_HINT = "\nSee 'kubectl taint -h' for help and examples"
# utils.go: the operation kubectl's name printer reports
TAINTED, UNTAINTED, MODIFIED = "tainted", "untainted", "modified"

Taint = dict[str, str]


@command("taint", flags=("overwrite", "all", "selector", "dry-run"), summary="Update the taints on one or more nodes")
def taint(session: Session, parsed: Parsed) -> CommandResult:
    resources, specs = _split(parsed.args)
    to_add, to_remove = _parse_taints(specs)
    _validate(parsed, resources, to_add, to_remove)
    suffix = dry_run(parsed)
    lines, errors, touched = [], [], []
    for node, missing in _nodes(session, parsed, resources):
        if node is None:
            errors.append(not_found(NODE, missing))
            continue
        try:
            operation, taints = _update(node, parsed["overwrite"], to_add, to_remove)
        except _NodeError as err:
            errors.append(str(err))
            continue
        if not suffix:
            _patch(session, node, taints, to_add, to_remove)
        touched.append(node)
        lines.append(f"node/{node.name} {operation}{suffix}")
    return done("\n".join(lines + check_errors(errors)), *touched, exit_code=1 if errors else 0)


class _NodeError(Exception):
    """One node's failure; kubectl goes on with the other nodes (ContinueOnError) and reports them at the end."""


def _split(args: list[str]) -> tuple[list[str], list[str]]:
    """Resources first, then taint changes (an argument with `=`, `:` or a trailing `-`)."""
    resources, specs = resources_and_pairs(args, "taint", lambda arg: "=" in arg or ":" in arg or arg.endswith("-"))
    if not resources:
        raise error("one or more resources must be specified as <resource> <name>")
    if not specs:
        raise error("at least one taint update is required")
    return resources, specs


def _parse_taints(specs: list[str]) -> tuple[list[Taint], list[Taint]]:
    """parseTaints: `key=value:Effect` and `key:Effect` add; `key-` and `key:Effect-` remove."""
    to_add: list[Taint] = []
    to_remove: list[Taint] = []
    for spec in specs:
        if spec.endswith("-"):
            parsed = _parse_taint(spec[:-1])
            to_remove.append({"key": parsed["key"], "effect": parsed["effect"]})
            continue
        parsed = _parse_taint(spec)
        if not parsed["effect"]:
            raise _usage(f"invalid taint spec: {spec}")
        if any(t["key"] == parsed["key"] and t["effect"] == parsed["effect"] for t in to_add):
            # Go prints the taint struct with %v
            raise _usage(f"duplicated taints with the same key and effect: "
                         f"{{{parsed['key']} {parsed['value']} {parsed['effect']} <nil>}}")
        to_add.append(parsed)
    return to_add, to_remove


def _parse_taint(text: str) -> Taint:
    """parseTaint: `<key>=<value>:<effect>`, `<key>:<effect>` or `<key>`."""
    parts = text.split(":")
    key, value, effect = text, "", ""
    if len(parts) == 2:
        effect = parts[1]
        if effect not in EFFECTS:
            raise _usage(f"invalid taint effect: {effect}, unsupported taint effect")
        key_value = parts[0].split("=")
        if len(key_value) > 2:
            raise _usage(f"invalid taint spec: {text}")
        key = key_value[0]
        if len(key_value) == 2:
            value = key_value[1]
            problems = label_value(value)
            if problems:
                raise _usage(f"invalid taint spec: {text}, {'; '.join(problems)}")
    elif len(parts) > 2:
        raise _usage(f"invalid taint spec: {text}")
    problems = qualified_name(key)
    if problems:
        raise _usage(f"invalid taint spec: {text}, {'; '.join(problems)}")
    return {"key": key, "value": value, "effect": effect}


def _usage(message: str) -> CommandError:
    return CommandError(f"error: {message}{USAGE_HINT}")


def _validate(parsed: Parsed, resources: list[str], to_add: list[Taint], to_remove: list[Taint]) -> None:
    """TaintOptions.Validate: nodes only, no taint both changed and removed, names or --all or -l."""
    kind = resources[0].lower()
    if resolve(kind).kind != "Node":
        raise error(f"invalid resource type {kind}, only node types are supported")
    conflicts = [f'{{"{r["key"]}":"{r["effect"]}"}}' for a in to_add for r in to_remove
                 if a["key"] == r["key"] and (not r["effect"] or a["effect"] == r["effect"])]
    if conflicts:
        raise error("can not both modify and remove the following taint(s) in the same command: "
                    + ", ".join(conflicts))
    if parsed["all"] and parsed["selector"]:
        raise error("setting 'all' parameter with a non empty selector is prohibited")
    if not parsed["all"] and not parsed["selector"] and len(resources) < 2:
        raise error("at least one resource name must be specified since 'all' parameter is not set")


def _nodes(session: Session, parsed: Parsed, resources: list[str]) -> list[tuple[KObject | None, str]]:
    """The nodes named, or every node (--all) or those matching -l; a missing one as (None, name)."""
    if parsed["all"] or parsed["selector"]:
        return [(node, node.name) for node in list_objects(session, parsed, NODE)]
    return [(session.sim.try_get("Node", "", name), name) for name in resources[1:]]


def _update(node: KObject, overwrite: bool, to_add: list[Taint], to_remove: list[Taint]) -> tuple[str, list[Any]]:
    """updateTaints and reorganizeTaints: the operation kubectl reports and the node's new taint list."""
    old: list[dict[str, Any]] = node.spec.get("taints") or []
    if not overwrite:
        existing = [t["key"] for t in to_add for o in old
                    if o.get("key") == t["key"] and o.get("effect") == t["effect"]]
        if existing:
            raise _NodeError(f"node {node.name} already has {','.join(existing)} taint(s) with same effect(s) and "
                             "--overwrite is false")
    new: list[dict[str, Any]] = [_api_taint(t) for t in to_add]
    new += [o for o in old if not any(_same(n, o) for n in new)]
    added = len(old) != len(new)
    problems, deleted = [], False
    for removal in to_remove:
        kept = [t for t in new if not (t.get("key") == removal["key"]
                                       and (not removal["effect"] or t.get("effect") == removal["effect"]))]
        deleted = len(kept) != len(new)   # as upstream: only the last removal decides "deleted"
        if not deleted:
            problems.append(f'taint "{_taint_string(removal)}" not found')
        new = kept
    if problems:   # an Aggregate of one is unwrapped; of several, printed as [a, b]
        raise _NodeError(problems[0] if len(problems) == 1 else "[" + ", ".join(problems) + "]")
    operation = MODIFIED if (added and deleted) or overwrite else TAINTED if added else UNTAINTED
    return operation, new


def _api_taint(taint: Taint) -> dict[str, Any]:
    """As the API stores it: no empty value."""
    out: dict[str, Any] = {"effect": taint["effect"], "key": taint["key"]}
    if taint["value"]:
        out["value"] = taint["value"]
    return out


def _same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Taint.MatchTaint: same key and effect (the value may differ)."""
    return a.get("key") == b.get("key") and a.get("effect") == b.get("effect")


def _taint_string(taint: Taint) -> str:
    """Taint.ToString for a removal (no value): `key` or `key:Effect`."""
    return f"{taint['key']}:{taint['effect']}" if taint["effect"] else taint["key"]


def _patch(session: Session, node: KObject, taints: list[Any], to_add: list[Taint], to_remove: list[Taint]) -> None:
    changes = [format_taint(_api_taint(t)) for t in to_add] + [f"{_taint_string(t)}-" for t in to_remove]
    session.sim.patch("Node", "", node.name, {"spec": {"taints": taints or None}}, actor=session.actor,
                      reason=f"{session.actor} tainted node/{node.name}: {' '.join(changes)}")
