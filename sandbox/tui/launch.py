"""Start the app from the command line: `kubesandbox` (home) or `kubesandbox play ...`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..options import add_max_pods_argument, node_count

if TYPE_CHECKING:
    from ..core.config import ClusterConfig
    from ..kubectl.session import Session
    from .app import KubeSandboxApp


def add_play_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seed", type=int, default=0, help="seed of the simulated cluster (same seed, same cluster)")
    parser.add_argument("--nodes", type=node_count, default=3, help="worker nodes (above 30 the map turns compact)")
    parser.add_argument("--app", choices=["shop"], help="deploy a sample app before you start")
    add_max_pods_argument(parser)


def run(args: argparse.Namespace) -> int:
    from ..core.config import ClusterConfig
    from ..kubectl.errors import CommandError
    from .app import KubeSandboxApp
    from .screens.cluster import COMPACT_ABOVE

    seed = getattr(args, "seed", 0)
    nodes = getattr(args, "nodes", 3)
    app_name = getattr(args, "app", None)
    pod_limit = getattr(args, "max_pods", ClusterConfig.pod_limit)

    config = ClusterConfig(seed=seed, workers=nodes, pod_limit=pod_limit)
    try:
        session = sessions(config, app_name)
    except CommandError as err:
        raise SystemExit(f"kubesandbox: the {app_name} sample app cannot be read: {err}") from None
    start = "play" if args.command == "play" else "home"
    building = f"{nodes} worker nodes" if nodes > COMPACT_ABOVE else None
    return run_app(KubeSandboxApp(session, start=start, sample_app=app_name, building=building))


def run_app(app: KubeSandboxApp) -> int:
    """Run the app; a crash is logged, leaves the terminal usable and gives exit status 1."""
    from . import errorlog, terminal

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


def sessions(config: ClusterConfig, app_name: str | None = None) -> Callable[..., Session]:
    """The app's session factory: the default cluster, or one with a sample app (`play --app shop`, the
    home screen's shop). The starting scenario is read now, so a sample app that cannot be read stops here."""
    from ..kubectl.apps import scenario
    from ..kubectl.session import Session

    start_with = scenario(config, app_name)

    def session(app: str | None = None) -> Session:
        return Session(scenario=start_with if app == app_name else scenario(config, app))

    return session


def run_lesson(args: argparse.Namespace) -> int:
    from ..core.config import ClusterConfig
    from ..tutor.catalog import catalog
    from .app import KubeSandboxApp

    lessons, _ = catalog()
    ids = [x.lesson.id for x in lessons]
    if args.id not in ids:
        raise SystemExit(f"kubesandbox: no lesson {args.id!r}; the lessons are: {', '.join(ids)}")
    step = None if args.step is None else max(0, args.step - 1)
    return run_app(KubeSandboxApp(sessions(ClusterConfig()), start=f"lesson:{args.id}", data_dir=args.data_dir,
                                  start_step=step))
