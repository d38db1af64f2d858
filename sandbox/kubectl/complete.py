"""Tab completion for the command line: command words, types, names from the store, flags."""

from __future__ import annotations

import shlex
from typing import TYPE_CHECKING

from .commands import NAMES, get_command
from .errors import CommandError
from .parse import FLAGS, GLOBAL_FLAGS
from .resources import ALIASES, RESOURCE_TYPES, resolve

if TYPE_CHECKING:
    from .session import Session

# Commands whose first argument is a resource type.
TYPED = ("get", "describe", "delete", "scale", "label", "annotate", "expose", "explain", "rollout status",
         "rollout history", "rollout undo", "rollout pause", "rollout resume", "rollout restart", "set image",
         "set selector", "top", "autoscale")
NODE_ARG = ("cordon", "uncordon", "drain")
# Commands whose first argument is a pod (or TYPE/NAME).
POD_ARG = ("exec", "logs", "port-forward")
# `kubectl create <generator>`: the ones the sandbox makes.
CREATE_GENERATORS = ("configmap", "cronjob", "deployment", "ingress", "job", "namespace", "poddisruptionbudget",
                     "secret", "service")


def complete(session: Session, line: str) -> list[str]:
    try:
        words = shlex.split(line)
    except ValueError:
        return []
    if line and not line[-1].isspace() and words:
        current, words = words[-1], words[:-1]
    else:
        current = ""
    if words and words[0] in ("kubectl", "k"):
        words = words[1:]
    return sorted(c for c in _candidates(session, words, current) if c.startswith(current))


def _candidates(session: Session, words: list[str], current: str) -> list[str]:
    name = " ".join(words[:2]) if " ".join(words[:2]) in NAMES else (words[0] if words else "")
    if not words or (len(words) == 1 and words[0] in _groups()):
        return _subcommands(words[0] if words else "")
    if words[0] == "sim":
        return _sim(session, words[1:], current)
    if current.startswith("-"):
        return _flags(name)
    args = [w for w in words[len(name.split()):] if not w.startswith("-")]
    if name in NODE_ARG:
        return [n.name for n in session.sim.list("Node")]
    if name == "taint":
        return _taint(session, args)
    if name in POD_ARG and not args:
        return [p.name for p in session.sim.list("Pod", session.namespace)]
    if name in ("config use-context", "config get-contexts") and not args:
        from .commands.cluster import CLUSTER

        return [CLUSTER]
    if name == "create" and not args:
        return list(CREATE_GENERATORS)
    if name == "create" and args == ["secret"]:
        return ["docker-registry", "generic", "tls"]
    if name in TYPED:
        if not args:
            return [rt.plural for rt in RESOURCE_TYPES] + [rt.singular for rt in RESOURCE_TYPES] + \
                [s for rt in RESOURCE_TYPES for s in rt.short_names]
        return _names(session, args[0])
    return []


def _taint(session: Session, args: list[str]) -> list[str]:
    """`taint nodes NAME` then, to remove one, the named node's taints as `key:Effect-`."""
    if not args:
        return ["node", "nodes"]
    nodes = [n for n in session.sim.list("Node")]
    if len(args) == 1:
        return [n.name for n in nodes]
    named = [n for n in nodes if n.name in args[1:]]
    return [f"{t.get('key')}:{t.get('effect')}-" for n in named for t in n.spec.get("taints") or ()]


def _groups() -> list[str]:
    return sorted({n.split()[0] for n in NAMES if " " in n})


def _subcommands(group: str) -> list[str]:
    if not group:
        return sorted({n.split()[0] for n in NAMES} | {"kubectl"})
    return sorted(n.split()[1] for n in NAMES if n.startswith(group + " "))


def _flags(name: str) -> list[str]:
    cmd = get_command(name) if name in NAMES else None
    names = [*(cmd.flags if cmd else ()), *GLOBAL_FLAGS]
    return sorted(f"--{n}" for n in names if n in FLAGS)


def _names(session: Session, type_word: str) -> list[str]:
    if type_word.lower() not in ALIASES:
        return []
    try:
        rt = resolve(type_word)
    except CommandError:
        return []
    ns = None if not rt.namespaced else session.namespace
    return [o.name for o in session.sim.list(rt.kind, ns)]


def _sim(session: Session, args: list[str], current: str) -> list[str]:
    from .commands.sim import NODE_VERBS, VERBS
    from .commands.traffic import START_FLAGS, TRAFFIC_VERBS

    if not args:
        return list(VERBS)
    if args[0] == "port-forward":
        return ["stop"] if len(args) == 1 else [str(p) for p in sorted(session.port_forwards)] + ["all"]
    if args[0] == "node":
        return list(NODE_VERBS) if len(args) == 1 else [n.name for n in session.sim.list("Node")]
    if args[0] == "traffic":
        if len(args) == 1:
            return list(TRAFFIC_VERBS)
        if args[1] == "stop":
            return [str(s.id) for s in session.sim.traffic_streams() if s.running]
        if args[1] == "start" and current.startswith("-"):
            return list(START_FLAGS)
        if args[1] == "start" and args[-1] == "--from":
            pods = [o.name for o in session.sim.list("Pod", session.namespace)]
            return pods + [f"deploy/{o.name}" for o in session.sim.list("Deployment", session.namespace)]
    if args[0] == "checkout" and len(args) == 1:
        return sorted(session.timeline.branches)
    return []
