"""`python -m civdash add BUNDLE.zip`: merge a contribution bundle into data/, all or nothing."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from civdash.core import limits
from civdash.core.safe_text import printable, shown_path
from civdash.data.loader import data_dir, sources_dir
from civdash.workbench.bundle import BundleError, check_and_merge


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("bundle", help="a contribution bundle (.zip) from the 数据采集 page")
    parser.add_argument("--data", help="data folder (default: data/ or $CIVDASH_DATA_DIR)")
    parser.add_argument("--sources", help="folder of report texts (default: DATA/sources)")
    parser.add_argument("--dry-run", action="store_true", help="check only; change nothing")


def run(args: argparse.Namespace) -> int:
    path = Path(args.bundle)
    shown = shown_path(path)
    if not path.is_file():
        print(f"{shown}: not a regular file", file=sys.stderr)
        return 2
    folder = Path(args.data) if args.data else data_dir()
    sources = Path(args.sources) if args.sources else sources_dir(folder)
    try:
        result = check_and_merge(path.read_bytes(), folder, sources, write=not args.dry_run)
    except BundleError as error:
        print(f"{shown}: {printable(error)}", file=sys.stderr)
        return 2
    for conflict in result.conflicts[: limits.MAX_PROBLEMS]:
        print(printable(f"conflict: {conflict}"), file=sys.stderr)
    if len(result.conflicts) > limits.MAX_PROBLEMS:
        hidden = len(result.conflicts) - limits.MAX_PROBLEMS
        print(f"{hidden:,} more conflict(s) not listed", file=sys.stderr)
    if result.report is not None:
        for problem in result.report.errors:
            print(problem.format(), file=sys.stderr)
        if result.report.omitted_count:
            print(result.report.omitted_line("en"), file=sys.stderr)
    if not result.ok:
        print(f"{shown}: not added; nothing changed", file=sys.stderr)
        return 1
    added = ", ".join(f"{count} {name}" for name, count in result.added.items() if count)
    if not result.changed:
        print(f"{shown}: already in {shown_path(folder)}; nothing changed")
        return 0
    if args.dry_run:
        print(f"{shown}: would add {added}")
        return 0
    print(f"{shown}: added {added}; datapackage.json and parquet/ regenerated")
    return 0
