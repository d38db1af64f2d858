"""Which lines are inputs to the cluster: the ones that may change the simulation.

Reads (`kubectl get`, `describe`, `logs`, ...), the sandbox's settings for the app
(`sim speed|pause|resume`) and the timeline's own verbs change nothing the timeline
must keep: they are not points on it, are not replayed, and start no cause chain.
Everything else is an input, even a line that failed (it may have consumed randomness).
"""

from __future__ import annotations

READ_COMMANDS = frozenset({"kubectl get", "kubectl describe", "kubectl logs", "kubectl top", "kubectl explain",
                           "kubectl api-resources", "kubectl rollout history"})
# `sim` verbs that leave the simulation as it is; `undo|redo|rewind|checkout` replace it through the timeline.
SIM_NON_INPUTS = frozenset({"why", "history", "diff", "undo", "redo", "rewind", "checkout", "speed", "pause",
                            "resume", "export"})


def is_input(command: str, args: list[str]) -> bool:
    """Whether a resolved command (`kubectl scale`, `sim` with its words) is an input to the cluster."""
    if not command or command in READ_COMMANDS:
        return False
    if command != "sim":
        return True
    words = [a for a in args if not a.startswith("-")]
    if not words or words[0] in SIM_NON_INPUTS:
        return False
    if words[0] == "traffic":
        return len(words) > 1          # `sim traffic` alone lists the streams
    if words[0] == "addons":
        return words[1:2] in (["enable"], ["disable"])
    return True


def is_replayable(command: str, args: list[str], flags: dict[str, object], stdin: str | None) -> bool:
    """Whether running the line again on the same state gives the same cluster: not if it reads files or
    standard input (they may have changed since), nor `sim reset` (it swaps the simulation for another)."""
    if "filename" in flags or stdin is not None:
        return False
    return not (command == "sim" and args[:1] == ["reset"])
