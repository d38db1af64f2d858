"""`kubectl describe` for the workload kinds: Deployment, ReplicaSet, DaemonSet, StatefulSet, Pod
(k/k staging/src/k8s.io/kubectl/pkg/describe/describe.go)."""

from __future__ import annotations

from typing import Any

from ...core.controllers.deployment.util import find_new_replica_set
from ...core.kubelet.container_status import qos_class
from ...core.objects import KObject
from ...core.simulation import Simulation
from ..ages import human_duration
from .describe import (
    Writer,
    annotations_multiline,
    controlled_by,
    describe_containers,
    header,
    labels_multiline,
    pod_template,
    rfc1123z,
    time_field,
    tolerations_multiline,
    volumes,
)
from .tables import format_labels, format_selector


def describe_deployment(sim: Simulation, obj: KObject, w: Writer) -> None:
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
    old, new = _replica_sets(sim, obj)
    w.write(0, f"OldReplicaSets:\t{_rs_list(old)}\n")
    w.write(0, f"NewReplicaSet:\t{_rs_list([new] if new else [])}\n")


def _conditions(w: Writer, status: dict[str, Any]) -> None:
    conditions = status.get("conditions") or []
    if conditions:
        w.write(0, "Conditions:\n  Type\tStatus\tReason\n")
        w.write(1, "----\t------\t------\n")
        for c in conditions:
            w.write(1, f"{c.get('type')} \t{c.get('status')}\t{c.get('reason', '')}\n")


def _replica_sets(sim: Simulation, deployment: KObject) -> tuple[list[KObject], KObject | None]:
    """The new RS is the one whose template matches the Deployment's (ignoring the hash label)."""
    owned = sorted((c for c in sim.children(deployment.uid) if c.kind == "ReplicaSet"),
                   key=lambda rs: (rs.metadata.creation_timestamp, rs.name))
    new = find_new_replica_set(deployment, owned)
    old = [rs for rs in owned if rs is not new and (rs.spec.get("replicas") or rs.status.get("replicas"))]
    return old, new


def _rs_list(sets: list[KObject]) -> str:
    if not sets:
        return "<none>"
    return ", ".join(f"{rs.name} ({rs.status.get('replicas', 0)}/{rs.spec.get('replicas', 0)} replicas created)"
                     for rs in sets)


def describe_replicaset(sim: Simulation, obj: KObject, w: Writer) -> None:
    w.write(0, f"Name:\t{obj.name}\n")
    w.write(0, f"Namespace:\t{obj.namespace}\n")
    w.write(0, f"Selector:\t{format_selector(obj.spec.get('selector'))}\n")
    labels_multiline(w, "Labels", obj.metadata.labels)
    annotations_multiline(w, "Annotations", obj.metadata.annotations)
    if controlled_by(obj):
        w.write(0, f"Controlled By:\t{controlled_by(obj)}\n")
    w.write(0, f"Replicas:\t{obj.status.get('replicas', 0)} current / {obj.spec.get('replicas', 0)} desired\n")
    w.write(0, "Pods Status:\t" + _pod_phases(sim, obj) + "\n")
    pod_template(w, obj.spec.get("template") or {})
    _conditions(w, obj.status)


def _pod_phases(sim: Simulation, owner: KObject) -> str:
    counts = {"Running": 0, "Pending": 0, "Succeeded": 0, "Failed": 0}
    for pod in sim.children(owner.uid):
        phase = pod.status.get("phase", "Pending")
        if pod.kind == "Pod" and phase in counts:
            counts[phase] += 1
    return " / ".join(f"{n} {'Waiting' if p == 'Pending' else p}" for p, n in counts.items())


