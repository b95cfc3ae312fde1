"""Describe data/ as a Frictionless Data Package, bundle it as a zip, refresh its Parquet copies."""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import logging
import re
import sys
import zipfile
from pathlib import Path

from civdash.core import units
from civdash.core.safe_text import neutralise, printable
from civdash.core.vocab import ALL_TABLES, CATEGORIES, UNIT_TABLE, Table
from civdash.data.validate import source_text_path
from civdash.i18n import text

PACKAGE_FILE = "datapackage.json"
# The data's release: bump both when the curated figures change, so that a citation names the
# data it used rather than the day someone downloaded it.
DATA_VERSION = "1.1.0"
RELEASED = "2026-11-29"
SOURCES_FOLDER = "sources"
ZIP_ROOT = "civil-affairs-data"
LICENCE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 (curation); source texts remain their publishers'",
}
FIELD_TYPES = {
    "string": "string",
    "integer": "integer",
    "number": "number",
    "boolean": "boolean",
    "date_or_year": "string",
}
DATE_OR_YEAR_PATTERN = r"\d{4}(-\d{2}(-\d{2})?)?"


def field_descriptor(column) -> dict:
    descriptor: dict = {"name": column.name, "type": FIELD_TYPES[column.type]}
    if column.description:
        descriptor["description"] = column.description
    constraints: dict = {}
    if column.required:
        constraints["required"] = True
    if column.enum is not None:
        constraints["enum"] = list(column.enum)
    if column.type == "date_or_year":
        constraints["pattern"] = DATE_OR_YEAR_PATTERN
    if column.type == "boolean":
        descriptor["trueValues"], descriptor["falseValues"] = ["true"], ["false"]
    if constraints:
        descriptor["constraints"] = constraints
    return descriptor


def resource_descriptor(table: Table) -> dict:
    schema: dict = {
        "fields": [field_descriptor(column) for column in table.columns],
        "missingValues": [""],
    }
    if table.primary_key:
        schema["primaryKey"] = list(table.primary_key)
    schema["foreignKeys"] = [
        {
            "fields": column,
            # A self-reference (regions.parent_id) names no resource, as the spec requires.
            "reference": {"resource": "" if other == table.name else other, "fields": other_column},
        }
        for column, other, other_column in table.foreign_keys
    ]
    return {
        "name": table.name,
        "path": table.file,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "description": table.description,
        "schema": schema,
    }


def build_descriptor(sources: list[dict] | None = None) -> dict:
    """The datapackage.json content; `sources` lists the seed documents for attribution."""
    return {
        "profile": "tabular-data-package",
        "name": "civil-affairs-comparison",
        "title": "Civil-affairs figures from five city reports (Zhejiang, Nantong, Huangshigang)",
        "description": (
            "Every figure traces to a verbatim excerpt of its source. Units are base units; "
            "see README.md for the year, unit and qualifier rules. observation_id is built from "
            "the natural key (source, region, indicator, year, period_start, range_part), whose "
            "uniqueness `python -m civdash validate` also checks."
        ),
        "version": DATA_VERSION,
        "created": f"{RELEASED}T00:00:00Z",
        "licenses": [LICENCE],
        "sources": sources or [],
        "keywords": ["civil affairs", "民政", "dibao", "elderly care", "Zhejiang"],
        "x_categories": {
            category: {
                "zh": text(f"category.{category}", "zh"),
                "en": text(f"category.{category}", "en"),
            }
            for category in CATEGORIES
        },
        "resources": [resource_descriptor(table) for table in ALL_TABLES],
    }


