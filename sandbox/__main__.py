"""Command-line entry: `kubesandbox [tui|play|run|serve]`."""

from __future__ import annotations

import argparse
import sys

from .options import add_max_pods_argument, node_count, port_number


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kubesandbox",
                                     description="A terminal sandbox for learning Kubernetes on a simulated cluster.")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("tui", help="open the home screen (the default)")
    play = sub.add_parser("play", help="open free play directly: the cluster, every command, a chaos menu")
    from .tui.launch import add_play_arguments  # argparse only: textual is imported when the app starts

    add_play_arguments(play)
    run = sub.add_parser("run", help="run kubectl/sim lines from a script headless and print a transcript")
    run.add_argument("file", help="the script, or - for standard input")
    run.add_argument("--seed", type=int, default=0, help="random seed of the simulated cluster (default 0)")
    run.add_argument("--nodes", type=node_count, default=3, help="number of worker nodes (default 3)")
    run.add_argument("--keep-going", action="store_true", help="carry on after a failing line (exit 1 at the end)")
    add_max_pods_argument(run)
    serve = sub.add_parser("serve", help="serve the app to a web browser (each tab gets its own sandbox; "
                                         "needs the web extra: pip install 'kubesandbox[web]')")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default 127.0.0.1; there is no authentication)")
    serve.add_argument("--port", type=port_number, default=8000, help="port to listen on (default 8000)")
    from .tutor.cli import add_arguments as add_lesson_arguments  # argparse only, too

    add_lesson_arguments(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from .core.gc_tuning import relax_gc

    relax_gc()  # large simulated clusters: see gc_tuning.py
    if args.command in (None, "tui", "play"):
        from .tui.launch import run as run_tui

        return run_tui(args)
    if args.command == "run":
        from .kubectl.run import main as run_script

        return run_script(args.file, seed=args.seed, nodes=args.nodes, keep_going=args.keep_going,
                          pod_limit=args.max_pods)
    if args.command == "serve":
        from .web import serve

        return serve(args.host, args.port)
    if args.command == "lessons":
        from .tutor.cli import lessons_main

        return lessons_main(args)
    if args.command == "progress":
        from .tutor.cli import progress_main

        return progress_main(args)
    if args.command == "lesson":
        from .tui.launch import run_lesson

        return run_lesson(args)
    raise AssertionError(f"unhandled command {args.command!r}")  # argparse only accepts the choices above


if __name__ == "__main__":
    sys.exit(main())
