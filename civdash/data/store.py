"""The columnar copy of data/: Parquet files derived from the CSVs, checked, read with Arrow."""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from civdash.core.vocab import TABLES, Table

PARQUET_FOLDER = "parquet"
# The Parquet footer records which CSV it was written from, so a stale copy is detected.
METADATA_KEY = b"civdash"
STORE_FORMAT = 1
# Observations are stored in the order pages read them (one indicator, then its regions and
# years), so the loader need not sort 2.9 million rows and an indicator's rows sit together.
OBSERVATION_ORDER = ["indicator_id", "region_id", "year"]
ID_COLUMNS = ("region_id", "indicator_id", "source_id")
# Large row groups load fastest (a dictionary per group and column to merge); the columns read
# on demand also get a file of their own in small groups, so a shown excerpt is read with a few
# thousand neighbours, not tens of thousands.
ROW_GROUP_ROWS = 65_536
ON_DEMAND_COLUMNS = {"observations": ("excerpt",)}
ON_DEMAND_GROUP_ROWS = 4_096
# Row groups read on demand are kept up to this size, so a page's rerun reads no file.
CACHED_GROUP_BYTES = 64 * 2**20
COMPRESSION = "zstd"
HASH_CHUNK = 1 << 24


@dataclass(frozen=True)
class Stamp:
    """What a Parquet file was written from: its CSV's checksum, size and row count."""

    source: str
    sha256: str
    bytes: int
    rows: int


def parquet_folder(folder: Path) -> Path:
    return Path(folder) / PARQUET_FOLDER


def parquet_path(folder: Path, table: Table) -> Path:
    return parquet_folder(folder) / f"{table.name}.parquet"


def on_demand_path(folder: Path, table: Table, column: str) -> Path:
    """The small-group copy of one column read on demand: parquet/<table>.<column>.parquet."""
    return parquet_folder(folder) / f"{table.name}.{column}.parquet"


def table_files(folder: Path, table: Table) -> list[Path]:
    """Every Parquet file written for a table: the table, then its on-demand columns."""
    columns = ON_DEMAND_COLUMNS.get(table.name, ())
    return [parquet_path(folder, table)] + [
        on_demand_path(folder, table, column) for column in columns
    ]


def csv_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def read_stamp(path: Path) -> Stamp | None:
    """The stamp in a Parquet footer; None when the file is missing, unreadable or unstamped."""
    try:
        metadata = pq.read_schema(path).metadata or {}
        recorded = json.loads(metadata[METADATA_KEY])
        if recorded.get("format") != STORE_FORMAT:
            return None
        return Stamp(recorded["source"], recorded["sha256"], recorded["bytes"], recorded["rows"])
    except (OSError, KeyError, ValueError, TypeError, pa.ArrowException):
        return None


def table_state(folder: Path, table: Table, thorough: bool = True) -> str:
    """'fresh', 'missing' or 'stale' for one table's Parquet copy.

    `thorough` hashes the CSV every time (the validator, `package --check`). The loader's quick
    check trusts a CSV of the recorded size that is no newer than its Parquet file; any other
    CSV (edited, checked out, copied) is hashed, so an ordinary edit is never missed for speed.
    """
    csv_path, path = Path(folder) / table.file, parquet_path(folder, table)
    if not csv_path.is_file():
        # An optional table absent from the folder needs no copy; a leftover one is stale.
        return "stale" if path.exists() else "fresh"
    stamps = {read_stamp(file) for file in table_files(folder, table)}
    if None in stamps:
        return "missing"
    if len(stamps) > 1:
        return "stale"
    stamp = stamps.pop()
    csv_stat = csv_path.stat()
    if csv_stat.st_size != stamp.bytes:
        return "stale"
    if not thorough and csv_stat.st_mtime_ns <= path.stat().st_mtime_ns:
        return "fresh"
    return "fresh" if csv_digest(csv_path) == stamp.sha256 else "stale"


def stale_tables(folder: Path, thorough: bool = True) -> dict[str, str]:
    """Tables whose Parquet copy is missing or stale, with that state."""
    states = {table.name: table_state(folder, table, thorough) for table in TABLES}
    return {name: state for name, state in states.items() if state != "fresh"}


def observation_order(frame: pd.DataFrame) -> pd.DataFrame:
    """Observations with categorical ids, in OBSERVATION_ORDER (stable, as the loader sorts)."""
    frame = frame.copy(deep=False)
    for column in ID_COLUMNS:
        frame[column] = frame[column].astype("category")
    return frame.sort_values(OBSERVATION_ORDER, kind="stable").reset_index(drop=True)


def write_table(folder: Path, table: Table, frame: pd.DataFrame) -> list[Path]:
    """Write one typed table, and its on-demand columns, stamped with its CSV's checksum."""
    csv_path = Path(folder) / table.file
    stamp = Stamp(table.file, csv_digest(csv_path), csv_path.stat().st_size, len(frame))
    arrow = pa.Table.from_pandas(frame, preserve_index=False)
    metadata = dict(arrow.schema.metadata or {})
    metadata[METADATA_KEY] = json.dumps(
        {"format": STORE_FORMAT, **stamp.__dict__}, sort_keys=True
    ).encode()
    arrow = arrow.replace_schema_metadata(metadata)
    written = [_write(arrow, parquet_path(folder, table), ROW_GROUP_ROWS)]
    for column in ON_DEMAND_COLUMNS.get(table.name, ()):
        path = on_demand_path(folder, table, column)
        written.append(_write(arrow.select([column]), path, ON_DEMAND_GROUP_ROWS))
    return written


