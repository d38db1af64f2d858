"""Never lose work: free play is kept when the learner goes home, resumed from there, and a fresh
cluster over a changed one is started only after asking. The home screen's choices and a large
cluster's progress screen."""

from __future__ import annotations

from textual.widgets import OptionList

from sandbox.tui.screens.building import BuildingScreen
from sandbox.tui.screens.dialogs import Confirm
from sandbox.tui.screens.home import HomeScreen
from sandbox.tui.screens.play import PlayScreen
from tests.builders import SIZE, commands_run, screen_text


def menu_ids(app) -> list[str]:
    """The home menu's choices after the lessons."""
    menu = app.screen.query_one("#home-menu", OptionList)
    ids = [menu.get_option_at_index(i).id for i in range(menu.option_count)]
    return [i for i in ids if not i.startswith("lesson:")]


def highlighted(app) -> str:
    menu = app.screen.query_one("#home-menu", OptionList)
    return menu.get_option_at_index(menu.highlighted).id


async def test_escape_goes_home_and_the_cluster_is_kept_to_resume(make_app):
    app = make_app(start="home")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")  # Free play
        play = app.screen
        assert isinstance(play, PlayScreen)
        await pilot.press("colon", *"kubectl create deployment web --image=nginx:1.25", "enter", "escape")
        play.advance(30)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        await pilot.pause()
        assert menu_ids(app) == ["resume", "play", "play-shop", "quit"] and highlighted(app) == "resume"
        assert "▶ Resume free play — your cluster as you left it (00:00:34, 1 command)" in screen_text(app)
        now = play.sim.now
        await pilot.press("enter")  # the highlighted choice is Resume: an accidental esc, then enter, is harmless
        assert app.screen is play and play.sim.now == now
        assert play.sim.try_get("Deployment", "default", "web") is not None
        assert commands_run(app) == ["kubectl create deployment web --image=nginx:1.25"]  # the log is kept too


async def test_letters_typed_at_home_never_throw_the_cluster_away(make_app):
    """After an accidental esc, typing goes on: `p` resumes the kept cluster rather than starting a fresh one."""
    app = make_app(start="home")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        play = app.screen
        play.run_command("kubectl create deployment web --image=nginx:1.25")
        await pilot.press("escape", *"kubectl apply")
        assert app.screen is play and play.sim.try_get("Deployment", "default", "web") is not None


async def test_time_stands_still_while_free_play_is_kept(make_app):
    from sandbox.tui.messages import Tick

    app = make_app(start="home")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        play = app.screen
        await pilot.press("escape")
        now = play.sim.now
        play.on_tick(Tick())
        play.on_tick(Tick())
        assert play.sim.now == now


async def test_a_fresh_cluster_over_a_changed_one_asks_first(make_app):
    app = make_app(start="home")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        kept = app.screen
        kept.run_command("kubectl create deployment web --image=nginx:1.25")
        await pilot.press("escape", "down", "enter")  # Free play (fresh), below Resume
        assert isinstance(app.screen, Confirm)
        await pilot.pause()
        assert "Start a fresh cluster? The free-play cluster you changed (1 command) will be lost." \
            in " ".join(line.strip(" █") for line in screen_text(app).splitlines())
        await pilot.press("n")
        assert isinstance(app.screen, HomeScreen) and app.kept_play is kept
        await pilot.press("down", "enter", "y")  # home highlights Resume again: down to Free play, and yes
        assert isinstance(app.screen, PlayScreen) and app.screen is not kept
        assert app.screen.sim.try_get("Deployment", "default", "web") is None


async def test_an_unchanged_cluster_is_replaced_without_asking(make_app):
    app = make_app(start="home")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        first = app.screen
        await pilot.press("escape")
        assert highlighted(app) == "resume"
        await pilot.press("down", "enter")
        assert isinstance(app.screen, PlayScreen) and app.screen is not first


async def test_free_play_with_the_shop_app(make_app):
    app = make_app(start="home")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        menu = app.screen.query_one("#home-menu", OptionList)
        menu.highlighted = menu.get_option_index("play-shop")
        await pilot.press("enter")
        assert isinstance(app.screen, PlayScreen)
        names = {d.name for d in app.screen.sim.list("Deployment", "shop")}
        assert {"frontend", "mysql", "webserver-v1", "webserver-v2", "loadbalancer"} <= names


async def test_home_says_what_the_sandbox_is_and_how_to_quit(make_app):
    app = make_app(start="home")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "A simulated Kubernetes cluster in your terminal, to learn by doing:" in text
        assert "Lessons  (enter opens one; the next unfinished is highlighted)" in text
        assert "^q Quit" in text.splitlines()[-1]
        menu = app.screen.query_one("#home-menu", OptionList)
        menu.highlighted = menu.get_option_index("quit")
        await pilot.press("enter")
        assert not app.is_running


async def test_a_large_cluster_is_built_behind_a_progress_screen(tmp_path):
    """The build runs in a thread (held here until the test lets it finish), the app draws meanwhile."""
    import threading

    from sandbox.core.scenario import cluster
    from sandbox.kubectl.session import Session
    from sandbox.tui.app import KubeSandboxApp

    release = threading.Event()

    def slow_session(app: str | None = None) -> Session:
        release.wait(timeout=30)
        return Session(cluster(seed=1, workers=40))

    app = KubeSandboxApp(slow_session, start="home", tick_interval=None, data_dir=tmp_path,
                         building="40 worker nodes")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, BuildingScreen)
        assert "Building a cluster of 40 worker nodes…" in screen_text(app)
        release.set()
        await app.workers.wait_for_complete()
        for _ in range(5):
            await pilot.pause()
        assert isinstance(app.screen, PlayScreen) and app.screen.sim.count("Node") == 41
        assert [type(s) for s in app.screen_stack[1:]] == [HomeScreen, PlayScreen]


async def test_escape_from_play_started_directly_goes_home_and_back(make_app):
    """`kubesandbox play` opens free play first; the home screen is built when the learner goes there."""
    app = make_app(start="play")
    async with app.run_test(size=SIZE) as pilot:
        play = app.screen
        assert [type(s) for s in app.screen_stack[1:]] == [PlayScreen]
        play.run_command("kubectl create deployment web --image=nginx:1.25")
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen) and app.kept_play is play
        await pilot.pause()
        assert menu_ids(app)[0] == "resume"
        await pilot.press("enter")
        assert app.screen is play
        await pilot.press("escape", "p")
        assert app.screen is play and [type(s) for s in app.screen_stack[1:]] == [HomeScreen, PlayScreen]
