"""The profile page's view: every figure a region reports, by category, its links and plans."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from civdash.core.formatting import fact_text
from civdash.core.links import view_query
from civdash.data.choices import headline_indicators
from civdash.data.loader import Dataset
from civdash.data.region_names import focus_regions, regions_with_data
from civdash.data.source_names import source_titles
from civdash.figures import chart_images, charts
from civdash.i18n import category_name, join, text
from civdash.method import peers as levels
from civdash.views import map as map_view
from civdash.views.facts import display_table, note_column, profile_rows


@dataclass
class ProfileItem:
    """One indicator of the region: a small trend when it has several years, else one line."""

    indicator_id: str
    rows: pd.DataFrame
    multi_year: bool
    peers: str  # who else reports it, and where the region stands
    chart: Callable[[bool], object] | None = None  # present -> small trend (several years)
    image: chart_images.ChartImage | None = None
    line: str = ""  # 'Name: value (year)' (a single year)
    detail: str = ""  # source · excerpt · note · peers (a single year)
    source_id: str = ""
    observation_id: str = ""


@dataclass
class ProfileSection:
    category_id: str
    label: str  # 'Category (N)'
    first: bool  # the section open at first
    items: list[ProfileItem]
    table: pd.DataFrame  # the section's figures, as the downloads write them


@dataclass
class ProfileView:
    region: str
    parent: str  # 'Part of …' ('' for a top-level region)
    children: str  # 'Includes …' ('' when it has none with figures)
    links: dict[str, dict[str, str]]  # page -> query of the link about this region
    missing_links: str  # the pages with nothing about the region ('' when none)
    rows: pd.DataFrame
    sections: list[ProfileSection] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    plans: list[str] = field(default_factory=list)
    years: tuple[int, int] | None = None
    table: Callable[[], pd.DataFrame] | None = None  # every figure, for the downloads (on click)


def build(dataset: Dataset, region: str, lang: str, present: bool) -> ProfileView:
    """The page's view of a region, computed once per dataset and shared by every session."""
    return dataset.memo(
        ("profile", region, lang, present), lambda: _build(dataset, region, lang, present)
    )


def _build(dataset: Dataset, region: str, lang: str, present: bool) -> ProfileView:
    parent = dataset.parent_of.get(region)
    children = [
        child for child in regions_with_data(dataset) if dataset.parent_of.get(child) == region
    ]
    links = profile_links(dataset, region, map_view.map_indicator_options(dataset, lang))
    queries = {page: view_query(lang, present, **params) for page, params in links.items()}
    missing = [text(f"page.{page}", lang) for page in PROFILE_LINK_PAGES if page not in links]
    rows = profile_rows(dataset, region)
    view = ProfileView(
        region=region,
        parent=text("profile.parent", lang, parent=dataset.region_name(parent, lang))
        if parent
        else "",
        children=text(
            "profile.children",
            lang,
            children=join([dataset.region_name(child, lang) for child in children], lang),
        )
        if children
        else "",
        links=queries,
        missing_links=text("profile.no_link", lang, pages=join(missing, lang)) if missing else "",
        rows=rows,
    )
    if not rows.empty:
        view.years = (int(rows["year"].min()), int(rows["year"].max()))
        view.table = lambda: display_table(dataset, rows, lang)
    # Notes once for the region, not once per figure.
    notes = dict(zip(rows["observation_id"].astype(str), note_column(rows, lang), strict=True))
    first_order = rows["category_order"].min() if not rows.empty else None
    for order, category_rows in rows.groupby("category_order", sort=True):
        category_id = str(category_rows["category"].iloc[0])
        items = [
            _item(dataset, region, str(indicator_id), indicator_rows, notes, lang)
            for indicator_id, indicator_rows in category_rows.groupby(
                "indicator_id", observed=True, sort=False
            )
        ]
        view.sections.append(
            ProfileSection(
                category_id=category_id,
                label=f"{category_name(category_id, lang)} "
                f"({category_rows['indicator_id'].nunique()})",
                first=order == first_order,
                items=items,
                table=display_table(dataset, category_rows, lang),
            )
        )
    region_sources = set(rows["source_id"].astype(str))
    view.sources = [
        source_titles(dataset, [source_id], lang)
        for source_id in dataset.sources["source_id"]
        if source_id in region_sources
    ]
    plans = dataset.plans[dataset.plans["region_id"] == region]
    view.plans = [
        f"{plan.name_zh if lang == 'zh' else plan.name_en} ({plan.start_year}–{plan.end_year})"
        for plan in plans.itertuples()
    ]
    return view


def _item(
    dataset: Dataset,
    region: str,
    indicator_id: str,
    rows: pd.DataFrame,
    notes: dict[str, str],
    lang: str,
) -> ProfileItem:
    peers = levels.peer_summary(dataset, indicator_id, region, lang)
    if rows["year"].nunique() > 1:
        return ProfileItem(
            indicator_id=indicator_id,
            rows=rows,
            multi_year=True,
            peers=peers,
            chart=lambda present: charts.small_trend(rows, dataset, lang, present),
            image=chart_images.profile_trend_image(rows, dataset, lang),
        )
    latest = rows.iloc[-1]
    value = fact_text(
        latest["value"],
        latest["unit"],
        lang,
        latest["qualifier"],
        latest["period_start"],
        latest["year"],
    )
    note = notes.get(str(latest["observation_id"]), "")
    return ProfileItem(
        indicator_id=indicator_id,
        rows=rows,
        multi_year=False,
        peers=peers,
        line=f"{dataset.indicator_name(indicator_id, lang)}: {value}",
        detail=source_titles(dataset, [latest["source_id"]], lang)
        + " · "
        + str(latest["excerpt"])
        + (f" · {note}" if note else "")
        + f" · {peers}",
        source_id=str(latest["source_id"]),
        observation_id=str(latest["observation_id"]),
    )


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
