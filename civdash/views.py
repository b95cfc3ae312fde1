"""Pure selections behind each page: what to show, already filtered, before any chart is built."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from civdash import source_view
from civdash.i18n import category_name, qualifier_name, text, unit_name
from civdash.loader import Dataset, used_categories
from civdash.numbers import format_value
from civdash.vocab import CATEGORIES

# The harmonised indicators an official looks for first, in display order.
HEADLINE_INDICATORS = (
    "dibao_standard_urban",
    "dibao_standard_rural",
    "dibao_recipients",
    "elderly_care_institutions",
    "elderly_care_beds",
    "elderly_care_beds_per_100_elderly",
    "home_community_care_centres",
    "social_organisations",
    "certified_social_workers",
    "welfare_lottery_sales",
    "orphan_allowance",
)


def region_label(dataset: Dataset, region_id: str, lang: str) -> str:
    return dataset.region_name(region_id, lang)


def focus_regions(dataset: Dataset) -> list[str]:
    return dataset.regions.loc[dataset.regions["focus"].fillna(False), "region_id"].tolist()


def regions_with_data(dataset: Dataset) -> list[str]:
    """Regions that report at least one figure, focus regions first, then in file order."""

    def compute() -> list[str]:
        ordered = focus_regions(dataset) + dataset.regions["region_id"].tolist()
        reported = dataset.reported_regions
        return [region for region in dict.fromkeys(ordered) if region in reported]

    return dataset.memo(("regions_with_data",), compute)


def related_regions(dataset: Dataset, focus: list[str], reporting: pd.Series) -> list[str]:
    """Regions beside the focus ones that report this indicator and sit next to one of them.

    A county or district of a focus city, or the city that contains a focus district (Huangshi
    for Huangshigang), is shown beside it, never summed into it. Unrelated regions stay out, so
    a comparison of the focus cities never turns into thousands of bars at national scale.
    """
    focus_set = set(focus)
    parents_of_focus = {dataset.parent_of.get(region) for region in focus}
    reported = used_categories(reporting)
    return [
        region
        for region in regions_with_data(dataset)
        if region in reported
        and region not in focus_set
        and (dataset.parent_of.get(region) in focus_set or region in parents_of_focus)
    ]


def reporting_regions(dataset: Dataset, indicator_id: str) -> list[str]:
    """Regions with a figure for the indicator, focus regions first, in file order."""
    facts = dataset.facts
    reporting = used_categories(facts.loc[facts["indicator_id"] == indicator_id, "region_id"])
    return [region for region in regions_with_data(dataset) if region in reporting]


def category_options(dataset: Dataset) -> list[str]:
    """Categories that have figures, in the fixed category order."""

    def compute() -> list[str]:
        reported = used_categories(dataset.facts["category"])
        return [category for category in CATEGORIES if category in reported]

    return dataset.memo(("category_options",), compute)


def indicator_options(dataset: Dataset, lang: str) -> list[str]:
    """Indicator ids that have figures, grouped by category in the fixed category order."""

    def compute() -> list[str]:
        used = dataset.reported_indicators
        indicators = dataset.indicators[dataset.indicators["indicator_id"].isin(used)].copy()
        indicators["category_order"] = indicators["category"].map(
            {category: position for position, category in enumerate(CATEGORIES)}
        )
        name_column = "name_zh" if lang == "zh" else "name_en"
        indicators = indicators.sort_values(["category_order", name_column])
        return indicators["indicator_id"].tolist()

    return dataset.memo(("indicator_options", lang), compute)


def indicator_label(dataset: Dataset, indicator_id: str, lang: str) -> str:
    """'Category · Indicator name' so that a searchable list stays grouped by category."""
    row = dataset.indicator_rows.get(indicator_id)
    if row is None:
        return indicator_id
    name = row["name_zh"] if lang == "zh" else row["name_en"]
    return f"{category_name(row['category'], lang)} · {name}"


def comparability_note(dataset: Dataset, indicator_id: str, lang: str) -> str:
    """The indicator's comparability note in the language ('' when it has none)."""
    row = dataset.indicator_rows.get(indicator_id) or {}
    note = row.get("comparability_zh" if lang == "zh" else "comparability")
    return note if isinstance(note, str) else ""


def years_label(years: pd.Series) -> str:
    values = sorted({int(year) for year in years.dropna()})
    if not values:
        return "–"
    return str(values[0]) if len(values) == 1 else f"{values[0]}–{values[-1]}"


def span_label(rows: pd.DataFrame) -> str:
    """'2002–2012': from the earliest year or period start to the latest year of some figures."""
    if rows.empty:
        return "–"
    first, last = int(rows["year"].min()), int(rows["year"].max())
    starts = rows["period_start"].dropna()
    if len(starts):
        first = min(first, int(starts.min()))
    return str(first) if first == last else f"{first}–{last}"


