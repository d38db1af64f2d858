"""`kubectl autoscale (TYPE NAME | TYPE/NAME) --max=N [--min=N] [--cpu-percent=N] [--name=NAME]`
(kubectl pkg/cmd/autoscale/autoscale.go).

kubectl 1.32 sends an autoscaling/v1 HorizontalPodAutoscaler; the API server stores it as
autoscaling/v2, where a missing CPU target becomes the default 80 % — that is the object
the sandbox creates, and what `kubectl get hpa -o yaml` shows on a real cluster too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import CommandError, error
from ..parse import Parsed
from ..printers.output import object_name, to_json, to_yaml
from ..result import CommandResult
from . import command, done
from .common import dry_run, lookup, namespace, targets

if TYPE_CHECKING:
    from ..session import Session

SCALABLE = ("Deployment", "ReplicaSet", "StatefulSet")


@command("autoscale", flags=("min", "max", "cpu-percent", "name", "dry-run", "output"),
         summary="Auto-scale a deployment, replica set, stateful set, or replication controller")
def autoscale(session: Session, parsed: Parsed) -> CommandResult:
    if "max" not in parsed.given:
        raise error('required flag(s) "max" not set')
    low, high, cpu = parsed["min"], parsed["max"], parsed["cpu-percent"]
    if high < 1:
        raise error(f"--max=MAXPODS is required and must be at least 1, max: {high}")
    if high < low:
        raise error(f"--max=MAXPODS must be larger or equal to --min=MINPODS, max: {high}, min: {low}")
    wanted = targets(parsed.args)
    if not wanted or wanted[0].name is None:
        raise CommandError("error: You must provide one or more resources by argument or filename.\n"
                           "See 'kubectl autoscale -h' for help and examples")
    rt = wanted[0].rt
    target = lookup(session, rt, namespace(session, parsed), wanted[0].name or "")
    if rt.kind not in SCALABLE:
        raise error(f"cannot autoscale a {rt.kind}: no scale subresource for {rt.qualified_plural}")
    v1 = _v1_object(parsed["name"] or target.name, rt.api_version, rt.kind, target.name, high, low, cpu)
    suffix = dry_run(parsed)
    fmt = parsed.flags.get("output") or ""
    if suffix == " (dry run)":
        if fmt in ("yaml", "json"):
            return done(to_yaml(v1) if fmt == "yaml" else to_json(v1))
        return done(f"horizontalpodautoscaler.autoscaling/{v1['metadata']['name']} created{suffix}")
    hpa = session.sim.create(_v2_manifest(v1), actor=session.actor, namespace=target.namespace) if not suffix else \
        None
    name = object_name(hpa) if hpa is not None else f"horizontalpodautoscaler.autoscaling/{v1['metadata']['name']}"
    return done(f"{name} autoscaled{suffix}", *([hpa] if hpa is not None else []))


def _v1_object(name: str, api_version: str, kind: str, target: str, high: int, low: int, cpu: int) -> dict[str, Any]:
    """createHorizontalPodAutoscaler, as --dry-run=client prints it."""
    spec: dict[str, Any] = {"maxReplicas": high,
                            "scaleTargetRef": {"apiVersion": api_version, "kind": kind, "name": target}}
    if low > 0:
        spec["minReplicas"] = low
    if cpu >= 0:
        spec["targetCPUUtilizationPercentage"] = cpu
    return {"apiVersion": "autoscaling/v1", "kind": "HorizontalPodAutoscaler",
            "metadata": {"creationTimestamp": None, "name": name}, "spec": spec,
            "status": {"currentReplicas": 0, "desiredReplicas": 0}}


def _v2_manifest(v1: dict[str, Any]) -> dict[str, Any]:
    """The autoscaling/v1 -> v2 conversion the API server makes: the CPU target becomes a Resource metric."""
    spec = {k: v for k, v in v1["spec"].items() if k != "targetCPUUtilizationPercentage"}
    if "targetCPUUtilizationPercentage" in v1["spec"]:
        spec["metrics"] = [{"resource": {"name": "cpu", "target": {
            "averageUtilization": v1["spec"]["targetCPUUtilizationPercentage"], "type": "Utilization"}},
            "type": "Resource"}]
    return {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
            "metadata": {"name": v1["metadata"]["name"]}, "spec": spec}
