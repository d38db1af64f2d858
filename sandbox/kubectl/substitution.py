"""`$(kubectl …)` in a line, as a shell would expand it: tutorials are full of

    kubectl delete pod $(kubectl get pods -l app=web -o jsonpath='{.items[0].metadata.name}')

The inner line runs (a kubectl or sim read, never a nested substitution) and its output,
with surrounding white space removed, takes its place. A failing inner line fails the
whole line with its error, as `set -e` would make a script do.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .errors import CommandError, error
from .result import CommandResult

_SUBSTITUTION = re.compile(r"\$\(([^()$]*)\)")
MAX_SUBSTITUTIONS = 4


def expand(line: str, run: Callable[[str], CommandResult]) -> str:
    if "$(" not in line:
        return line
    count = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        if count > MAX_SUBSTITUTIONS:
            raise error(f"at most {MAX_SUBSTITUTIONS} $(…) substitutions in one line")
        inner = match.group(1).strip()
        if inner.split(" ", 1)[0] not in ("kubectl", "k", "sim"):
            raise error(f"$({inner}) is not a kubectl line: the sandbox is not a shell, only $(kubectl …) expands")
        result = run(inner)
        if not result.ok:
            raise CommandError(result.output, result.exit_code)
        return result.output.strip()

    expanded = _SUBSTITUTION.sub(replace, line)
    if "$(" in expanded:
        raise error("nested or unbalanced $( … ): only one level of $(kubectl …) expands")
    return expanded
