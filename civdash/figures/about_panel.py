"""'About this data' for one indicator, and the data vintage per region for the method page."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from civdash.core import units
from civdash.core.formatting import figures_span
from civdash.core.units import unit_name
from civdash.data.loader import Dataset
from civdash.data.region_names import regions_with_data
from civdash.data.source_names import source_titles
from civdash.i18n import join, text


@dataclass
class About:
    definition: str
    unit: str
    comparability: str
    sources: list[str]
    latest_year: int | None
    limits: list[str]


def about(
    dataset: Dataset, indicator_id: str, lang: str, rows: pd.DataFrame | None = None
) -> About:
    """What a reader needs beside a chart of `indicator_id`; `rows` are the figures it shows."""
    indicator = dataset.indicator_rows.get(indicator_id) or {}
    zh = lang == "zh"
    facts = dataset.facts
    if rows is None:
        rows = facts[facts["indicator_id"] == indicator_id]
    rows = rows[rows["indicator_id"] == indicator_id]
    unit = str(indicator.get("unit", ""))
    record = units.get(unit)
    meaning = record.meaning if record is not None else ""
    unit_line = unit_name(unit, lang) + ("" if zh or not meaning else f" ({meaning})")
    comparability = indicator.get("comparability_zh" if zh else "comparability")
    sources = []
    for source_id, group in rows.groupby("source_id", observed=True, sort=False):
        sources.append(
            text(
                "about.source_years",
                lang,
                source=source_titles(dataset, [source_id], lang),
                years=figures_span(group),
                figures=len(group),
            )
        )
    latest = int(rows["year"].max()) if len(rows) else None
    return About(
        definition=str(indicator.get("definition_zh" if zh else "definition_en", "")),
        unit=unit_line,
        comparability=comparability if isinstance(comparability, str) else "",
        sources=sources,
        latest_year=latest,
        limits=limits(rows, unit, indicator.get("period_type"), lang),
    )


def limits(rows: pd.DataFrame, unit: str, period_type, lang: str) -> list[str]:
    """Known limits of these figures, each said in one sentence."""
    found = []
    if rows.empty:
        return found
    regions = rows["region_id"].astype(str).nunique()
    if regions == 1:
        found.append(text("about.limit_one_region", lang))
    latest = rows.sort_values("year").groupby("region_id", observed=True)["year"].max()
    if latest.nunique() > 1:
        found.append(
            text(
                "about.limit_years",
                lang,
                first=int(latest.min()),
                last=int(latest.max()),
            )
        )
    if rows["level"].astype(str).nunique() > 1:
        found.append(text("about.limit_levels", lang))
    if period_type == "multi_year":
        found.append(text("about.limit_multi_year", lang))
    hedged = int((rows["qualifier"].astype(str) != "exact").sum())
    if hedged:
        found.append(text("about.limit_approx", lang, count=hedged))
    derived = int(rows["derivation"].notna().sum())
    if derived:
        found.append(text("about.limit_derived", lang, count=derived))
    if units.is_money(unit):
        found.append(text("about.limit_nominal", lang))
    found.append(text("about.limit_not_reported", lang))
    return found


def short_source(dataset: Dataset, source_id: str, lang: str) -> str:
    """'Ningbo review 2012': enough to tell the five reports apart in a table cell."""
    row = dataset.source_rows.get(source_id)
    if row is None:
        return source_titles(dataset, [source_id], lang)
    region = dataset.region_name(str(row["region_id"]), lang)
    kind = text(f"kind.{row['kind']}", lang)
    year = str(row["published"])[:4]
    return f"{region}{kind}({year})" if lang == "zh" else f"{region} {kind} ({year})"


def vintage(dataset: Dataset, lang: str) -> pd.DataFrame:
    """Per region: the years its figures describe, per source, and its latest year."""
    # Only the columns read here: grouping all of them copies every column of every row.
    facts = dataset.facts[["region_id", "source_id", "year", "period_start", "level"]]
    rows = []
    for region_id, group in facts.groupby("region_id", observed=True, sort=False):
        by_source = [
            text(
                "about.source_years_short",
                lang,
                source=short_source(dataset, str(source_id), lang),
                years=figures_span(part),
            )
            for source_id, part in group.groupby("source_id", observed=True, sort=False)
        ]
        rows.append(
            {
                "region_id": str(region_id),
                text("label.region", lang): dataset.region_name(str(region_id), lang),
                text("label.level", lang): text(f"level.{group['level'].iloc[0]}", lang),
                text("label.latest_year", lang): int(group["year"].max()),
                text("about.years_by_source", lang): join(by_source, lang),
                text("label.figures", lang): len(group),
            }
        )
    order = {region: position for position, region in enumerate(regions_with_data(dataset))}
    frame = pd.DataFrame(rows)
    frame = frame.sort_values("region_id", key=lambda ids: ids.map(order), kind="stable")
    return frame.drop(columns="region_id").reset_index(drop=True)
