"""`kubesandbox serve` in a real browser: headless Chromium types `kubectl get nodes` and the page shows the nodes.

The test drives Chromium over the DevTools protocol (a small client on aiohttp, which the
`web` extra brings). textual-serve draws the terminal with xterm.js on a canvas, so the text
on the page is read from xterm's own screen buffer: a script added before the page loads
catches the terminal object when textual-serve's page stores it (`this.terminal = new
Terminal(...)`), and the test reads the rows xterm displays.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time

import pytest

pytest.importorskip("textual_serve", reason="the web extra is not installed (pip install -e '.[web]')")
aiohttp = pytest.importorskip("aiohttp")

CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)
pytestmark = [
    pytest.mark.timeout(180),
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (Debian: apt-get install chromium; "
                                                ".ci/run installs it when it runs as root)"),
]

# Runs in the page before textual-serve's script: the first object given a `terminal` property
# keeps it as its own, and the terminal is remembered for the test.
CATCH_TERMINAL = """
window.__terminals = [];
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  set(value) {
    Object.defineProperty(this, "terminal", {value, writable: true, configurable: true, enumerable: true});
    window.__terminals.push(value);
  },
});
"""
SCREEN_TEXT = """
(() => {
  const terminal = window.__terminals.find(t => t && t.buffer && t.buffer.active);
  if (!terminal) return "";
  const buffer = terminal.buffer.active, rows = [];
  for (let i = 0; i < buffer.length; i++) {
    const line = buffer.getLine(i);
    rows.push(line ? line.translateToString(true) : "");
  }
  return rows.join("\\n");
})()
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(check, what: str, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture
def server(tmp_path):
    port = free_port()
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data")}
    proc = subprocess.Popen([sys.executable, "-m", "sandbox", "serve", "--port", str(port)], cwd=tmp_path, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: listening(port), "kubesandbox serve to listen")
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture
def devtools(tmp_path):
    """Headless Chromium; yields the DevTools HTTP address. WebGL comes from SwiftShader (xterm.js needs it)."""
    profile = tmp_path / "chromium"
    proc = subprocess.Popen([CHROMIUM, "--headless=new", "--no-sandbox", "--use-angle=swiftshader",
                             "--enable-unsafe-swiftshader", "--no-first-run", "--remote-debugging-port=0",
                             "--window-size=1280,900", f"--user-data-dir={profile}", "about:blank"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        active = profile / "DevToolsActivePort"
        wait_for(lambda: active.exists() and active.read_text().strip(), "Chromium's DevTools port")
        yield f"http://127.0.0.1:{active.read_text().splitlines()[0]}"
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


class Page:
    """The DevTools protocol on one page: commands by id; events are not needed here."""

    def __init__(self, ws) -> None:
        self.ws = ws
        self.next_id = 0

    async def send(self, method: str, params: dict | None = None) -> dict:
        self.next_id += 1
        await self.ws.send_json({"id": self.next_id, "method": method, "params": params or {}})
        while True:
            message = json.loads((await self.ws.receive()).data)
            if message.get("id") == self.next_id:
                assert "error" not in message, message
                return message["result"]

    async def screen(self) -> str:
        result = await self.send("Runtime.evaluate", {"expression": SCREEN_TEXT, "returnByValue": True})
        return result["result"].get("value") or ""

    async def wait_for_text(self, pattern: str, seconds: float = 60) -> str:
        deadline = time.monotonic() + seconds
        screen = ""
        while time.monotonic() < deadline:
            screen = await self.screen()
            if re.search(pattern, screen):
                return screen
            await asyncio.sleep(0.25)
        raise AssertionError(f"{pattern!r} never showed; the page shows:\n{screen}")

    async def type(self, text: str) -> None:
        await self.send("Runtime.evaluate", {"expression": "document.querySelector('.xterm-helper-textarea').focus()"})
        for char in text:
            await self.send("Input.dispatchKeyEvent", {"type": "keyDown", "text": char, "key": char})
            await self.send("Input.dispatchKeyEvent", {"type": "keyUp", "key": char})

    async def enter(self) -> None:
        key = {"key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13}
        await self.send("Input.dispatchKeyEvent", {"type": "keyDown", "text": "\r", **key})
        await self.send("Input.dispatchKeyEvent", {"type": "keyUp", **key})


async def test_kubectl_get_nodes_typed_in_the_browser_shows_the_nodes(server, devtools):
    async with aiohttp.ClientSession() as http:
        async with http.put(f"{devtools}/json/new?about:blank") as response:
            target = await response.json(content_type=None)
        async with http.ws_connect(target["webSocketDebuggerUrl"], max_msg_size=0) as ws:
            page = Page(ws)
            await page.send("Page.enable")
            await page.send("Page.addScriptToEvaluateOnNewDocument", {"source": CATCH_TERMINAL})
            await page.send("Page.navigate", {"url": server})
            await page.wait_for_text(r"Free play")                     # the home screen, in its own app process
            await page.type("p")
            await page.wait_for_text(r"free play")
            await page.type(":")                                      # the command line takes the focus:
            await page.wait_for_text(r"tab Complete")                  # its keys show in the footer
            await page.type("kubectl get nodes")
            await page.wait_for_text(r"kubectl get nodes")
            await page.enter()
            screen = await page.wait_for_text(r"node-3 +Ready")
    assert "kubectl get nodes" in screen
    assert re.search(r"NAME +STATUS +ROLES +AGE +VERSION", screen)
    assert re.search(r"control-plane +Ready +control-plane", screen)
