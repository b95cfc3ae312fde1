"""Contribution bundles: a new report's text and reviewed rows, merged into data/ whole."""

from __future__ import annotations

import io
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from civdash.validate import Report, validate_dataset
from civdash.vocab import TABLES, TABLES_BY_NAME, observation_id

# Tables a bundle may add rows to; regions and plans stay curated by hand.
BUNDLE_TABLES = ("sources", "indicators", "observations", "targets", "plans", "regions")
SOURCES_FOLDER = "sources"
MAX_BUNDLE_BYTES = 25 * 1024 * 1024
MAX_MEMBERS = 20
README = """# Contribution bundle

One report and the rows reviewed from it, ready for `python -m civdash add THIS.zip`:

- `sources/<file>`: the report text, verbatim (UTF-8); every excerpt stands in it.
- `sources.csv`: the report's row.
- `observations.csv`: the reviewed figures; `indicators.csv`: any new indicators;
  `targets.csv` and `plans.csv`: plan targets, if any; `regions.csv`: any new region.

`add` checks the bundle with the same validator as data/ and merges it all or nothing.
"""


class BundleError(ValueError):
    """A bundle that cannot be read or merged; the message says why."""


def _csv_bytes(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")


def _table_frame(name: str, rows: pd.DataFrame | list[dict] | None) -> pd.DataFrame:
    """Rows in the table's own column order, every cell text, nothing missing written as nan."""
    columns = TABLES_BY_NAME[name].column_names
    frame = pd.DataFrame(rows if rows is not None else [], columns=None)
    for column in columns:
        if column not in frame.columns:
            frame[column] = ""
    frame = frame[columns].astype(object).where(frame[columns].notna(), "")
    return frame.map(_cell)


def _cell(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def with_observation_ids(observations: pd.DataFrame) -> pd.DataFrame:
    frame = observations.copy()
    frame["observation_id"] = [observation_id(row) for _, row in frame.iterrows()]
    return frame


def build_bundle(
    source: dict,
    text: str,
    observations: pd.DataFrame | list[dict],
    indicators: pd.DataFrame | list[dict] | None = None,
    targets: pd.DataFrame | list[dict] | None = None,
    plans: pd.DataFrame | list[dict] | None = None,
    regions: pd.DataFrame | list[dict] | None = None,
    more_sources: list[tuple[dict, str]] = (),
) -> bytes:
    """The zip an analyst downloads from the review page; the running app never writes data/.

    `more_sources` are further (sources.csv row, text) pairs: one upload of several files
    (one statistical table per city) is one bundle, merged all or nothing."""
    everything = [(source, text), *more_sources]
    tables = {
        "sources": _table_frame("sources", [item for item, _ in everything]),
        "observations": with_observation_ids(_table_frame("observations", observations)),
        "indicators": _table_frame("indicators", indicators),
        "targets": _table_frame("targets", targets),
        "plans": _table_frame("plans", plans),
        "regions": _table_frame("regions", regions),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.md", README)
        for item, content in everything:
            archive.writestr(f"{SOURCES_FOLDER}/{item['file']}", content.encode("utf-8"))
        for name, frame in tables.items():
            archive.writestr(f"{name}.csv", _csv_bytes(frame))
    return buffer.getvalue()


@dataclass
class Bundle:
    tables: dict[str, pd.DataFrame]
    texts: dict[str, bytes]


def read_bundle(raw: bytes) -> Bundle:
    if len(raw) > MAX_BUNDLE_BYTES:
        raise BundleError(f"the bundle is larger than {MAX_BUNDLE_BYTES // (1024 * 1024)} MB")
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile as error:
        raise BundleError("not a zip file") from error
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise BundleError(f"a bundle holds at most {MAX_MEMBERS} files")
    if sum(member.file_size for member in members) > 4 * MAX_BUNDLE_BYTES:
        raise BundleError("the bundle unpacks to more than allowed")
    tables: dict[str, pd.DataFrame] = {}
    texts: dict[str, bytes] = {}
    for member in members:
        name = member.filename
        if member.is_dir() or name == "README.md":
            continue
        path = Path(name)
        if path.is_absolute() or ".." in path.parts:
            raise BundleError(f"unsafe path in bundle: {name!r}")
        if len(path.parts) == 2 and path.parts[0] == SOURCES_FOLDER and path.suffix == ".txt":
            texts[path.name] = archive.read(member)
        elif len(path.parts) == 1 and path.stem in BUNDLE_TABLES and path.suffix == ".csv":
            tables[path.stem] = pd.read_csv(
                io.BytesIO(archive.read(member)), dtype=str, keep_default_na=False
            )
        else:
            raise BundleError(f"unexpected file in bundle: {name!r}")
    if "sources" not in tables or "observations" not in tables:
        raise BundleError("a bundle needs sources.csv and observations.csv")
    return Bundle(tables, texts)


@dataclass
class MergeResult:
    added: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    conflicts: list[str] = field(default_factory=list)
    report: Report | None = None

    @property
    def ok(self) -> bool:
        return not self.conflicts and (self.report is None or not self.report.errors)

    @property
    def changed(self) -> bool:
        return self.ok and any(self.added.values())


def _key(frame: pd.DataFrame, table_name: str) -> list[str]:
    columns = list(TABLES_BY_NAME[table_name].primary_key)
    return ["\x1f".join(map(str, values)) for values in frame[columns].itertuples(index=False)]


def merged_tables(
    current: dict[str, pd.DataFrame], bundle: Bundle, result: MergeResult
) -> dict[str, pd.DataFrame]:
    """Current tables plus the bundle's new rows; a key that exists with other content conflicts."""
    merged = dict(current)
    for name, incoming in bundle.tables.items():
        table = TABLES_BY_NAME[name]
        existing = current[name]
        incoming = incoming.reindex(columns=table.column_names, fill_value="")
        if incoming.empty:
            result.added[name] = 0
            continue
        existing_rows = dict(
            zip(_key(existing, name), existing.itertuples(index=False), strict=True)
        )
        new_rows = []
        unchanged = 0
        for key, row in zip(_key(incoming, name), incoming.itertuples(index=False), strict=True):
            if key in existing_rows:
                if tuple(existing_rows[key]) == tuple(row):
                    unchanged += 1
                else:
                    shown = key.replace("\x1f", ", ")
                    result.conflicts.append(f"{name}.csv: {shown} exists with other content")
                continue
            new_rows.append(row)
        result.added[name] = len(new_rows)
        result.unchanged[name] = unchanged
        if new_rows:
            merged[name] = pd.concat(
                [existing, pd.DataFrame(new_rows, columns=table.column_names)], ignore_index=True
            )
    return merged


def read_tables(folder: Path) -> dict[str, pd.DataFrame]:
    return {
        table.name: pd.read_csv(folder / table.file, dtype=str, keep_default_na=False)
        for table in TABLES
        # An optional table (population.csv) may be absent from a data folder.
        if not table.optional or (folder / table.file).is_file()
    }


def check_and_merge(
    raw: bytes, data_folder: Path, sources_folder: Path, write: bool = True
) -> MergeResult:
    """Validate the bundle merged into a copy of data/; write data/ only when all of it passes."""
    bundle = read_bundle(raw)
    result = MergeResult()
    for file, content in bundle.texts.items():
        target = sources_folder / file
        if target.exists() and target.read_bytes() != content:
            result.conflicts.append(f"sources/{file} exists with other content")
    current = read_tables(data_folder)
    merged = merged_tables(current, bundle, result)
    if result.conflicts:
        return result
    with tempfile.TemporaryDirectory() as scratch:
        scratch_data, scratch_sources = Path(scratch) / "data", Path(scratch) / "sources"
        scratch_data.mkdir()
        shutil.copytree(sources_folder, scratch_sources) if sources_folder.is_dir() else (
            scratch_sources.mkdir()
        )
        for file, content in bundle.texts.items():
            (scratch_sources / file).write_bytes(content)
        for name, frame in merged.items():
            (scratch_data / TABLES_BY_NAME[name].file).write_bytes(_csv_bytes(frame))
        result.report = validate_dataset(scratch_data, scratch_sources, display="data")
        if result.report.errors or not write or not any(result.added.values()):
            return result
    sources_folder.mkdir(parents=True, exist_ok=True)
    for file, content in bundle.texts.items():
        (sources_folder / file).write_bytes(content)
    for name in bundle.tables:
        if result.added.get(name):
            _append_rows(
                data_folder / TABLES_BY_NAME[name].file, merged[name].tail(result.added[name])
            )
    return result


def _append_rows(path: Path, rows: pd.DataFrame) -> None:
    """Append rows without rewriting the file, so curated rows keep their bytes."""
    body = _csv_bytes(rows).split(b"\n", 1)[1]
    existing = path.read_bytes()
    separator = b"" if existing.endswith(b"\n") else b"\n"
    staged = path.with_name(path.name + ".new")
    staged.write_bytes(existing + separator + body)
    staged.replace(path)
