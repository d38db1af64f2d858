"""Work the app need not do: drawing a screen hidden under an opaque one, a log scrolling a frame late,
every kept log line drawn at the log's first size, footer keys styled twice, stylesheets parsed twice,
the screen laid out again at start to show the tables and footer keys the first frame lacked, a screen
styled again as it first shows, the event log's scrollbar repainted after a layout that changed nothing.

Start-up is timed in tests/benchmarks/bench_tui.py; these tests pin the behaviour that keeps it short.
"""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.color import Color
from textual.css import stylesheet
from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import DataTable
from textual.widgets._footer import FooterKey

from sandbox.core.scenario import cluster
from sandbox.tui.screens.help import HelpScreen
from sandbox.tui.screens.home import HomeScreen
from sandbox.tui.screens.play import PlayScreen
from sandbox.tui.theme import COLORBLIND_THEME, DEFAULT_THEME
from sandbox.tui.widgets.event_log import MIN_DRAWN, EventLog
from sandbox.tui.widgets.key_footer import KeyFooter


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


async def test_a_burst_written_before_the_log_has_a_size_draws_only_its_newest_lines():
    """Lines written before the log knows its size are only kept (there is no width to wrap them at); at its
    first size the log draws the newest lines that fit, as follow() does for a burst, not every kept line."""
    log = EventLog(cluster(seed=1, workers=3).audit)
    sizeless: list[bool] = []

    class LogApp(App[None]):
        AUTO_FOCUS = None  # a focused log is being read: it does not follow new lines

        def compose(self) -> ComposeResult:
            yield log

        def on_mount(self) -> None:
            sizeless.append(not log.size)
            log.follow()

    async with LogApp().run_test(size=(120, 10)) as pilot:
        await pilot.pause()
        assert sizeless == [True]
        assert len(log.lines_kept) > 2 * MIN_DRAWN
        assert [index for index, _, _ in log._drawn] == list(range(len(log.lines_kept) - MIN_DRAWN,
                                                                   len(log.lines_kept)))
        assert log.scroll_y == log.max_scroll_y > 0  # the newest line is in view


async def test_footer_keys_are_styled_once_when_the_footer_is_built(make_app, monkeypatch):
    """Textual's FooterKey starts compact and data_bind makes it the footer's style after it is mounted
    (textual/widgets/_footer.py), so every key would be restyled twice; the keys are built in the footer's style."""
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(KeyFooter)
        restyled: list[FooterKey] = []
        update_styles = App.update_styles

        def counting(self, node, animate=True):
            if isinstance(node, FooterKey):
                restyled.append(node)
            update_styles(self, node, animate)

        monkeypatch.setattr(App, "update_styles", counting)
        footer._shown = None  # rebuild as if the keys had changed
        footer.call_later(footer.recompose)  # in the footer's own context, as Textual calls it
        await pilot.pause()
        keys = list(footer.query(FooterKey))
        assert len(keys) > 5
        bound = [key for key in keys if not key.has_class("-command-palette")]
        assert not [key for key in restyled if key in bound]
        assert all(key.compact == footer.compact and key.has_class("-compact") == footer.compact for key in bound)
        palette = footer.query_one(".-command-palette", FooterKey)  # not bound: Textual's own style
        assert palette.compact and palette.has_class("-compact")


@pytest.mark.parametrize("theme", [DEFAULT_THEME, COLORBLIND_THEME])
async def test_the_first_theme_is_in_force_and_each_stylesheet_is_parsed_once(make_app, monkeypatch, theme):
    """Setting App.theme after App.__init__ (textual/app.py App._watch_theme) parses every stylesheet into a
    throwaway Stylesheet (refresh_css) and then again; the app starts in its theme with one parse of each."""
    parsed: list[object] = []
    parse = stylesheet.parse

    def counting(scope, css, read_from, **kwargs):
        parsed.append(read_from)
        return parse(scope, css, read_from, **kwargs)

    monkeypatch.setattr(stylesheet, "parse", counting)
    app = make_app(theme=theme)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert app.theme == theme and app.current_theme.name == theme
        assert f"-theme-{theme}" in app.classes and "-dark-mode" in app.classes
        assert app.stylesheet._variables == app.get_css_variables()  # the theme's colours, not Textual's default
        assert app.screen.styles.background == Color.parse(app.current_theme.background)
        ours = [read_from for read_from in parsed if str(read_from[0]).endswith("app.tcss")]
        assert len(ours) == 1
        assert len([r for r in parsed if r[1] == "App.DEFAULT_CSS"]) == 1


async def test_free_play_first_frame_has_its_tables_and_footer_keys(make_app, monkeypatch):
    """Tables painted after the first frame (call_after_refresh), and Textual's footer composed empty until its
    screen first signals its bindings (textual/widgets/_footer.py Footer.compose), each made Textual lay out and
    render the whole screen again as free play opened. The first frame drawn has them, and the footer is built once."""
    first: list[tuple[int, int]] = []
    composed: list[KeyFooter] = []
    refresh, compose = Screen._compositor_refresh, KeyFooter.compose

    def frame(self):
        if isinstance(self, PlayScreen) and not first:
            first.append((self.query_one("#resource-table", DataTable).row_count,
                          len(self.query_one(KeyFooter).query(FooterKey))))
        refresh(self)

    def counted(self):
        composed.append(self)
        return compose(self)

    monkeypatch.setattr(Screen, "_compositor_refresh", frame)
    monkeypatch.setattr(KeyFooter, "compose", counted)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(KeyFooter)
        rows, keys = first[0]
        assert rows == app.screen.query_one("#resource-table", DataTable).row_count > 0
        assert keys == len(footer.query(FooterKey)) > 5
        assert composed == [footer]


