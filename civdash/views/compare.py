"""The compare page's view: the latest value per region in a year window, chart to download."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from civdash.data.indicator_names import comparability_caption
from civdash.data.loader import Dataset
from civdash.data.region_names import focus_regions, region_names, related_regions
from civdash.data.source_names import source_line
from civdash.figures import chart_images, charts
from civdash.i18n import text
from civdash.method import peers, per_capita
from civdash.views.facts import (
    Comparison,
    comparison,
    display_table,
    mixed_years_note,
    outside_window_text,
)


@dataclass(frozen=True)
class CompareChoice:
    """What the reader chose: the view's identity, and its memo key."""

    indicator: str
    year_from: int | None = None
    year_to: int | None = None
    per: str = per_capita.RAW

    @property
    def windowed(self) -> bool:
        return self.year_from is not None


@dataclass
class CompareView:
    key: tuple  # what the view was built from: a memo key for what is built from it
    result: Comparison
    shown: per_capita.NormalisedView  # what the chart draws
    empty: str  # the notice when no region has a figure ('' otherwise)
    mixed_years: str  # the warning when the bars are of different years
    comparability: str
    title: str
    chart: Callable[[bool], object]  # present -> Altair chart
    image: chart_images.ChartImage | None
    notes: list[str] = field(default_factory=list)  # captions under the chart
    outside_window: str = ""
    not_reported: str = ""
    table: pd.DataFrame = field(default_factory=pd.DataFrame)  # the screen table = the download
    subject: str = ""
    years: tuple[int, int] | None = None


def candidates(dataset: Dataset, indicator: str) -> list[str]:
    """Focus regions, then the counties and districts beside them (shown, never summed)."""
    facts = dataset.facts
    focus = focus_regions(dataset)
    reporting = facts.loc[facts["indicator_id"] == indicator, "region_id"]
    return focus + related_regions(dataset, focus, reporting)


def years_available(dataset: Dataset, indicator: str) -> list[int]:
    facts = dataset.facts
    return sorted({int(year) for year in facts.loc[facts["indicator_id"] == indicator, "year"]})


def latest(dataset: Dataset, choice: CompareChoice) -> Comparison:
    """The latest figure per candidate region (what the per-resident switch depends on)."""
    return dataset.memo(
        ("compare_latest", choice.indicator, choice.year_from, choice.year_to),
        lambda: comparison(
            dataset,
            choice.indicator,
            candidates(dataset, choice.indicator),
            choice.year_from,
            choice.year_to,
        ),
    )


def build(dataset: Dataset, choice: CompareChoice, lang: str) -> CompareView:
    """The page's view for a choice, computed once per dataset and shared by every session."""
    return dataset.memo(("compare", choice, lang), lambda: _build(dataset, choice, lang))


def _build(dataset: Dataset, choice: CompareChoice, lang: str) -> CompareView:
    result = latest(dataset, choice)
    shown = per_capita.normalise(dataset, result.rows, choice.per, lang)
    name = per_capita.titled(dataset.indicator_name(choice.indicator, lang), choice.per, lang)
    title = text("compare.title", lang, indicator=name)
    has_rows = not result.rows.empty
    line = source_line(dataset, shown.rows["source_id"], lang) if has_rows else ""
    mixed = mixed_years_note(shown.rows["year"], lang) if has_rows else ""

    def chart(present: bool):
        return charts.comparison_chart(
            shown.rows,
            dataset,
            lang,
            title,
            line,
            mixed,
            present=present,
            extra_lines=shown.subtitle,
        )

    view = CompareView(
        key=(choice, lang),
        result=result,
        shown=shown,
        empty=""
        if has_rows
        else text("compare.window_empty" if choice.windowed else "compare.empty", lang),
        mixed_years=mixed,
        comparability=comparability_caption(dataset, choice.indicator, lang) if has_rows else "",
        title=title,
        chart=chart,
        image=chart_images.comparison_image(
            shown.rows, dataset, lang, title, line, mixed, extra_lines=shown.subtitle
        )
        if not shown.rows.empty
        else None,
    )
    if choice.windowed:
        window = (choice.year_from, choice.year_to)
        view.outside_window = outside_window_text(dataset, result, window, lang)
    if result.not_reported:
        view.not_reported = text(
            "compare.not_reported", lang, regions=region_names(dataset, result.not_reported, lang)
        )
    if not has_rows:
        return view
    if shown.without_base:
        view.notes.append(per_capita.without_base_note(dataset, shown, lang))
    view.notes += peers.level_notes(dataset, shown.rows["region_id"], lang)
    view.table = per_capita.rate_table(
        shown, display_table(dataset, per_capita.raw_table_rows(shown), lang), lang
    )
    view.subject = f"{choice.indicator}-latest" + (
        "" if choice.per == per_capita.RAW else f"-{choice.per}"
    )
    view.years = (min(result.years), max(result.years))
    return view
