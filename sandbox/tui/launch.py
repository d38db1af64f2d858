"""Start the app from the command line: `kubesandbox` (home) or `kubesandbox play ...`."""

from __future__ import annotations

import argparse
import shlex
import sys

from ..options import add_max_pods_argument, node_count
from ..resources import shop_manifests


def add_play_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seed", type=int, default=0, help="seed of the simulated cluster (same seed, same cluster)")
    parser.add_argument("--nodes", type=node_count, default=3, help="worker nodes (above 30 the map turns compact)")
    parser.add_argument("--app", choices=["shop"], help="deploy a sample app before you start")
    add_max_pods_argument(parser)


def run(args: argparse.Namespace) -> int:
    from ..core.config import ClusterConfig
    from ..core.simulation import Simulation
    from ..kubectl.session import Session
    from . import errorlog, terminal
    from .app import KubeSandboxApp

    seed = getattr(args, "seed", 0)
    nodes = getattr(args, "nodes", 3)
    app_name = getattr(args, "app", None)
    pod_limit = getattr(args, "max_pods", ClusterConfig.pod_limit)

    def session() -> Session:
        s = Session(Simulation(seed=seed, workers=nodes, pod_limit=pod_limit))
        if app_name == "shop":
            shop = shop_manifests()
            if not shop.is_dir():
                raise SystemExit(f"kubesandbox: the shop sample app is missing (looked in {shop})")
            result = s.run(f"kubectl apply -f {shlex.quote(str(shop))}")
            if not result.ok:
                raise SystemExit(f"kubesandbox: the shop sample app did not deploy: {result.output}")
        return s

    start = "play" if args.command == "play" else "home"
    app = KubeSandboxApp(session, start=start)
    try:
        with terminal.guarded():
            app.run()
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        path = errorlog.append(app.log_path, "starting or stopping the app", error, fatal=True)
        print(f"kubesandbox: the app stopped on an error: {error!r}" + (f" (details in {path})" if path else ""),
              file=sys.stderr)
        return 1
    if app.return_code:
        # Textual has printed the traceback; the log keeps it (KubeSandboxApp._handle_exception).
        print(f"kubesandbox: the app stopped on an error (details in {app.log_path})", file=sys.stderr)
    return app.return_code or 0