def _write(arrow: pa.Table, path: Path, group_rows: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    staged = path.with_name(path.name + ".new")
    pq.write_table(arrow, staged, compression=COMPRESSION, row_group_size=group_rows)
    # A reader never sees half a file: the new copy replaces the old in one step.
    staged.replace(path)
    return path


def write_store(folder: Path, read_csv: Callable[[Path, Table], pd.DataFrame]) -> list[Path]:
    """Write every table's Parquet copy from its CSV, read by `read_csv` (the loader's reader)."""
    written = []
    for table in TABLES:
        if not (Path(folder) / table.file).is_file():
            for path in table_files(folder, table):
                path.unlink(missing_ok=True)
            continue
        frame = read_csv(Path(folder), table)
        if table.name == "observations":
            frame = observation_order(frame)
        written.extend(write_table(folder, table, frame))
    return written


def row_count(path: Path) -> int:
    return pq.ParquetFile(path).metadata.num_rows


def column_names(path: Path) -> list[str]:
    return list(pq.read_schema(path).names)


def read_table(folder: Path, table: Table, columns: Iterable[str] | None = None) -> pd.DataFrame:
    """One table from its Parquet copy, only `columns` when given, with sorted categories."""
    arrow = pq.read_table(
        parquet_path(folder, table), columns=list(columns) if columns is not None else None
    )
    # self_destruct hands each column's memory to pandas instead of holding both copies.
    frame = arrow.to_pandas(self_destruct=True, split_blocks=True)
    del arrow
    for column in frame.columns:
        dtype = frame[column].dtype
        if isinstance(dtype, pd.CategoricalDtype) and not dtype.categories.is_monotonic_increasing:
            # Row groups are dictionary-encoded apart; pages expect the CSV path's sorted order.
            frame[column] = frame[column].cat.reorder_categories(sorted(dtype.categories))
    return frame


class RowReader:
    """Reads one column of one Parquet file by row, keeping recently read row groups.

    The file is opened once: a copy rewritten by `package` later replaces the name, not the
    open file, so rows keep meaning what they meant when the data was loaded.
    """

    def __init__(self, path: Path, column: str, cached_bytes: int | None = None):
        self.path, self.column = Path(path), column
        # Kept open for the life of the dataset (see above), so no context manager.
        self._file = pq.ParquetFile(open(self.path, "rb"))  # noqa: SIM115
        metadata = self._file.metadata
        self._sizes = np.array(
            [metadata.row_group(index).num_rows for index in range(metadata.num_row_groups)]
        )
        self._starts = np.concatenate([[0], np.cumsum(self._sizes)])
        self._groups: OrderedDict[int, pa.Array] = OrderedDict()
        self._cached_bytes = 0
        self._limit = CACHED_GROUP_BYTES if cached_bytes is None else cached_bytes
        self._lock = threading.Lock()

    def read(self, rows: np.ndarray) -> pd.Series:
        """The column at 0-based file rows, in the order asked."""
        rows = np.asarray(rows, dtype=np.int64)
        group_of = np.searchsorted(self._starts, rows, side="right") - 1
        groups = np.unique(group_of)
        chunks = self._read_groups(groups.tolist())
        values = pa.concat_arrays(chunks) if chunks else pa.array([], pa.string())
        # Within the groups read, a row sits after the rows of the groups read before its own.
        read_before = np.concatenate([[0], np.cumsum(self._sizes[groups])])
        local = rows - self._starts[group_of] + read_before[np.searchsorted(groups, group_of)]
        return values.take(pa.array(local)).to_pandas()

    def _read_groups(self, groups: list[int]) -> list[pa.Array]:
        with self._lock:
            found = {group: self._groups[group] for group in groups if group in self._groups}
            for group in found:
                self._groups.move_to_end(group)
            missing = [group for group in groups if group not in found]
            if missing:
                table = self._file.read_row_groups(missing, columns=[self.column])
                read = table.column(self.column).combine_chunks()
                offset = 0
                for group in missing:
                    size = int(self._sizes[group])
                    found[group] = read.slice(offset, size)
                    self._remember(group, found[group])
                    offset += size
            return [found[group] for group in groups]

    def _remember(self, group: int, values: pa.Array) -> None:
        self._groups[group] = values
        self._cached_bytes += values.nbytes
        # The least recently read groups go first; at least the group just read stays.
        while self._cached_bytes > self._limit and len(self._groups) > 1:
            _, dropped = self._groups.popitem(last=False)
            self._cached_bytes -= dropped.nbytes


def read_rows(path: Path, rows: np.ndarray, column: str) -> pd.Series:
    """`column` at the given row positions of a Parquet file, reading only their row groups."""
    return RowReader(path, column).read(rows)
