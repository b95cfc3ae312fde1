"""The method page's view: the release, how figures were curated, their vintage, how to cite."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from civdash.core.links import view_query
from civdash.data import package
from civdash.data.loader import Dataset
from civdash.data.source_names import source_titles
from civdash.figures import about_panel
from civdash.i18n import text
from civdash.i18n.method_text import SECTIONS


@dataclass
class MethodView:
    release: str  # 'Data version … released …'
    sections: list[tuple[str, str]]  # (heading, markdown body)
    vintage: pd.DataFrame  # each indicator's latest year per region kind
    citation: str  # how to cite the dataset
    sources: list[str]  # every source document, titled
    source_query: dict[str, str]  # the source page's link keeps the language


def build(dataset: Dataset, lang: str) -> MethodView:
    """The page's view, computed once per dataset and language."""
    return dataset.memo(("method", lang), lambda: _build(dataset, lang))


def _build(dataset: Dataset, lang: str) -> MethodView:
    version, released = package.release(dataset.folder)
    return MethodView(
        release=text("method.release", lang, version=version, date=released),
        sections=[section[lang] for section in SECTIONS],
        vintage=about_panel.vintage(dataset, lang),
        citation=text("data.dataset_citation", lang, version=version, date=released),
        sources=[source_titles(dataset, [source], lang) for source in dataset.sources["source_id"]],
        source_query=view_query(lang),
    )
