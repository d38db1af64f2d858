"""The session is observable: commands, time and cluster replacement reach every observer."""

from __future__ import annotations

import re

from sandbox.kubectl import Session
from sandbox.kubectl.observers import SessionObserver
from sandbox.kubectl.result import CommandResult
from tests.builders import ROOT


class Recorder(SessionObserver):
    def __init__(self, wakeups: list[float] | None = None) -> None:
        self.commands: list[CommandResult] = []
        self.times: list[float] = []
        self.replaced = 0
        self.wakeups = list(wakeups or [])

    def command_ran(self, result: CommandResult) -> None:
        self.commands.append(result)

    def time_advanced(self, now: float) -> None:
        self.times.append(now)
        while self.wakeups and self.wakeups[0] <= now:
            self.wakeups.pop(0)

    def cluster_replaced(self) -> None:
        self.replaced += 1

    def next_wakeup(self) -> float | None:
        return self.wakeups[0] if self.wakeups else None


def test_command_ran_carries_source_key_resolved_command_args_and_flags(session: Session):
    rec = Recorder()
    session.subscribe(rec)
    session.run("kubectl create deployment web --image=nginx:1.24 --replicas=2")
    session.run("k scale deploy web --replicas=3", source="key", key="s")
    session.run("kubectl get nodes -o wide", source="script")
    created, scaled, got = rec.commands
    assert (created.source, created.command, created.args) == ("typed", "kubectl create", ["deployment", "web"])
    assert created.flags == {"image": ["nginx:1.24"], "replicas": 2}
    assert (scaled.source, scaled.key, scaled.command) == ("key", "s", "kubectl scale")
    assert scaled.flags == {"replicas": 3}
    assert (got.command, got.flags) == ("kubectl get", {"output": "wide"})


def test_failed_and_unknown_commands_are_reported_too(session: Session):
    rec = Recorder()
    session.subscribe(rec)
    bad_flag = session.run("kubectl scale deploy web --replicas=x")
    unknown = session.run("kubectl frobnicate")
    assert not bad_flag.ok and bad_flag.command == "kubectl scale"
    assert not unknown.ok and unknown.command == ""
    assert rec.commands == [bad_flag, unknown]


def test_lesson_lines_are_written_by_the_lesson_actor(session: Session):
    session.run("kubectl create deployment web --image=nginx:1.24", source="lesson")
    entry = next(e for e in session.sim.audit if e.kind == "Deployment" and e.name == "web")
    assert entry.actor == "lesson"
    session.run("kubectl scale deploy web --replicas=2")
    scaled = [e for e in session.sim.audit if e.verb == "scale" and e.kind == "Deployment"]
    assert scaled[-1].actor == "you"


def test_an_observer_may_run_a_line_while_hearing_of_another(session: Session):
    """A lesson event runs from inside command_ran: the outer command's actor is kept."""

    class Reacts(SessionObserver):
        def command_ran(self, result: CommandResult) -> None:
            if result.source == "typed":
                session.run("kubectl label deploy web stage=lesson", source="lesson")

    session.subscribe(Reacts())
    result = session.run("kubectl create deployment web --image=nginx:1.24")
    assert result.ok and session.actor == "you"
    labelled = [e for e in session.sim.audit if e.actor == "lesson"]
    assert labelled and labelled[-1].kind == "Deployment"


def test_advance_stops_at_each_wakeup_on_the_way(session: Session):
    start = session.sim.now
    rec = Recorder([start + 10, start + 25])
    session.subscribe(rec)
    session.run("sim wait 1m")
    assert rec.times == [start + 10, start + 25, start + 60]
    assert session.sim.now == start + 60


def test_waits_inside_commands_go_through_the_session(session: Session):
    rec = Recorder()
    session.subscribe(rec)
    session.run("kubectl create deployment web --image=nginx:1.24 --replicas=2")
    session.run("kubectl rollout status deployment/web")
    assert rec.times, "rollout status waited without telling the observers"


def test_no_command_advances_the_simulation_behind_the_session():
    """Every wait in a command goes through Session.advance, so observers see the time pass."""
    commands = ROOT / "sandbox" / "kubectl" / "commands"
    offenders = [f"{p.name}:{n}" for p in commands.glob("*.py")
                 for n, line in enumerate(p.read_text().splitlines(), 1)
                 if re.search(r"\bsim\.(advance|settle)\(", line)]
    assert offenders == []


def test_reset_and_restore_replace_the_cluster_for_observers(session: Session):
    rec = Recorder()
    session.subscribe(rec)
    snap = session.sim.snapshot()
    session.run("kubectl create deployment web --image=nginx:1.24")
    session.restore(snap)
    assert rec.replaced == 1 and session.sim.try_get("Deployment", "default", "web") is None
    session.run("sim reset")
    assert rec.replaced == 2


def test_unsubscribed_observers_hear_nothing(session: Session):
    rec = Recorder()
    session.subscribe(rec)
    session.unsubscribe(rec)
    session.run("kubectl get nodes")
    assert rec.commands == []


def test_sim_reset_rebuilds_the_starting_scenario_with_its_app():
    """`play --app shop`, then `sim reset`: the shop is there again, as at the start."""
    from sandbox.core.config import ClusterConfig
    from sandbox.kubectl.apps import scenario

    session = Session(scenario=scenario(ClusterConfig(seed=3), "shop"))
    first = sorted(d.name for d in session.sim.list("Deployment", "shop"))
    session.run("kubectl delete namespace shop")
    result = session.run("sim reset")
    assert result.ok and "and its app" in result.output
    assert sorted(d.name for d in session.sim.list("Deployment", "shop")) == first != []
