"""`python -m civdash extract FILE`: write a report's candidate figures to a CSV for review."""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

from civdash.documents import DocumentError, read_document
from civdash.extract import COLUMNS, extract
from civdash.loader import data_dir, read_place_names, read_table
from civdash.suggest import IndicatorSuggester
from civdash.table_extract import ALL_COLUMNS, extract_tables, is_table_file
from civdash.vocab import TABLES_BY_NAME


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file",
        help="the report or table: .txt (UTF-8 or GB18030), .docx, .pdf, .html, .xlsx, .xls, .csv",
    )
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


def tables_for(
    name: str,
    raw: bytes,
    region: str,
    year: int | None,
    fallback_year: int | None = None,
    folder: Path | None = None,
):
    """A table file's candidates: every cell, with the crosswalk's suggestions, and its prose.

    `year` (--reference-year) is the analyst's word and wins; `fallback_year` (from
    --published) applies only when neither the file name nor a title names a year."""
    folder = folder or data_dir()
    tables = {
        name: read_table(folder, TABLES_BY_NAME[name])
        for name in ("regions", "indicators", "observations", "statistical_rows")
    }
    return extract_tables(
        name,
        raw,
        region_id=region,
        reference_year=year,
        regions=tables["regions"],
        indicators=tables["indicators"],
        observations=tables["observations"],
        statistical_rows=tables["statistical_rows"],
        suggester=IndicatorSuggester(tables["indicators"], tables["observations"]),
        place_names=read_place_names(),
        fallback_year=fallback_year,
    )


def run(args: argparse.Namespace) -> int:
    path = Path(args.file)
    shown = str(path).encode("utf-8", "backslashreplace").decode("utf-8")
    if not path.is_file():
        print(f"{shown}: not a regular file", file=sys.stderr)
        return 2
    text = ""
    if not is_table_file(path.name):
        try:
            text = read_document(path.name, path.read_bytes())
        except DocumentError as error:
            print(f"{shown}: {error}", file=sys.stderr)
            return 2
    year = reference_year(args.published, args.reference_year)
    columns = COLUMNS
    if is_table_file(path.name):
        try:
            read = tables_for(path.name, path.read_bytes(), args.region, args.reference_year, year)
        except DocumentError as error:
            print(f"{shown}: {error}", file=sys.stderr)
            return 2
        candidates, columns = read.candidates, ALL_COLUMNS
        print(
            f"{shown}: {read.tables} table(s); region {read.region_id or '?'}, "
            f"period {read.period.label or '?'}"
        )
    else:
        candidates = candidates_for(text, args.region, year)
    with open(args.out, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, restval="")
        writer.writeheader()
        for candidate in candidates:
            writer.writerow(candidate.row())
    print(f"{shown}: {len(candidates)} candidate figures written to {args.out}")
    return 0
