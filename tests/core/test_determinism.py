"""Same seed and same calls give a byte-identical audit log (DESIGN.md: deterministic)."""

from cluster_actions import SCRIPT, lab_cluster, perform


def run(seed: int) -> str:
    sim = lab_cluster(seed)
    for action in SCRIPT:
        perform(sim, action)
    sim.settle()
    return sim.audit.text()


def test_same_seed_same_audit_log():
    assert run(3) == run(3)


def test_different_seed_different_names():
    assert run(3) != run(4)


def test_snapshot_restore_replays_identically():
    sim = lab_cluster()
    snap = sim.snapshot()
    for action in SCRIPT:
        perform(sim, action)
    first = sim.audit.text()
    sim.restore(snap)
    for action in SCRIPT:
        perform(sim, action)
    assert sim.audit.text() == first
