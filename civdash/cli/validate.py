"""`python -m civdash validate [FILE]`: check data/, or an uploaded observations CSV."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", nargs="?", help="an observations CSV to check against data/")
    parser.add_argument("--data", help="data folder (default: data/ or $CIVDASH_DATA_DIR)")
    parser.add_argument(
        "--sources",
        help="folder of the report texts (default: $CIVDASH_SOURCES or DATA/sources)",
    )
    parser.add_argument("--quiet", action="store_true", help="print only the summary")


def _display(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def run(args: argparse.Namespace) -> int:
    from civdash.data.loader import data_dir, sources_dir

    folder = Path(args.data) if args.data else data_dir()
    if args.file:
        from civdash.data.uploads import validate_upload_path

        report = validate_upload_path(Path(args.file), folder)
    else:
        from civdash.data.validate import check_store, validate_dataset

        sources = Path(args.sources) if args.sources else sources_dir(folder)
        report = validate_dataset(folder, sources, display=_display(folder))
        # Only the command checks the derived copies; the app falls back to the CSVs instead.
        check_store(folder, report, display=_display(folder))
    from civdash.core.safe_text import printable

    out = sys.stdout
    if not args.quiet:
        for problem in report.problems:
            print(problem.format(), file=out)
        more = report.omitted_line()
        if more:
            print(more, file=out)
    for notice in report.notices:
        print(printable(notice), file=out)
    print(report.summary(), file=out)
    return report.exit_code
