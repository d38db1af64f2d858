"""`kubectl describe TYPE [NAME]`: kind-specific layouts, the generic one for the rest."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ...core.objects import KObject
from ...core.quantity import format_memory, memory_bytes, milli_cpu
from ..ages import human_duration
from ..errors import CommandError
from ..parse import Parsed
from ..printers.describe import (Writer, annotations_multiline, controlled_by, describe_containers, events_section,
                                 header, labels_multiline, pod_template, rfc1123z, time_field, tolerations_multiline,
                                 unstructured, volumes)
from ..printers import describe_network as net
from ..printers.tables import format_selector, node_roles
from . import command, done
from .common import list_objects, namespace, not_found, targets

if TYPE_CHECKING:
    from ..session import Session

# kubectl's namespace describer shows quotas and limit ranges, not events; its NetworkPolicy
# describer shows no events either.
NO_EVENTS = ("Namespace", "NetworkPolicy")
Describer = Callable[["Session", KObject, Writer], None]


@command("describe", flags=("all-namespaces", "selector"), summary="Show details of a resource or group of resources")
def describe(session: Session, parsed: Parsed):
    wanted = targets(parsed.args)
    if not wanted:
        raise CommandError('You must specify the type of resource to describe. Use "kubectl api-resources" for a '
                           "complete list of supported resources.")
    ns = namespace(session, parsed)
    texts, errors, objects = [], [], []
    for target in wanted:
        if target.name is None:
            found = list_objects(session, parsed, target.rt)
        else:
            obj = session.sim.try_get(target.rt.kind, ns, target.name)
            found = [obj] if obj else []
            if obj is None:
                errors.append(not_found(target.rt, target.name))
        objects += found
        texts += [describe_object(session, obj) for obj in found]
    if not objects and not errors:
        texts.append(f"No resources found in {ns} namespace.")
    return done("\n\n\n".join(texts) + ("\n" if errors and texts else "") + "\n".join(errors), *objects,
                exit_code=1 if errors else 0)


def describe_object(session: Session, obj: KObject) -> str:
    w = Writer()
    DESCRIBERS.get(obj.kind, _generic)(session, obj, w)
    if obj.kind in NO_EVENTS:
        return w.text()
    sim = session.sim
    events = session.events.update(sim.audit, sim.now).for_object(obj.kind, obj.namespace, obj.name, sim.now)
    events_section(w, events, sim.now)
    return w.text()


def _generic(session: Session, obj: KObject, w: Writer) -> None:
    header(w, obj, timestamp=False)
    skip = (".metadata.managedFields", ".metadata.name", ".metadata.namespace", ".metadata.labels",
            ".metadata.annotations")
    unstructured(w, 0, obj.to_dict(), skip)


# ---- workloads --------------------------------------------------------------------

def _deployment(session: Session, obj: KObject, w: Writer) -> None:
    header(w, obj)
    spec, st = obj.spec, obj.status
    w.write(0, f"Selector:\t{format_selector(spec.get('selector'))}\n")
    w.write(0, f"Replicas:\t{spec.get('replicas', 0)} desired | {st.get('updatedReplicas', 0)} updated | "
               f"{st.get('replicas', 0)} total | {st.get('availableReplicas', 0)} available | "
               f"{st.get('unavailableReplicas', 0)} unavailable\n")
    strategy = spec.get("strategy") or {}
    w.write(0, f"StrategyType:\t{strategy.get('type', '')}\n")
    w.write(0, f"MinReadySeconds:\t{spec.get('minReadySeconds', 0)}\n")
    rolling = strategy.get("rollingUpdate")
    if isinstance(rolling, dict):
        w.write(0, f"RollingUpdateStrategy:\t{rolling.get('maxUnavailable')} max unavailable, "
                   f"{rolling.get('maxSurge')} max surge\n")
    pod_template(w, spec.get("template") or {})
    _conditions(w, st)
    old, new = _replica_sets(session, obj)
    w.write(0, f"OldReplicaSets:\t{_rs_list(old)}\n")
    w.write(0, f"NewReplicaSet:\t{_rs_list([new] if new else [])}\n")


def _conditions(w: Writer, status: dict[str, Any]) -> None:
    conditions = status.get("conditions") or []
    if conditions:
        w.write(0, "Conditions:\n  Type\tStatus\tReason\n")
        w.write(1, "----\t------\t------\n")
        for c in conditions:
            w.write(1, f"{c.get('type')} \t{c.get('status')}\t{c.get('reason', '')}\n")


def _replica_sets(session: Session, deployment: KObject) -> tuple[list[KObject], KObject | None]:
    """The new RS is the one whose template matches the Deployment's (ignoring the hash label)."""
    owned = sorted((c for c in session.sim.store.children(deployment.uid) if c.kind == "ReplicaSet"),
                   key=lambda rs: (rs.metadata.creation_timestamp, rs.name))
    new = next((rs for rs in owned if _same_template(rs, deployment)), None)
    old = [rs for rs in owned if rs is not new and (rs.spec.get("replicas") or rs.status.get("replicas"))]
    return old, new


