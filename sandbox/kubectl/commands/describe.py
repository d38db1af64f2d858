"""`kubectl describe TYPE [NAME]`: finds the objects and hands each to its kind's describer in printers/
(the generic one for kinds without their own), then appends the events."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ...core.objects import KObject
from ...core.simulation import Simulation
from ..errors import CommandError
from ..parse import Parsed
from ..printers import describe_autoscaling as autoscaling
from ..printers import describe_batch as batch
from ..printers import describe_cluster as cluster
from ..printers import describe_config as config
from ..printers import describe_network as net
from ..printers import describe_workloads as workloads
from ..printers.describe import Writer, describe_generic, events_section
from ..result import CommandResult
from . import command, done
from .common import find_named, list_objects, namespace, targets

if TYPE_CHECKING:
    from ..session import Session

# kubectl's namespace describer shows quotas and limit ranges, not events; its NetworkPolicy
# and Secret describers show no events either.
NO_EVENTS = ("Namespace", "NetworkPolicy", "Secret")
Describer = Callable[[Simulation, KObject, Writer], None]


@command("describe", flags=("all-namespaces", "selector"), summary="Show details of a resource or group of resources")
def describe(session: Session, parsed: Parsed) -> CommandResult:
    wanted = targets(parsed.args)
    if not wanted:
        raise CommandError('You must specify the type of resource to describe. Use "kubectl api-resources" for a '
                           "complete list of supported resources.")
    if any(t.name for t in wanted):
        found, errors = find_named(session, parsed, wanted)
        objects = [obj for _, obj in found]
    else:
        objects, errors = [obj for t in wanted for obj in list_objects(session, parsed, t.rt)], []
    texts = [describe_object(session, obj) for obj in objects]
    if not objects and not errors:
        texts.append(f"No resources found in {namespace(session, parsed)} namespace.")
    return done("\n\n\n".join(texts) + ("\n" if errors and texts else "") + "\n".join(errors), *objects,
                exit_code=1 if errors else 0)


def describe_object(session: Session, obj: KObject) -> str:
    w = Writer()
    DESCRIBERS.get(obj.kind, describe_generic)(session.sim, obj, w)
    if obj.kind in NO_EVENTS:
        return w.text()
    sim = session.sim
    events = session.events.update(sim.audit, sim.now).for_object(obj.kind, obj.namespace, obj.name, sim.now)
    events_section(w, events, sim.now)
    return w.text() + _sandbox_note(sim, obj)


def _sandbox_note(sim: Simulation, obj: KObject) -> str:
    """What the sandbox adds below kubectl's own output, marked as its own words."""
    if obj.kind != "Ingress":
        return ""
    why = sim.ingress_unserved(obj)
    if why is None:
        return ""
    return (f"\n\n[sandbox note — not kubectl output] No ingress controller serves this Ingress: {why}. Nothing "
            "routes its rules and its Address stays empty until one runs (sim addons list shows the ingress "
            "controllers: ingress-nginx, traefik). A real cluster says nothing about this.")


DESCRIBERS: dict[str, Describer] = {
    "Deployment": workloads.describe_deployment, "ReplicaSet": workloads.describe_replicaset,
    "DaemonSet": workloads.describe_daemonset, "StatefulSet": workloads.describe_statefulset,
    "Job": batch.describe_job, "CronJob": batch.describe_cronjob, "ConfigMap": config.describe_configmap,
    "Secret": config.describe_secret, "Pod": workloads.describe_pod, "Node": cluster.describe_node,
    "Namespace": cluster.describe_namespace, "Service": net.describe_service, "Endpoints": net.describe_endpoints,
    "EndpointSlice": net.describe_endpoint_slice, "Ingress": net.describe_ingress,
    "NetworkPolicy": net.describe_network_policy, "PodDisruptionBudget": net.describe_pdb,
    "HorizontalPodAutoscaler": autoscaling.describe_hpa,
}
