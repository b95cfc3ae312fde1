"""Describe data/ as a Frictionless Data Package, bundle it as a zip, refresh its Parquet copies."""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import zipfile
from pathlib import Path

from civdash import units
from civdash.i18n import text
from civdash.vocab import ALL_TABLES, CATEGORIES, UNIT_TABLE, Table

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
        path = folder / SOURCES_FOLDER / row["file"]
        entry = {
            "title": f"{row['title']} ({row['publisher']}, {row['published']})",
            "path": f"{SOURCES_FOLDER}/{row['file']}",
        }
        if path.is_file():
            entry["x_sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
        entries.append(entry)
    return entries


def release(folder: Path) -> tuple[str, str]:
    """(version, release date) of the data in `folder`, read from its datapackage.json."""
    try:
        descriptor = json.loads((folder / PACKAGE_FILE).read_text(encoding="utf-8"))
        return str(descriptor["version"]), str(descriptor["created"])[:10]
    except (OSError, ValueError, KeyError):
        return DATA_VERSION, RELEASED


def write_descriptor(folder: Path) -> Path:
    path = folder / PACKAGE_FILE
    descriptor = build_descriptor(source_entries(folder))
    path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def package_zip(folder: Path, extra_files: dict[str, bytes] | None = None) -> bytes:
    """The data package as zip bytes: every CSV, datapackage.json, the README and the texts."""
    buffer = io.BytesIO()
    names = [table.file for table in ALL_TABLES] + [PACKAGE_FILE, "README.md"]
    if (folder / "sources.csv").is_file():
        names += [f"{SOURCES_FOLDER}/{row['file']}" for row in source_rows(folder)]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            path = folder / name
            if name == UNIT_TABLE.file and not path.is_file():
                # The app's own unit table keeps the package self-contained.
                path = units.UNITS_FILE
            if path.is_file():
                # A fixed timestamp keeps the zip byte-identical for identical data.
                info = zipfile.ZipInfo(f"{ZIP_ROOT}/{name}", date_time=(2020, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, path.read_bytes())
        for name, content in (extra_files or {}).items():
            info = zipfile.ZipInfo(f"{ZIP_ROOT}/{name}", date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
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
    from civdash import store
    from civdash.loader import data_dir, write_store

    folder = Path(args.data) if args.data else data_dir()
    expected = json.dumps(build_descriptor(source_entries(folder)), ensure_ascii=False, indent=2)
    path = folder / PACKAGE_FILE
    if args.check:
        current = path.read_text(encoding="utf-8") if path.is_file() else ""
        outdated = store.stale_tables(folder)
        for name, state in outdated.items():
            print(f"{store.parquet_folder(folder) / name}.parquet: {state}")
        if current != expected + "\n":
            print(f"{path}: out of date")
        if outdated or current != expected + "\n":
            print("run `python -m civdash package`")
            return 1
        print(f"{path} and the Parquet copies: up to date")
        return 0
    write_descriptor(folder)
    print(f"wrote {path}")
    # The CSVs stay the source; the Parquet copies are derived and rewritten from them.
    for written in write_store(folder):
        print(f"wrote {written}")
    if args.zip:
        Path(args.zip).write_bytes(package_zip(folder))
        print(f"wrote {args.zip}")
    return 0
