"""Long work: `sim wait` runs in slices that change nothing but when a stop is heard, a wait can be
stopped part way (the app's esc), and a quitting app's thread stops the simulation (core/interrupt.py)."""

from __future__ import annotations

import threading

import pytest

from sandbox.core import interrupt
from sandbox.core.config import ClusterConfig
from sandbox.core.scenario import Scenario
from sandbox.core.simulation import Simulation
from sandbox.kubectl import Session
from sandbox.kubectl import session as session_module
from sandbox.kubectl.observers import SessionObserver
from tests.builders import cluster_state, run_ok

DAY = 24 * 3600.0


def _crowded() -> Session:
    """More pods than the nodes hold: the scheduler retries the pending ones all day (a slow wait)."""
    session = Session(seed=4)
    session.slice_waits = True  # as in the app
    run_ok(session, "kubectl create deployment crowd --image=nginx --replicas=400")
    return session


def test_a_sliced_wait_gives_the_same_cluster_and_audit_log_as_one_advance(monkeypatch: pytest.MonkeyPatch):
    """`sim wait 1d` in fifty slices ends where the same line in one slice does, byte for byte."""
    slices: list[tuple[Simulation, float]] = []
    advance_to = Simulation.advance_to

    def counted(sim: Simulation, target: float) -> None:
        if target > sim.now:  # (not the advance by 0 after every command)
            slices.append((sim, target))
        advance_to(sim, target)

    monkeypatch.setattr(Simulation, "advance_to", counted)
    # Fixed slices (no wall-clock pacing): a slice never doubles when every slice counts as slow.
    monkeypatch.setattr(session_module, "SLICE_WALL", 0.0)

    def wait_a_day(slice_seconds: float) -> Session:
        session = _crowded()
        monkeypatch.setattr(session_module, "FIRST_SLICE", slice_seconds)
        slices.clear()
        assert run_ok(session, "sim wait 1d").startswith("waited 24h")
        return session

    whole = wait_a_day(DAY)
    assert len([s for s, _ in slices if s is whole.sim]) == 1
    sliced = wait_a_day(DAY / 50)
    assert len([s for s, _ in slices if s is sliced.sim]) >= 50  # (the wait starts part way into a slice's length)
    assert cluster_state(sliced.sim) == cluster_state(whole.sim)
    assert any(not pod.spec.get("nodeName") for pod in sliced.sim.list("Pod"))  # still crowded: work every slice


def test_a_wait_with_traffic_streams_running_goes_in_one_piece(monkeypatch: pytest.MonkeyPatch):
    """Slices would cost a stream its bulk path (each sends its last seconds for real): 30 days at 1,000/s."""
    session = Session(seed=4)
    session.slice_waits = True
    run_ok(session, "kubectl create deployment web --image=nginx --replicas=3")
    run_ok(session, "kubectl expose deployment web --port=80")
    run_ok(session, "sim traffic start http://web.default.svc --rate 1000 --duration 30d")
    monkeypatch.setattr(session_module, "advance_in_slices", None)  # would fail if called
    assert run_ok(session, "sim wait 30d").startswith("waited 30d")
    stream = session.sim.traffic_streams()[0]
    assert sum(ok + err for ok, err in stream.totals.values()) == 1000 * 30 * DAY


def test_a_wait_can_be_stopped_unless_traffic_streams_run():
    """What the app's esc and its running line go by (tui/widgets/runner.py)."""
    session = Session(seed=4)
    assert not session.wait_can_stop()      # a script's waits are not sliced
    session.slice_waits = True
    run_ok(session, "kubectl create deployment web --image=nginx --replicas=3")
    run_ok(session, "kubectl expose deployment web --port=80")
    assert session.wait_can_stop()
    run_ok(session, "sim traffic start http://web.default.svc --rate 10 --duration 1m")
    assert not session.wait_can_stop()
    run_ok(session, "sim wait 2m")                 # the stream has ended
    assert session.wait_can_stop()


class _StopAt(SessionObserver):
    """Stands for the app's esc: asks the session to stop once simulated time reaches `when`."""

    def __init__(self, session: Session, when: float) -> None:
        self.session, self.when = session, when

    def next_wakeup(self) -> float | None:
        return self.when if self.session.sim.now < self.when else None

    def time_advanced(self, now: float) -> None:
        if now >= self.when:
            self.session.stop_waiting()


def test_a_stopped_wait_ends_at_a_slice_says_how_far_it_got_and_is_not_replayed(session: Session):
    session.slice_waits = True
    start = session.sim.now
    session.subscribe(_StopAt(session, start + 3600))
    result = session.run("sim wait 30d")
    assert result.ok and result.data["stopped"]
    waited = session.sim.now - start
    assert 3600 <= waited < 30 * DAY
    assert result.output.startswith("stopped after 60m") and "of 30d; simulated time is now" in result.output
    # Replayed, the line would wait all 30 days: the timeline keeps the state after it instead.
    assert not session.timeline.nodes[-1].replayable


def test_a_wait_nobody_stops_runs_to_its_end(session: Session):
    assert run_ok(session, "sim wait 2h").startswith("waited 120m")
    assert session.waiting is None and not session.stop_asked


def test_an_interrupted_line_raises_through_the_session_instead_of_printing_an_error(session: Session):
    """Quitting is not a failure of the line: Interrupted leaves Session.run (a BaseException, like ctrl+c)."""
    with interrupt.stop_when(lambda: True), pytest.raises(interrupt.Interrupted):
        session.run("kubectl create deployment big --image=nginx --replicas=500")


def test_building_a_cluster_stops_when_asked():
    calls = 0

    def after_some_work() -> bool:
        nonlocal calls
        calls += 1
        return calls > 100

    with interrupt.stop_when(after_some_work), pytest.raises(interrupt.Interrupted):
        Scenario(ClusterConfig(workers=50)).build()
    assert calls == 101


def test_a_stop_asked_on_another_thread_does_not_stop_this_one(session: Session):
    asked = threading.Event()

    def elsewhere() -> None:
        with interrupt.stop_when(lambda: True):
            asked.set()

    thread = threading.Thread(target=elsewhere)
    thread.start()
    thread.join()
    assert asked.is_set()
    assert run_ok(session, "kubectl create deployment web --image=nginx --replicas=2") == "deployment.apps/web created"
