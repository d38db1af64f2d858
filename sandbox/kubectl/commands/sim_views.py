"""What the sandbox can show about itself: `sim examples [NAME]`, `sim images`, `sim trace`.

- `sim examples` lists the starter manifests in assets/examples; `sim examples NAME` prints one
  (in the app it opens in the editor, where ctrl+s applies it with `kubectl apply -f -`).
- `sim images` lists the simulated registry's images and what each does; any other image
  fails to pull with the registry's real error.
- `sim trace` shows the last request's path hop by hop, with the NetworkPolicy verdicts.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ...core.images import catalogue
from ..editor import apply_request
from ..errors import error
from ..printers.tabwriter import table
from ..printers.trace import format_trace
from ..result import CommandResult
from . import done

if TYPE_CHECKING:
    from ..session import Session

EXAMPLES = Path(__file__).resolve().parents[3] / "assets" / "examples"
#: the gallery's order: workloads, then traffic, then policies, then the mesh
ORDER = ("deployment", "service", "ingress", "deny-ingress", "deny-egress", "allow-port", "virtualservice")
DOCKER_HUB = ("docker.io/library/", "docker.io/")  # the prefixes an image reference may leave out


def examples(session: Session, args: list[str]) -> CommandResult:
    if len(args) > 1:
        raise error("usage: sim examples [NAME]")
    names = example_names()
    if not args:
        rows = [["NAME", "WHAT IT IS"]] + [[name, example_summary(name)] for name in names]
        return done(table(rows) + "\n\nsim examples NAME prints one; in the app it opens in the editor "
                    "(ctrl+s applies it with kubectl apply -f -)")
    name = args[0].removesuffix(".yaml")
    if name not in names:
        raise error(f'no example named "{args[0]}": the examples are {", ".join(names)}')
    text = example_text(name)
    if session.editor:
        return done(text.rstrip("\n"), edit=apply_request(text))
    return done(text.rstrip("\n"))


def example_names() -> list[str]:
    shipped = {path.stem for path in EXAMPLES.glob("*.yaml")}
    return [name for name in ORDER if name in shipped] + sorted(shipped - set(ORDER))


def example_text(name: str) -> str:
    return (EXAMPLES / f"{name}.yaml").read_text(encoding="utf-8")


def example_summary(name: str) -> str:
    """The example's first comment line: what it is."""
    first = next((line for line in example_text(name).splitlines() if line.startswith("# ")), "# ")
    return first[2:]


def images(session: Session, args: list[str]) -> CommandResult:
    if args:
        raise error("usage: sim images")
    rows = [["IMAGE", "PORTS", "WHAT IT DOES"]]
    for image in catalogue():
        ports = ",".join(f"{port}/{proto}" for port, proto in image.ports) or "-"
        ref = next((image.ref.removeprefix(p) for p in DOCKER_HUB if image.ref.startswith(p)), image.ref)
        rows.append([ref, ports, image.note])
    return done(table(rows) + "\n\nAny other image fails to pull (ErrImagePull), as an image missing from a "
                "registry does.")


def trace(session: Session, args: list[str]) -> CommandResult:
    if args:
        raise error("usage: sim trace")
    request = session.last_request
    if request is None:
        return done("no request yet: curl a URL (from outside, or kubectl exec POD -- curl URL), then sim trace "
                    "shows its path hop by hop")
    return done(format_trace(request), request=request)
