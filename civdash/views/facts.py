"""Figures as pages show and export them: selections, the latest value, and the one table form."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from civdash.core.formatting import (
    fact_parts,
    fact_value,
    period_text,
    year_span,
    yes_no,
)
from civdash.core.units import unit_name
from civdash.core.vocab import CATEGORIES, LEVELS
from civdash.data.choices import headline_indicators
from civdash.data.loader import Dataset, latest_values
from civdash.data.source_names import card_source, source_column
from civdash.figures import source_text
from civdash.i18n import category_name, join, qualifier_name, text


def period_label(row) -> str:
    """'2016–2022' for a multi-year figure, else the year."""
    return period_text(row["period_start"], row["year"])


def trend_rows(dataset: Dataset, indicator_id: str, region_ids: list[str]) -> pd.DataFrame:
    facts = dataset.facts
    chosen = facts[(facts["indicator_id"] == indicator_id) & facts["region_id"].isin(region_ids)]
    return chosen.sort_values(["region_id", "year"], kind="stable")


def profile_rows(dataset: Dataset, region_id: str) -> pd.DataFrame:
    facts = dataset.facts[dataset.facts["region_id"] == region_id]
    order = {category: position for position, category in enumerate(CATEGORIES)}
    return facts.assign(category_order=facts["category"].map(order).astype(int)).sort_values(
        ["category_order", "indicator_id", "year"], kind="stable"
    )


def filter_rows(
    dataset: Dataset,
    region_ids: list[str] | None = None,
    categories: list[str] | None = None,
    indicator_ids: list[str] | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    source_ids: list[str] | None = None,
    facts: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The data page's filter: each empty selection means 'all'."""
    facts = dataset.facts if facts is None else facts
    mask = pd.Series(True, index=facts.index)
    if region_ids:
        mask &= facts["region_id"].isin(region_ids)
    if categories:
        mask &= facts["category"].isin(categories)
    if indicator_ids:
        mask &= facts["indicator_id"].isin(indicator_ids)
    if year_from is not None:
        mask &= facts["year"] >= year_from
    if year_to is not None:
        mask &= facts["year"] <= year_to
    if source_ids:
        mask &= facts["source_id"].isin(source_ids)
    # No filter: the shared frame itself, not a copy (millions of rows at national scale).
    return facts if mask.all() else facts[mask]


@dataclass
class Comparison:
    rows: pd.DataFrame
    not_reported: list[str]
    years: list[int]
    # Regions with a figure only outside the year window, with the years they do report.
    outside_window: dict[str, list[int]] = field(default_factory=dict)


def comparison(
    dataset: Dataset,
    indicator_id: str,
    candidates: list[str],
    year_from: int | None = None,
    year_to: int | None = None,
) -> Comparison:
    """Latest value per candidate region (within an optional window) and who reports none."""
    facts = dataset.facts
    chosen = facts[(facts["indicator_id"] == indicator_id) & facts["region_id"].isin(candidates)]
    latest = latest_values(chosen, year_from, year_to, by=("region_id",)).sort_values(
        "value", ascending=False, kind="stable"
    )
    # Every year a region reports, to say which ones lie outside the window.
    all_years = (
        latest_values(chosen, by=("region_id", "year"))
        .groupby("region_id", observed=True)["year"]
        .unique()
    )
    reported = set(latest["region_id"].astype(str))
    missing = [region_id for region_id in candidates if region_id not in reported]
    outside = {
        region_id: sorted(int(year) for year in all_years[region_id])
        for region_id in missing
        if region_id in all_years.index
    }
    return Comparison(
        rows=latest,
        not_reported=[region_id for region_id in missing if region_id not in outside],
        years=sorted({int(year) for year in latest["year"]}),
        outside_window=outside,
    )