def _same_template(rs: KObject, deployment: KObject) -> bool:
    template = dict(rs.spec.get("template") or {})
    meta = dict(template.get("metadata") or {})
    labels = {k: v for k, v in (meta.get("labels") or {}).items() if k != "pod-template-hash"}
    meta["labels"] = labels
    template["metadata"] = meta
    other = dict(deployment.spec.get("template") or {})
    other_meta = dict(other.get("metadata") or {})
    other_meta["labels"] = dict(other_meta.get("labels") or {})
    other["metadata"] = other_meta
    return template == other


def _rs_list(sets: list[KObject]) -> str:
    if not sets:
        return "<none>"
    return ", ".join(f"{rs.name} ({rs.status.get('replicas', 0)}/{rs.spec.get('replicas', 0)} replicas created)"
                     for rs in sets)


def _replicaset(session: Session, obj: KObject, w: Writer) -> None:
    w.write(0, f"Name:\t{obj.name}\n")
    w.write(0, f"Namespace:\t{obj.namespace}\n")
    w.write(0, f"Selector:\t{format_selector(obj.spec.get('selector'))}\n")
    labels_multiline(w, "Labels", obj.metadata.labels)
    annotations_multiline(w, "Annotations", obj.metadata.annotations)
    if controlled_by(obj):
        w.write(0, f"Controlled By:\t{controlled_by(obj)}\n")
    w.write(0, f"Replicas:\t{obj.status.get('replicas', 0)} current / {obj.spec.get('replicas', 0)} desired\n")
    w.write(0, "Pods Status:\t" + _pod_phases(session, obj) + "\n")
    pod_template(w, obj.spec.get("template") or {})
    conditions = obj.status.get("conditions") or []
    if conditions:
        w.write(0, "Conditions:\n  Type\tStatus\tReason\n")
        w.write(1, "----\t------\t------\n")
        for c in conditions:
            w.write(1, f"{c.get('type')} \t{c.get('status')}\t{c.get('reason', '')}\n")


def _pod_phases(session: Session, owner: KObject) -> str:
    counts = {"Running": 0, "Pending": 0, "Succeeded": 0, "Failed": 0}
    for pod in session.sim.store.children(owner.uid):
        phase = pod.status.get("phase", "Pending")
        if pod.kind == "Pod" and phase in counts:
            counts[phase] += 1
    return " / ".join(f"{n} {'Waiting' if p == 'Pending' else p}" for p, n in counts.items())


