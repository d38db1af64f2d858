"""Fixtures of the networking tests."""

from __future__ import annotations

import pytest

from sandbox.core.scenario import cluster
from sandbox.core.simulation import Simulation


@pytest.fixture
def sim() -> Simulation:
    """The default cluster (seed 7): a control plane, three workers, CoreDNS and kube-proxy, settled."""
    return cluster(seed=7, workers=3)
