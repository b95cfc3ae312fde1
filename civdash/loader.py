"""Load the curated CSVs once per process, join them, and precompute what every page needs."""

from __future__ import annotations

import copy
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from civdash.colours import region_colours
from civdash.vocab import TABLES, Table

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = REPO_ROOT / "data"
DEFAULT_SOURCES_DIR = REPO_ROOT.parent / "shared" / "seeds"

INTEGER_COLUMNS = {"year", "period_start", "start_year", "end_year", "baseline_year", "target_year"}
BOOLEAN_COLUMNS = {"higher_is_better", "focus"}
NUMBER_COLUMNS = {"value", "baseline_value", "target_value", "target_value_upper"}


def data_dir() -> Path:
    """The data folder: CIVDASH_DATA_DIR when set (benchmarks point it at synthetic data)."""
    return Path(os.environ.get("CIVDASH_DATA_DIR") or DEFAULT_DATA_DIR)


def sources_dir() -> Path:
    """The folder of seed documents: CIVDASH_SOURCES when set, else ../shared/seeds."""
    return Path(os.environ.get("CIVDASH_SOURCES") or DEFAULT_SOURCES_DIR)


def read_table(folder: Path, table: Table) -> pd.DataFrame:
    """Read one CSV as strings, then type the numeric columns; empty cells become missing."""
    frame = pd.read_csv(
        folder / table.file, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8-sig"
    )
    for column in frame.columns:
        if column in INTEGER_COLUMNS:
            frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("Int64")
        elif column in NUMBER_COLUMNS:
            frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("Float64")
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
    folder: Path
    facts: pd.DataFrame = field(init=False)
    latest: pd.DataFrame = field(init=False)

    def __post_init__(self) -> None:
        self.facts = join_facts(self)
        self.latest = latest_values(self.facts)
        self.region_names = {
            "zh": dict(zip(self.regions["region_id"], self.regions["name_zh"], strict=True)),
            "en": dict(zip(self.regions["region_id"], self.regions["name_en"], strict=True)),
        }
        self.indicator_rows = {
            row["indicator_id"]: row for row in self.indicators.to_dict("records")
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
    indicator_columns = [
        "indicator_id",
        "name_zh",
        "name_en",
        "category",
        "unit",
        "higher_is_better",
        "period_type",
    ]
    facts = observations.merge(
        indicators[indicator_columns].rename(
            columns={"name_zh": "indicator_zh", "name_en": "indicator_en"}
        ),
        on="indicator_id",
        how="left",
    )
    facts = facts.merge(
        regions[["region_id", "name_zh", "name_en", "level"]].rename(
            columns={"name_zh": "region_zh", "name_en": "region_en"}
        ),
        on="region_id",
        how="left",
    )
    facts = facts.merge(
        sources[["source_id", "title", "publisher", "published"]].rename(
            columns={
                "title": "source_title",
                "publisher": "source_publisher",
                "published": "source_published",
            }
        ),
        on="source_id",
        how="left",
    )
    if "user_supplied" not in facts.columns:
        facts["user_supplied"] = False
    return facts


def _finish_facts(facts: pd.DataFrame) -> pd.DataFrame:
    # Categoricals make the many per-rerun filters on ids cheap.
    for column in CATEGORY_COLUMNS:
        facts[column] = facts[column].astype("category")
    return facts.sort_values(["indicator_id", "region_id", "year"], kind="stable").reset_index(
        drop=True
    )


def latest_values(facts: pd.DataFrame) -> pd.DataFrame:
    """The most recent figure per region and indicator (ranges keep their lower end)."""
    if facts.empty:
        return facts.copy()
    point = facts[facts["range_part"].isna() | (facts["range_part"] == "lower")]
    ordered = point.sort_values(["year", "user_supplied"], kind="stable")
    return (
        ordered.groupby(["region_id", "indicator_id"], observed=True, sort=False)
        .tail(1)
        .sort_values(["indicator_id", "region_id"], kind="stable")
        .reset_index(drop=True)
    )


def load_dataset(folder: Path | str | None = None) -> Dataset:
    """Read every table in `folder` (default: data_dir()) into a Dataset."""
    folder = Path(folder) if folder is not None else data_dir()
    tables = {table.name: read_table(folder, table) for table in TABLES}
    return Dataset(folder=folder, **tables)


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
        user_rows, dataset.indicators, dataset.regions, dataset.sources
    ).assign(user_supplied=True)
    facts = pd.concat(
        [
            dataset.facts.astype({c: str for c in CATEGORY_COLUMNS}),
            joined.astype({c: str for c in CATEGORY_COLUMNS}),
        ],
        ignore_index=True,
    )
    session.facts = _finish_facts(facts)
    session.latest = latest_values(session.facts)
    return session