def period_label(row, lang: str = "zh") -> str:
    """'2016–2022' for a multi-year figure, else the year."""
    start, year = row["period_start"], row["year"]
    if start is not None and not pd.isna(start):
        return f"{int(start)}–{int(year)}"
    return str(int(year))


def source_titles(dataset: Dataset, source_ids, lang: str) -> str:
    titles = []
    for source_id in dict.fromkeys(str(source) for source in source_ids):
        row = dataset.source_rows.get(source_id)
        if row is None:
            titles.append(text("label.user_supplied", lang) if source_id == "user" else source_id)
        else:
            if lang == "zh":
                titles.append(f"{row['publisher']}《{row['title']}》({row['published']})")
            else:
                titles.append(f'{row["publisher_en"]}, "{row["title_en"]}" ({row["published"]})')
    return ";".join(titles) if lang == "zh" else "; ".join(titles)


def source_line(dataset: Dataset, source_ids, lang: str) -> str:
    return text("chart.source_line", lang, sources=source_titles(dataset, source_ids, lang))


def coverage_matrix(dataset: Dataset, lang: str) -> tuple[pd.DataFrame, list[str], list[str]]:
    """Region × category cells 'indicators · latest year'; also the row and column ids."""
    return dataset.memo(("coverage_matrix", lang), lambda: _coverage_matrix(dataset, lang))


def _coverage_matrix(dataset: Dataset, lang: str) -> tuple[pd.DataFrame, list[str], list[str]]:
    facts = dataset.facts
    grouped = (
        facts.groupby(["region_id", "category"], observed=True)
        .agg(indicators=("indicator_id", "nunique"), latest=("year", "max"))
        .reset_index()
    )
    region_ids = regions_with_data(dataset)
    category_ids = [category for category in CATEGORIES if category in set(grouped["category"])]
    cells = {
        (row.region_id, row.category): f"{row.indicators} · {int(row.latest)}"
        for row in grouped.itertuples()
    }
    matrix = pd.DataFrame(
        [
            [cells.get((region_id, category), "") for category in category_ids]
            for region_id in region_ids
        ],
        index=[dataset.region_name(region_id, lang) for region_id in region_ids],
        columns=[category_name(category, lang) for category in category_ids],
    )
    # A named index gives the grid's corner header a text screen readers can announce.
    matrix.index.name = text("label.region", lang)
    return matrix, region_ids, category_ids


def headline_cards(dataset: Dataset, region_id: str, lang: str) -> list[dict]:
    """The latest value of each key indicator the region reports, with year and source."""
    latest = dataset.latest[
        (dataset.latest["region_id"] == region_id)
        & dataset.latest["indicator_id"].isin(HEADLINE_INDICATORS)
        & (dataset.latest["period_type"] == "point")
    ]
    order = {indicator: position for position, indicator in enumerate(HEADLINE_INDICATORS)}
    cards = []
    for row in sorted(latest.to_dict("records"), key=lambda item: order[item["indicator_id"]]):
        cards.append(
            {
                "indicator_id": row["indicator_id"],
                "label": dataset.indicator_name(row["indicator_id"], lang),
                "value": format_value(row["value"], row["unit"], lang, row["qualifier"]),
                "year": int(row["year"]),
                "source": source_titles(dataset, [row["source_id"]], lang),
                "source_id": str(row["source_id"]),
                "observation_id": str(row["observation_id"]),
                "excerpt": row["excerpt"],
            }
        )
    return cards


def source_ranges(dataset: Dataset, lang: str) -> pd.DataFrame:
    """Each source with the span of years its figures describe."""
    return dataset.memo(("source_ranges", lang), lambda: _source_ranges(dataset, lang))


def _source_ranges(dataset: Dataset, lang: str) -> pd.DataFrame:
    facts = dataset.facts
    spans = facts.groupby("source_id", observed=True).agg(
        first=("year", "min"),
        last=("year", "max"),
        figures=("value", "size"),
        earliest_start=("period_start", "min"),
    )
    rows = []
    for source in dataset.sources.itertuples():
        if source.source_id not in spans.index:
            continue
        span = spans.loc[source.source_id]
        first = int(span["first"])
        if not pd.isna(span["earliest_start"]):
            first = min(first, int(span["earliest_start"]))
        rows.append(
            {
                text("label.source", lang): source.title,
                text("label.region", lang): dataset.region_name(source.region_id, lang),
                text("label.kind", lang): text(f"kind.{source.kind}", lang),
                text("label.published", lang): source.published,
                text("label.date_range", lang): f"{first}–{int(span['last'])}",
                text("label.figures", lang): int(span["figures"]),
            }
        )
    return pd.DataFrame(rows)


