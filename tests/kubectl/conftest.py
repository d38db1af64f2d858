import pytest

from sandbox.kubectl import Session


@pytest.fixture
def session() -> Session:
    """The default cluster (control plane + 3 workers), settled, seed 0."""
    return Session(seed=0)
