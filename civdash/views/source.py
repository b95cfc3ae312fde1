"""The source page's view: one report's text with every curated figure marked, and its facts."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from civdash.core.formatting import figures_span
from civdash.data.loader import Dataset, sources_dir
from civdash.data.source_names import source_names, source_titles
from civdash.figures import source_text
from civdash.i18n import text


@dataclass
class SourceView:
    source_id: str
    raw: str | None  # the report's text (None when its file is missing)
    file_name: str
    title: str
    original_title: str  # the Chinese title under an English one ('' in Chinese)
    meta: str  # publisher · published · kind · years · figures
    traditional: bool  # the reading aids concern the traditional-character scrape only
    figures: pd.DataFrame
    marked: source_text.MarkedText | None
    labels: dict[str, str]  # observation id -> 'Indicator · region · year'
    in_order: list[str]  # figures in reading order, so the list follows the text
    count: str  # 'N figures marked'


def source_label(dataset: Dataset, source_id: str, lang: str) -> str:
    return source_titles(dataset, [source_id], lang)


def build(dataset: Dataset, source_id: str, lang: str) -> SourceView:
    """The page's view of one report, computed once per dataset and language."""
    return dataset.memo(("source", source_id, lang), lambda: _build(dataset, source_id, lang))


def _build(dataset: Dataset, source_id: str, lang: str) -> SourceView:
    row = dataset.source_rows[source_id]
    figures = dataset.facts[dataset.facts["source_id"] == source_id]
    raw = source_text.read_source_text(sources_dir(dataset.folder), str(row["file"]))
    marked = source_text.mark_figures(raw, figures) if raw is not None else None
    zh = lang == "zh"
    publisher, title = source_names(row, lang)
    return SourceView(
        source_id=source_id,
        raw=raw,
        file_name=str(row["file"]),
        title=title,
        original_title="" if zh else str(row["title"]),
        meta=text(
            "source.meta",
            lang,
            publisher=publisher,
            published=row["published"],
            kind=text(f"kind.{row['kind']}", lang),
            years=figures_span(figures),
            figures=len(figures),
        ),
        traditional=row["language"] == "zh-Hant",
        figures=figures,
        marked=marked,
        labels={
            item["observation_id"]: source_text.figure_label(item, lang)
            for item in figures.to_dict("records")
        },
        in_order=sorted(marked.first_mark, key=marked.first_mark.get) if marked else [],
        count=source_text.count_label(marked, lang) if marked else "",
    )


def body_html(
    dataset: Dataset,
    view: SourceView,
    lang: str,
    hide_pinyin: bool,
    simplified: bool,
    target: str,
) -> str:
    """The report as escaped HTML with its figures marked, the chosen one highlighted, after
    the page's reading styles."""
    return dataset.memo(
        ("source_html", view.source_id, lang, hide_pinyin, simplified, target),
        lambda: (
            source_text.SOURCE_STYLE
            + source_text.render_html(
                view.marked,
                view.labels,
                "zh-Hant" if view.traditional else "zh-Hans",
                hide_pinyin=hide_pinyin,
                simplified=simplified,
                target=target or None,
            )
        ),
    )


def scroll_script(view: SourceView, target: str) -> str:
    """The script that scrolls the chosen figure into view (it holds the mark's number only)."""
    return source_text.scroll_script(view.marked.first_mark[target])
