"""Fixtures of the core tests."""

from __future__ import annotations

import pytest

from sandbox.core.scenario import cluster
from sandbox.core.simulation import Simulation
from tests.builders import deployment


@pytest.fixture
def sim() -> Simulation:
    """The default cluster (seed 7: a control plane, three workers) running web: three nginx pods, settled."""
    sim = cluster(seed=7, workers=3)
    sim.create(deployment("web", 3))
    sim.settle()
    return sim
