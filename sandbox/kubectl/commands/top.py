"""`kubectl top nodes|pods`. Simulated: a pod's usage is its containers' resource requests
(there is no metrics-server in the sandbox), and the output says so."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...core.objects import KObject
from ...core.quantity import memory_bytes, milli_cpu
from ..errors import CommandError
from ..parse import Parsed
from ..printers.tabwriter import table
from ..resources import resolve
from ..result import CommandResult
from . import command, done
from .common import list_objects, sorted_objects

if TYPE_CHECKING:
    from ..session import Session

NOTE = "(simulated: usage shown is the pods' resource requests)"


def usage(pod: KObject) -> tuple[int, int]:
    cpu = mem = 0
    for c in pod.spec.get("containers") or []:
        requests = (c.get("resources") or {}).get("requests") or {}
        try:
            cpu += milli_cpu(requests.get("cpu", 0))
            mem += memory_bytes(requests.get("memory", 0))
        except ValueError:
            continue
    return cpu, mem


def _running(pods: list[KObject]) -> list[KObject]:
    return [p for p in pods if p.status.get("phase") == "Running"]


@command("top", flags=("all-namespaces", "selector", "no-headers"), summary="Display resource (CPU/memory) usage")
def top(session: Session, parsed: Parsed) -> CommandResult:
    if not parsed.args or parsed.args[0] not in ("node", "nodes", "no", "pod", "pods", "po"):
        raise CommandError("error: top needs a resource: `kubectl top nodes` or `kubectl top pods`")
    rt = resolve(parsed.args[0])
    if rt.kind == "Node":
        return done(_nodes(session, parsed) + "\n" + NOTE)
    pods = _running(list_objects(session, parsed, rt))
    if not pods:
        return done("No resources found in default namespace.")
    all_ns = bool(parsed["all-namespaces"])
    rows = [(["NAMESPACE"] if all_ns else []) + ["NAME", "CPU(cores)", "MEMORY(bytes)"]]
    for pod in pods:
        cpu, mem = usage(pod)
        rows.append(([pod.namespace] if all_ns else []) + [pod.name, f"{cpu}m", f"{mem // 2**20}Mi"])
    return done(table(rows) + "\n" + NOTE)


def _nodes(session: Session, parsed: Parsed) -> str:
    rows = [["NAME", "CPU(cores)", "CPU(%)", "MEMORY(bytes)", "MEMORY(%)"]]
    for node in sorted_objects(session.sim.list("Node")):
        cpu = mem = 0
        for pod in _running(session.sim.pods_on_node(node.name)):
            c, m = usage(pod)
            cpu, mem = cpu + c, mem + m
        alloc = node.status.get("allocatable") or {}
        cpu_total = max(milli_cpu(alloc.get("cpu", "1")), 1)
        mem_total = max(memory_bytes(alloc.get("memory", "1")), 1)
        rows.append([node.name, f"{cpu}m", f"{cpu * 100 // cpu_total}%", f"{mem // 2**20}Mi",
                     f"{mem * 100 // mem_total}%"])
    return table(rows)
