"""Never crash: the command palette, help and every dialog open on every screen, and text that comes
from data (help texts, names, output) is shown as written, never read as markup.

SCREENS lists how to reach each screen; a new screen (the lesson screen) joins the list and is
checked the same way.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.command import CommandPalette
from textual.widgets import DataTable

from sandbox.tui import keys
from sandbox.tui.app import palette_help
from sandbox.tui.keys import PLAY_KEYS, KeyAction
from sandbox.tui.screens.actions import ClusterScreen
from sandbox.tui.screens.chaos import ChaosMenu
from sandbox.tui.screens.dialogs import AskNumber, Confirm
from sandbox.tui.screens.help import HelpScreen, help_table
from sandbox.tui.screens.home import HomeScreen
from sandbox.tui.screens.play import PlayScreen
from tests.builders import SIZE, screen_text

Opener = Callable[..., Awaitable[None]]


async def on_home(pilot) -> None:
    assert isinstance(pilot.app.screen, HomeScreen)


async def in_free_play(pilot) -> None:
    await pilot.press("p")
    assert isinstance(pilot.app.screen, PlayScreen)
    pilot.app.screen.run_command("kubectl create deployment web --image=nginx:1.25 --replicas=2")
    pilot.app.screen.advance(30)


async def in_a_lesson(pilot) -> None:
    from sandbox.tui.screens.lesson import LessonScreen
    from sandbox.tutor.catalog import find

    pilot.app.open_lesson(find("replicasets"))
    for _ in range(20):
        await pilot.pause()
        if isinstance(pilot.app.screen, LessonScreen):
            return
    raise AssertionError(f"the lesson did not open: {pilot.app.screen}")


# name -> how to get there from the home screen
SCREENS: dict[str, Opener] = {"home": on_home, "free play": in_free_play, "lesson": in_a_lesson}


async def open_palette(pilot) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(pilot.app.screen, CommandPalette)
    await pilot.press(*"e")  # a search: hits are drawn with their help texts
    await pilot.pause(0.3)


async def open_help(pilot) -> None:
    await pilot.press("question_mark")
    assert isinstance(pilot.app.screen, HelpScreen)


async def open_chaos(pilot) -> None:
    await pilot.press("exclamation_mark")
    assert isinstance(pilot.app.screen, ChaosMenu)


async def open_delete(pilot) -> None:
    await pilot.press("down", "ctrl+d")
    assert isinstance(pilot.app.screen, Confirm)


async def open_scale(pilot) -> None:
    pilot.app.screen.query_one("#resource-table", DataTable).focus()
    await pilot.press("s")
    assert isinstance(pilot.app.screen, AskNumber)


async def open_fresh_cluster_question(pilot) -> None:
    await pilot.press("escape")  # home, free play kept (it ran a command)
    await pilot.press("down", "enter")  # "Free play" (below Resume) over a changed cluster asks first
    assert isinstance(pilot.app.screen, Confirm)


async def open_solution_question(pilot) -> None:
    await pilot.press("ctrl+o")
    assert isinstance(pilot.app.screen, Confirm)


async def open_prediction(pilot) -> None:
    from sandbox.tui.screens.lesson_dialogs import PredictDialog

    screen = pilot.app.screen
    screen.tutor.play(list(screen.tutor.step.solution))
    await pilot.pause()
    screen.show_output(False)
    await pilot.press("n")
    screen.advance(3)
    for _ in range(10):
        await pilot.pause()
    assert isinstance(pilot.app.screen, PredictDialog)


async def open_leave_question(pilot) -> None:
    await pilot.press("escape")
    assert isinstance(pilot.app.screen, Confirm)


DIALOGS: dict[str, dict[str, Opener]] = {
    "home": {"palette": open_palette, "help": open_help},
    "free play": {"palette": open_palette, "help": open_help, "chaos menu": open_chaos, "delete": open_delete,
                  "scale": open_scale, "fresh cluster": open_fresh_cluster_question},
    "lesson": {"palette": open_palette, "help": open_help, "chaos menu": open_chaos, "delete": open_delete,
               "solution": open_solution_question, "prediction": open_prediction, "leave": open_leave_question},
}


@pytest.mark.parametrize(("screen", "dialog"), [(s, d) for s in SCREENS for d in DIALOGS[s]])
async def test_every_dialog_opens_on_every_screen(make_app, screen, dialog):
    app = make_app(start="home")
    async with app.run_test(size=SIZE) as pilot:
        await SCREENS[screen](pilot)
        await DIALOGS[screen][dialog](pilot)
        await pilot.pause()
        assert app.is_running and screen_text(app).strip()
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running


def test_every_screen_has_its_dialogs_listed():
    assert set(DIALOGS) == set(SCREENS)


HOSTILE = "[/] [b]not bold[/b] [link=x]"


async def test_help_texts_are_shown_as_written_not_read_as_markup(make_app, monkeypatch):
    """A help text with markup-like brackets (once the key `[/]` did this) crashes nothing and shows verbatim."""
    hostile = [KeyAction(k.id, k.key, k.action, k.description, f"{k.help} {HOSTILE}", k.command, k.show,
                         k.palette, k.letter, k.rank) for k in PLAY_KEYS]
    monkeypatch.setattr(ClusterScreen, "KEY_TABLE", hostile)  # what the palette and help list
    app = make_app()
    async with app.run_test(size=(160, 60)) as pilot:
        await pilot.press("ctrl+p", *"Describe")
        await pilot.pause(0.3)
        assert isinstance(app.screen, CommandPalette)
        assert f"Describe the selected object beside the map {HOSTILE}" in screen_text(app)
        await pilot.press("escape", "question_mark")
        await pilot.pause()
        assert f"Show every key {HOSTILE}" in screen_text(app)


def test_every_key_help_text_renders_in_the_palette_the_help_and_the_footer():
    """Each surface a help text reaches: the palette (Textual markup), the help table and tooltips."""
    from rich.console import Console
    from textual.content import Content

    console = Console(width=200, record=True)
    console.print(help_table("#9AA4B2"))
    table = console.export_text()
    for key in PLAY_KEYS:
        shown = Content.from_markup(palette_help(key.help, key.key, key.command)).plain
        assert shown.startswith(key.help) and f"[{keys.display_key(key.key)}]" in shown
        assert key.help in table
        tooltip = next(b for b in keys.bindings([key]))
        assert Content.from_markup(tooltip.tooltip).plain == key.help
