"""Curated choices the data holds: headline and station indicators, and each page's default."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pandas as pd

from civdash.core.vocab import DEFAULT_SETTINGS

if TYPE_CHECKING:
    from civdash.data.loader import Dataset

# indicators.csv columns that pick indicators out, in their order (1 = first).
RANK_COLUMNS = ("headline_rank", "station_rank")


def ranked(indicators: pd.DataFrame, column: str) -> list[str]:
    """Indicator ids with a rank in `column`, first rank first; unranked ones are left out."""
    if column not in indicators.columns:
        return []
    ranks = pd.to_numeric(indicators[column], errors="coerce")
    chosen = indicators.assign(rank=ranks).dropna(subset=["rank"])
    return chosen.sort_values("rank", kind="stable")["indicator_id"].astype(str).tolist()


def headline_indicators(dataset: Dataset) -> list[str]:
    """The indicators an official looks for first, in display order (indicators.headline_rank)."""
    return dataset.memo(
        ("headline_indicators",), lambda: ranked(dataset.indicators, "headline_rank")
    )


def station_indicators(dataset: Dataset) -> list[str]:
    """Service places, beds and network coverage, in the map's order (indicators.station_rank)."""
    return dataset.memo(("station_indicators",), lambda: ranked(dataset.indicators, "station_rank"))


def default(dataset: Dataset, setting: str) -> str | None:
    """The id a page opens on (defaults.csv); None when the data names none, so the page
    opens on its first option."""
    if setting not in DEFAULT_SETTINGS:
        raise KeyError(
            f"unknown setting {setting!r}; defaults.csv knows {sorted(DEFAULT_SETTINGS)}"
        )
    return dataset.memo(("page_defaults",), lambda: page_defaults(dataset.defaults)).get(setting)


def page_defaults(defaults: pd.DataFrame) -> dict[str, str]:
    """setting -> id for every row of defaults.csv that names one (the first row wins)."""
    chosen: dict[str, str] = {}
    for row in defaults.to_dict("records"):
        column = DEFAULT_SETTINGS.get(row.get("setting"))
        value = row.get(column) if column else None
        if isinstance(value, str) and value.strip() and row["setting"] not in chosen:
            chosen[row["setting"]] = value.strip()
    return chosen


# --- the validator's rules for these choices ----------------------------------------------------


def _filled(value) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _line(index) -> int:
    """CSV line of a data row: the header is line 1."""
    return int(index) + 2


def check_choices(tables: dict[str, pd.DataFrame], where: Callable[[str], str], report) -> None:
    """Ranks are positive, unique and on single-year indicators; each default names exactly
    the id its setting takes, and one that has figures. Tables are read as text."""
    indicators = tables.get("indicators")
    if indicators is not None:
        _check_ranks(indicators, where("indicators"), report)
    if "defaults" in tables:
        _check_defaults(tables, where("defaults"), report)


def _check_ranks(indicators: pd.DataFrame, file: str, report) -> None:
    for column in RANK_COLUMNS:
        if column not in indicators.columns:
            continue
        first_line: dict[int, tuple[int, str]] = {}
        for index, row in indicators.iterrows():
            raw = row[column]
            if not _filled(raw) or not raw.strip().lstrip("-").isdigit():
                continue  # empty: not chosen; not an integer: the type check reports it
            rank, line = int(raw), _line(index)
            if rank < 1:
                report.add(file, line, column, f"'{raw}' is not a position (1 = first)")
            elif rank in first_line:
                other_line, other = first_line[rank]
                report.add(
                    file, line, column, f"rank {rank} is also given to {other} (line {other_line})"
                )
            else:
                first_line[rank] = (line, row["indicator_id"])
            if row.get("period_type") == "multi_year":
                report.add(
                    file,
                    line,
                    column,
                    "a multi-year indicator is never a headline card or a map layer; "
                    "leave it empty",
                )


def _check_defaults(tables: dict[str, pd.DataFrame], file: str, report) -> None:
    defaults = tables["defaults"]
    observations = tables.get("observations", pd.DataFrame())
    with_figures = {
        "region_id": set(observations.get("region_id", [])),
        "indicator_id": set(observations.get("indicator_id", [])),
        "plan_id": set(tables.get("targets", pd.DataFrame()).get("plan_id", [])),
    }
    id_columns = sorted(set(DEFAULT_SETTINGS.values()))
    for index, row in defaults.iterrows():
        column = DEFAULT_SETTINGS.get(row.get("setting"))
        if column is None:
            continue  # an unknown setting: the enumeration check reports it
        line = _line(index)
        for other in id_columns:
            if other != column and _filled(row.get(other)):
                report.add(
                    file, line, other, f"{row['setting']} takes only {column}; leave {other} empty"
                )
        value = row.get(column)
        if not _filled(value):
            report.add(file, line, column, f"{row['setting']} needs {column}")
        elif value not in with_figures[column]:
            report.add(
                file,
                line,
                column,
                f"'{value}' has no figures, so the page opens on its first option instead",
                severity="warning",
            )
