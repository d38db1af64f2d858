"""`kubectl describe` for the cluster kinds: Node and Namespace
(k/k staging/src/k8s.io/kubectl/pkg/describe/describe.go)."""

from __future__ import annotations

from typing import Any

from ...core.objects import KObject
from ...core.quantity import format_memory, format_milli_cpu, memory_bytes, milli_cpu
from ...core.simulation import Simulation
from ...core.taints import format_taint
from ..ages import human_duration
from .describe import Writer, annotations_multiline, labels_multiline, rfc1123z, time_field
from .tables import node_roles


def describe_node(sim: Simulation, node: KObject, w: Writer) -> None:
    spec, st = node.spec, node.status
    w.write(0, f"Name:\t{node.name}\n")
    w.write(0, f"Roles:\t{node_roles(node)}\n")
    labels_multiline(w, "Labels", node.metadata.labels)
    annotations_multiline(w, "Annotations", node.metadata.annotations)
    w.write(0, f"CreationTimestamp:\t{rfc1123z(node.metadata.creation_timestamp)}\n")
    taints = spec.get("taints") or []
    w.write(0, "Taints:\t")
    if not taints:
        w.write(0, "<none>\n")
    for i, t in enumerate(taints):
        w.write(0, ("\t" if i else "") + format_taint(t) + "\n")
    w.write(0, f"Unschedulable:\t{'true' if spec.get('unschedulable') else 'false'}\n")
    _lease(sim, node, w)
    _node_conditions(w, st.get("conditions") or [])
    w.write(0, "Addresses:\n")
    for a in st.get("addresses") or []:
        w.write(1, f"{a.get('type')}:\t{a.get('address')}\n")
    for title, key in (("Capacity", "capacity"), ("Allocatable", "allocatable")):
        w.write(0, f"{title}:\n")
        for name in sorted(st.get(key) or {}):
            w.write(1, f"{name}:\t{st[key][name]}\n")
    _system_info(w, st.get("nodeInfo") or {})
    w.write(0, f"PodCIDR:\t{spec.get('podCIDR', '')}\n")
    w.write(0, f"PodCIDRs:\t{','.join(spec.get('podCIDRs') or [])}\n")
    if spec.get("providerID"):
        w.write(0, f"ProviderID:\t{spec['providerID']}\n")
    _node_pods(sim, node, w)


def _lease(sim: Simulation, node: KObject, w: Writer) -> None:
    renew = sim.lease_renew_time(node.name)
    w.write(0, "Lease:\n")
    w.write(1, f"HolderIdentity:\t{node.name if renew is not None else '<unset>'}\n")
    w.write(1, "AcquireTime:\t<unset>\n")
    w.write(1, f"RenewTime:\t{rfc1123z(renew)}\n")


def _node_conditions(w: Writer, conditions: list[dict[str, Any]]) -> None:
    if not conditions:
        return
    w.write(0, "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n")
    w.write(1, "----\t------\t-----------------\t------------------\t------\t-------\n")
    for c in conditions:
        w.write(1, f"{c.get('type')} \t{c.get('status')} \t{time_field(c.get('lastHeartbeatTime'))} \t"
                   f"{time_field(c.get('lastTransitionTime'))} \t{c.get('reason', '')} \t{c.get('message', '')}\n")


def _system_info(w: Writer, info: dict[str, Any]) -> None:
    w.write(0, "System Info:\n")
    for label, key in (("Kernel Version", "kernelVersion"), ("OS Image", "osImage"),
                       ("Operating System", "operatingSystem"), ("Architecture", "architecture"),
                       ("Container Runtime Version", "containerRuntimeVersion"), ("Kubelet Version", "kubeletVersion")):
        w.write(1, f"{label}:\t{info.get(key, '')}\n")


def _node_pods(sim: Simulation, node: KObject, w: Writer) -> None:
    pods = sorted((p for p in sim.pods_on_node(node.name)
                   if p.status.get("phase") not in ("Succeeded", "Failed")), key=lambda p: (p.namespace, p.name))
    allocatable = node.status.get("allocatable") or {}
    cpu_total = max(milli_cpu(allocatable.get("cpu", "0")), 1)
    mem_total = max(memory_bytes(allocatable.get("memory", "0")), 1)
    w.write(0, f"Non-terminated Pods:\t({len(pods)} in total)\n")
    w.write(1, "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n")
    w.write(1, "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n")
    totals = [0, 0, 0, 0]
    for pod in pods:
        sums = _pod_resources(pod)
        totals = [a + b for a, b in zip(totals, sums, strict=True)]
        cells = [_cpu_pct(sums[0], cpu_total), _cpu_pct(sums[1], cpu_total), _mem_pct(sums[2], mem_total),
                 _mem_pct(sums[3], mem_total)]
        w.write(1, f"{pod.namespace}\t{pod.name}\t\t" + "\t".join(cells) +
                f"\t{human_duration(sim.now - pod.metadata.creation_timestamp)}\n")
    w.write(0, "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n")
    w.write(1, "Resource\tRequests\tLimits\n")
    w.write(1, "--------\t--------\t------\n")
    w.write(1, f"cpu\t{_cpu_pct(totals[0], cpu_total)}\t{_cpu_pct(totals[1], cpu_total)}\n")
    w.write(1, f"memory\t{_mem_pct(totals[2], mem_total)}\t{_mem_pct(totals[3], mem_total)}\n")
    # No pod in the sandbox requests these; kubectl lists them all the same.
    for name in ("ephemeral-storage", *sorted(k for k in allocatable if k.startswith("hugepages-"))):
        w.write(1, f"{name}\t0 (0%)\t0 (0%)\n")


def _pod_resources(pod: KObject) -> list[int]:
    sums = [0, 0, 0, 0]
    for c in pod.spec.get("containers") or []:
        res = c.get("resources") or {}
        for i, (part, name) in enumerate((("requests", "cpu"), ("limits", "cpu"), ("requests", "memory"),
                                          ("limits", "memory"))):
            value = (res.get(part) or {}).get(name)
            if value is not None:
                try:
                    sums[i] += milli_cpu(value) if name == "cpu" else memory_bytes(value)
                except ValueError:
                    pass
    return sums


def _cpu_pct(millis: int, total: int) -> str:
    return f"{format_milli_cpu(millis)} ({millis * 100 // total}%)"


def _mem_pct(num: int, total: int) -> str:
    return f"{format_memory(num) if num else '0'} ({num * 100 // total}%)"


def describe_namespace(sim: Simulation, ns: KObject, w: Writer) -> None:
    w.write(0, f"Name:\t{ns.name}\n")
    labels_multiline(w, "Labels", ns.metadata.labels)
    annotations_multiline(w, "Annotations", ns.metadata.annotations)
    w.write(0, f"Status:\t{ns.status.get('phase') or 'Active'}\n")
    w.write(0, "\nNo resource quota.\n\nNo LimitRange resource.\n")
