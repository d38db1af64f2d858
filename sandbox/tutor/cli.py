"""`kubesandbox lessons`, `kubesandbox lessons check [PATH…]` and `kubesandbox progress`.

The parser is built at every start (`kubesandbox play` too): the lesson machinery is
imported only when one of these commands runs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO


def add_arguments(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    lessons = sub.add_parser("lessons", help="list the lessons with your progress; `lessons check` proves them")
    lessons_sub = lessons.add_subparsers(dest="lessons_command")
    check = lessons_sub.add_parser("check", help="validate lesson files and prove each: solutions pass, "
                                                 "anti-solutions fail")
    check.add_argument("paths", nargs="*", type=Path, help="lesson files or folders (default: every shipped lesson)")
    lesson = sub.add_parser("lesson", help="open a lesson straight away")
    lesson.add_argument("id", help="the lesson's id (`kubesandbox lessons` lists them)")
    lesson.add_argument("--step", type=int, default=None, help="start at this step (1-based)")
    progress = sub.add_parser("progress", help="show your progress; reset, export or import it")
    group = progress.add_mutually_exclusive_group()
    group.add_argument("--reset", action="store_true", help="forget all progress")
    group.add_argument("--export", type=Path, metavar="FILE", help="write your progress to FILE")
    group.add_argument("--import", dest="import_", type=Path, metavar="FILE", help="replace your progress with FILE's")
    for parser in (lessons, lesson, progress):
        parser.add_argument("--data-dir", type=Path, default=None, help=argparse.SUPPRESS)


def lessons_main(args: argparse.Namespace, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    from ..datafolder import default_folder
    from ..kubectl.printers.tabwriter import table
    from .catalog import catalog
    from .progress import ProgressStore

    if getattr(args, "lessons_command", None) == "check":
        return check_main(args.paths, out)
    store = ProgressStore(args.data_dir or default_folder())
    for message in store.messages:
        print(message, file=sys.stderr)
    lessons, broken = catalog()
    rows = [["#", "ID", "TITLE", "MINUTES", "STATE", "BEST"]]
    for loaded in lessons:
        lesson, mine = loaded.lesson, store.lesson(loaded.lesson.id)
        state = mine.state if mine.state != "in progress" else f"step {mine.current_step + 1}/{len(lesson.steps)}"
        rows.append([str(lesson.order), lesson.id, lesson.title, str(lesson.minutes), state,
                     "-" if mine.best_commands is None else f"{mine.best_commands} commands"])
    out.write(table(rows) + "\n")
    for item in broken:
        out.write(f"broken: {item.error}\n")
    return 1 if broken else 0


def check_main(paths: list[Path], out: TextIO | None = None) -> int:
    out = out or sys.stdout
    from .catalog import lesson_files
    from .proof import prove_file

    files = [f for p in paths for f in (lesson_files(p) if p.is_dir() else [p])] if paths else lesson_files()
    if not files:
        out.write("no lesson files to check\n")
        return 1
    failed = 0
    for path in files:
        proof = prove_file(path)
        if proof.ok:
            out.write(f"ok    {proof.lesson_id}  ({path.name}): {proof.steps} steps proven, "
                      f"{proof.sim_seconds:.0f} s simulated, {proof.wall_seconds:.2f} s\n")
            continue
        failed += 1
        out.write(f"FAIL  {proof.lesson_id or path.name}  ({path})\n")
        for problem in proof.problems:
            out.write(f"      {problem}\n")
    out.write(f"{len(files) - failed} of {len(files)} lesson(s) proven\n")
    return 1 if failed else 0


def progress_main(args: argparse.Namespace, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    from ..datafolder import default_folder
    from .progress import ProgressStore

    store = ProgressStore(args.data_dir or default_folder())
    for message in store.messages:
        print(message, file=sys.stderr)
    try:
        if args.reset:
            store.reset()
            out.write(f"progress reset ({store.path})\n")
        elif args.export:
            store.export(args.export)
            out.write(f"progress written to {args.export}\n")
        elif args.import_:
            store.import_(args.import_)
            out.write(f"progress imported from {args.import_}\n")
        else:
            out.write(store.data.model_dump_json(indent=2) + "\n")
    except (OSError, ValueError) as err:
        print(f"kubesandbox: {err}", file=sys.stderr)
        return 1
    return 0
