"""`python -m civdash extract FILE`: write a report's candidate figures to a CSV for review."""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

from civdash.core import limits
from civdash.core.safe_text import neutralise, printable, shown_path
from civdash.core.vocab import TABLES_BY_NAME
from civdash.data.loader import data_dir, read_place_names, read_table
from civdash.i18n import text as i18n_text
from civdash.jobs import worker
from civdash.workbench.documents import DocumentError, read_document
from civdash.workbench.extract import COLUMNS, Candidate, extract, report_year
from civdash.workbench.statistical_tables import ALL_COLUMNS, extract_tables, is_table_file
from civdash.workbench.suggest import IndicatorSuggester


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file",
        help="the report or table: .txt (UTF-8 or GB18030), .docx, .pdf, .html, .xlsx, .xls, .csv",
    )
    parser.add_argument("--source-id", default="", help="id the report will have in sources.csv")
    parser.add_argument("--region", default="", help="region_id the report is about")
    parser.add_argument(
        "--published",
        default="",
        help="publication date, YYYY or YYYY-MM-DD; with the title it tells which year the "
        "report describes (a 2024年工作总结 published in 2025-02 describes 2024)",
    )
    parser.add_argument(
        "--reference-year",
        type=int,
        default=None,
        help="the year 目前/今年 refers to, when title and date do not tell it",
    )
    parser.add_argument("--out", required=True, help="where to write the candidates CSV")
    parser.add_argument(
        "--no-limits",
        action="store_true",
        help=f"lift the page's budgets ({limits.MAX_REPORT_CHARACTERS:,} characters, "
        f"{limits.EXTRACTION_BUDGET_SECONDS:g} s in a worker process) for a trusted long report",
    )


def reference_year(published: str, explicit: int | None, text: str = "") -> int | None:
    """The year 目前 means: as given, else from the title and text, else the publication year."""
    if explicit is not None:
        return explicit
    if not re.match(r"(?:19|20)[0-9]{2}", published or "") and not text:
        return None
    return report_year(text, published).year


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


def extract_job(
    name: str,
    raw: bytes,
    region: str,
    published: str,
    explicit_year: int | None,
    folder: str,
    character_limit: int | None,
) -> tuple[str, object, int | None]:
    """Read and extract one report: ("ok", candidates, year) or ("refused", DocumentError, None).

    Module-level and with picklable arguments, so that it can run in a worker process.
    """
    try:
        text = read_document(name, raw)
        if character_limit is not None and len(text) > character_limit:
            raise DocumentError("length", characters=len(text), limit=character_limit)
    except DocumentError as error:
        return "refused", error, None
    year = reference_year(published, explicit_year, text)
    return "ok", candidates_for(text, region, year, Path(folder)), year


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
    shown = shown_path(path)
    if not path.is_file():
        print(f"{shown}: not a regular file", file=sys.stderr)
        return 2
    if is_table_file(path.name):
        # A statistical table: every cell a candidate, the crosswalk's indicator first.
        year = args.reference_year
        fallback = reference_year(args.published, None, "")
        try:
            read = tables_for(path.name, path.read_bytes(), args.region, year, fallback)
        except DocumentError as error:
            print(f"{shown}: {printable(error)}", file=sys.stderr)
            return 2
        candidates, columns = read.candidates, ALL_COLUMNS
        year = year if year is not None else read.period.year
        print(
            f"{shown}: {read.tables} table(s); region {printable(read.region_id or '?')}, "
            f"period {printable(read.period.label or '?')}"
        )
    else:
        job = (
            path.name,
            path.read_bytes(),
            args.region,
            args.published,
            args.reference_year,
            str(data_dir()),
            None if args.no_limits else limits.MAX_REPORT_CHARACTERS,
        )
        if args.no_limits:
            status, payload, year = extract_job(*job)
        else:
            # The page's budget: a worker process killed after EXTRACTION_BUDGET_SECONDS.
            try:
                status, payload, year = worker.run(
                    extract_job, *job, budget_seconds=limits.EXTRACTION_BUDGET_SECONDS
                )
            except worker.WorkerError as error:
                reason = i18n_text(error.key, "en", **error.values)
                print(f"{shown}: {reason} (--no-limits lifts the budget)", file=sys.stderr)
                return 2
        if status != "ok":
            print(f"{shown}: {printable(payload)}", file=sys.stderr)
            return 2
        candidates: list[Candidate] = payload
        columns = COLUMNS
    with open(args.out, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, restval="")
        writer.writeheader()
        for candidate in candidates:
            # The file is meant for review in a spreadsheet: the one neutralising rule.
            writer.writerow({key: neutralise(value) for key, value in candidate.row().items()})
    print(
        f"{shown}: {len(candidates)} candidate figures written to {shown_path(args.out)} "
        f"(reference year {year if year is not None else 'not known'})"
    )
    return 0
