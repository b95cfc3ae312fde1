"""views/sources.py: how a source is named beside a figure, under a chart, in the sheet."""

import pytest

from civdash import views
from civdash.data.loader import load_dataset
from civdash.i18n import text as text_of
from tests.conftest import REPO_ROOT


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(REPO_ROOT / "data")


def test_source_titles_follow_the_language_and_name_each_source_once(dataset):
    row = dataset.sources.iloc[0]
    source_id = row["source_id"]
    chinese = views.source_titles(dataset, [source_id, source_id], "zh")
    english = views.source_titles(dataset, [source_id], "en")
    assert row["title"] in chinese and chinese.count(row["title"]) == 1
    assert row["title_en"] in english and row["title"] not in english


def test_source_sheet_lists_the_chosen_sources_with_localised_headers(dataset):
    chosen = list(dataset.sources["source_id"][:2])
    for lang in ("zh", "en"):
        sheet = views.source_sheet(dataset, chosen, lang)
        assert len(sheet) == 2
        text = sheet.astype(str).to_string()
        assert "None" not in text and "nan" not in text
        assert text_of("label.title", lang) in sheet.columns
