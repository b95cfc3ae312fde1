"""`python -m civdash extract FILE`: write a report's candidate figures to a CSV for review."""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

from civdash.core.safe_text import neutralise, printable, shown_path
from civdash.core.vocab import TABLES_BY_NAME
from civdash.data.loader import data_dir, read_place_names, read_table
from civdash.workbench.documents import DocumentError, read_document
from civdash.workbench.extract import COLUMNS, extract
from civdash.workbench.suggest import IndicatorSuggester


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="the report: .txt (UTF-8 or GB18030), .docx, .pdf or .html")
    parser.add_argument("--source-id", default="", help="id the report will have in sources.csv")
    parser.add_argument("--region", default="", help="region_id the report is about")
    parser.add_argument(
        "--published", default="", help="publication date, YYYY or YYYY-MM-DD (sets 目前's year)"
    )
    parser.add_argument(
        "--reference-year",
        type=int,
        default=None,
        help="the year 目前/今年 refers to, when it differs from the publication year",
    )
    parser.add_argument("--out", required=True, help="where to write the candidates CSV")


def reference_year(published: str, explicit: int | None) -> int | None:
    if explicit is not None:
        return explicit
    match = re.match(r"((?:19|20)[0-9]{2})", published or "")
    return int(match.group(1)) if match else None


def candidates_for(text: str, region: str, year: int | None, folder: Path | None = None):
    """Candidates with indicator suggestions drawn from the curated data in `folder`."""
    folder = folder or data_dir()
    regions = read_table(folder, TABLES_BY_NAME["regions"])
    indicators = read_table(folder, TABLES_BY_NAME["indicators"])
    observations = read_table(folder, TABLES_BY_NAME["observations"])
    suggester = IndicatorSuggester(indicators, observations)
    return extract(
        text,
        region_id=region,
        reference_year=year,
        regions=regions,
        place_names=read_place_names(),
        suggester=suggester,
    )


def run(args: argparse.Namespace) -> int:
    path = Path(args.file)
    shown = shown_path(path)
    if not path.is_file():
        print(f"{shown}: not a regular file", file=sys.stderr)
        return 2
    try:
        text = read_document(path.name, path.read_bytes())
    except DocumentError as error:
        print(f"{shown}: {printable(error)}", file=sys.stderr)
        return 2
    candidates = candidates_for(
        text, args.region, reference_year(args.published, args.reference_year)
    )
    with open(args.out, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for candidate in candidates:
            # The file is meant for review in a spreadsheet: the one neutralising rule.
            writer.writerow({key: neutralise(value) for key, value in candidate.row().items()})
    print(f"{shown}: {len(candidates)} candidate figures written to {shown_path(args.out)}")
    return 0