def outside_window_text(
    dataset: Dataset, comparison_result: Comparison, years: tuple[int, int], lang: str
) -> str:
    """'No figure in 2012–2015: Ningbo (2011), Nantong (2022)' ('' when there is none)."""
    if not comparison_result.outside_window:
        return ""
    low, high = years
    names = [
        f"{dataset.region_name(region, lang)} ({nearest_years(found, low, high)})"
        for region, found in comparison_result.outside_window.items()
    ]
    return text(
        "compare.outside_window", lang, years=year_span(low, high), regions=join(names, lang)
    )


def nearest_years(found: list[int], low: int, high: int) -> str:
    """The reported years nearest to a window, e.g. '2011' or '2011, 2022'."""
    before = [year for year in found if year < low]
    after = [year for year in found if year > high]
    nearest = ([before[-1]] if before else []) + ([after[0]] if after else [])
    return ", ".join(str(year) for year in nearest)


def headline_cards(dataset: Dataset, region_id: str, lang: str) -> list[dict]:
    """The latest value of each key indicator the region reports, with year and source."""
    headline = headline_indicators(dataset)
    latest = dataset.latest[
        (dataset.latest["region_id"] == region_id)
        & dataset.latest["indicator_id"].isin(headline)
        & (dataset.latest["period_type"] == "point")
    ]
    order = {indicator: position for position, indicator in enumerate(headline)}
    cards = []
    for row in sorted(latest.to_dict("records"), key=lambda item: order[item["indicator_id"]]):
        cards.append(
            {
                "indicator_id": row["indicator_id"],
                "label": dataset.indicator_name(row["indicator_id"], lang),
                "value": fact_value(
                    row["value"], row["unit"], lang, row["qualifier"], row["period_start"]
                ),
                "parts": fact_parts(
                    row["value"], row["unit"], lang, row["qualifier"], row["period_start"]
                ),
                "year": int(row["year"]),
                "source": card_source(dataset, row["source_id"], lang),
                "source_id": str(row["source_id"]),
                "observation_id": str(row["observation_id"]),
                "excerpt": row["excerpt"],
            }
        )
    return cards


def note_column(rows: pd.DataFrame, lang: str) -> pd.Series:
    """Curation notes in the reader's language; a user's own note (English column) as written."""
    notes = rows["note"].astype(object)
    if lang == "zh" and "note_zh" in rows.columns:
        notes = rows["note_zh"].astype(object).where(rows["note_zh"].notna(), notes)
    return notes.fillna("")


def is_derived(rows: pd.DataFrame) -> pd.Series:
    """True for a figure computed from the written one (its arithmetic is in `derivation`)."""
    derivation = rows["derivation"].astype(object)
    return derivation.notna() & (derivation.astype(str).str.strip() != "")


def shown_values(rows: pd.DataFrame, lang: str) -> list[str]:
    """Each figure as charts draw it, marked 推算 / derived when it is not the written one."""
    derived = is_derived(rows)
    mark = text("label.derived", lang)
    return [
        fact_value(value, unit, lang, qualifier, start) + (f" · {mark}" if flag else "")
        for value, unit, qualifier, start, flag in zip(
            rows["value"],
            rows["unit"].astype(str),
            rows["qualifier"].astype(str),
            rows["period_start"],
            derived,
            strict=True,
        )
    ]


def derivation_column(rows: pd.DataFrame, lang: str) -> list[str]:
    """How a derived figure was reached, in the reader's language ('' for a written figure).

    The arithmetic is curated in English; the Chinese table says what was derived from what
    and why in Chinese (note_zh), so no English sentence reaches a Chinese reader.
    """
    notes = note_column(rows, lang)
    out = []
    for flag, written, value, unit, qualifier, start, arithmetic, why in zip(
        is_derived(rows),
        rows["value_as_written"].astype(str),
        rows["value"],
        rows["unit"].astype(str),
        rows["qualifier"].astype(str),
        rows["period_start"],
        rows["derivation"].astype(object),
        notes,
        strict=True,
    ):
        if not flag:
            out.append("")
            continue
        shown = fact_value(value, unit, lang, qualifier, start)
        reason = str(why).strip() if lang == "zh" else str(arithmetic).strip()
        out.append(text("table.derivation", lang, written=written, value=shown, why=reason))
    return out


