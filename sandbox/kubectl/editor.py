"""What the app's YAML editor edits: an EditRequest a command hands back instead of an editor process.

`kubectl edit` launches $EDITOR on a temporary file and `kubectl apply -f -` reads standard
input; the sandbox has neither. A command that needs an editor returns a CommandResult with
`data["edit"] = EditRequest(...)`; the app opens its editor pane with `text` and hands the
saved text back through `Session.save_edit`, which runs it as kubectl would have (the same
code a `kubesandbox run` heredoc goes through). This module holds no Textual, so the command
layer stays below the TUI.

The file kubectl writes (k/k staging/src/k8s.io/kubectl/pkg/cmd/util/editor/editoptions.go):
a comment header, then the object as `-o yaml` prints it; when a save fails validation the
file is reopened with the reasons as comments under the header.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

# editHeader.writeTo for NormalEditMode, word for word.
EDIT_HEADER = ("# Please edit the object below. Lines beginning with a '#' will be ignored,\n"
               "# and an empty file will abort the edit. If an error occurs while saving this file will be\n"
               "# reopened with the relevant failures.\n"
               "#\n")
# The sandbox's own words at the top of an empty `kubectl apply -f -` (YAML comments: apply ignores them).
APPLY_HEADER = ("# kubectl apply -f - : type or paste the YAML to apply (several objects: separate them with ---).\n"
                "# ctrl+s applies it, esc closes the editor without applying anything.\n")


@dataclass(frozen=True)
class EditReason:
    """One reason the file is reopened: a head line and its causes (editReason in editoptions.go)."""

    head: str
    other: tuple[str, ...] = ()


@dataclass(frozen=True)
class EditRequest:
    """An editor to open: what it stands for, what it holds, and (for `kubectl edit`) what it edits."""

    #: the command line the editor stands for: saving runs it (`kubectl apply -f -`, `kubectl edit deployment web`)
    line: str
    #: "edit": `kubectl edit` (save = patch the live object); "apply": save = `kubectl apply -f -` with the text
    mode: Literal["edit", "apply"]
    #: what the editor opens with
    text: str
    #: kubectl edit: the object as first printed (no header) — the patch is the change from this
    original: str = ""
    #: kubectl edit: the text saved last time, when the file was reopened with an error
    previous: str | None = None
    kind: str = ""
    namespace: str = ""
    name: str = ""
    #: the reasons written under the header (shown on a reopened file)
    reasons: tuple[EditReason, ...] = field(default=())


def apply_request(text: str, line: str = "kubectl apply -f -") -> EditRequest:
    """An editor whose text `kubectl apply -f -` applies on save (a starter manifest, dry-run output)."""
    return EditRequest(line, "apply", text)


def header_text(reasons: tuple[EditReason, ...] = ()) -> str:
    """editHeader.writeTo: the fixed header, then each reason (`# head:` and `# * cause` lines) and `#`."""
    out = [EDIT_HEADER]
    for reason in reasons:
        out.append(f"# {hash_on_line_break(reason.head)}{':' if reason.other else ''}\n")
        out += [f"# * {hash_on_line_break(other)}\n" for other in reason.other]
        out.append("#\n")
    return "".join(out)


def hash_on_line_break(text: str) -> str:
    """hashOnLineBreak: every line break continues the comment."""
    out = []
    for i, char in enumerate(text):
        if char == "\n" and i + 1 < len(text) and text[i + 1] != "#":
            out.append("\n# ")
        else:
            out.append(char)
    return "".join(out)


def strip_comments(text: str) -> str:
    """cmdutil.StripComments: drop lines whose first non-blank character is `#`, and trailing spaces."""
    kept = [line for line in text.split("\n") if not line.strip().startswith("#")]
    return "\n".join(kept).strip()


def manual_strip(text: str) -> str:
    """cmdutil.ManualStrip: the edited file without its comment lines (kept for a reopened file)."""
    return "".join(line + "\n" for line in text.split("\n") if not line.startswith("#")).rstrip("\n") + "\n"


def has_lines(text: str) -> bool:
    """hasLines: a line that is neither blank nor a comment."""
    return any(line.strip() and not line.strip().startswith("#") for line in text.split("\n"))


def go_value(value: Any) -> str:
    """Go's `%+v` of a decoded JSON value (map keys sorted, strings bare), as the API server quotes a patch."""
    if isinstance(value, dict):
        return "map[" + " ".join(f"{k}:{go_value(value[k])}" for k in sorted(value)) + "]"
    if isinstance(value, list):
        return "[" + " ".join(go_value(v) for v in value) + "]"
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
