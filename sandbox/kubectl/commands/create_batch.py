"""`kubectl create job NAME --image=IMAGE [-- COMMAND…]`, `create job NAME --from=cronjob/NAME` and
`create cronjob NAME --image=IMAGE --schedule=CRON [--restart=…] [-- COMMAND…]`
(k/k staging/src/k8s.io/kubectl/pkg/cmd/create/create_job.go, create_cronjob.go)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...core.objects import deep_copy
from ..errors import error
from ..parse import Parsed
from ..resources import resolve
from .common import exactly_one_name, lookup, namespace

if TYPE_CHECKING:
    from ..session import Session

INSTANTIATE_ANNOTATION = "cronjob.kubernetes.io/instantiate"


def job_manifest(session: Session, parsed: Parsed, rest: list[str]) -> dict[str, Any]:
    name = exactly_one_name("create job", rest)
    image, source = _image(parsed), parsed.flags.get("from") or ""
    if bool(image) == bool(source):
        raise error("either --image or --from must be specified")
    if parsed.rest and source:
        raise error("cannot specify --from and command")
    if source:
        return _job_from_cronjob(session, parsed, name, source)
    container: dict[str, Any] = {"image": image, "name": name, "resources": {}}
    if parsed.rest:
        container["command"] = list(parsed.rest)
    return {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": name},
            "spec": {"template": {"spec": {"containers": [container], "restartPolicy": "Never"}}}}


def _job_from_cronjob(session: Session, parsed: Parsed, name: str, source: str) -> dict[str, Any]:
    """createJobFromCronJob: the CronJob's job template, marked as started by hand, owned by the CronJob."""
    kind, slash, cronjob_name = source.partition("/")
    if not slash or not cronjob_name:
        raise error("from must be an existing cronjob")
    rt = resolve(kind)
    if rt.kind != "CronJob":
        raise error(f"unknown object type *v1.{rt.kind}")
    cronjob = lookup(session, rt, namespace(session, parsed), cronjob_name)
    template = cronjob.spec.get("jobTemplate") or {}
    meta = template.get("metadata") or {}
    annotations = {INSTANTIATE_ANNOTATION: "manual", **(meta.get("annotations") or {})}
    metadata: dict[str, Any] = {"annotations": annotations, "name": name,
                                "ownerReferences": [{"apiVersion": "batch/v1", "controller": True, "kind": "CronJob",
                                                     "name": cronjob.name, "uid": cronjob.uid}]}
    if meta.get("labels"):
        metadata["labels"] = dict(meta["labels"])
    return {"apiVersion": "batch/v1", "kind": "Job", "metadata": metadata,
            "spec": deep_copy(template.get("spec") or {})}


def cronjob_manifest(session: Session, parsed: Parsed, rest: list[str]) -> dict[str, Any]:
    missing = [f'"{flag}"' for flag in ("image", "schedule") if not parsed.flags.get(flag)]
    if missing:
        raise error(f"required flag(s) {', '.join(missing)} not set")
    name = exactly_one_name("create cronjob", rest)
    container: dict[str, Any] = {"image": _image(parsed), "name": name, "resources": {}}
    if parsed.rest:
        container["command"] = list(parsed.rest)
    restart = parsed.flags.get("restart") or "OnFailure"
    job_spec = {"template": {"spec": {"containers": [container], "restartPolicy": restart}}}
    return {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": name},
            "spec": {"jobTemplate": {"metadata": {"name": name}, "spec": job_spec}, "schedule": parsed["schedule"]}}


def _image(parsed: Parsed) -> str:
    """--image is a plain string flag for these generators: the last one given wins, as with pflag."""
    images = parsed.flags.get("image") or []
    return images[-1] if images else ""
