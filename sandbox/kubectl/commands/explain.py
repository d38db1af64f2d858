"""`kubectl explain` (a short field guide for the kinds the sandbox supports) and `api-resources`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import CommandError, error
from ..parse import Parsed
from ..printers.tabwriter import table
from ..resources import RESOURCE_TYPES, resolve
from ..result import CommandResult
from . import command, done

if TYPE_CHECKING:
    from ..session import Session

# kind -> {field path: (type, description)}; "" describes the kind itself. A short guide, not the full schema.
GUIDE: dict[str, dict[str, tuple[str, str]]] = {
    "Deployment": {
        "": ("", "Deployment enables declarative updates for Pods and ReplicaSets."),
        "spec": ("<DeploymentSpec>", "Specification of the desired behavior of the Deployment."),
        "spec.replicas": ("<integer>", "Number of desired pods. Defaults to 1."),
        "spec.selector": ("<LabelSelector> -required-", "Label selector for pods. It must match the pod "
                          "template's labels and cannot change."),
        "spec.template": ("<PodTemplateSpec> -required-", "Template describes the pods that will be created. "
                          "Changing it starts a rollout."),
        "spec.strategy": ("<DeploymentStrategy>", "The deployment strategy to use to replace existing pods with "
                          "new ones: RollingUpdate (default: 25% maxSurge, 25% maxUnavailable) or Recreate."),
        "spec.minReadySeconds": ("<integer>", "Minimum seconds a new pod must be ready before it counts as "
                                 "available. Defaults to 0."),
        "spec.revisionHistoryLimit": ("<integer>", "Old ReplicaSets to keep for rollback. Defaults to 10."),
        "spec.progressDeadlineSeconds": ("<integer>", "Seconds before a stalled rollout is reported as failed "
                                         "(ProgressDeadlineExceeded). Defaults to 600."),
        "spec.paused": ("<boolean>", "Indicates that the deployment is paused: template changes do not roll out."),
    },
    "Pod": {
        "": ("", "Pod is a collection of containers that can run on a host."),
        "spec": ("<PodSpec>", "Specification of the desired behavior of the pod."),
        "spec.containers": ("<[]Container> -required-", "List of containers belonging to the pod."),
        "spec.nodeName": ("<string>", "The node the pod is bound to; set by the scheduler."),
        "spec.nodeSelector": ("<map[string]string>", "Labels a node must have for the pod to be scheduled on it."),
        "spec.tolerations": ("<[]Toleration>", "The pod tolerates the taints these match."),
        "status.phase": ("<string>", "Pending, Running, Succeeded, Failed or Unknown."),
    },
    "Service": {
        "": ("", "Service is a named abstraction of software service (for example, mysql) consisting of local "
             "port (for example 3306) that the proxy listens on, and the selector that determines which pods "
             "will answer requests sent through the proxy."),
        "spec.selector": ("<map[string]string>", "Route service traffic to pods with label keys and values "
                          "matching this selector."),
        "spec.type": ("<string>", "ClusterIP (default), NodePort, LoadBalancer or ExternalName."),
        "spec.ports": ("<[]ServicePort>", "The list of ports that are exposed by this service."),
    },
    "Node": {
        "": ("", "Node is a worker node in Kubernetes. Each node will have a unique identifier in the cache "
             "(i.e. in etcd)."),
        "spec.unschedulable": ("<boolean>", "Unschedulable controls node schedulability of new pods (cordon)."),
        "spec.taints": ("<[]Taint>", "If specified, the node's taints."),
    },
    "ReplicaSet": {
        "": ("", "ReplicaSet ensures that a specified number of pod replicas are running at any given time."),
        "spec.replicas": ("<integer>", "Replicas is the number of desired pods. Defaults to 1."),
    },
    "DaemonSet": {"": ("", "DaemonSet represents the configuration of a daemon set: a pod on every node.")},
    "StatefulSet": {
        "": ("", "StatefulSet represents a set of pods with consistent identities. Identities are defined as: a "
             "single stable DNS and hostname, and as many VolumeClaims as requested."),
        "spec": ("<StatefulSetSpec>", "Spec defines the desired identities of pods in this set."),
        "spec.replicas": ("<integer>", "The desired number of pods `<name>-0` … `<name>-(N-1)`. Defaults to 1."),
        "spec.serviceName": ("<string>", "The name of the (headless) service that governs this StatefulSet and "
                             "gives each pod the DNS name `<pod>.<serviceName>.<namespace>.svc.cluster.local`."),
        "spec.podManagementPolicy": ("<string>", "OrderedReady (default): pods are created one at a time in "
                                     "order, each after the previous is Running and Ready, and removed in reverse "
                                     "order. Parallel: all at once."),
        "spec.updateStrategy": ("<StatefulSetUpdateStrategy>", "RollingUpdate (default; highest ordinal first, "
                                "down to `rollingUpdate.partition`) or OnDelete."),
    },
    "Job": {
        "": ("", "Job represents the configuration of a single job."),
        "spec": ("<JobSpec>", "Specification of the desired behavior of a job."),
        "spec.completions": ("<integer>", "How many pods must finish successfully. Defaults to 1."),
        "spec.parallelism": ("<integer>", "The most pods the job runs at any time. Defaults to 1."),
        "spec.backoffLimit": ("<integer>", "Retries before the job is marked failed (BackoffLimitExceeded). "
                              "Defaults to 6."),
        "spec.activeDeadlineSeconds": ("<integer>", "Seconds the job may be active before it is failed "
                                       "(DeadlineExceeded)."),
        "spec.ttlSecondsAfterFinished": ("<integer>", "Seconds after the job finishes before it is deleted, "
                                         "with its pods."),
        "spec.template": ("<PodTemplateSpec> -required-", "The pods the job runs; restartPolicy must be "
                          "OnFailure or Never."),
    },
    "CronJob": {
        "": ("", "CronJob represents the configuration of a single cron job."),
        "spec": ("<CronJobSpec>", "Specification of the desired behavior of a cron job, including the schedule."),
        "spec.schedule": ("<string> -required-", "The schedule in Cron format: minute hour day-of-month month "
                          "day-of-week (`*/5 * * * *`), or @hourly, @daily, …"),
        "spec.concurrencyPolicy": ("<string>", "Allow (default), Forbid (skip a run while one is active) or "
                                   "Replace (delete the active run)."),
        "spec.jobTemplate": ("<JobTemplateSpec> -required-", "The job to create at each scheduled time."),
        "spec.suspend": ("<boolean>", "While true, no new jobs are started. Defaults to false."),
        "spec.successfulJobsHistoryLimit": ("<integer>", "Finished jobs kept. Defaults to 3."),
        "spec.failedJobsHistoryLimit": ("<integer>", "Failed jobs kept. Defaults to 1."),
    },
    "ConfigMap": {
        "": ("", "ConfigMap holds configuration data for pods to consume."),
        "data": ("<map[string]string>", "Configuration data: each key a file name or variable, each value its "
                 "text."),
        "binaryData": ("<map[string]string>", "Binary data, base64-encoded, under keys not used in data."),
    },
    "Secret": {
        "": ("", "Secret holds secret data of a certain type. The total bytes of the values in the Data field must "
             "be less than MaxSecretSize bytes."),
        "data": ("<map[string]string>", "Secret values, base64-encoded (encoded, not encrypted)."),
        "stringData": ("<map[string]string>", "Write-only values in plain text, merged into data when written."),
        "type": ("<string>", "Used to facilitate programmatic handling of secret data. Defaults to Opaque."),
    },
    "Ingress": {
        "": ("", "Ingress is a collection of rules that allow inbound connections to reach the endpoints "
             "defined by a backend. It does nothing without an ingress controller."),
        "spec.ingressClassName": ("<string>", "The name of the IngressClass (and so the controller) to use."),
        "spec.rules": ("<[]IngressRule>", "Host and path rules, each sending traffic to a Service backend."),
    },
    "NetworkPolicy": {
        "": ("", "NetworkPolicy describes what network traffic is allowed for a set of Pods."),
        "spec.podSelector": ("<LabelSelector> -required-", "Selects the pods the policy applies to; empty "
                             "selects every pod in the namespace."),
        "spec.policyTypes": ("<[]string>", "Ingress, Egress, or both."),
    },
}


@command("explain", flags=("recursive",), summary="Get documentation for a resource")
def explain(session: Session, parsed: Parsed) -> CommandResult:
    if not parsed.args:
        raise CommandError("error: You must specify the type of resource to explain. Use \"kubectl api-resources\" "
                           "for a complete list of supported resources.")
    kind_word, _, path = parsed.args[0].partition(".")
    rt = resolve(kind_word)
    guide = GUIDE.get(rt.kind, {})
    if path and path not in guide:
        raise error(f'field "{path.split(".")[-1]}" does not exist')
    version = rt.api_version.split("/")[-1]
    head = (f"GROUP:      {rt.group}\n" if rt.group else "") + f"KIND:       {rt.kind}\nVERSION:    {version}\n\n"
    if path:
        ftype, text = guide[path]
        return done(f"{head}FIELD: {path.split('.')[-1]} {ftype}\n\nDESCRIPTION:\n    {text}")
    standard = [("apiVersion", "<string>"), ("kind", "<string>"), ("metadata", "<ObjectMeta>")]
    tops = standard + [(p, t) for p, (t, _) in guide.items() if p and "." not in p]
    fields = "\n".join(f"  {p}\t{t}" for p, t in tops)
    text = guide.get("", ("", f"{rt.kind} (no field guide in the sandbox yet)."))[1]
    subfields = "\n".join(f"  {p}\t{t}" for p, (t, _) in guide.items() if "." in p)
    body = f"{head}DESCRIPTION:\n    {text}\n    \nFIELDS:\n{fields}"
    if subfields:
        body += "\n\nThe sandbox's guide also covers:\n" + subfields.replace("\t", "  ")
    return done(body)


@command("api-resources", flags=("output", "namespaced", "api-group", "no-headers"),
         summary="Print the supported API resources on the server")
def api_resources(session: Session, parsed: Parsed) -> CommandResult:
    rows = [["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"]]
    for rt in sorted(RESOURCE_TYPES, key=lambda r: (r.group != "", r.group, r.plural)):
        if parsed["namespaced"] and str(rt.namespaced).lower() != parsed["namespaced"]:
            continue
        if parsed["api-group"] and rt.group != parsed["api-group"]:
            continue
        rows.append([rt.plural, ",".join(rt.short_names), rt.api_version, str(rt.namespaced).lower(), rt.kind])
    if parsed["output"] == "name":
        return done("\n".join(f"{r[0]}.{rt}" if rt else r[0] for r, rt in
                              ((row, row[2].split("/")[0] if "/" in row[2] else "") for row in rows[1:])))
    return done(table(rows[1:] if parsed["no-headers"] else rows))
