"""`kubectl config view|get-contexts|current-context|set-context|use-context` (kubectl pkg/cmd/config).

The sandbox's kubeconfig is the one `kind create cluster` writes: one cluster, user and
context, all named kind-kind. The context's namespace is the session's namespace, so
`kubectl config set-context --current --namespace=shop` makes every later command default
to shop (the status bar shows it). Other contexts cannot be added: there is one cluster.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..errors import CommandError, error
from ..parse import Parsed, parse_flags
from ..printers import jsonpath, jsonpath_parser
from ..printers.output import to_yaml
from ..printers.tabwriter import table
from ..result import CommandResult
from . import command, done
from .cluster import CLUSTER, SERVER

if TYPE_CHECKING:
    from ..session import Session

USE_CONTEXT_HELP = """Set the current-context in a kubeconfig file.

Aliases:
use-context, use

Examples:
  # Use the context for the minikube cluster
  kubectl config use-context minikube

Usage:
  kubectl config use-context CONTEXT_NAME [options]

Use "kubectl options" for a list of global command-line options (applies to all commands)."""


def kubeconfig(session: Session) -> dict[str, Any]:
    """The kubeconfig as `kubectl config view` reads it (v1 Config, its Go struct's field order)."""
    context: dict[str, Any] = {"cluster": CLUSTER, "user": CLUSTER}
    if session.namespace != "default":
        context["namespace"] = session.namespace
    return {"kind": "Config", "apiVersion": "v1", "preferences": {},
            "clusters": [{"name": CLUSTER, "cluster": {"server": SERVER,
                                                      "certificate-authority-data": "DATA+OMITTED"}}],
            "users": [{"name": CLUSTER, "user": {"client-certificate-data": "DATA+OMITTED",
                                                 "client-key-data": "DATA+OMITTED"}}],
            "contexts": [{"name": CLUSTER, "context": context}], "current-context": CLUSTER}


@command("config view", flags=("output", "minify"), summary="Display merged kubeconfig settings")
def view(session: Session, parsed: Parsed) -> CommandResult:
    config = kubeconfig(session)
    fmt = parsed.flags.get("output") or "yaml"
    if fmt == "yaml":
        return done(to_yaml(config))
    if fmt == "json":
        return done(json.dumps(config, indent=4))
    if fmt.startswith("jsonpath="):
        template = fmt.split("=", 1)[1]
        try:
            return done(jsonpath.execute(template, config))
        except jsonpath_parser.JSONPathError as err:
            raise error(jsonpath.parse_error(template, err)) from None
    raise error(f'unable to match a printer suitable for the output format "{fmt}", allowed formats are: '
                "go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,"
                "templatefile,yaml")


@command("config get-contexts", flags=("output", "no-headers"), summary="Describe one or many contexts")
def get_contexts(session: Session, parsed: Parsed) -> CommandResult:
    fmt = parsed.flags.get("output") or ""
    wanted = parsed.args
    missing = [name for name in wanted if name != CLUSTER]
    shown = [] if wanted and CLUSTER not in wanted else [CLUSTER]
    if fmt == "name":
        text = "\n".join(shown)
    else:
        rows = [] if parsed.flags.get("no-headers") else [["CURRENT", "NAME", "CLUSTER", "AUTHINFO", "NAMESPACE"]]
        namespace = session.namespace if session.namespace != "default" else ""
        rows += [["*", CLUSTER, CLUSTER, CLUSTER, namespace] for _ in shown]
        text = table(rows)
        if fmt:
            text = f"error: --output {fmt} is not available in kubectl config get-contexts; resetting to " \
                   f"default output format\n{text}"
    errors = [f"error: context {name} not found" for name in missing]
    return done("\n".join(part for part in (text, *errors) if part), exit_code=1 if errors else 0)


@command("config current-context", summary="Display the current-context")
def current_context(session: Session, parsed: Parsed) -> CommandResult:
    return done(CLUSTER)


@command("config use-context", summary="Set the current-context in a kubeconfig file")
def use_context(session: Session, parsed: Parsed) -> CommandResult:
    if len(parsed.args) != 1:
        return done(USE_CONTEXT_HELP, exit_code=1)
    name = parsed.args[0]
    if name != CLUSTER:
        raise error(f'no context exists with the name: "{name}"')
    return done(f'Switched to context "{name}".')


@command("config set-context", raw=True, summary="Set a context entry in kubeconfig")
def set_context(session: Session, parsed: Parsed) -> CommandResult:
    """Raw: its own --namespace may be empty (it unsets the context's namespace)."""
    flags = parse_flags("kubectl config set-context", parsed.args, ("current", "cluster", "user", "namespace"))
    current = flags["current"]
    if flags.args and current:
        raise error("you cannot specify both a context name and --current")
    if not flags.args and not current:
        raise error("you must specify a non-empty context name or --current")
    name = CLUSTER if current else flags.args[0]
    if name != CLUSTER or flags.flags.get("cluster") or flags.flags.get("user"):
        raise CommandError(f'error: the sandbox has one cluster and one context, {CLUSTER}: use '
                           f'"kubectl config set-context --current --namespace=NAME" to change its namespace')
    if "namespace" in flags.given:
        session.namespace = flags["namespace"] or "default"
    return done(f'Context "{name}" modified.')