def source_rows(folder: Path) -> list[dict]:
    with open(folder / "sources.csv", encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def source_entries(folder: Path) -> list[dict]:
    """One entry per report text, with a path relative to datapackage.json and its checksum."""
    entries = []
    for row in source_rows(folder):
        path = source_text_path(folder / SOURCES_FOLDER, row["file"])
        if path is None:
            raise PackageError(f"sources.csv names {row['file']!r}, which is not in sources/")
        entry = {
            "title": f"{row['title']} ({row['publisher']}, {row['published']})",
            "path": f"{SOURCES_FOLDER}/{row['file']}",
        }
        if path.is_file():
            entry["x_sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
        entries.append(entry)
    return entries


LOGGER = logging.getLogger("civdash")
# Each folder's fallback is told once per process, not on every run of the method page.
_FALLBACK_TOLD: set[tuple[str, str]] = set()


class PackageError(ValueError):
    """A data folder that cannot be packaged safely; the message says why."""


SAFE_MEMBER = re.compile(r"[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)?")


def member_name(name: str) -> str:
    """The zip member for a file of the package; PackageError for a path that would leave it."""
    parts = name.split("/")
    if not SAFE_MEMBER.fullmatch(name) or any(part in ("", ".", "..") for part in parts):
        raise PackageError(f"{name!r} would leave the package")
    return f"{ZIP_ROOT}/{name}"


def inert_csv(raw: bytes) -> bytes:
    """The CSV with every text cell through the one neutralising rule (safe_text.neutralise),
    so no cell of the package runs as a formula in a spreadsheet; unchanged cells keep their
    bytes (a curated table has none to change)."""
    text = raw.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    safe = [[neutralise(cell) for cell in row] for row in rows]
    if safe == rows:
        return raw
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(safe)
    return buffer.getvalue().encode("utf-8")


def release(folder: Path) -> tuple[str, str]:
    """(version, release date) of the data in `folder`, read from its datapackage.json.

    Without a readable descriptor the citation falls back to this release's own version, with
    a warning for the operator: the data may be another release than the one it names.
    """
    path = Path(folder) / PACKAGE_FILE
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
        return str(descriptor["version"]), str(descriptor["created"])[:10]
    except (OSError, ValueError, KeyError, TypeError) as error:
        told = (str(path), type(error).__name__)
        if told in _FALLBACK_TOLD:
            return DATA_VERSION, RELEASED
        _FALLBACK_TOLD.add(told)
        LOGGER.warning(
            "%s unreadable (%s: %s); citing the built-in release %s of %s instead; "
            "run `python -m civdash package`",
            path,
            type(error).__name__,
            error,
            DATA_VERSION,
            RELEASED,
        )
        return DATA_VERSION, RELEASED


def write_descriptor(folder: Path) -> Path:
    path = folder / PACKAGE_FILE
    descriptor = build_descriptor(source_entries(folder))
    path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def package_zip(folder: Path, extra_files: dict[str, bytes] | None = None) -> bytes:
    """The data package as zip bytes: every CSV, datapackage.json, the README and the texts."""
    buffer = io.BytesIO()
    tables = [table.file for table in ALL_TABLES]
    files: list[tuple[str, Path | None]] = [
        (name, folder / name) for name in [*tables, PACKAGE_FILE, "README.md"]
    ]
    if not (folder / UNIT_TABLE.file).is_file():
        # The app's own unit table keeps the package self-contained.
        files.append((UNIT_TABLE.file, units.UNITS_FILE))
    if (folder / "sources.csv").is_file():
        for row in source_rows(folder):
            # Only a plain name inside sources/ is ever read or written (validate.py's rule).
            path = source_text_path(folder / SOURCES_FOLDER, row["file"])
            if path is None:
                raise PackageError(f"sources.csv names {row['file']!r}, which is not in sources/")
            files.append((f"{SOURCES_FOLDER}/{row['file']}", path))
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:

        def write(name: str, content: bytes) -> None:
            # A fixed timestamp keeps the zip byte-identical for identical data.
            info = zipfile.ZipInfo(member_name(name), date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, inert_csv(content) if name.endswith(".csv") else content)

        for name, path in files:
            if path is not None and path.is_file():
                write(name, path.read_bytes())
        for name, content in (extra_files or {}).items():
            write(name, content)
    return buffer.getvalue()


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", help="data folder (default: data/ or $CIVDASH_DATA_DIR)")
    parser.add_argument("--zip", help="also write the data-package zip to this path")
    parser.add_argument(
        "--check",
        action="store_true",
        help="exit 1 if datapackage.json or a Parquet copy is out of date instead of writing",
    )


def run(args: argparse.Namespace) -> int:
    try:
        return _run(args)
    except PackageError as error:
        print(f"not packaged: {printable(error)}", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace) -> int:
    from civdash.core.safe_text import shown_path
    from civdash.data import store
    from civdash.data.loader import data_dir, write_store

    folder = Path(args.data) if args.data else data_dir()
    expected = json.dumps(build_descriptor(source_entries(folder)), ensure_ascii=False, indent=2)
    path = folder / PACKAGE_FILE
    if args.check:
        current = path.read_text(encoding="utf-8") if path.is_file() else ""
        outdated = store.stale_tables(folder)
        for name, state in outdated.items():
            print(f"{shown_path(store.parquet_folder(folder) / name)}.parquet: {state}")
        if current != expected + "\n":
            print(f"{shown_path(path)}: out of date")
        if outdated or current != expected + "\n":
            print("run `python -m civdash package`")
            return 1
        print(f"{shown_path(path)} and the Parquet copies: up to date")
        return 0
    write_descriptor(folder)
    print(f"wrote {shown_path(path)}")
    # The CSVs stay the source; the Parquet copies are derived and rewritten from them.
    for written in write_store(folder):
        print(f"wrote {shown_path(written)}")
    if args.zip:
        Path(args.zip).write_bytes(package_zip(folder))
        print(f"wrote {shown_path(args.zip)}")
    return 0
