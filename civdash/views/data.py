"""The data page's view: the figures the filters match, their table and downloads, the sources."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from civdash.data import package
from civdash.data.indicator_names import indicator_options
from civdash.data.loader import Dataset, used_categories
from civdash.data.source_names import source_link, source_names, source_sheet, source_titles
from civdash.i18n import text
from civdash.views.facts import display_table, filter_rows, indicator_sheet


@dataclass(frozen=True)
class DataChoice:
    """The filters: each empty one means 'all'. The view's identity, and its memo key."""

    regions: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    indicators: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    sources: tuple[str, ...] = ()


@dataclass
class DataView:
    count: str  # 'N figures'
    rows: pd.DataFrame  # every matching figure
    table: pd.DataFrame  # the grid: the first DISPLAY_ROWS rows
    shown_first: str  # the note when the grid shows only the first rows ('' otherwise)
    subject: str
    years: tuple[int, int] | None
    full_table: Callable[[], pd.DataFrame]  # every row, for the downloads (built on click)
    extra_sheets: Callable[[], dict[str, pd.DataFrame]]  # the workbook's other sheets


@dataclass
class SourceCard:
    source_id: str
    title: str
    meta: str  # publisher · published · kind · file
    citation: str


def indicator_choices(dataset: Dataset, categories, lang: str) -> list[str]:
    """Indicators with figures, narrowed to the chosen categories."""
    options = indicator_options(dataset, lang)
    if not categories:
        return options
    return [item for item in options if dataset.indicator_rows[item]["category"] in categories]


def year_bounds(dataset: Dataset) -> tuple[int, int]:
    return int(dataset.facts["year"].min()), int(dataset.facts["year"].max())


def build(dataset: Dataset, choice: DataChoice, lang: str) -> DataView:
    """The page's view for the filters, computed once per dataset and shared by every session."""
    return dataset.memo(("data", choice, lang), lambda: _build(dataset, choice, lang))


def _build(dataset: Dataset, choice: DataChoice, lang: str) -> DataView:
    rows = filter_rows(
        dataset,
        list(choice.regions),
        list(choice.categories),
        list(choice.indicators),
        choice.year_from,
        choice.year_to,
        list(choice.sources),
    )
    empty = rows.empty
    # The grid shows at most DISPLAY_ROWS rows: a national selection has millions, which no
    # one reads on screen and which would take seconds to send; the downloads hold them all.
    table = display_table(dataset, rows.head(DISPLAY_ROWS), lang) if not empty else pd.DataFrame()
    return DataView(
        count=text("data.count", lang, count=len(rows)),
        rows=rows,
        table=table,
        shown_first=text(
            "data.shown_first", lang, shown=f"{DISPLAY_ROWS:,}", total=f"{len(rows):,}"
        )
        if len(rows) > DISPLAY_ROWS
        else "",
        subject=download_subject(
            list(choice.regions), list(choice.categories), list(choice.indicators)
        ),
        years=None if empty else file_years(dataset, choice, rows),
        full_table=lambda: display_table(dataset, rows, lang),
        extra_sheets=lambda: {
            text("export.sheet_indicators", lang): indicator_sheet(
                dataset, used_categories(rows["indicator_id"]), lang
            ),
            text("export.sheet_sources", lang): source_sheet(
                dataset, used_categories(rows["source_id"]), lang
            ),
        },
    )


def file_years(dataset: Dataset, choice: DataChoice, rows: pd.DataFrame) -> tuple[int, int]:
    """The years a download is named for: the window the reader chose, when narrowed; else
    the years of the figures it holds."""
    bounds = year_bounds(dataset)
    window = (choice.year_from, choice.year_to)
    if None not in window and window != bounds:
        return int(window[0]), int(window[1])
    return int(rows["year"].min()), int(rows["year"].max())


def source_label(dataset: Dataset, source_id: str, lang: str) -> str:
    return source_titles(dataset, [source_id], lang)


def source_cards(dataset: Dataset, lang: str) -> list[SourceCard]:
    """Each source document with how to cite it."""
    return dataset.memo(("data_source_cards", lang), lambda: _source_cards(dataset, lang))


def _source_cards(dataset: Dataset, lang: str) -> list[SourceCard]:
    cards = []
    for source in dataset.sources.itertuples():
        publisher, title = source_names(source._asdict(), lang)
        cards.append(
            SourceCard(
                source_id=source.source_id,
                title=title,
                meta=f"{publisher} · {source.published} · "
                f"{text('kind.' + source.kind, lang)} · sources/{source.file}",
                citation=(
                    f"{publisher}.《{title}》. {source.published}."
                    if lang == "zh"
                    else f'{publisher}. "{title}". {source.published}. '
                    f"(Chinese; text in the data package: sources/{source.file})"
                )
                + source_link(source.url),
            )
        )
    return cards


def dataset_citation(dataset: Dataset, lang: str) -> str:
    """How to cite the dataset: its version and release date from datapackage.json."""
    version, released = dataset.memo(("release",), lambda: package.release(dataset.folder))
    return text("data.dataset_citation", lang, version=version, date=released)


# The data page's grid shows at most this many rows; downloads hold every matching row.
DISPLAY_ROWS = 5_000


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


def package_zip(dataset: Dataset) -> bytes:
    """The whole data package as a zip (CSVs, datapackage.json, README, report texts)."""
    return package.package_zip(dataset.folder)
