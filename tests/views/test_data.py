"""The data view: filters, the grid, the downloads built on demand, the sources."""

import pytest

from civdash.data.loader import load_dataset
from civdash.views import data
from tests.conftest import REPO_ROOT


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(REPO_ROOT / "data")


def test_filters_narrow_the_rows_and_the_download_holds_them_all(dataset):
    view = data.build(dataset, data.DataChoice(indicators=("dibao_standard_urban",)), "en")
    assert len(view.rows) == 4
    assert set(view.rows["indicator_id"].astype(str)) == {"dibao_standard_urban"}
    assert view.subject == "dibao_standard_urban"
    full = view.full_table()
    assert len(full) == len(view.table) == 4
    sheets = view.extra_sheets()
    assert list(sheets) == ["indicators", "sources"]
    assert list(sheets["indicators"]["indicator_id"]) == ["dibao_standard_urban"]


def test_no_filter_is_everything_and_an_impossible_one_is_empty(dataset):
    everything = data.build(dataset, data.DataChoice(), "zh")
    assert len(everything.rows) == len(dataset.facts)
    low, high = data.year_bounds(dataset)
    nothing = data.build(dataset, data.DataChoice(year_from=high + 1, year_to=high + 2), "zh")
    assert nothing.rows.empty and nothing.years is None


def test_categories_narrow_the_indicator_choices(dataset):
    chosen = data.indicator_choices(dataset, ["social_assistance"], "en")
    assert chosen
    assert {dataset.indicator_rows[item]["category"] for item in chosen} == {"social_assistance"}


def test_source_cards_cite_every_source(dataset):
    cards = data.source_cards(dataset, "zh")
    assert [card.source_id for card in cards] == list(dataset.sources["source_id"])
    assert all("《" in card.citation for card in cards)
    assert "None" not in " ".join(card.meta for card in cards)
