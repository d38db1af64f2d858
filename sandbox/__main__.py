"""Command-line entry: `kubesandbox [tui|play|lesson|run|lessons]`."""

from __future__ import annotations

import argparse
import sys


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kubesandbox",
                                     description="A terminal sandbox for learning Kubernetes on a simulated cluster.")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("tui", help="open the home screen (the default)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    print(f"kubesandbox: '{args.command or 'tui'}' is not available yet", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
