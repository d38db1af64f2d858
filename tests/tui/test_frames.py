"""Frames the app need not draw: a screen hidden under an opaque one, a log scrolling a frame late.

Start-up is timed in tests/benchmarks/bench_tui.py; these tests pin the behaviour that keeps it short.
"""

from __future__ import annotations

from textual.geometry import Size

from sandbox.tui.screens.help import HelpScreen
from sandbox.tui.screens.home import HomeScreen
from sandbox.tui.screens.play import PlayScreen
from sandbox.tui.widgets.event_log import EventLog


async def test_free_play_hides_the_screen_below_it_and_a_dialog_does_not(make_app):
    """Textual counts the screen below the top one as visible (textual/app.py App._background_screens) though
    Screen.render (textual/screen.py) draws it only under a translucent top screen."""
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert app._background_screens == []  # the default screen under free play is not drawn
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert app.screen.styles.background.a < 1
        assert app._background_screens == [app.screen_stack[-2]]  # free play shows through the help


async def test_a_screen_hidden_under_free_play_takes_the_new_size_when_it_shows_again(make_app):
    """A screen hidden under free play is not laid out with the terminal; Screen._on_screen_resume
    (textual/screen.py) lays it out again when it comes back at another size."""
    app = make_app(start="home")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        home = app.screen_stack[-2]
        assert isinstance(home, HomeScreen)
        await pilot.resize_terminal(90, 30)
        await pilot.pause()
        app.go_home()
        await pilot.pause()
        assert app.screen is home
        assert home.size == Size(90, 30)
        assert max(widget.region.right for widget in home.query("*") if widget.display) <= 90


async def test_event_log_lines_are_in_view_as_they_are_written(make_app):
    """RichLog scrolls to a new line only after the next frame (textual/widgets/_rich_log.py write); the
    event log scrolls as it writes, so a burst of lines does not cost a frame of its own."""
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        log = app.screen.query_one(EventLog)
        for n in range(40):
            log.note(f"note {n}")
        assert log.max_scroll_y > 0
        assert log.scroll_y == log.max_scroll_y  # before any frame is drawn
        log.focus()  # reading: new lines no longer scroll the log
        await pilot.pause()
        reading_at = log.scroll_y = 0
        log.note("one more")
        assert log.scroll_y == reading_at