def _daemonset(session: Session, obj: KObject, w: Writer) -> None:
    st = obj.status
    w.write(0, f"Name:\t{obj.name}\n")
    w.write(0, f"Namespace:\t{obj.namespace}\n")
    w.write(0, f"Selector:\t{format_selector(obj.spec.get('selector'))}\n")
    node_selector = ((obj.spec.get("template") or {}).get("spec") or {}).get("nodeSelector") or {}
    w.write(0, "Node-Selector:\t" + (",".join(f"{k}={v}" for k, v in sorted(node_selector.items())) or "<none>") + "\n")
    labels_multiline(w, "Labels", obj.metadata.labels)
    annotations_multiline(w, "Annotations", obj.metadata.annotations)
    w.write(0, f"Desired Number of Nodes Scheduled: {st.get('desiredNumberScheduled', 0)}\n")
    w.write(0, f"Current Number of Nodes Scheduled: {st.get('currentNumberScheduled', 0)}\n")
    w.write(0, f"Number of Nodes Scheduled with Up-to-date Pods: {st.get('updatedNumberScheduled', 0)}\n")
    w.write(0, f"Number of Nodes Scheduled with Available Pods: {st.get('numberAvailable', 0)}\n")
    w.write(0, f"Number of Nodes Misscheduled: {st.get('numberMisscheduled', 0)}\n")
    w.write(0, "Pods Status:\t" + _pod_phases(session, obj) + "\n")
    pod_template(w, obj.spec.get("template") or {})


def _pod(session: Session, pod: KObject, w: Writer) -> None:
    spec, st = pod.spec, pod.status
    w.write(0, f"Name:\t{pod.name}\n")
    w.write(0, f"Namespace:\t{pod.namespace}\n")
    if spec.get("priority") is not None:
        w.write(0, f"Priority:\t{spec['priority']}\n")
    if spec.get("priorityClassName"):
        w.write(0, f"Priority Class Name:\t{spec['priorityClassName']}\n")
    if spec.get("serviceAccountName"):
        w.write(0, f"Service Account:\t{spec['serviceAccountName']}\n")
    node = spec.get("nodeName")
    w.write(0, f"Node:\t{node}/{st.get('hostIP', '')}\n" if node else "Node:\t<none>\n")
    if st.get("startTime"):
        w.write(0, f"Start Time:\t{time_field(st['startTime'])}\n")
    labels_multiline(w, "Labels", pod.metadata.labels)
    annotations_multiline(w, "Annotations", pod.metadata.annotations)
    _pod_status_lines(session, pod, w)
    w.write(0, f"IP:\t{st.get('podIP', '')}\n")
    ips = st.get("podIPs") or []
    if ips:
        w.write(0, "IPs:\n")
        for ip in ips:
            w.write(0, f"  IP:\t{ip.get('ip')}\n")
    else:
        w.write(0, "IPs:\t<none>\n")
    if controlled_by(pod):
        w.write(0, f"Controlled By:\t{controlled_by(pod)}\n")
    if spec.get("initContainers"):
        describe_containers(w, "Init Containers", spec["initContainers"], st.get("initContainerStatuses") or [], "")
    describe_containers(w, "Containers", spec.get("containers") or [], st.get("containerStatuses") or [], "")
    conditions = st.get("conditions") or []
    if conditions:
        w.write(0, "Conditions:\n  Type\tStatus\n")
        w.write(1, "----\t------\n")
        for c in conditions:
            w.write(1, f"{c.get('type')} \t{c.get('status')} \n")
    volumes(w, spec.get("volumes"), "")
    w.write(0, f"QoS Class:\t{qos_class(pod)}\n")
    labels_multiline(w, "Node-Selectors", spec.get("nodeSelector"))
    tolerations_multiline(w, "Tolerations", spec.get("tolerations"))


