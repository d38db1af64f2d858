"""What `kubectl rollout …` and `kubectl set image` do, as operations on the API.

Like kubectl, these only edit the Deployment (or other workload); the
controllers do the rest. Errors that kubectl raises itself, before any request,
print as `error: …` (see RolloutError). `rollout undo` is computed by the kubectl
layer, as kubectl computes it on the client.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .controllers.deployment import revision
from .errors import BadRequest
from .objects import KObject, condition, deep_copy, timestamp
from .store import Store, resource_name
from .validation import validate_update

RESTARTED_AT_ANNOTATION = "kubectl.kubernetes.io/restartedAt"
TEMPLATE_KINDS = ("Deployment", "DaemonSet", "ReplicaSet", "StatefulSet")


class RolloutError(BadRequest):
    """A refusal kubectl makes on the client side, printed as `error: …`."""

    def __str__(self) -> str:
        return f"error: {self.message}"


@dataclass(frozen=True)
class RolloutStatus:
    """`kubectl rollout status`: done → exit 0; failed → exit 1; otherwise keep waiting."""

    done: bool
    failed: bool
    message: str


def history(store: Store, namespace: str, name: str) -> list[tuple[int, KObject]]:
    """(revision, ReplicaSet) for every ReplicaSet the Deployment controls, oldest revision first."""
    d = store.get("Deployment", namespace, name)
    owned = [rs for rs in store.children(d.uid) if rs.kind == "ReplicaSet"]
    return sorted(((revision(rs), rs) for rs in owned if revision(rs) > 0), key=lambda pair: pair[0])


def status(store: Store, namespace: str, name: str) -> RolloutStatus:
    """kubectl's DeploymentStatusViewer, word for word."""
    d = store.get("Deployment", namespace, name)
    s = d.status
    if d.metadata.generation > s.get("observedGeneration", 0):
        return RolloutStatus(False, False, "Waiting for deployment spec update to be observed...")
    cond = condition(s, "Progressing")
    if cond is not None and cond["reason"] == "ProgressDeadlineExceeded":
        return RolloutStatus(False, True, f'error: deployment "{name}" exceeded its progress deadline')
    want = d.spec.get("replicas", 1)
    updated, replicas, available = s.get("updatedReplicas", 0), s.get("replicas", 0), s.get("availableReplicas", 0)
    waiting = f'Waiting for deployment "{name}" rollout to finish: '
    if updated < want:
        return RolloutStatus(False, False, f"{waiting}{updated} out of {want} new replicas have been updated...")
    if replicas > updated:
        return RolloutStatus(False, False, f"{waiting}{replicas - updated} old replicas are pending termination...")
    if available < updated:
        return RolloutStatus(False, False, f"{waiting}{available} of {updated} updated replicas are available...")
    return RolloutStatus(True, False, f'deployment "{name}" successfully rolled out')


def pause(store: Store, namespace: str, name: str, *, actor: str = "you") -> KObject:
    d = store.get("Deployment", namespace, name)
    if d.spec.get("paused"):
        raise RolloutError(f'{resource_name("Deployment")} "{name}" is already paused')
    d.spec["paused"] = True
    return store.update(d, actor, f"{actor} paused deployment/{name}: template changes wait for resume",
                        spec_changed=True)


def resume(store: Store, namespace: str, name: str, *, actor: str = "you") -> KObject:
    d = store.get("Deployment", namespace, name)
    if not d.spec.get("paused"):
        raise RolloutError(f'{resource_name("Deployment")} "{name}" is not paused')
    del d.spec["paused"]
    return store.update(d, actor, f"{actor} resumed deployment/{name}", spec_changed=True)


def restart(store: Store, namespace: str, name: str, *, actor: str = "you", kind: str = "Deployment") -> KObject:
    """Stamp the pod template with the time, so it differs and rolls out anew."""
    obj = store.get(kind, namespace, name)
    if obj.spec.get("paused"):
        raise RolloutError("can't restart paused deployment (run rollout resume first)")
    meta = obj.spec.setdefault("template", {}).setdefault("metadata", {})
    meta["annotations"] = {**(meta.get("annotations") or {}),
                           RESTARTED_AT_ANNOTATION: timestamp(store.clock.now)}
    return store.update(obj, actor, f"{actor} restarted {kind.lower()}/{name}: new restartedAt annotation on "
                                    "the pod template", spec_changed=True)


def pod_spec(obj: KObject) -> dict[str, Any] | None:
    """The pod spec `kubectl set image` edits (polymorphichelpers.UpdatePodSpecForObject), or None for a
    kind without one: a Pod's own spec, a CronJob's job template's, every other workload's template's."""
    spec: dict[str, Any] = obj.spec
    if obj.kind == "CronJob":
        spec = (spec.get("jobTemplate") or {}).get("spec") or {}
    elif obj.kind not in (*TEMPLATE_KINDS, "Job", "Pod"):
        return None
    if obj.kind != "Pod":
        spec = spec.get("template", {}).get("spec", {})
    return spec


def set_image(store: Store, kind: str, namespace: str, name: str, images: dict[str, str], *,
              actor: str = "you", dry_run: bool = False) -> KObject:
    """`kubectl set image KIND/NAME container=image…`; "*" sets every container, init containers included.

    The write is validated as the API server validates an update: a Job's pod template is immutable
    (ValidateJobSpecUpdate), a Pod may change only its images. `dry_run` validates and writes nothing."""
    obj = store.get(kind, namespace, name)
    pod = pod_spec(obj)
    if pod is None:
        raise RolloutError(f"cannot set image on {resource_name(kind)}: not a workload with a pod template")
    missing, changes = image_changes(pod, images)
    if missing:
        raise RolloutError(f'unable to find container named "{missing[0]}"')
    if not changes:
        return obj
    candidate = KObject(kind, obj.metadata, deep_copy(obj.spec))
    _apply_images(pod_spec(candidate) or {}, images)
    validate_update(obj, candidate)
    if dry_run:
        return obj
    # Copy-on-write: a pod's containers list is shared with its ReplicaSet's template (see
    # replicaset.SHARED_SPEC_FIELDS), so edit copies that replace the lists.
    for field in ("initContainers", "containers"):
        if field in pod:
            pod[field] = deep_copy(pod[field])
    _apply_images(pod, images)
    words = ", ".join(f"{c['name']}={image}" for c, image in changes)
    return store.update(obj, actor, f"{actor} set image {words} on {kind.lower()}/{name}", spec_changed=True)


def image_changes(pod: dict[str, Any], images: dict[str, str]) -> tuple[list[str], list[tuple[dict[str, Any], str]]]:
    """set_image.go's setImage over a pod spec's init containers and containers ("*" stands for all of them):
    the names in `images` that no container has, and each (container, new image) whose image changes."""
    containers = [*pod.get("initContainers", []), *pod.get("containers", [])]
    missing = [name for name in images if not any(name in ("*", c.get("name")) for c in containers)]
    changes = []
    for container in containers:
        image = images.get(container.get("name"), images.get("*"))
        if image is not None and container.get("image") != image:
            changes.append((container, image))
    return missing, changes


def _apply_images(pod: dict[str, Any], images: dict[str, str]) -> None:
    for container, image in image_changes(pod, images)[1]:
        container["image"] = image
