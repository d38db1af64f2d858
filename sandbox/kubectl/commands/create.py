"""`kubectl create -f`, `create deployment|namespace|service|ingress`, and `expose`."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ...core.labels import matches
from ...core.objects import KObject
from ...core.quantity import decimal
from ..errors import CommandError, error
from ..parse import Parsed
from ..printers.output import object_name, to_json, to_yaml
from ..resources import BY_KIND
from ..result import CommandResult
from . import command, done
from .apply import checked, load
from .common import dry_run, lookup, namespace, require_name, selector, targets
from .create_batch import cronjob_manifest, job_manifest
from .create_data import configmap_manifest, secret_manifest
from .create_policy import pdb_manifest

if TYPE_CHECKING:
    from ..session import Session

@command("create", flags=("filename", "recursive", "dry-run", "output", "image", "replicas", "port", "tcp",
                          "node-port", "rule", "class", "from-literal", "from-file", "from-env-file", "type",
                          "schedule", "restart", "from", "selector", "min-available", "max-unavailable"),
         summary="Create a resource from a file or from stdin")
def create(session: Session, parsed: Parsed) -> CommandResult:
    if parsed["filename"]:
        return _from_files(session, parsed)
    if not parsed.args:
        raise CommandError("error: must specify one of -f and -k\n\nSee 'kubectl create -h' for help and examples")
    kind, rest = parsed.args[0], parsed.args[1:]
    builder = {"deployment": _deployment, "deploy": _deployment, "namespace": _namespace, "ns": _namespace,
               "service": _service, "svc": _service, "ingress": _ingress, "ing": _ingress}.get(kind)
    if builder is not None:
        return create_manifest(session, parsed, builder(parsed, rest), generated=True)
    if kind in ("configmap", "cm"):
        return create_manifest(session, parsed, configmap_manifest(parsed, rest, session.cwd), generated=True)
    if kind == "secret":
        return create_manifest(session, parsed, secret_manifest(parsed, rest, session.cwd), generated=True)
    if kind == "job":
        return create_manifest(session, parsed, job_manifest(session, parsed, rest))
    if kind in ("cronjob", "cj"):
        return create_manifest(session, parsed, cronjob_manifest(session, parsed, rest))
    if kind in ("poddisruptionbudget", "pdb"):
        return create_manifest(session, parsed, pdb_manifest(parsed, rest), generated=True)
    raise CommandError(f"error: Unexpected args: [{' '.join(parsed.args)}]\n"
                       "See 'kubectl create -h' for help and examples")


def _from_files(session: Session, parsed: Parsed) -> CommandResult:
    objects = checked(session, parsed, load(session, parsed, "create"), creating=True)
    wanted = selector(parsed)
    if wanted is not None:  # `-l` keeps the documents whose labels match, as kubectl's resource builder does
        objects = [(doc, obj) for doc, obj in objects if matches(wanted, obj.metadata.labels)]
    suffix = dry_run(parsed)
    lines, made = [], []
    for doc, obj in objects:
        if not suffix:
            obj = session.sim.create(doc.manifest, actor=session.actor, namespace=namespace(session, parsed))
        made.append(obj)
        lines.append(f"{object_name(obj)} created{suffix}")
    return done("\n".join(lines), *made)


def create_manifest(session: Session, parsed: Parsed, manifest: dict[str, Any], verb: str = "created", *,
                    generated: bool = False) -> CommandResult:
    """Create one generated object, or print it (`--dry-run=client -o yaml`, the way to write manifests).

    `generated`: the generator built it from flag values alone, as the builders, configmap, secret and
    pdb do (not job, cronjob, expose or run, which copy another object's template or take overrides),
    so strict decoding can be skipped (core.validation.validate_manifest).
    """
    from ..manifests import Document

    suffix = dry_run(parsed)
    existing = session.sim.try_get(manifest["kind"], namespace(session, parsed), manifest["metadata"]["name"])
    if existing is not None and manifest["kind"] != "Namespace" and verb == "created":
        raise error(f"failed to create {_generator(manifest)} {BY_KIND[manifest['kind']].qualified_plural} "
                    f'"{existing.name}" already exists')
    if existing is not None:
        raise CommandError(f'Error from server (AlreadyExists): {BY_KIND[manifest["kind"]].qualified_plural} '
                           f'"{existing.name}" already exists')
    fmt = parsed.flags.get("output") or ""
    if suffix == " (dry run)" and fmt in ("yaml", "json"):
        # A client-side dry run only prints what it would send; the server checks nothing.
        shown = client_object(manifest)
        return done(to_yaml(shown) if fmt == "yaml" else to_json(shown))
    try:
        (_, obj), = checked(session, parsed, [Document("STDIN", manifest)], creating=True, generated=generated)
    except CommandError as err:
        # A generator reports the server's refusal as `failed to create <generator>: <message>`.
        context = ': error when creating "STDIN": '
        if not err.message.startswith("Error from server") or context not in err.message:
            raise
        raise error(f"failed to create {_generator(manifest)} {err.message.split(context, 1)[1]}") from None
    if not suffix:
        obj = session.sim.create(manifest, actor=session.actor, namespace=namespace(session, parsed),
                                 generated=generated)
    if fmt == "name":
        return done(object_name(obj), obj)
    return done(f"{object_name(obj)} {verb}{suffix}", obj)


def _generator(manifest: dict[str, Any]) -> str:
    """How `kubectl create <generator>` names what it failed to create (`failed to create secret` has no colon)."""
    kind: str = manifest["kind"]
    if kind == "Service":
        return f"{manifest['spec'].get('type', 'ClusterIP')} service:"
    return kind.lower() + ("" if kind == "Secret" else ":")


def client_object(manifest: dict[str, Any]) -> dict[str, Any]:
    """What `--dry-run=client -o yaml` prints: the object as sent, with Go's zero values shown."""
    from ...core.objects import deep_copy

    shown: dict[str, Any] = deep_copy(manifest)
    shown["metadata"]["creationTimestamp"] = None
    spec = shown.get("spec") or {}
    job_template = spec.get("jobTemplate")
    if isinstance(job_template, dict):
        job_template.setdefault("metadata", {})["creationTimestamp"] = None
        spec = job_template.get("spec") or {}
    template = spec.get("template")
    if isinstance(template, dict):
        template.setdefault("metadata", {})["creationTimestamp"] = None
    if shown["kind"] == "Namespace":
        shown.setdefault("spec", {})
    if shown["kind"] in ("Service", "Ingress"):
        shown["status"] = {"loadBalancer": {}}
    elif shown["kind"] == "PodDisruptionBudget":  # its status has no omitempty ints
        shown["status"] = {"currentHealthy": 0, "desiredHealthy": 0, "disruptionsAllowed": 0, "expectedPods": 0}
    elif shown["kind"] not in ("ConfigMap", "Secret"):
        shown["status"] = {}
    return shown


def container_name(image: str) -> str:
    """kubectl names a container after its image: `registry/nginx:1.25` -> `nginx`."""
    base = image.rsplit("/", 1)[-1].split("@", 1)[0].split(":", 1)[0]
    return re.sub(r"[^a-z0-9-]", "-", base.lower()).strip("-") or "container"


def _deployment(parsed: Parsed, rest: list[str]) -> dict[str, Any]:
    name = require_name("create deployment", rest, "deployment")
    images = parsed["image"]
    if not images:
        raise error('required flag(s) "image" not set')
    labels = {"app": name}
    containers: list[dict[str, Any]] = [{"image": image, "name": container_name(image), "resources": {}}
                                        for image in images]
    if parsed.rest:  # `-- COMMAND [args...]` (create_deployment.go: the first container's command)
        if len(images) > 1:
            raise error("cannot specify multiple --image options and command")
        containers[0]["command"] = list(parsed.rest)
    port = parsed.flags.get("port")
    if port is not None:
        containers[0]["ports"] = [{"containerPort": _port_number(port, "--port")}]
    replicas = parsed.flags.get("replicas")
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"labels": labels, "name": name},
            "spec": {"replicas": 1 if replicas is None else replicas, "selector": {"matchLabels": labels},
                     "strategy": {}, "template": {"metadata": {"labels": labels},
                                                  "spec": {"containers": containers}}}}


