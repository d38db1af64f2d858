"""What `kubectl rollout undo` computes on the client (kubectl pkg/polymorphichelpers/rollback.go,
DeploymentRollbacker): the ReplicaSet of the revision to restore, then one JSON patch that
replaces the Deployment's pod template and annotations. The API server and the Deployment
controller do the rest: the matching ReplicaSet is scaled up again and gets the next revision.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...core.controllers.deployment import ANNOTATIONS_TO_SKIP, equal_ignore_hash, template_without_hash
from ...core.objects import KObject, deep_copy
from ..errors import error
from ..printers.describe import Writer, pod_template

if TYPE_CHECKING:
    from ..session import Session


def rollback(session: Session, deployment: KObject, to_revision: int, dry_run: str) -> str:
    """The operation kubectl prints after `deployment.apps/NAME`: `rolled back`, `skipped rollback (…)`,
    or, with --dry-run=client, the pod template it would restore."""
    if to_revision < 0:
        raise error(f"unable to find specified revision {to_revision} in history")
    rs = _revision(session, deployment, to_revision)
    if dry_run == "client":
        return template_text(rs.spec.get("template") or {})
    if deployment.spec.get("paused"):
        raise error(f"you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume "
                    f"deployment/{deployment.name}' and try again")
    if equal_ignore_hash(rs.spec.get("template") or {}, deployment.spec.get("template") or {}):
        return f"skipped rollback (current template already matches revision {to_revision})"
    if dry_run == "server":
        return "rolled back"
    annotations = {k: v for k, v in deployment.metadata.annotations.items() if k in ANNOTATIONS_TO_SKIP}
    annotations.update((k, v) for k, v in rs.metadata.annotations.items() if k not in ANNOTATIONS_TO_SKIP)
    patch: list[dict[str, Any]] = [
        {"op": "replace", "path": "/spec/template", "value": deep_copy(template_without_hash(rs.spec["template"]))},
        {"op": "replace", "path": "/metadata/annotations", "value": annotations},
    ]
    session.sim.patch("Deployment", deployment.namespace, deployment.name, patch, patch_type="json",
                      actor=session.actor, reason=f"{session.actor} rolled back deployment/{deployment.name} to "
                                                  f"the template of replicaset/{rs.name}")
    return "rolled back"


def _revision(session: Session, deployment: KObject, to_revision: int) -> KObject:
    """deploymentRevision: the ReplicaSet with that revision, or with the second-highest one."""
    history = session.sim.rollout_history(deployment.namespace, deployment.name)
    if to_revision > 0:
        for number, rs in history:
            if number == to_revision:
                return rs
        raise error(f"unable to find specified revision {to_revision} in history")
    if len(history) < 2:
        raise error(f'no rollout history found for deployment "{deployment.name}"')
    return history[-2][1]


def template_text(template: dict[str, Any]) -> str:
    """printTemplate: DescribePodTemplate through a plain PrefixWriter — tabs left as tabs, no tabwriter."""
    w = Writer()
    pod_template(w, template)
    return "".join(w.parts)
