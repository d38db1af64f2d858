"""The command line each of the app's keys stands for.

Keys teach commands: pressing `c` on node-2 runs `kubectl cordon node-2`, exactly as if it
had been typed. The app builds its lines here, and so does a lesson's proof when a
solution says "select node-2 and press c" — one table, so a lesson can never promise a
key something the app's key does not do.
"""

from __future__ import annotations

from dataclasses import dataclass

#: key -> line template: {kind} lower-case, {ns} ` -n NS` outside the session's namespace,
#: {value} the number typed in the key's prompt (N until typed)
KEY_LINES: dict[str, str] = {
    "d": "kubectl describe {kind} {name}{ns}",
    "y": "kubectl get {kind} {name}{ns} -o yaml",
    "ctrl+d": "kubectl delete {kind} {name}{ns}",
    "s": "kubectl scale {kind} {name} --replicas={value}{ns}",
    "c": "kubectl cordon {name}",
    "u": "kubectl uncordon {name}",
    "r": "kubectl drain {name} --ignore-daemonsets",
    "x": "sim node {verb} {name}",
}
NODE_KEYS = frozenset({"c", "u", "r", "x"})


@dataclass(frozen=True)
class KeyTarget:
    """What a key acts on: the selected object (a node for the node keys)."""

    kind: str
    name: str
    namespace: str = ""


class KeyMisuse(ValueError):
    """The key is unknown, or it cannot act on that target."""


def key_line(key: str, target: KeyTarget, *, namespace: str = "default", value: int | None = None,
             node_up: bool = True) -> str:
    """The line `key` runs on `target`; `namespace` is the session's (no `-n` for objects in it)."""
    template = KEY_LINES.get(key)
    if template is None:
        raise KeyMisuse(f"the key {key!r} runs no command (keys that do: {', '.join(KEY_LINES)})")
    if key in NODE_KEYS and target.kind != "Node":
        raise KeyMisuse(f"the key {key!r} acts on a node, not on a {target.kind.lower()}")
    ns = f" -n {target.namespace}" if target.namespace and target.namespace != namespace else ""
    return template.format(kind=target.kind.lower(), name=target.name, ns=ns,
                           value="N" if value is None else value,
                           verb="fail" if node_up else "recover")
