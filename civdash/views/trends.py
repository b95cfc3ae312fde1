"""The trends page's view: one indicator over time for the chosen regions, chart to download."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from civdash.data.indicator_names import comparability_caption
from civdash.data.loader import Dataset
from civdash.data.region_names import also_reported_by, region_names, reporting_regions
from civdash.data.source_names import source_line
from civdash.figures import chart_images, charts
from civdash.i18n import text
from civdash.method import peers, per_capita
from civdash.views.facts import display_table, trend_rows

# Regions drawn on a trend chart by default, and at most.
TREND_REGIONS_DEFAULT, TREND_REGIONS_MAX = 13, 40
# Regions named in the 'also reported by' sentence before '… and N more'.
ALSO_NAMED = 12


@dataclass(frozen=True)
class TrendsChoice:
    """What the reader chose: the view's identity, and its memo key."""

    indicator: str
    regions: tuple[str, ...]
    per: str = per_capita.RAW


@dataclass
class TrendsView:
    key: tuple  # what the view was built from: a memo key for what is built from it
    rows: pd.DataFrame  # the chosen figures, before any per-resident division
    shown: per_capita.NormalisedView  # what the chart draws
    comparability: str
    title: str
    source: str
    chart: Callable[[bool], object]  # present -> Altair chart
    image: chart_images.ChartImage | None
    notes: list[str] = field(default_factory=list)  # captions under the chart
    table: pd.DataFrame = field(default_factory=pd.DataFrame)  # the screen table = the download
    subject: str = ""
    years: tuple[int, int] | None = None


def region_choices(dataset: Dataset, indicator: str) -> tuple[list[str], list[str]]:
    """(every region reporting the indicator, the ones drawn by default)."""
    options = reporting_regions(dataset, indicator)
    return options, options[:TREND_REGIONS_DEFAULT]


def can_show_all(dataset: Dataset, indicator: str) -> bool:
    return len(reporting_regions(dataset, indicator)) <= TREND_REGIONS_MAX


def build(dataset: Dataset, choice: TrendsChoice, lang: str) -> TrendsView:
    """The page's view for a choice, computed once per dataset and shared by every session."""
    return dataset.memo(("trends", choice, lang), lambda: _build(dataset, choice, lang))


@dataclass
class RegionNotes:
    """What the page says about the chosen regions before the chart."""

    drawn: list[str]  # the regions drawn (at most TREND_REGIONS_MAX)
    too_many: str  # the notice when more regions were chosen than a chart can show
    also_reported: str  # 'also reported by …' ('' when every reporting region is drawn)


def region_notes(dataset: Dataset, indicator: str, regions, lang: str) -> RegionNotes:
    chosen = list(regions)
    too_many = ""
    if len(chosen) > TREND_REGIONS_MAX:
        too_many = text("trends.too_many", lang, shown=TREND_REGIONS_MAX, chosen=len(chosen))
    also = also_reported_by(chosen, reporting_regions(dataset, indicator))
    also_text = (
        text("trends.also_reported", lang, regions=region_names(dataset, also, lang, ALSO_NAMED))
        if also
        else ""
    )
    return RegionNotes(chosen[:TREND_REGIONS_MAX], too_many, also_text)


def _build(dataset: Dataset, choice: TrendsChoice, lang: str) -> TrendsView:
    chosen = region_notes(dataset, choice.indicator, choice.regions, lang).drawn
    rows = trend_rows(dataset, choice.indicator, chosen)
    shown = per_capita.normalise(dataset, rows, choice.per, lang)
    title = per_capita.titled(dataset.indicator_name(choice.indicator, lang), choice.per, lang)
    line = source_line(dataset, shown.rows["source_id"], lang) if not rows.empty else ""

    def chart(present: bool):
        return charts.trend_chart(
            shown.rows, dataset, lang, title, line, present=present, extra_lines=shown.subtitle
        )

    view = TrendsView(
        key=(choice, lang),
        rows=rows,
        shown=shown,
        comparability=comparability_caption(dataset, choice.indicator, lang),
        title=title,
        source=line,
        chart=chart,
        image=chart_images.trend_image(
            shown.rows, dataset, lang, title, line, extra_lines=shown.subtitle
        )
        if not shown.rows.empty
        else None,
    )
    if rows.empty:
        return view
    if shown.without_base:
        view.notes.append(per_capita.without_base_note(dataset, shown, lang))
    view.notes += peers.level_notes(dataset, shown.rows["region_id"], lang)
    if rows["year"].nunique() == 1:
        view.notes.append(text("trends.single_point", lang))
    if rows["user_supplied"].any():
        view.notes.append(text("notice.user_rows", lang))
    view.table = per_capita.rate_table(
        shown, display_table(dataset, per_capita.raw_table_rows(shown), lang), lang
    )
    view.subject = (
        choice.indicator if choice.per == per_capita.RAW else f"{choice.indicator}-{choice.per}"
    )
    view.years = (int(rows["year"].min()), int(rows["year"].max()))
    return view
