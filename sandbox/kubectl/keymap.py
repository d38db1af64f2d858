"""The command line each of the app's keys stands for.

Keys teach commands: pressing `c` on node-2 runs `kubectl cordon node-2`, exactly as if it
had been typed. The app builds its lines here, and so does a lesson's proof when a
solution says "select node-2 and press c" — one table, so a lesson can never promise a
key something the app's key does not do.
"""

from __future__ import annotations

from dataclasses import dataclass

#: key -> line template: {kind} lower-case, {ns} ` -n NS` outside the session's namespace,
#: {value} what was typed in the key's prompt (N until typed)
KEY_LINES: dict[str, str] = {
    "d": "kubectl describe {kind} {name}{ns}",
    "y": "kubectl get {kind} {name}{ns} -o yaml",
    "e": "kubectl edit {kind} {name}{ns}",
    "l": "kubectl logs {name}{ns}",
    "ctrl+d": "kubectl delete {kind} {name}{ns}",
    "s": "kubectl scale {kind} {name} --replicas={value}{ns}",
    "+": "kubectl scale {kind} {name} --replicas={value}{ns}",
    "-": "kubectl scale {kind} {name} --replicas={value}{ns}",
    "c": "kubectl cordon {name}",
    "u": "kubectl uncordon {name}",
    "r": "kubectl drain {name} --ignore-daemonsets",
    "x": "sim node {verb} {name}",
    "w": "sim why {kind}/{name}{ns}",
    "ctrl+z": "sim undo",
    "ctrl+y": "sim redo",
}
#: as in k9s, `s` on a pod is a shell: each line typed at its prompt runs in the pod ({value}: the line)
POD_KEY_LINES: dict[str, str] = {"s": "kubectl exec {name}{ns} -- {value}"}
NODE_KEYS = frozenset({"c", "u", "r", "x"})
POD_KEYS = frozenset({"l"})


@dataclass(frozen=True)
class KeyTarget:
    """What a key acts on: the selected object (a node for the node keys)."""

    kind: str
    name: str
    namespace: str = ""


class KeyMisuse(ValueError):
    """The key is unknown, or it cannot act on that target."""


def key_line(key: str, target: KeyTarget | None = None, *, namespace: str = "default",
             value: int | str | None = None, node_up: bool = True) -> str:
    """The line `key` runs on `target`; `namespace` is the session's (no `-n` for objects in it)."""
    template = POD_KEY_LINES.get(key) if target is not None and target.kind == "Pod" else None
    placeholder = "CMD" if template else "N"
    template = template or KEY_LINES.get(key)
    if template is None:
        raise KeyMisuse(f"the key {key!r} runs no command (keys that do: {', '.join(KEY_LINES)})")
    if target is None:
        if "{" in template:
            raise KeyMisuse(f"the key {key!r} acts on the selected object: select one first")
        return template
    if key in NODE_KEYS and target.kind != "Node":
        raise KeyMisuse(f"the key {key!r} acts on a node, not on a {target.kind.lower()}")
    if key in POD_KEYS and target.kind != "Pod":
        raise KeyMisuse(f"the key {key!r} acts on a pod, not on a {target.kind.lower()}")
    ns = f" -n {target.namespace}" if target.namespace and target.namespace != namespace else ""
    return template.format(kind=target.kind.lower(), name=target.name, ns=ns,
                           value=placeholder if value is None else value,
                           verb="fail" if node_up else "recover")