def describe_daemonset(sim: Simulation, obj: KObject, w: Writer) -> None:
    st = obj.status
    w.write(0, f"Name:\t{obj.name}\n")
    w.write(0, f"Namespace:\t{obj.namespace}\n")
    w.write(0, f"Selector:\t{format_selector(obj.spec.get('selector'))}\n")
    node_selector = ((obj.spec.get("template") or {}).get("spec") or {}).get("nodeSelector") or {}
    w.write(0, f"Node-Selector:\t{format_labels(node_selector)}\n")
    labels_multiline(w, "Labels", obj.metadata.labels)
    annotations_multiline(w, "Annotations", obj.metadata.annotations)
    w.write(0, f"Desired Number of Nodes Scheduled: {st.get('desiredNumberScheduled', 0)}\n")
    w.write(0, f"Current Number of Nodes Scheduled: {st.get('currentNumberScheduled', 0)}\n")
    w.write(0, f"Number of Nodes Scheduled with Up-to-date Pods: {st.get('updatedNumberScheduled', 0)}\n")
    w.write(0, f"Number of Nodes Scheduled with Available Pods: {st.get('numberAvailable', 0)}\n")
    w.write(0, f"Number of Nodes Misscheduled: {st.get('numberMisscheduled', 0)}\n")
    w.write(0, "Pods Status:\t" + _pod_phases(sim, obj) + "\n")
    pod_template(w, obj.spec.get("template") or {})


def describe_statefulset(sim: Simulation, obj: KObject, w: Writer) -> None:
    spec = obj.spec
    w.write(0, f"Name:\t{obj.name}\n")
    w.write(0, f"Namespace:\t{obj.namespace}\n")
    w.write(0, f"CreationTimestamp:\t{rfc1123z(obj.metadata.creation_timestamp)}\n")
    w.write(0, f"Selector:\t{format_selector(spec.get('selector'))}\n")
    labels_multiline(w, "Labels", obj.metadata.labels)
    annotations_multiline(w, "Annotations", obj.metadata.annotations)
    w.write(0, f"Replicas:\t{spec.get('replicas', 0)} desired | {obj.status.get('replicas', 0)} total\n")
    strategy = spec.get("updateStrategy") or {}
    w.write(0, f"Update Strategy:\t{strategy.get('type', '')}\n")
    rolling = strategy.get("rollingUpdate")
    if isinstance(rolling, dict) and rolling.get("partition") is not None:
        w.write(1, f"Partition:\t{rolling['partition']}\n")
        if rolling.get("maxUnavailable") is not None:
            w.write(1, f"MaxUnavailable:\t{rolling['maxUnavailable']}\n")
    w.write(0, "Pods Status:\t" + _pod_phases(sim, obj) + "\n")
    pod_template(w, spec.get("template") or {})
    claims = spec.get("volumeClaimTemplates") or []
    if not claims:
        w.write(0, "Volume Claims:\t<none>\n")
        return
    w.write(0, "Volume Claims:\n")
    for claim in claims:
        meta, claim_spec = claim.get("metadata") or {}, claim.get("spec") or {}
        w.write(1, f"Name:\t{meta.get('name', '')}\n")
        w.write(1, f"StorageClass:\t{claim_spec.get('storageClassName', '')}\n")
        labels_multiline(w, "Labels", meta.get("labels"), indent="  ")
        labels_multiline(w, "Annotations", meta.get("annotations"), indent="  ")
        capacity = ((claim_spec.get("resources") or {}).get("requests") or {}).get("storage")
        w.write(1, f"Capacity:\t{capacity or '<default>'}\n")
        w.write(1, f"Access Modes:\t[{' '.join(claim_spec.get('accessModes') or [])}]\n")


def describe_pod(sim: Simulation, pod: KObject, w: Writer) -> None:
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
    _pod_status_lines(sim, pod, w)
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
    w.write(0, f"QoS Class:\t{qos_class(pod.spec)}\n")
    labels_multiline(w, "Node-Selectors", spec.get("nodeSelector"))
    tolerations_multiline(w, "Tolerations", spec.get("tolerations"))


def _pod_status_lines(sim: Simulation, pod: KObject, w: Writer) -> None:
    st, meta = pod.status, pod.metadata
    if meta.deletion_timestamp is not None and st.get("phase") not in ("Failed", "Succeeded"):
        w.write(0, f"Status:\tTerminating (lasts {human_duration(sim.now - meta.deletion_timestamp)})\n")
        w.write(0, f"Termination Grace Period:\t{meta.deletion_grace_period_seconds or 0}s\n")
    else:
        w.write(0, f"Status:\t{st.get('phase', '')}\n")
    for key, label in (("reason", "Reason"), ("message", "Message")):
        if st.get(key):
            w.write(0, f"{label}:\t{st[key]}\n")
