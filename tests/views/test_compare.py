"""The compare view: latest values, the year window, mixed years and who reports nothing."""

import pytest

from civdash.data.loader import load_dataset
from civdash.views import compare
from tests.conftest import REPO_ROOT


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(REPO_ROOT / "data")


def test_latest_values_with_mixed_years_warn_and_name_the_missing(dataset):
    view = compare.build(dataset, compare.CompareChoice("dibao_standard_urban"), "en")
    assert set(view.shown.rows["region_id"].astype(str)) == {"320600", "330800", "330400"}
    assert "2013" in view.mixed_years and "2022" in view.mixed_years
    assert dataset.region_name("330100", "en") in view.not_reported
    assert len(view.table) == 3 and view.years == (2013, 2022)
    assert view.subject == "dibao_standard_urban-latest"
    # Bars run from the highest value down.
    values = list(view.shown.rows["value"])
    assert values == sorted(values, reverse=True)


def test_a_year_window_says_who_reports_only_outside_it(dataset):
    view = compare.build(dataset, compare.CompareChoice("dibao_standard_urban", 2012, 2013), "en")
    assert set(view.shown.rows["region_id"].astype(str)) == {"320600", "330800"}
    assert dataset.region_name("330400", "en") in view.outside_window
    assert not view.mixed_years or "2012" in view.mixed_years


def test_an_empty_window_says_so(dataset):
    years = compare.years_available(dataset, "dibao_standard_urban")
    view = compare.build(
        dataset, compare.CompareChoice("dibao_standard_urban", years[0] - 5, years[0] - 1), "en"
    )
    assert view.empty and view.table.empty and view.image is None


def test_candidates_put_focus_regions_first(dataset):
    candidates = compare.candidates(dataset, "dibao_standard_urban")
    focus = [region for region in candidates if region in set(dataset.regions["region_id"])]
    assert candidates[: len(focus)] == focus
