"""Contribution bundles: a new report's text and reviewed rows, merged into data/ whole."""

from __future__ import annotations

import ctypes
import fcntl
import io
import os
import shutil
import tempfile
import time
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import pandas as pd

from civdash.core import limits
from civdash.core.vocab import TABLES, TABLES_BY_NAME, observation_id
from civdash.data import archive_limits
from civdash.data.validate import SOURCE_FILE_NAME, Report, validate_dataset

# Tables a bundle may add rows to: the report's row, its figures, and the new indicators its
# figures use (the 数据采集 page lets an analyst define them; an indicator no figure of the
# bundle uses fails validation). Regions, plans, targets, population and defaults stay
# curated by hand: a bundle may carry them only empty.
BUNDLE_TABLES = ("sources", "observations", "indicators")
SOURCES_FOLDER = "sources"
MAX_BUNDLE_BYTES = 25 * 1024 * 1024
MAX_MEMBERS = 20
# What the members may inflate to, and rows per table: a long report yields some thousands of
# figures; a 420,000-row table is not a report's.
MAX_INFLATED_BYTES = 100 * 1024 * 1024
MAX_BUNDLE_ROWS = limits.MAX_OBSERVATION_ROWS
# Seconds a second `add` waits for the first to finish before it gives up.
LOCK_WAIT_SECONDS = 120.0
STAGE_SUFFIX = ".add-stage-"
README = """# Contribution bundle

One report and the rows reviewed from it, ready for `python -m civdash add THIS.zip`:

- `sources/<file>`: the report text, verbatim (UTF-8); every excerpt stands in it.
- `sources.csv`: the report's row.
- `observations.csv`: the reviewed figures; `indicators.csv`: any new indicators they use.
- `targets.csv`, `plans.csv`, `regions.csv`: empty; those tables are curated by hand.

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


def _member_bytes(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bytes:
    try:
        return archive.read(member)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError) as error:
        raise BundleError(f"not a readable bundle ({member.filename}: {error})") from error


def _member_table(name: str, raw: bytes) -> pd.DataFrame:
    """A bundle table as text cells; a file that is not UTF-8 CSV is refused with its name."""
    # Counted before parsing, so a CSV of a million rows costs a byte count, not a parse.
    if raw.count(b"\n") > MAX_BUNDLE_ROWS + 1:
        raise BundleError(f"{name} holds more than {MAX_BUNDLE_ROWS:,} rows")
    try:
        raw.decode("utf-8")
        return pd.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False, encoding="utf-8")
    except UnicodeDecodeError as error:
        raise BundleError(f"not a readable bundle ({name} is not UTF-8)") from error
    except (pd.errors.EmptyDataError, pd.errors.ParserError, ValueError) as error:
        raise BundleError(f"not a readable bundle ({name}: {error})") from error


def read_bundle(raw: bytes) -> Bundle:
    if len(raw) > MAX_BUNDLE_BYTES:
        raise BundleError(f"the bundle is larger than {MAX_BUNDLE_BYTES // (1024 * 1024)} MB")
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise BundleError("not a zip file") from error
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise BundleError(f"a bundle holds at most {MAX_MEMBERS} files")
    try:
        archive_limits.check_archive(
            archive, max_inflated_bytes=MAX_INFLATED_BYTES, max_members=MAX_MEMBERS
        )
    except archive_limits.ArchiveRefused as refusal:
        raise BundleError(f"the bundle is refused unread: {refusal}") from refusal
    tables: dict[str, pd.DataFrame] = {}
    texts: dict[str, bytes] = {}
    for member in members:
        name = member.filename
        if member.is_dir() or name == "README.md":
            continue
        path = PurePosixPath(name)
        if path.is_absolute() or ".." in path.parts or "\\" in name:
            raise BundleError(f"unsafe path in bundle: {name!r}")
        if (
            len(path.parts) == 2
            and path.parts[0] == SOURCES_FOLDER
            and SOURCE_FILE_NAME.fullmatch(path.name)
            and name == f"{SOURCES_FOLDER}/{path.name}"
        ):
            content = _member_bytes(archive, member)
            try:
                content.decode("utf-8")
            except UnicodeDecodeError as error:
                raise BundleError(f"not a readable bundle ({name} is not UTF-8)") from error
            texts[path.name] = content
        elif len(path.parts) == 1 and path.suffix == ".csv" and path.stem in BUNDLE_TABLES:
            tables[path.stem] = _member_table(name, _member_bytes(archive, member))
        elif len(path.parts) == 1 and path.suffix == ".csv" and path.stem in TABLES_BY_NAME:
            # An empty table (a header only) is what build_bundle writes; rows are refused.
            if not _member_table(name, _member_bytes(archive, member)).empty:
                raise BundleError(
                    f"{name}: a contribution may not add {path.stem}; they are curated by hand"
                )
        else:
            raise BundleError(f"unexpected file in bundle: {name!r}")
    if "sources" not in tables or "observations" not in tables:
        raise BundleError("a bundle needs sources.csv and observations.csv")
    named = set(tables["sources"].get("file", pd.Series(dtype=str)))
    for file in sorted(named):
        if not SOURCE_FILE_NAME.fullmatch(file):
            raise BundleError(
                f"sources.csv names {file!r}: a source's text must be a plain .txt name in sources/"
            )
        if file not in texts:
            raise BundleError(f"sources.csv names {file!r}, but the bundle has no sources/{file}")
    for file in sorted(set(texts) - named):
        raise BundleError(f"sources/{file} is not named by any row of sources.csv")
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


def _step(name: str) -> None:
    """Called before each write of a merge; a seam that lets a test stop `add` there."""


def check_and_merge(
    raw: bytes,
    data_folder: Path,
    sources_folder: Path,
    write: bool = True,
    lock_seconds: float = LOCK_WAIT_SECONDS,
) -> MergeResult:
    """Validate the bundle merged into a staged copy of data/; swap it in only when it passes.

    Under an exclusive lock on data/ (so two adds never interleave, and the second checks
    against the first's result): a sibling copy of data/ gets the new rows, texts,
    datapackage.json and Parquet copies, is validated whole, and replaces data/ in one atomic
    directory exchange. A kill at any point leaves data/ as it was or fully merged.
    """
    bundle = read_bundle(raw)
    data_folder = Path(data_folder)
    sources_folder = Path(sources_folder)
    if not write:
        # A check only (the page, --dry-run): staged in a temporary folder, data/ untouched
        # and unlocked, so the running app never writes beside data/.
        with tempfile.TemporaryDirectory() as scratch:
            return _merge_locked(bundle, data_folder, sources_folder, False, Path(scratch))
    with data_lock(data_folder, lock_seconds):
        return _merge_locked(bundle, data_folder, sources_folder, True)


def _merge_locked(
    bundle: Bundle,
    data_folder: Path,
    sources_folder: Path,
    write: bool,
    scratch: Path | None = None,
) -> MergeResult:
    from civdash.data.loader import write_store
    from civdash.data.package import write_descriptor

    result = MergeResult()
    for file, content in bundle.texts.items():
        target = sources_folder / file
        if target.exists() and target.read_bytes() != content:
            result.conflicts.append(f"sources/{file} exists with other content")
    current = read_tables(data_folder)
    merged = merged_tables(current, bundle, result)
    if result.conflicts:
        return result
    inside = sources_folder.resolve().parent == data_folder.resolve() and (
        sources_folder.name == SOURCES_FOLDER
    )
    if scratch is not None:
        stage, stage_sources, inside = scratch / "data", scratch / SOURCES_FOLDER, False
    else:
        stage = _stage_path(data_folder)
        stage_sources = stage / SOURCES_FOLDER if inside else _stage_path(sources_folder)
    try:
        _step("copy")
        # A check only needs the tables and texts: no Parquet copies, no descriptor.
        _copy_tree(data_folder, stage, tables_only=scratch is not None)
        if not inside and sources_folder.is_dir():
            _copy_tree(sources_folder, stage_sources)
        stage_sources.mkdir(parents=True, exist_ok=True)
        for file, content in bundle.texts.items():
            _step(f"sources/{file}")
            _write_new(stage_sources / file, content)
        for name in bundle.tables:
            if result.added.get(name):
                _step(TABLES_BY_NAME[name].file)
                path = stage / TABLES_BY_NAME[name].file
                _write_new(path, _appended(path, merged[name].tail(result.added[name])))
        if any(result.added.values()) and scratch is None:
            _step("datapackage.json")
            write_descriptor(stage)
            _step("parquet")
            write_store(stage)
        result.report = validate_dataset(
            stage, stage_sources, display="data", limit=limits.MAX_PROBLEMS
        )
        if result.report.errors or not write or not any(result.added.values()):
            return result
        if not inside:
            _step("exchange sources")
            _exchange(stage_sources, sources_folder)
        _step("exchange data")
        _exchange(stage, data_folder)
        _step("done")
    finally:
        _remove_tree(stage)
        if not inside:
            _remove_tree(stage_sources)
    return result


class data_lock:  # noqa: N801 - a context manager used like a function
    """An exclusive lock on the data folder itself (flock on its directory), held for the
    whole check and merge. After the exchange the path names a new directory, so a waiter
    that locked the old one sees that and locks again."""

    def __init__(self, folder: Path, wait_seconds: float) -> None:
        self.folder, self.wait_seconds, self.fd = Path(folder), wait_seconds, -1

    def __enter__(self) -> data_lock:
        deadline = time.monotonic() + self.wait_seconds
        while True:
            fd = os.open(self.folder, os.O_RDONLY | os.O_DIRECTORY)
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        os.close(fd)
                        raise BundleError(
                            "another add is merging into this data folder; try again when it "
                            "has finished"
                        ) from None
                    time.sleep(0.05)
            if os.fstat(fd).st_ino == os.stat(self.folder).st_ino:
                self.fd = fd
                return self
            os.close(fd)

    def __exit__(self, *exc) -> None:
        os.close(self.fd)


def _stage_path(folder: Path) -> Path:
    """A sibling of `folder` (the same file system, so the exchange is a rename), named for
    this process; a stage a killed add left behind is only ever a copy, and is removed."""
    prefix = f".{folder.name}{STAGE_SUFFIX}"
    for left in folder.parent.glob(prefix + "*"):
        pid = left.name[len(prefix) :]
        if pid.isdigit() and not _running(int(pid)):
            _remove_tree(left)
    stage = folder.with_name(f"{prefix}{os.getpid()}")
    _remove_tree(stage)
    return stage


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return pid != os.getpid()


def _copy_tree(source: Path, target: Path, tables_only: bool = False) -> None:
    """A copy of `source`; report texts are hard links (never rewritten, only added), the
    rest is copied because it is rewritten in the stage."""

    def link_or_copy(src: str, dst: str) -> None:
        if Path(src).suffix == ".txt":
            try:
                os.link(src, dst)
                return
            except OSError:
                pass
        shutil.copy2(src, dst)

    def skipped(folder: str, names: list[str]) -> list[str]:
        if not tables_only or Path(folder) != source:
            return []
        return [name for name in names if not name.endswith(".csv")]

    shutil.copytree(source, target, symlinks=True, copy_function=link_or_copy, ignore=skipped)


def _write_new(path: Path, content: bytes) -> None:
    """Write a file of the stage under a temporary name, then rename it over the old one, so
    a hard link to data/ is never written through."""
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_bytes(content)
    os.replace(temporary, path)


def _remove_tree(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path, ignore_errors=True)


_RENAME_EXCHANGE = 2


def _exchange(new: Path, current: Path) -> None:
    """Swap two directories in one step (Linux renameat2 RENAME_EXCHANGE): the path `current`
    names the old folder, then the new one, never neither. Where the call is missing, two
    renames in a row (a moment without the folder, but never a half-merged one)."""
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is not None:
        at_cwd = -100
        if renameat2(at_cwd, os.fsencode(new), at_cwd, os.fsencode(current), _RENAME_EXCHANGE) == 0:
            return
    old = current.with_name(f".{current.name}.add-old")
    _remove_tree(old)
    os.rename(current, old)
    os.rename(new, current)
    os.rename(old, new)


def _appended(path: Path, rows: pd.DataFrame) -> bytes:
    """The file's bytes with rows appended, so curated rows keep their bytes."""
    body = _csv_bytes(rows).split(b"\n", 1)[1]
    existing = path.read_bytes()
    separator = b"" if existing.endswith(b"\n") or not existing else b"\n"
    return existing + separator + body
