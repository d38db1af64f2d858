"""A slow typed line runs in a thread: the screen says what runs and how far a wait has got, esc stops a
wait, ctrl+q quits without waiting for the line to finish (textual.textualize.io/guide/workers)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual import events
from textual.pilot import Pilot

from sandbox.kubectl.session import Session
from sandbox.tui.app import KubeSandboxApp
from sandbox.tui.screens.cluster import ClusterView
from sandbox.tui.widgets.command_line import CommandLine
from sandbox.tui.widgets.runner import CommandRunner, running_words
from tests.builders import SIZE, output_text, screen_text

DAY = 24 * 3600.0
# Two thousand pods that cannot all fit: the scheduler retries them all through every simulated minute,
# so waiting 30 days takes minutes of wall time.
CROWD = "kubectl create deployment crowd --image=nginx --replicas=2000"


async def until(condition: Callable[[], bool]) -> None:
    """Let the app run until `condition` holds (a bound, not a timed assertion: a hang fails the test)."""
    for _ in range(3000):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the app never got there")


async def start_long_wait(app: KubeSandboxApp, pilot: Pilot[None]) -> tuple[ClusterView, Session]:
    screen = app.screen
    assert isinstance(screen, ClusterView)
    session = screen.session
    session.run(CROWD)
    await pilot.press(":", *"sim wait 30d")
    # Enter as the driver sends it, without pilot.press: that waits until the line has finished.
    app.post_message(events.Key("enter", "\r"))
    await until(lambda: session.waiting is not None and session.sim.now > session.waiting[0])
    return screen, session


async def test_a_long_wait_shows_its_progress_in_place_of_the_command_line(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen, session = await start_long_wait(app, pilot)
        runner = screen.query_one(CommandRunner)
        runner._show()  # (its timer runs on the wall clock; draw it now)
        # (not pilot.pause(): it waits for every widget's queue, the runner's too, which ends with the line)
        await until(lambda: " of 30d · " in screen_text(app))
        text = screen_text(app)
        assert "running: sim wait 30d · " in text and " of 30d · " in text
        assert "esc stops the wait · ctrl+q quits" in text
        assert not screen.query_one(CommandLine).display
        # Keys that would change the cluster wait their turn: nothing else touches it while the line runs.
        assert screen.run_command("sim node fail node-1") is None
        await pilot.press("escape")
        assert session.sim.now < 30 * DAY


async def test_esc_stops_a_long_wait_where_it_got_to(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen, session = await start_long_wait(app, pilot)
        await pilot.press("escape")  # the pilot waits for the line to end
        assert not screen.busy
        assert session.sim.now < 30 * DAY
        out = output_text(app)  # (the event log is full of the crowd's FailedScheduling events)
        assert "$ sim wait 30d\nstopped after " in out and " of 30d; simulated time is now " in out
        assert screen.query_one(CommandLine).display and app.focused is screen.query_one(CommandLine)
        # The app goes on as before: the next line runs.
        await pilot.press(*"kubectl get deployment crowd", "enter")
        last = output_text(app).split("$ ")[-1].splitlines()
        assert last[0] == "kubectl get deployment crowd" and last[2].startswith("crowd   ") and "/2000" in last[2]


async def test_quitting_during_a_long_wait_exits_without_finishing_it(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        _, session = await start_long_wait(app, pilot)
        await pilot.press("ctrl+q")
    assert session.sim.now < 30 * DAY
    assert app.return_code == 0


async def test_ctrl_c_quits_while_a_line_runs(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        _, session = await start_long_wait(app, pilot)
        await pilot.press("ctrl+c")
    assert session.sim.now < 30 * DAY
    assert app.return_code == 0


async def test_quitting_while_a_large_cluster_is_built_stops_the_build(make_app):
    built: list[Session] = []
    app = make_app(workers=2000, building="2000 worker nodes")
    factory = app.session_factory
    app.session_factory = lambda **kw: built.append(factory(**kw)) or built[-1]
    async with app.run_test(size=SIZE) as pilot:
        await until(lambda: any(w.group == "build" and w.is_running for w in app.workers))
        await pilot.press("ctrl+q")
    assert not built  # the build never finished
    assert app.return_code == 0


def test_the_running_line_offers_esc_only_when_it_can_stop_the_wait():
    session = Session(seed=4)
    session.slice_waits = True
    session.run("kubectl create deployment web --image=nginx --replicas=3")
    session.run("kubectl expose deployment web --port=80")
    session.waiting = (session.sim.now, session.sim.now + DAY)
    assert running_words("sim wait 1d", session, 3).endswith("· esc stops the wait · ctrl+q quits")
    session.run("sim traffic start http://web.default.svc --rate 10 --duration 1h")
    words = running_words("sim wait 1d", session, 3)
    assert "esc" not in words and words.endswith("· 3s · ctrl+q quits")
