"""TUI benchmarks (run on request, never by pytest): prints `NAME key=value ...` lines.

    python tests/benchmarks/bench_tui.py [frame|start]

frame  5,000 nodes and 150,000 Ready pods (built directly, bootstrap=False); time one full
       frame of the compact map headless while pods change: between frames (untimed) CHURN pods
       are deleted and as many created on other nodes, then the frame refreshes the map's cells
       from the store and draws every visible line; p95 over frames while scrolling. Also: the
       draw alone, and a cold frame where every node's cell is recomputed (as after a theme change).
start  `kubesandbox play` start to first frame, against a bare Textual app with a Header, a
       Static and a Footer, run side by side in fresh processes (min and median of alternating runs,
       ratio of the medians).

Compiling is kept out of the timings: the frame is timed after the app has mounted (every module it
runs is imported by then), and for start, as on a learner's machine, Python caches compiled bytecode
(PYTHONDONTWRITEBYTECODE, set in some shells, is dropped from the children's environment, and an untimed
warm-up run of each writes the caches). The process leaves with os._exit once its figures are printed,
so freeing 150,000 pods is not waited for.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

NODES, PODS = 5000, 150_000
FRAMES = 60
CHURN = 25  # pods deleted and created between two frames
SIZE = (120, 36)


def p95(samples: list[float]) -> float:
    return sorted(samples)[max(0, int(len(samples) * 0.95) - 1)]


def build_cluster():
    from sandbox.core.objects import KObject, ObjectMeta
    from sandbox.core.simulation import Simulation

    sim = Simulation(seed=1)
    sim.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "default"}}, actor="bench")
    ready = [{"type": "Ready", "status": "True"}]
    for i in range(NODES):
        node = sim.add_node(f"node-{i + 1}")
        node.status["conditions"] = [dict(c) for c in ready]
    per_node = PODS // NODES
    for i in range(PODS):
        node = f"node-{i // per_node + 1}"
        spec = {"nodeName": node, "containers": [{"name": "app", "image": "nginx:1.24"}]}
        status = {"phase": "Running", "conditions": [dict(c) for c in ready]}
        sim.store.create(KObject("Pod", ObjectMeta(f"app-{i}", "default"), spec, status), "bench", "bench pod")
    return sim


def churn(sim, frame: int) -> None:
    """Pods change between frames: CHURN go, CHURN new ones land on nodes spread over the map."""
    from sandbox.core.objects import KObject, ObjectMeta

    for j in range(frame * CHURN, (frame + 1) * CHURN):
        sim.store.delete(sim.store.get("Pod", "default", f"app-{j * 97 % PODS}"), "bench", "bench churn")
        spec = {"nodeName": f"node-{j * 37 % NODES + 1}", "containers": [{"name": "app", "image": "nginx:1.24"}]}
        status = {"phase": "Running", "conditions": [{"type": "Ready", "status": "True"}]}
        sim.store.create(KObject("Pod", ObjectMeta(f"new-{j}", "default"), spec, status), "bench", "bench pod")


def bench_frame() -> None:
    import tempfile

    from sandbox.kubectl.session import Session
    from sandbox.tui.app import KubeSandboxApp
    from sandbox.tui.widgets.compact_map import CompactMap

    t0 = time.perf_counter()
    sim = build_cluster()
    build = time.perf_counter() - t0
    frames: list[float] = []
    draws: list[float] = []
    cold: list[float] = []  # every node's cell recomputed (as after a theme change)

    async def run() -> None:
        app = KubeSandboxApp(lambda: Session(sim), start="play", tick_interval=None,
                             data_dir=Path(tempfile.mkdtemp()))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            cmap = app.screen.query_one(CompactMap)
            height = cmap.size.height
            t = time.perf_counter()
            cmap.set_theme(cmap.theme_name)  # every cell recomputed
            for y in range(height):
                cmap.render_line(y)
            cold.append(time.perf_counter() - t)
            for frame in range(FRAMES):
                churn(sim, frame)
                t = time.perf_counter()
                cmap.refresh_from_sim()
                for y in range(height):
                    cmap.render_line(y)
                frames.append(time.perf_counter() - t)
                cmap._strips.clear()
                t = time.perf_counter()
                for y in range(height):
                    cmap.render_line(y)
                draws.append(time.perf_counter() - t)
                await pilot.press("down")  # scroll on, like a learner moving through the map

    asyncio.run(run())
    print(f"tui_frame nodes={NODES} pods={PODS} churn={CHURN * 2} p95_ms={p95(frames) * 1000:.1f} "
          f"draw_only_p95_ms={p95(draws) * 1000:.2f} cold_ms={cold[0] * 1000:.1f} build_s={build:.1f}")


BARE = """
from textual.app import App
from textual.widgets import Footer, Header, Static
class Bare(App):
    def compose(self):
        yield Header()
        yield Static("bare")
        yield Footer()
async def first_frame(pilot):
    await pilot.pause()
    pilot.app.exit()
Bare().run(headless=True, size=(120, 36), auto_pilot=first_frame)
"""

PLAY = f"""
import sys
sys.path.insert(0, {str(ROOT)!r})
from sandbox.core.gc_tuning import relax_gc
relax_gc()  # as `kubesandbox play` does at start
from sandbox.kubectl.session import Session
from sandbox.tui.app import KubeSandboxApp
async def first_frame(pilot):
    await pilot.pause()
    pilot.app.exit()
KubeSandboxApp(Session, start="play", tick_interval=None).run(headless=True, size=(120, 36), auto_pilot=first_frame)
"""


# As on a learner's machine, Python caches compiled bytecode (some CI shells turn that off).
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _time(script: str) -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, env=_ENV)
    return time.perf_counter() - t


def bench_start(runs: int = 7) -> None:
    _time(BARE), _time(PLAY)  # warm-up: writes the bytecode caches a second start would find
    bare, play = [], []
    for _ in range(runs):  # alternate, so drift in machine load hits both alike
        bare.append(_time(BARE))
        play.append(_time(PLAY))
    b, p = statistics.median(bare), statistics.median(play)
    print(f"tui_start ratio={p / b:.2f} play_ms={p * 1000:.0f} play_min_ms={min(play) * 1000:.0f} "
          f"bare_ms={b * 1000:.0f} bare_min_ms={min(bare) * 1000:.0f} runs={runs}")


if __name__ == "__main__":
    which = sys.argv[1:] or ["frame", "start"]
    if "frame" in which:
        bench_frame()
    if "start" in which:
        bench_start()
    sys.stdout.flush()
    os._exit(0)  # the figures are out: do not wait for the cluster to be freed
