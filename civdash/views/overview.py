"""The overview page's view: what the data covers, a coverage grid, headline cards, sources."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from civdash.core.links import view_query
from civdash.core.vocab import CATEGORIES
from civdash.data.loader import Dataset
from civdash.data.region_names import regions_with_data
from civdash.data.source_names import source_ranges
from civdash.figures import charts
from civdash.i18n import category_name, text
from civdash.method import peers


@dataclass
class OverviewView:
    stats: str  # 'N regions · N indicators · …'
    region_ids: list[str]  # the coverage grid's rows
    category_ids: list[str]  # and columns
    heatmap: Callable[[bool], object]  # present -> the coverage chart
    heatmap_note: str  # '' or which regions the heat map leaves out, and where to find them
    sources: pd.DataFrame  # each source with the years its figures describe


@dataclass
class SearchLink:
    label: str
    regions: str
    # Page -> query of the link that opens the indicator there.
    queries: dict[str, dict[str, str]]


SEARCH_PAGES = ("compare", "trends")
# The indicator search box's length cap (the search itself is method.peers').
SEARCH_MAX_CHARS = peers.SEARCH_MAX_CHARS
# Rows of the coverage heat map: beyond this a region's row is too thin to read or click (and
# a national dataset's 3,000 regions would be 25,000 cells in the browser); focus regions first.
HEATMAP_REGIONS = 60


def build(dataset: Dataset, lang: str) -> OverviewView:
    """The page's view, computed once per dataset and language.

    It describes the curated dataset: a session's user-supplied rows are neither counted in
    its totals nor shaded in its coverage grid (the page banner says they are there).
    """
    dataset = getattr(dataset, "curated", dataset)
    return dataset.memo(("overview", lang), lambda: _build(dataset, lang))


def _build(dataset: Dataset, lang: str) -> OverviewView:
    _, region_ids, category_ids = coverage_matrix(dataset, lang)
    shown = region_ids[:HEATMAP_REGIONS]
    cells = coverage_cells(dataset, lang)
    if len(shown) < len(region_ids):
        cells = cells[cells["region_id"].isin(set(shown))].reset_index(drop=True)
    note = (
        text("overview.coverage_first", lang, shown=len(shown), total=f"{len(region_ids):,}")
        if len(shown) < len(region_ids)
        else ""
    )
    return OverviewView(
        stats=text(
            "overview.stats",
            lang,
            regions=len(regions_with_data(dataset)),
            indicators=dataset.facts["indicator_id"].nunique(),
            figures=len(dataset.facts),
            sources=len(dataset.sources),
        ),
        region_ids=region_ids,
        category_ids=category_ids,
        heatmap=lambda present: charts.coverage_heatmap(cells, lang, present),
        heatmap_note=note,
        sources=source_ranges(dataset, lang),
    )


def search(dataset: Dataset, query: str, lang: str, present: bool) -> tuple[list[SearchLink], int]:
    """Indicators matching a search, each with links to compare and trends; and how many more."""
    found, more = peers.search_indicators(dataset, query, lang)
    return [
        SearchLink(
            label=result.label,
            regions=result.regions,
            queries={
                page: view_query(lang, present, indicator=result.indicator_id)
                for page in SEARCH_PAGES
            },
        )
        for result in found
    ], more


def cell_query(region_id: str, category: str, lang: str, present: bool) -> dict[str, str]:
    """The data page's query for one cell of the coverage grid."""
    return view_query(lang, present, region=region_id, category=category)


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
