"""Helpers shared by the kubectl tests."""

from sandbox.kubectl import Session


def run_ok(session: Session, line: str, stdin: str | None = None) -> str:
    result = session.run(line, stdin=stdin)
    assert result.ok, f"{line!r} failed: {result.output}"
    return result.output


def fails(session: Session, line: str, stdin: str | None = None) -> str:
    result = session.run(line, stdin=stdin)
    assert not result.ok, f"{line!r} should have failed: {result.output}"
    return result.output