def _pod_status_lines(session: Session, pod: KObject, w: Writer) -> None:
    st, meta = pod.status, pod.metadata
    if meta.deletion_timestamp is not None and st.get("phase") not in ("Failed", "Succeeded"):
        w.write(0, f"Status:\tTerminating (lasts {human_duration(session.sim.now - meta.deletion_timestamp)})\n")
        w.write(0, f"Termination Grace Period:\t{meta.deletion_grace_period_seconds or 0}s\n")
    else:
        w.write(0, f"Status:\t{st.get('phase', '')}\n")
    for key, label in (("reason", "Reason"), ("message", "Message")):
        if st.get(key):
            w.write(0, f"{label}:\t{st[key]}\n")


def qos_class(pod: KObject) -> str:
    """GetPodQOS: Guaranteed when every container's requests equal its limits for cpu and memory."""
    containers = pod.spec.get("containers") or []
    any_set, guaranteed = False, bool(containers)
    for c in containers:
        res = c.get("resources") or {}
        requests, limits = res.get("requests") or {}, res.get("limits") or {}
        any_set = any_set or bool(requests) or bool(limits)
        for name in ("cpu", "memory"):
            if name not in limits or requests.get(name, limits[name]) != limits[name]:
                guaranteed = False
    if not any_set:
        return "BestEffort"
    return "Guaranteed" if guaranteed else "Burstable"


# ---- cluster ----------------------------------------------------------------------

def _node(session: Session, node: KObject, w: Writer) -> None:
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
        value = f"={t['value']}" if t.get("value") else ""
        w.write(0, ("\t" if i else "") + f"{t.get('key')}{value}:{t.get('effect')}\n")
    w.write(0, f"Unschedulable:\t{'true' if spec.get('unschedulable') else 'false'}\n")
    _lease(session, node, w)
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
    _node_pods(session, node, w)


def _lease(session: Session, node: KObject, w: Writer) -> None:
    renew = session.sim.leases.renew_time(node.name)
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


def _node_pods(session: Session, node: KObject, w: Writer) -> None:
    pods = sorted((p for p in session.sim.store.pods_on_node(node.name)
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
        totals = [a + b for a, b in zip(totals, sums)]
        cells = [_cpu_pct(sums[0], cpu_total), _cpu_pct(sums[1], cpu_total), _mem_pct(sums[2], mem_total),
                 _mem_pct(sums[3], mem_total)]
        w.write(1, f"{pod.namespace}\t{pod.name}\t\t" + "\t".join(cells) +
                f"\t{human_duration(session.sim.now - pod.metadata.creation_timestamp)}\n")
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
    text = "0" if millis == 0 else (f"{millis // 1000}" if millis % 1000 == 0 else f"{millis}m")
    return f"{text} ({millis * 100 // total}%)"


def _mem_pct(num: int, total: int) -> str:
    return f"{format_memory(num) if num else '0'} ({num * 100 // total}%)"


def _namespace(session: Session, ns: KObject, w: Writer) -> None:
    w.write(0, f"Name:\t{ns.name}\n")
    labels_multiline(w, "Labels", ns.metadata.labels)
    annotations_multiline(w, "Annotations", ns.metadata.annotations)
    w.write(0, f"Status:\t{ns.status.get('phase') or 'Active'}\n")
    w.write(0, "\nNo resource quota.\n\nNo LimitRange resource.\n")


def _on_sim(describe_kind: Callable[[Any, KObject, Writer], None]) -> Describer:
    return lambda session, obj, w: describe_kind(session.sim, obj, w)


DESCRIBERS: dict[str, Describer] = {
    "Deployment": _deployment, "ReplicaSet": _replicaset, "DaemonSet": _daemonset, "Pod": _pod, "Node": _node,
    "Namespace": _namespace, "Service": _on_sim(net.describe_service), "Endpoints": _on_sim(net.describe_endpoints),
    "EndpointSlice": _on_sim(net.describe_endpoint_slice), "Ingress": _on_sim(net.describe_ingress),
    "NetworkPolicy": _on_sim(net.describe_network_policy), "PodDisruptionBudget": _on_sim(net.describe_pdb),
}
