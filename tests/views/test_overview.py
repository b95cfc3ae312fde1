"""The overview view: coverage, search links and the sources' years."""

import pytest

from civdash.data.loader import load_dataset
from civdash.views import overview
from tests.conftest import REPO_ROOT


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(REPO_ROOT / "data")


def test_coverage_grid_rows_are_regions_with_data(dataset):
    view = overview.build(dataset, "en")
    matrix, region_ids, category_ids = overview.coverage_matrix(dataset, "en")
    assert view.region_ids == region_ids and view.category_ids == category_ids
    assert matrix.shape == (len(region_ids), len(category_ids))
    assert str(len(dataset.sources)) in view.stats


def test_search_links_open_compare_and_trends_in_the_language(dataset):
    found, _ = overview.search(dataset, "beds", "en", present=True)
    assert found
    for result in found:
        assert set(result.queries) == {"compare", "trends"}
        assert result.queries["trends"]["lang"] == "en"
        assert result.queries["trends"]["present"] == "1"


def test_a_cell_opens_the_data_page_filtered(dataset):
    assert overview.cell_query("330200", "social_assistance", "zh", False) == {
        "region": "330200",
        "category": "social_assistance",
    }


def test_coverage_matrix_counts_indicators_and_latest_year(tiny_dataset):
    # The tiny fixture, counted by hand: Ningbo reports dibao households (2012) and lottery
    # sales (2002 and 2011); Wenzhou the lottery market share (2011) and no social assistance.
    folder, _ = tiny_dataset
    matrix, region_ids, category_ids = overview.coverage_matrix(load_dataset(folder), "en")
    cell = {
        (region, category): matrix.iloc[row, column]
        for row, region in enumerate(region_ids)
        for column, category in enumerate(category_ids)
    }
    assert cell["330200", "social_assistance"] == "1 · 2012"
    # One indicator however many years it has, shown with its latest year.
    assert cell["330200", "charity_lottery"] == "1 · 2011"
    assert cell["330300", "charity_lottery"] == "1 · 2011"
    # Nothing reported is never a count of zero.
    assert not any(char.isdigit() for char in cell["330300", "social_assistance"])


def test_a_national_heat_map_keeps_the_first_regions_and_says_so(dataset, monkeypatch):
    everyone = len(overview.regions_with_data(dataset))
    monkeypatch.setattr(overview, "HEATMAP_REGIONS", 3)
    view = overview._build(dataset, "en")  # not build(): its memo holds the 60-region view
    datasets = view.heatmap(False).to_dict()["datasets"].values()
    rows = {cell["region_id"] for cells in datasets for cell in cells if "region_id" in cell}
    assert rows == set(overview.regions_with_data(dataset)[:3])
    assert f"first 3 of {everyone}" in view.heatmap_note
    assert len(view.region_ids) == everyone  # every region stays choosable below the map