def _port_number(text: Any, flag: str) -> int:
    if not re.fullmatch(r"[0-9]{1,5}", str(text)) or not 0 < int(text) < 65536:
        raise error(f'invalid argument "{text}" for "{flag}" flag: must be a port number between 1 and 65535')
    return int(text)


def _namespace(parsed: Parsed, rest: list[str]) -> dict[str, Any]:
    name = require_name("create namespace", rest, "namespace")
    return {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}}


def _service(parsed: Parsed, rest: list[str]) -> dict[str, Any]:
    if not rest or rest[0] not in ("clusterip", "nodeport", "loadbalancer"):
        if not rest:
            raise error("create service needs a type: clusterip, nodeport or loadbalancer")
        raise CommandError(f"error: Unexpected args: [{' '.join(rest)}]\n"
                           "See 'kubectl create service -h' for help and examples")
    kind = {"clusterip": "ClusterIP", "nodeport": "NodePort", "loadbalancer": "LoadBalancer"}[rest[0]]
    name = require_name(f"create service {rest[0]}", rest[1:], "service")
    if not parsed["tcp"]:
        raise error("at least one tcp port specifier must be provided")
    ports = [_tcp_port(spec) for spec in parsed["tcp"]]
    node_port = parsed.flags.get("node-port")
    if node_port and kind == "NodePort":
        ports[0]["nodePort"] = node_port
    return {"apiVersion": "v1", "kind": "Service", "metadata": {"labels": {"app": name}, "name": name},
            "spec": {"ports": ports, "selector": {"app": name}, "type": kind}}


