"""The DefaultTolerationSeconds admission plugin (k/k plugin/pkg/admission/defaulttolerationseconds).

Every new pod that does not already tolerate `node.kubernetes.io/not-ready:NoExecute`
and `node.kubernetes.io/unreachable:NoExecute` gets a toleration for each, limited
to 300 s: that is why pods leave a failed node about five minutes after it is
marked unreachable, and not at once.
"""

from __future__ import annotations

from typing import Any

from .objects import NOT_READY_TAINT, UNREACHABLE_TAINT, KObject


class DefaultTolerationSeconds:
    """Mutating admission plugin for pods; a class (not a closure) so snapshots can copy it."""

    def __init__(self, seconds: int) -> None:
        self.seconds = seconds
        # One dict per taint key, shared by every pod that gets it (no one edits a toleration in
        # place; to_dict() copies): 150,000 pods would otherwise hold 300,000 equal dicts.
        self._added = {key: {"effect": "NoExecute", "key": key, "operator": "Exists", "tolerationSeconds": seconds}
                       for key in (NOT_READY_TAINT, UNREACHABLE_TAINT)}

    def __call__(self, pod: KObject) -> None:
        tolerations: list[dict[str, Any]] = pod.spec.get("tolerations") or []
        if not tolerations:   # most pods: both are missing
            pod.spec["tolerations"] = [self._added[NOT_READY_TAINT], self._added[UNREACHABLE_TAINT]]
            return
        missing = [key for key in (NOT_READY_TAINT, UNREACHABLE_TAINT) if not _tolerates_no_execute(tolerations, key)]
        if not missing:
            return
        pod.spec["tolerations"] = tolerations + [self._added[key] for key in missing]


def _tolerates_no_execute(tolerations: list[dict[str, Any]], key: str) -> bool:
    """The plugin's own test: same (or empty) key and NoExecute (or empty) effect; operator is not checked."""
    return any((t.get("key") or "") in (key, "") and (t.get("effect") or "") in ("NoExecute", "")
               for t in tolerations)
