"""A seeded monkey: thousands of random keys at several terminal sizes, resized as it goes.

Any exception in a handler ends a Textual app and `run_test` raises it here; an error the
app caught and reported would be in the error log, which must stay empty. Simulated time
advances between bursts so that keys meet a changing cluster. Keys arrive in bursts, as from
a fast typist (Pilot.press would wait for the app to go idle after every key).
"""

from __future__ import annotations

import random

import pytest
from textual import events
from textual.keys import _character_to_key

pytestmark = pytest.mark.timeout(300)

SIZES = [(20, 8), (80, 24), (120, 36), (200, 60), (40, 12)]
KEYS = [*"abcdefghijklmnopqrstuvwxyz0123456789:/?!<>[]-= ", "up", "down", "left", "right", "enter", "escape", "tab",
        "backspace", "space", "pageup", "pagedown", "home", "end", "ctrl+d", "ctrl+p", "shift+tab", "delete"]
# A few whole command lines, so the monkey also runs commands that change the cluster.
LINES = [":kubectl scale deployment coredns -n kube-system --replicas=4", ":sim node fail node-2",
         ":kubectl create deployment web --image=nginx:1.25 --replicas=3", ":sim wait 6m", ":kubectl get pods -A",
         ":kubectl describe node node-1", ":sim traffic start http://172.18.0.2:30000 --rate 5"]
KEYS_PER_SIZE = 420
# The palette key and enter (which runs a line) are followed by a pause, as a person looks at what
# opened. (Without it a PageDown can reach Textual's command palette before its option list is laid
# out: textual 8.2.8's OptionList._move_page then raises KeyError, a race inside Textual.)
OPENERS = {"ctrl+p", "enter"}


def key_event(key: str) -> events.Key:
    """The event a terminal sends for `key`, as Pilot.press builds it (a character for printable keys)."""
    if len(key) == 1:
        return events.Key(key if key.isalnum() else _character_to_key(key), key)
    return events.Key(key, " " if key == "space" else None)


async def send(pilot, keys: list[str]) -> None:
    for key in keys:
        pilot.app.post_message(key_event(key))
        if key in OPENERS:
            await pilot.pause()
    await pilot.pause()


@pytest.mark.parametrize("seed", [7])
async def test_random_keys_at_many_sizes_never_crash_the_app(tmp_path, make_app, seed):
    rng = random.Random(seed)
    app = make_app()
    pressed = 0
    async with app.run_test(size=SIZES[0]) as pilot:
        for width, height in SIZES:
            await pilot.resize_terminal(width, height)
            for burst in range(KEYS_PER_SIZE // 20):
                if rng.random() < 0.15:
                    await send(pilot, [*rng.choice(LINES), "enter", "escape"])
                keys = [rng.choice(KEYS) for _ in range(20)]
                await send(pilot, keys)
                pressed += len(keys)
                if burst % 5 == 0:
                    screen = app.screen
                    if hasattr(screen, "session"):
                        screen.session.advance(rng.choice([0, 1, 10, 60]))
                await pilot.pause()
    assert pressed >= 2000
    assert not (tmp_path / "kubesandbox.log").exists(), (tmp_path / "kubesandbox.log").read_text()
