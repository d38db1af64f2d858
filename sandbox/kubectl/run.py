"""`kubesandbox run FILE|-`: run command lines headless and print a transcript.

Each line prints as `$ LINE`, then its output. `#` comments and blank lines are
skipped. A line ending in a heredoc (`kubectl apply -f - <<EOF`) takes the
following lines up to the delimiter as its standard input, as a shell would.
Relative `-f` paths are resolved against the script's folder.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TextIO

from ..core.config import ClusterConfig
from ..core.scenario import Scenario
from .session import Session

_HEREDOC = re.compile(r"\s*<<-?\s*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\1\s*$")


@dataclass
class Step:
    line: str
    stdin: str | None = None
    echo: str = ""


def steps(text: str) -> Iterator[Step]:
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i].rstrip()
        i += 1
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = _HEREDOC.search(line)
        if m is None:
            yield Step(line, echo=line)
            continue
        body = []
        while i < len(lines) and lines[i].strip() != m.group(2):
            body.append(lines[i])
            i += 1
        i += 1
        yield Step(line[:m.start()], "\n".join(body) + "\n", "\n".join([line, *body, m.group(2)]))


def run_script(text: str, out: TextIO, *, seed: int = 0, nodes: int = 3, keep_going: bool = False,
               cwd: Path | None = None, pod_limit: int | None = None) -> int:
    config = ClusterConfig(seed=seed, workers=nodes)
    session = Session(scenario=Scenario(config if pod_limit is None else replace(config, pod_limit=pod_limit)))
    if cwd is not None:
        session.cwd = cwd
    status = 0
    for step in steps(text):
        result = session.run(step.line, stdin=step.stdin)
        out.write(f"$ {step.echo}\n")
        if result.output:
            out.write(result.output + "\n")
        if not result.ok:
            status = 1
            if not keep_going:
                break
    return status


def main(path: str, *, seed: int = 0, nodes: int = 3, keep_going: bool = False, pod_limit: int | None = None) -> int:
    name = "standard input" if path == "-" else path
    try:
        data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
        text = decode_script(data, name)
    except OSError as err:
        print(f"kubesandbox: cannot read {name}: {err.strerror or err}", file=sys.stderr)
        return 2
    except ValueError as err:
        print(f"kubesandbox: {err}", file=sys.stderr)
        return 2
    cwd = Path(".") if path == "-" else Path(path).parent
    return run_script(text, sys.stdout, seed=seed, nodes=nodes, keep_going=keep_going, cwd=cwd, pod_limit=pod_limit)


def decode_script(data: bytes, name: str) -> str:
    """UTF-8 text, or a ValueError naming the line and column of the first byte that is not."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        column = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        raise ValueError(f"{name}, line {line}, column {column}: byte 0x{data[err.start]:02x} is not UTF-8 "
                         "(save the script as UTF-8 text)") from None