def _rules(screen: Screen) -> dict[int, dict[str, object]]:
    """Every widget's rules from the stylesheet, by widget."""
    return {id(widget): dict(widget._css_styles.get_rules()) for widget in screen.walk_children(with_self=True)}


async def test_a_screen_first_shown_is_styled_once_as_its_widgets_mount(make_app, monkeypatch):
    """Textual restyles a resumed screen's every widget (textual/screen.py Screen._on_screen_resume); the first
    time a screen shows, its widgets were styled as they were mounted (textual/app.py App._register), so free play
    is not styled a second time, and what it has is what a full restyle gives."""
    restyled: list[object] = []
    update_styles = App.update_styles

    def counting(self, node, animate=True):
        restyled.append(node)
        update_styles(self, node, animate)

    monkeypatch.setattr(App, "update_styles", counting)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        assert screen not in restyled
        before = _rules(screen)
        app.stylesheet.update_nodes(screen.walk_children(with_self=True), animate=False)
        assert _rules(screen) == before


async def test_a_screen_shown_again_takes_a_theme_chosen_while_it_was_hidden(make_app):
    """Only the first resume keeps the mounted styles: free play, kept while the learner is home, comes back in
    the theme chosen there."""
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        play = app.screen
        assert isinstance(play, PlayScreen)
        app.go_home()
        await pilot.pause()
        app.theme = COLORBLIND_THEME
        await pilot.pause()
        assert app.resume_play()
        await pilot.pause()
        assert app.screen is play
        panel = Color.parse(app.current_theme.panel or "")
        assert play.query_one("#command-row").styles.background == panel


async def test_a_node_box_draws_its_text_once_per_width_and_paint(make_app, monkeypatch):
    """Textual asks a box for its height (get_content_height) and then renders it; the text is drawn once for
    a width and what the map last showed, and again when the map shows something new."""
    from sandbox.tui.widgets import node_box

    drawn: list[str] = []
    render_node = node_box.render_node

    def counting(view, *args, **kwargs):
        drawn.append(view.name)
        return render_node(view, *args, **kwargs)

    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        monkeypatch.setattr(node_box, "render_node", counting)
        screen = app.screen
        boxes = list(screen.query(node_box.NodeBox))
        for box in boxes:  # as a layout and a render ask, at the width the frame drew: nothing has changed
            width = box.content_size.width
            assert box.get_content_height(box.size, box.size, width) == box.content_size.height
            assert box.render().plain.count("\n") + 1 == box.content_size.height
        assert drawn == []
        screen.run_command("kubectl create deployment web --image=nginx:1.25 --replicas=4")
        screen.advance(30)
        await pilot.pause()
        assert sorted(set(drawn)) == sorted(box.node_name for box in boxes)
        assert all(f"●{pod.name.rsplit('-', 1)[1]}" in "".join(box.render().plain for box in boxes)
                   for pod in screen.sim.list("Pod", "default"))


@pytest.mark.parametrize("size", [(120, 36), (80, 24)])
async def test_the_resources_table_is_built_once_at_start_and_rebuilt_only_when_its_columns_change(
        make_app, monkeypatch, size):
    """Painted before its first layout, the resources pane guesses its width (half the screen, its share in free
    play) instead of building every column and dropping some a layout later; a resize that keeps the columns
    that fit updates the table in place."""
    builds: list[int] = []
    clear = DataTable.clear
    monkeypatch.setattr(DataTable, "clear", lambda self, columns=False: (builds.append(1), clear(self, columns))[1])
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert len(builds) == 1
        table = app.screen.query_one("#resource-table", DataTable)
        assert [str(c.label) for c in table.columns.values()][:2] == ["NAMESPACE", "NAME"]
        await pilot.resize_terminal(size[0], size[1] + 4)
        await pilot.pause()
        assert len(builds) == 1   # taller, as wide: the same columns fit
        await pilot.resize_terminal(200, 50)
        await pilot.pause()
        assert len(builds) == 2   # at 200 columns every column fits: rebuilt with those the pane hid
        assert "UP-TO-DATE" in [str(c.label) for c in table.columns.values()]


async def test_a_layout_that_changes_nothing_leaves_the_event_log_scrollbar_alone_and_a_new_size_does_not(
        make_app, monkeypatch):
    """Textual's ScrollView repaints its scrollbars at every layout, as the virtual size a layout passes is never
    the one a log drawing its own lines keeps (textual/scroll_view.py ScrollView._size_updated): after free
    play's first frame that was one more frame. A layout that finds the log as the last one left it is let go;
    new lines and a new size still reach the scrollbar."""
    from textual.scrollbar import ScrollBar

    repainted: list[ScrollBar] = []
    refresh = ScrollBar.refresh

    def counting(self, *regions, **kwargs):
        repainted.append(self)
        return refresh(self, *regions, **kwargs)

    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        log = app.screen.query_one(EventLog)
        monkeypatch.setattr(ScrollBar, "refresh", counting)
        app.screen.refresh(layout=True)
        await pilot.pause()
        assert log.vertical_scrollbar not in repainted
        app.screen.run_command("kubectl create deployment web --image=nginx:1.25 --replicas=4")
        await pilot.pause()
        assert log.vertical_scrollbar in repainted
        assert log.vertical_scrollbar.window_virtual_size == log.virtual_size.height
        repainted.clear()
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert log.vertical_scrollbar in repainted
        assert log.vertical_scrollbar.window_size == log.scrollable_content_region.height
