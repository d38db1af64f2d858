"""Start the app from the command line: `kubesandbox` (home) or `kubesandbox play ...`."""

from __future__ import annotations

import argparse


def add_play_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seed", type=int, default=0, help="seed of the simulated cluster (same seed, same cluster)")
    parser.add_argument("--nodes", type=int, default=3, help="worker nodes (above 30 the map turns compact)")
    parser.add_argument("--app", choices=["shop"], help="deploy a sample app before you start")


def run(args: argparse.Namespace) -> int:
    from ..core.config import ClusterConfig
    from ..kubectl.apps import scenario
    from ..kubectl.errors import CommandError
    from ..kubectl.session import Session
    from .app import KubeSandboxApp
    from .screens.cluster import COMPACT_ABOVE

    seed = getattr(args, "seed", 0)
    nodes = getattr(args, "nodes", 3)
    app_name = getattr(args, "app", None)
    if nodes < 1:
        raise SystemExit("kubesandbox: --nodes must be at least 1")

    config = ClusterConfig(seed=seed, workers=nodes)
    try:
        start_with = scenario(config, app_name)
    except CommandError as err:
        raise SystemExit(f"kubesandbox: the {app_name} sample app cannot be read: {err}") from None

    def session(app: str | None = None) -> Session:
        """The default cluster, or one with a sample app (`play --app shop`, the home screen's shop)."""
        return Session(scenario=start_with if app == app_name else scenario(config, app))

    start = "play" if args.command == "play" else "home"
    building = f"{nodes} worker nodes" if nodes > COMPACT_ABOVE else None
    KubeSandboxApp(session, start=start, sample_app=app_name, building=building).run()
    return 0
