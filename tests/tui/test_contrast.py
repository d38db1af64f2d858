"""Every piece of text the app draws reads at a contrast of at least 4.5:1 (WCAG 2.1 AA), in both themes.

Measured on what is drawn: the screen is rendered as a snapshot would be, and each run of
text (letters or digits) is checked against the colour behind it, with the WCAG relative
luminance formula (https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio). No text is drawn "dim":
a terminal's dim attribute has no colour to measure.
"""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from rich.segment import Segment

from sandbox.tui.screens.play import PlayScreen
from sandbox.tui.theme import COLORBLIND_THEME, DEFAULT_THEME
from tests.builders import shop_manifests

AA = 4.5


def luminance(rgb: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: tuple[int, int, int], other: tuple[int, int, int]) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_contrast_formula_matches_wcag_examples():
    assert contrast((255, 255, 255), (0, 0, 0)) == pytest.approx(21.0)
    assert contrast((0x76, 0x76, 0x76), (255, 255, 255)) == pytest.approx(4.54, abs=0.01)  # WCAG's AA grey


def drawn_segments(app, *, behind: bool) -> list[Segment]:
    """What is on screen; `behind=False` keeps only the modal's box (what a modal dims behind it is
    inactive, which WCAG exempts)."""
    width, height = app.size
    console = Console(width=width, height=height, force_terminal=True, color_system="truecolor", file=io.StringIO())
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    box = None if behind else app.screen.children[0].region
    shown, x, y = [], 0, 0
    for segment in console.render(update):
        if segment.text == "\n":
            x, y = 0, y + 1
            continue
        if not segment.control and (box is None or box.contains(x, y)):
            shown.append(segment)
        x += segment.cell_length
    return shown


def poor_text(app, *, behind: bool = True) -> list[str]:
    """Each run of text drawn below AA contrast, or dim, as `ratio  'text'  style`."""
    poor = set()
    for segment in drawn_segments(app, behind=behind):
        style = segment.style
        if style is None or not any(ch.isalnum() for ch in segment.text):
            continue
        fg = style.color.get_truecolor() if style.color else None
        bg = style.bgcolor.get_truecolor() if style.bgcolor else None
        if style.reverse:
            fg, bg = bg, fg
        ratio = contrast(tuple(fg), tuple(bg)) if fg and bg else 0.0
        if ratio < AA or style.dim:
            poor.add(f"{ratio:.2f}  {segment.text.strip()[:40]!r}  {style}")
    return sorted(poor)


async def busy_free_play(pilot) -> None:
    """The shop, a rollout, a failed node, a traffic stream and the output pane: most of what free play draws."""
    screen = pilot.app.screen
    for manifest in shop_manifests():
        screen.sim.apply(manifest, actor="you", namespace=manifest["metadata"].get("namespace", "default"))
    screen.advance(60)
    screen.run_command("sim traffic start http://webserver --from deploy/frontend --rate 5 --duration 300s -n shop")
    screen.run_command("kubectl set image deployment/webserver-v1 nginx=nginx:1.99 -n shop")
    screen.run_command("sim node fail node-3")
    screen.advance(70)
    await pilot.press("colon", *"kubectl get pods -A", "enter", "escape")
    for _ in range(3):
        await pilot.pause()
        screen.refresh_views()


# (screen to start on, steps, whether the screens behind a modal must read too)
SCENES = {
    "home": ("home", [], True),
    "free play": ("play", [busy_free_play], True),
    "help": ("play", ["question_mark"], False),
    "chaos menu": ("play", ["right", "exclamation_mark"], False),
    "delete dialog": ("play", ["down", "ctrl+d"], True),  # the learner reads the map to see what goes
    "node up close": ("play", ["down", "z"], True),
}


@pytest.mark.parametrize("theme", [DEFAULT_THEME, COLORBLIND_THEME])
@pytest.mark.parametrize("scene", list(SCENES))
async def test_text_meets_aa_contrast(make_app, scene, theme):
    start, steps, behind = SCENES[scene]
    app = make_app(start=start, theme=theme)
    async with app.run_test(size=(140, 40)) as pilot:
        for step in steps:
            await (step(pilot) if callable(step) else pilot.press(step))
        await pilot.pause()
        assert start == "home" or any(isinstance(s, PlayScreen) for s in app.screen_stack)
        assert poor_text(app, behind=behind) == []
