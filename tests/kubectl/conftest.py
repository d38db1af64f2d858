"""Fixtures of the kubectl tests: sessions on the default cluster."""

from __future__ import annotations

import pytest

from sandbox.kubectl import Session
from tests.builders import SHOP, run_ok


@pytest.fixture
def session() -> Session:
    """The default cluster (control plane + 3 workers), settled, seed 0."""
    return Session(seed=0)


@pytest.fixture(scope="module")
def shop() -> Session:
    """The default cluster (seed 0) running the shop app of assets/shop for a simulated minute; one per module."""
    session = Session(seed=0)
    run_ok(session, f"kubectl apply -f {SHOP}")
    run_ok(session, "sim wait 1m")
    return session
