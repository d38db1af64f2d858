"""kubectl's error wording, and cobra's "Did you mean this?" suggestions."""

from __future__ import annotations

from collections.abc import Iterable

from ..core.errors import ApiError

# cobra's Command.SuggestionsMinimumDistance default
SUGGESTIONS_MINIMUM_DISTANCE = 2


class CommandError(Exception):
    """A client-side failure; `str()` is exactly what kubectl prints."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code

    def __str__(self) -> str:
        return self.message


def error(message: str) -> CommandError:
    """kubectl's `error: ...` line (cmdutil.CheckErr)."""
    return CommandError(f"error: {message}")


def check_errors(errors: list[str]) -> list[str]:
    """cmdutil.CheckErr on utilerrors.NewAggregate(errors): one error gets the `error: ` prefix unless it has one
    (or is a server error, `Error from server (...)`); several are printed one per line as they are."""
    if len(errors) == 1 and not errors[0].startswith(("error: ", "Error from server")):
        return [f"error: {errors[0]}"]
    return errors


def flag_error(command: str, message: str) -> CommandError:
    """cobra's own errors start with a capital `Error:` (checked against kubectl 1.32.4)."""
    return CommandError(f"Error: {message}\nSee '{command} --help' for usage.")


def unknown_command(word: str, parent: str, candidates: Iterable[str]) -> CommandError:
    """cobra's legacyArgs error; the suggestions block ends with a blank line, as kubectl prints it."""
    text = f'Error: unknown command "{word}" for "{parent}"'
    found = suggestions(word, candidates)
    if found:
        text += "\n\nDid you mean this?\n" + "".join(f"\t{s}\n" for s in found)
    return CommandError(text)


def not_simulated(word: str) -> CommandError:
    """A real kubectl command the sandbox lacks: said plainly, never "did you mean" itself."""
    return CommandError(f'error: "kubectl {word}" is a real kubectl command that the sandbox does not simulate '
                        "(the README's \"What you can type\" lists those it does)")


def unknown_subcommand(word: str, parent: str) -> CommandError:
    """kubectl's group commands (rollout, set, create ...) reject an unknown subcommand themselves."""
    return CommandError(f'error: unknown command "{word}"\nSee \'{parent} -h\' for help and examples')


def suggestions(typed: str, candidates: Iterable[str]) -> list[str]:
    """cobra's SuggestionsFor: Levenshtein distance ≤ 2 (case-insensitive) or a prefix match,
    in the order the commands were registered."""
    lowered = typed.lower()
    found = []
    for name in candidates:
        # The distance is at least the difference in length: a 60,000-character word is compared in no time.
        close = abs(len(lowered) - len(name)) <= SUGGESTIONS_MINIMUM_DISTANCE and \
            levenshtein(lowered, name.lower()) <= SUGGESTIONS_MINIMUM_DISTANCE
        if close or (lowered and name.lower().startswith(lowered)):
            found.append(name)
    return found


def levenshtein(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def server_error(err: ApiError, context: str = "") -> str:
    """`Error from server (NotFound): ...`, optionally with kubectl's `error when creating "f":` context."""
    prefix = f"{context}: " if context else ""
    return f"Error from server ({err.reason}): {prefix}{err.message}"