def _tcp_port(spec: str) -> dict[str, Any]:
    port, _, target = spec.partition(":")
    target = target or port
    number = _port_number(port, "--tcp")
    target_value: int | str = _port_number(target, "--tcp") if decimal(target) is not None else target
    return {"name": f"{port}-{target}", "port": number, "protocol": "TCP", "targetPort": target_value}


def _ingress(parsed: Parsed, rest: list[str]) -> dict[str, Any]:
    name = require_name("create ingress", rest, "ingress")
    rules: list[dict[str, Any]] = []
    for text in parsed["rule"]:
        _add_rule(rules, text)
    spec: dict[str, Any] = {"rules": rules}
    if parsed.flags.get("class"):
        spec["ingressClassName"] = parsed["class"]
    return {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": name}, "spec": spec}


_RULE = re.compile(r"^(?P<host>[^/=]*)(?P<path>/[^=]*)?=(?P<service>[^:,]+):(?P<port>[^,]+)(,tls(=\S+)?)?$")


def _add_rule(rules: list[dict[str, Any]], text: str) -> None:
    """`host/path=service:port`; a path ending in `*` is a Prefix match, otherwise Exact."""
    m = _RULE.match(text)
    if m is None:
        raise error(f"rule {text} is invalid and should be in format host/path=svcname:svcport[,tls[=secret]]")
    path = m["path"] or "/"
    path_type = "Prefix" if path.endswith("*") else "Exact"
    number = decimal(m["port"])
    port: dict[str, Any] = {"number": number} if number is not None else {"name": m["port"]}
    entry = {"backend": {"service": {"name": m["service"], "port": port}}, "path": path.rstrip("*") or "/",
             "pathType": path_type}
    rule = next((r for r in rules if r.get("host", "") == m["host"]), None)
    if rule is None:
        rule = {"http": {"paths": []}} | ({"host": m["host"]} if m["host"] else {})
        rules.append(rule)
    rule["http"]["paths"].append(entry)


@command("expose", flags=("port", "target-port", "type", "name", "protocol", "dry-run", "output", "filename"),
         summary="Take a replicated application and expose it as a new Kubernetes service")
def expose(session: Session, parsed: Parsed) -> CommandResult:
    wanted = targets(parsed.args)
    if not wanted or wanted[0].name is None:
        raise CommandError("error: You must provide one or more resources by argument or filename.")
    target = wanted[0]
    if target.rt.kind not in ("Deployment", "ReplicaSet", "Service", "Pod"):
        raise error(f"cannot expose a {target.rt.kind}")
    obj = lookup(session, target.rt, namespace(session, parsed), target.name or "")
    return create_manifest(session, parsed, _service_for(obj, parsed), verb="exposed")


def _service_for(obj: KObject, parsed: Parsed) -> dict[str, Any]:
    selector = _selector_of(obj)
    if not selector:
        raise error(f"couldn't retrieve selectors via --selector flag or introspection: the {obj.kind.lower()} "
                    "has no labels to select its pods")
    port = parsed.flags.get("port") or _introspect_port(obj)
    protocol = parsed.flags.get("protocol") or "TCP"
    target_text = parsed.flags.get("target-port") or str(port)
    target_number = decimal(target_text)
    target: int | str = target_number if target_number is not None else target_text
    spec: dict[str, Any] = {"ports": [{"port": _port_number(port, "--port"), "protocol": protocol,
                                       "targetPort": target}], "selector": selector}
    if parsed.flags.get("type"):
        spec["type"] = parsed["type"]
    labels = dict(obj.metadata.labels)
    meta: dict[str, Any] = {"name": parsed.flags.get("name") or obj.name}
    if labels:
        meta["labels"] = labels
    return {"apiVersion": "v1", "kind": "Service", "metadata": meta, "spec": spec}


def _selector_of(obj: KObject) -> dict[str, str]:
    if obj.kind == "Pod":
        return dict(obj.metadata.labels)
    if obj.kind == "Service":
        return dict(obj.spec.get("selector") or {})
    return dict((obj.spec.get("selector") or {}).get("matchLabels") or {})


def _introspect_port(obj: KObject) -> str:
    spec = obj.spec if obj.kind == "Pod" else (obj.spec.get("template") or {}).get("spec") or {}
    if obj.kind == "Service":
        ports = [p.get("port") for p in obj.spec.get("ports") or []]
    else:
        ports = [p.get("containerPort") for c in spec.get("containers") or [] for p in c.get("ports") or []]
    if not ports:
        raise error("couldn't find port via --port flag or introspection\n"
                    "See 'kubectl expose -h' for help and examples")
    return str(ports[0])
