"""k9s habits in the command line: `:pods`, `:deploy`, `:svc`, `:ns shop`, `:q`.

k9s reads what follows its `:` as a view (a resource name or alias) or a few verbs. Here the
same line is read that way only when it is not a command line already: a line that starts
with kubectl, k, sim, curl or a kubectl command word (`get pods`) still runs as kubectl.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..kubectl.commands import NAMES
from ..kubectl.resources import ALIASES

QUIT_WORDS = ("q", "q!", "quit", "qa")
NAMESPACE_WORDS = ("ns", "namespace", "namespaces")
COMMAND_WORDS = ("kubectl", "k", "sim", "curl")
SET_NAMESPACE = "config set-context"  # the kubectl command `:ns NAME` stands for, once the sandbox has it


@dataclass(frozen=True)
class K9sCommand:
    verb: str  # "view", "namespace" or "quit"
    kind: str = ""  # the view's kind
    name: str = ""  # the namespace


def k9s_command(line: str) -> K9sCommand | None:
    """What a k9s-style line asks for; None when the line is a command line to run."""
    words = line.strip().lstrip(":").split()
    if not words or words[0] in COMMAND_WORDS or words[0] in NAMES or " ".join(words[:2]) in NAMES:
        return None
    head = words[0].lower()
    if head in QUIT_WORDS and len(words) == 1:
        return K9sCommand("quit")
    if head in NAMESPACE_WORDS and len(words) == 2:
        return K9sCommand("namespace", name=words[1])
    if head in ALIASES and len(words) == 1:
        return K9sCommand("view", kind=ALIASES[head].kind)
    return None


def set_namespace_line(name: str) -> str | None:
    """The kubectl line that switches namespace, when the sandbox's kubectl has it."""
    known = any(command == SET_NAMESPACE or command.startswith(SET_NAMESPACE + " ") for command in NAMES)
    return f"kubectl config set-context --current --namespace={name}" if known else None
