"""Start the app from the command line: `kubesandbox` (home) or `kubesandbox play ...`."""

from __future__ import annotations

import argparse
from pathlib import Path

SHOP_MANIFESTS = Path(__file__).resolve().parents[2] / "assets" / "shop"


def add_play_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seed", type=int, default=0, help="seed of the simulated cluster (same seed, same cluster)")
    parser.add_argument("--nodes", type=int, default=3, help="worker nodes (above 30 the map turns compact)")
    parser.add_argument("--app", choices=["shop"], help="deploy a sample app before you start")


def run(args: argparse.Namespace) -> int:
    from ..kubectl.session import Session
    from .app import KubeSandboxApp

    seed = getattr(args, "seed", 0)
    nodes = getattr(args, "nodes", 3)
    app_name = getattr(args, "app", None)
    if nodes < 1:
        raise SystemExit("kubesandbox: --nodes must be at least 1")

    def session() -> Session:
        s = Session(seed=seed, workers=nodes)
        if app_name == "shop":
            if not SHOP_MANIFESTS.is_dir():
                raise SystemExit("kubesandbox: the shop sample app is not available yet")
            s.run(f"kubectl apply -f {SHOP_MANIFESTS}")
        return s

    start = "play" if args.command == "play" else "home"
    KubeSandboxApp(session, start=start).run()
    return 0