def display_table(
    dataset: Dataset,
    rows: pd.DataFrame,
    lang: str,
    shown: pd.Series | list[str] | None = None,
) -> pd.DataFrame:
    """The localised table shown on screen and offered for download: the same frame for both.

    Every page's table of figures (data, trends, compare, profile, map, plans) is this one.
    It leads with what a reader checks: region, indicator, year, the value as charted (marked
    推算 / derived where it is not the written figure) beside the figure as written, source and
    excerpt; it ends with the ids an analyst joins on. `shown` replaces the charted value
    where a page draws another form of it (the map's per-resident rates).
    """
    zh = lang == "zh"
    region_column = text("label.region", lang)
    shown_column = shown_values(rows, lang) if shown is None else list(shown)
    return pd.DataFrame(
        {
            region_column: rows["region_zh" if zh else "region_en"].astype(str),
            text("label.indicator", lang): rows["indicator_zh" if zh else "indicator_en"].astype(
                str
            ),
            # A multi-year total shows its whole period (2011–2015), never its last year alone.
            text("label.year", lang): [
                period_label(row) for row in rows[["period_start", "year"]].to_dict("records")
            ],
            text("label.shown_value", lang): shown_column,
            text("label.value_as_written", lang): rows["value_as_written"].astype(str),
            text("label.source", lang): source_column(dataset, rows, lang),
            text("label.excerpt", lang): rows["excerpt"].astype(object).fillna(""),
            text("label.value", lang): rows["value"].astype("Float64"),
            text("label.unit", lang): [unit_name(unit, lang) for unit in rows["unit"]],
            text("label.qualifier", lang): [qualifier_name(q, lang) for q in rows["qualifier"]],
            text("label.level", lang): [
                text(f"level.{level}", lang) if str(level) in LEVELS else "–"
                for level in rows["level"].astype(str)
            ],
            text("label.category", lang): [category_name(c, lang) for c in rows["category"]],
            text("label.derivation", lang): derivation_column(rows, lang),
            text("label.note", lang): note_column(rows, lang),
            text("label.user_supplied", lang): [
                yes_no(flag, lang) for flag in rows["user_supplied"]
            ],
            # A user's own figure has no report to open: its cell is empty, never "None".
            text("label.view_source", lang): [
                url or "" for url in source_text.source_urls(rows, lang)
            ],
            region_column + " ID": rows["region_id"].astype(str),
            "indicator_id": rows["indicator_id"].astype(str),
            "source_id": rows["source_id"].astype(str),
        }
    ).reset_index(drop=True)


def indicator_sheet(dataset: Dataset, indicator_ids, lang: str) -> pd.DataFrame:
    """The XLSX 'indicators' sheet: localised headers and names, yes/no, no raw booleans."""
    zh = lang == "zh"
    chosen = dataset.indicators[dataset.indicators["indicator_id"].isin(set(indicator_ids))]
    return pd.DataFrame(
        {
            text("label.indicator", lang): chosen["name_zh" if zh else "name_en"],
            text("label.category", lang): [category_name(c, lang) for c in chosen["category"]],
            text("label.unit", lang): [unit_name(unit, lang) for unit in chosen["unit"]],
            text("label.definition", lang): chosen["definition_zh" if zh else "definition_en"]
            .astype(object)
            .fillna(""),
            text("label.comparability", lang): chosen["comparability_zh" if zh else "comparability"]
            .astype(object)
            .fillna(""),
            text("label.higher_is_better", lang): [
                yes_no(flag, lang) for flag in chosen["higher_is_better"]
            ],
            "indicator_id": chosen["indicator_id"],
        }
    ).reset_index(drop=True)


def mixed_years_note(years, lang: str) -> str:
    """The warning when figures of different years stand side by side ('' for one year)."""
    shown = sorted({int(year) for year in years})
    if len(shown) < 2:
        return ""
    return text("compare.mixed_years", lang, years=join(shown, lang))
