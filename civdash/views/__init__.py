"""Pure selections behind each page: what to show, already filtered, before any chart is built."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from civdash import source_view
from civdash.curated import headline_indicators
from civdash.i18n import category_name, qualifier_name, text, unit_name
from civdash.loader import Dataset, used_categories
from civdash.numbers import value_parts
from civdash.vocab import CATEGORIES
from civdash.wording import fact_value, year_span, yes_no


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


def regions_after_indicator_change(
    chosen: list[str], previous_default: list[str], reporting: list[str], default: list[str]
) -> list[str]:
    """Trend regions once the indicator changes.

    Regions left at the old indicator's default reset to the new indicator's reporting
    regions; regions the user chose are kept where they report the new indicator, and reset
    when none of them does. A region that does not report it is never kept silently.
    """
    if not chosen or list(chosen) == list(previous_default):
        return list(default)
    kept = [region for region in chosen if region in set(reporting)]
    return kept or list(default)


def also_reported_by(chosen: list[str], reporting: list[str]) -> list[str]:
    """Regions that report the indicator but are not on the chart."""
    shown = set(chosen)
    return [region for region in reporting if region not in shown]


def profile_indicator(dataset: Dataset, region_id: str, candidates: list[str] | None = None):
    """The indicator a link about a region opens: one it reports, with most years, then most
    reporting regions (so a comparison has company), headline indicators first on ties."""
    facts = dataset.facts
    own = facts[facts["region_id"] == region_id]
    if candidates is not None:
        own = own[own["indicator_id"].isin(candidates)]
    if own.empty:
        return None
    years = own.groupby("indicator_id", observed=True)["year"].nunique()
    others = (
        facts[facts["indicator_id"].isin(years.index)]
        .groupby("indicator_id", observed=True)["region_id"]
        .nunique()
    )
    headline = {item: position for position, item in enumerate(headline_indicators(dataset))}

    def rank(indicator: str) -> tuple:
        return (
            -int(years[indicator]),
            -int(others[indicator]),
            headline.get(indicator, 99),
            indicator,
        )

    return min((str(indicator) for indicator in years.index), key=rank)


# Pages that show figures about a region, linked from its profile (not the contribute page).
PROFILE_LINK_PAGES = ("overview", "trends", "compare", "map", "plans", "data")


def profile_links(
    dataset: Dataset, region_id: str, map_indicators: list[str]
) -> dict[str, dict[str, str]]:
    """Per page, the query that opens a view about the region; pages with none are left out."""
    links: dict[str, dict[str, str]] = {"overview": {"region": region_id}}
    trend_indicator = profile_indicator(dataset, region_id)
    if trend_indicator is not None:
        links["trends"] = {"indicator": trend_indicator, "regions": region_id}
    candidates = focus_regions(dataset)
    reported_by_region = set(
        dataset.facts.loc[dataset.facts["region_id"] == region_id, "indicator_id"].astype(str)
    )
    own = set(reported_by_region)
    parents_of_focus = {dataset.parent_of.get(region) for region in candidates}
    if (
        region_id not in candidates
        and dataset.parent_of.get(region_id) not in candidates
        and region_id not in parents_of_focus
    ):
        # The comparison shows focus regions and those beside them (related_regions) only.
        own = set()
    compare_indicator = profile_indicator(dataset, region_id, sorted(own)) if own else None
    if compare_indicator is not None:
        links["compare"] = {"indicator": compare_indicator}
    # The map lists station indicators first; the first one the region reports is the most
    # relevant map of it.
    map_indicator = next(
        (indicator for indicator in map_indicators if indicator in reported_by_region),
        None,
    )
    if map_indicator is not None:
        links["map"] = {"indicator": map_indicator}
    plans = dataset.plans.loc[dataset.plans["region_id"] == region_id, "plan_id"]
    if len(plans):
        links["plans"] = {"plan": str(plans.iloc[0])}
    links["data"] = {"region": region_id}
    return links


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
            publisher, title = source_names(row, lang)
            if lang == "zh":
                titles.append(f"{publisher}《{title}》({row['published']})")
            else:
                titles.append(f'{publisher}, "{title}" ({row["published"]})')
    return ";".join(titles) if lang == "zh" else "; ".join(titles)


def source_names(row, lang: str) -> tuple[str, str]:
    """(publisher, title) in the language; English falls back to Chinese when untranslated."""
    if lang == "zh":
        return str(row["publisher"]), str(row["title"])
    publisher, title = row.get("publisher_en"), row.get("title_en")
    return (
        publisher if isinstance(publisher, str) and publisher else str(row["publisher"]),
        title if isinstance(title, str) and title else str(row["title"]),
    )


def card_source(dataset: Dataset, source_id, lang: str) -> str:
    """A source named beside a figure: its posting date is said to be one, not the data year."""
    row = dataset.source_rows.get(str(source_id))
    if row is None:
        return source_titles(dataset, [source_id], lang)
    publisher, title = source_names(row, lang)
    return text(
        "label.source_posted", lang, publisher=publisher, title=title, date=row["published"]
    )


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


def coverage_cells(dataset: Dataset, lang: str) -> pd.DataFrame:
    """The coverage matrix in long form, one row per region × category, empty cells included."""
    return dataset.memo(("coverage_cells", lang), lambda: _coverage_cells(dataset, lang))


def _coverage_cells(dataset: Dataset, lang: str) -> pd.DataFrame:
    matrix, region_ids, category_ids = coverage_matrix(dataset, lang)
    rows = []
    for region_position, region_id in enumerate(region_ids):
        for category_position, category in enumerate(category_ids):
            cell = matrix.iat[region_position, category_position]
            indicators, _, latest = cell.partition(" · ")
            rows.append(
                {
                    "region_id": region_id,
                    "region": matrix.index[region_position],
                    "category_id": category,
                    "category": matrix.columns[category_position],
                    "indicators": int(indicators) if cell else None,
                    "latest": int(latest) if cell else None,
                    "cell": cell or "–",
                }
            )
    return pd.DataFrame(rows)


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
                "parts": value_parts(row["value"], row["unit"], lang, row["qualifier"]),
                "year": int(row["year"]),
                "source": card_source(dataset, row["source_id"], lang),
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
                text("label.source", lang): source_names(source._asdict(), lang)[1],
                text("label.region", lang): dataset.region_name(source.region_id, lang),
                text("label.kind", lang): text(f"kind.{source.kind}", lang),
                text("label.published", lang): source.published,
                text("label.date_range", lang): year_span(first, span["last"]),
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
    chosen = facts[
        (facts["indicator_id"] == indicator_id)
        & facts["region_id"].isin(candidates)
        & (facts["range_part"].isna() | (facts["range_part"] == "lower"))
    ]
    all_years = chosen.groupby("region_id", observed=True)["year"].unique()
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
    separator = "、" if lang == "zh" else ", "
    return text(
        "compare.outside_window", lang, years=year_span(low, high), regions=separator.join(names)
    )


def nearest_years(found: list[int], low: int, high: int) -> str:
    """The reported years nearest to a window, e.g. '2011' or '2011, 2022'."""
    before = [year for year in found if year < low]
    after = [year for year in found if year > high]
    nearest = ([before[-1]] if before else []) + ([after[0]] if after else [])
    return ", ".join(str(year) for year in nearest)


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


def download_subject(region_ids: list[str], categories: list[str], indicator_ids: list[str]) -> str:
    """The filters a data-page download was made with, for its file name."""
    if len(indicator_ids) == 1:
        parts = list(indicator_ids)
    else:
        parts = [*categories, *(indicator_ids if len(indicator_ids) <= 3 else [])]
        if len(indicator_ids) > 3:
            parts.append(f"{len(indicator_ids)}-indicators")
    if region_ids:
        parts += region_ids if len(region_ids) <= 3 else [f"{len(region_ids)}-regions"]
    return "-".join(parts) if parts else "figures"


def note_column(rows: pd.DataFrame, lang: str) -> pd.Series:
    """Curation notes in the reader's language; a user's own note (English column) as written."""
    notes = rows["note"].astype(object)
    if lang == "zh" and "note_zh" in rows.columns:
        notes = rows["note_zh"].astype(object).where(rows["note_zh"].notna(), notes)
    return notes.fillna("")


def display_table(dataset: Dataset, rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The localised table shown on screen and offered for download: the same frame for both.

    It leads with what a reader checks (region, year, the figure as written, source, excerpt)
    and ends with the ids an analyst joins on.
    """
    zh = lang == "zh"
    region_column = text("label.region", lang)
    return pd.DataFrame(
        {
            region_column: rows["region_zh" if zh else "region_en"].astype(str),
            text("label.year", lang): rows["year"].astype("Int64"),
            text("label.value_as_written", lang): rows["value_as_written"].astype(str),
            text("label.source", lang): source_column(dataset, rows, lang),
            text("label.excerpt", lang): rows["excerpt"].astype(object).fillna(""),
            text("label.indicator", lang): rows["indicator_zh" if zh else "indicator_en"],
            text("label.period", lang): [
                period_label(row, lang) for row in rows[["period_start", "year"]].to_dict("records")
            ],
            text("label.value", lang): rows["value"].astype("Float64"),
            text("label.unit", lang): [unit_name(unit, lang) for unit in rows["unit"]],
            text("label.qualifier", lang): [qualifier_name(q, lang) for q in rows["qualifier"]],
            text("label.category", lang): [category_name(c, lang) for c in rows["category"]],
            text("label.derivation", lang): rows["derivation"].astype(object).fillna(""),
            text("label.note", lang): note_column(rows, lang),
            text("label.user_supplied", lang): [
                yes_no(flag, lang) for flag in rows["user_supplied"]
            ],
            text("label.view_source", lang): source_view.source_urls(rows, lang),
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


def source_sheet(dataset: Dataset, source_ids, lang: str) -> pd.DataFrame:
    """The XLSX 'sources' sheet: publisher and title in the language, headers localised."""
    chosen = dataset.sources[dataset.sources["source_id"].isin(set(source_ids))]
    names = [source_names(row, lang) for row in chosen.to_dict("records")]
    return pd.DataFrame(
        {
            text("label.publisher", lang): [publisher for publisher, _ in names],
            text("label.title", lang): [title for _, title in names],
            text("label.published", lang): chosen["published"].astype(str),
            text("label.region", lang): [
                dataset.region_name(region, lang) for region in chosen["region_id"]
            ],
            text("label.kind", lang): [text(f"kind.{kind}", lang) for kind in chosen["kind"]],
            text("label.file", lang): chosen["file"].astype(str),
            text("label.url", lang): chosen["url"].astype(object).fillna(""),
            "source_id": chosen["source_id"],
        }
    ).reset_index(drop=True)