def trend_rows(dataset: Dataset, indicator_id: str, region_ids: list[str]) -> pd.DataFrame:
    facts = dataset.facts
    chosen = facts[(facts["indicator_id"] == indicator_id) & facts["region_id"].isin(region_ids)]
    return chosen.sort_values(["region_id", "year"], kind="stable")


@dataclass
class Comparison:
    rows: pd.DataFrame
    not_reported: list[str]
    years: list[int]


def comparison(
    dataset: Dataset,
    indicator_id: str,
    candidates: list[str],
    year_from: int | None = None,
    year_to: int | None = None,
) -> Comparison:
    """Latest value per candidate region (within an optional window) and who reports none."""
    facts = dataset.facts
    chosen = facts[
        (facts["indicator_id"] == indicator_id)
        & facts["region_id"].isin(candidates)
        & (facts["range_part"].isna() | (facts["range_part"] == "lower"))
    ]
    if year_from is not None:
        chosen = chosen[chosen["year"] >= year_from]
    if year_to is not None:
        chosen = chosen[chosen["year"] <= year_to]
    latest = (
        chosen.sort_values(["year", "user_supplied"], kind="stable")
        .groupby("region_id", observed=True)
        .tail(1)
        .sort_values("value", ascending=False, kind="stable")
    )
    reported = set(latest["region_id"].astype(str))
    return Comparison(
        rows=latest,
        not_reported=[region_id for region_id in candidates if region_id not in reported],
        years=sorted({int(year) for year in latest["year"]}),
    )


def profile_rows(dataset: Dataset, region_id: str) -> pd.DataFrame:
    facts = dataset.facts[dataset.facts["region_id"] == region_id]
    order = {category: position for position, category in enumerate(CATEGORIES)}
    return facts.assign(category_order=facts["category"].map(order).astype(int)).sort_values(
        ["category_order", "indicator_id", "year"], kind="stable"
    )


# Regions drawn on a trend chart by default, and at most.
TREND_REGIONS_DEFAULT, TREND_REGIONS_MAX = 13, 40
# The data page's grid shows at most this many rows; downloads hold every matching row.
DISPLAY_ROWS = 5_000


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


def source_column(dataset: Dataset, rows: pd.DataFrame, lang: str) -> list[str]:
    """Source titles; a user-supplied row shows the analyst's own source note, marked."""
    user_notes = rows["user_source"] if "user_source" in rows.columns else None
    values = []
    for position, source_id in enumerate(rows["source_id"].astype(str)):
        title = source_titles(dataset, [source_id], lang)
        if source_id == "user" and user_notes is not None:
            note = user_notes.iloc[position]
            if isinstance(note, str) and note:
                title = f"{title}: {note}"
        values.append(title)
    return values


def note_column(rows: pd.DataFrame, lang: str) -> pd.Series:
    """Curation notes in the reader's language; a user's own note (English column) as written."""
    notes = rows["note"].astype(object)
    if lang == "zh" and "note_zh" in rows.columns:
        notes = rows["note_zh"].astype(object).where(rows["note_zh"].notna(), notes)
    return notes.fillna("")


def display_table(dataset: Dataset, rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The localised table shown on screen and offered for download: the same frame for both."""
    zh = lang == "zh"
    return pd.DataFrame(
        {
            text("label.region", lang): rows["region_zh" if zh else "region_en"].astype(str),
            text("label.region", lang) + " ID": rows["region_id"].astype(str),
            text("label.category", lang): [category_name(c, lang) for c in rows["category"]],
            text("label.indicator", lang): rows["indicator_zh" if zh else "indicator_en"],
            "indicator_id": rows["indicator_id"].astype(str),
            text("label.year", lang): rows["year"].astype("Int64"),
            text("label.period", lang): [
                period_label(row, lang) for row in rows[["period_start", "year"]].to_dict("records")
            ],
            text("label.value", lang): rows["value"].astype("Float64"),
            text("label.unit", lang): [unit_name(unit, lang) for unit in rows["unit"]],
            text("label.qualifier", lang): [qualifier_name(q, lang) for q in rows["qualifier"]],
            text("label.value_as_written", lang): rows["value_as_written"],
            text("label.source", lang): source_column(dataset, rows, lang),
            "source_id": rows["source_id"].astype(str),
            text("label.excerpt", lang): rows["excerpt"],
            text("label.derivation", lang): rows["derivation"].astype(object).fillna(""),
            text("label.note", lang): note_column(rows, lang),
            text("label.user_supplied", lang): rows["user_supplied"].astype(bool),
            text("label.view_source", lang): source_view.source_urls(rows, lang),
        }
    ).reset_index(drop=True)
