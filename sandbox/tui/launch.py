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

    seed = getattr(args, "seed", 0)
    nodes = getattr(args, "nodes", 3)
    app_name = getattr(args, "app", None)
    if nodes < 1:
        raise SystemExit("kubesandbox: --nodes must be at least 1")

    try:
        start_with = scenario(ClusterConfig(seed=seed, workers=nodes), app_name)
    except CommandError as err:
        raise SystemExit(f"kubesandbox: the {app_name} sample app cannot be read: {err}") from None

    def session() -> Session:
        return Session(scenario=start_with)

    start = "play" if args.command == "play" else "home"
    KubeSandboxApp(session, start=start).run()
    return 0


def run_lesson(args: argparse.Namespace) -> int:
    from ..kubectl.session import Session
    from ..tutor.catalog import catalog
    from .app import KubeSandboxApp

    lessons, _ = catalog()
    ids = [x.lesson.id for x in lessons]
    if args.id not in ids:
        raise SystemExit(f"kubesandbox: no lesson {args.id!r}; the lessons are: {', '.join(ids)}")
    step = None if args.step is None else max(0, args.step - 1)
    KubeSandboxApp(Session, start=f"lesson:{args.id}", data_dir=args.data_dir, start_step=step).run()
    return 0
