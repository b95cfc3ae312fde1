"""The trends view: regions drawn, notes, the table that is also the download."""

import pytest

from civdash import views
from civdash.data.loader import load_dataset
from civdash.figures import charts
from civdash.method import per_capita
from civdash.views import trends
from tests.conftest import REPO_ROOT


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(REPO_ROOT / "data")


def test_view_draws_the_chosen_regions_and_its_table_matches_the_chart(dataset):
    options, default = trends.region_choices(dataset, "elderly_care_beds")
    assert default == options[: trends.TREND_REGIONS_DEFAULT]
    view = trends.build(dataset, trends.TrendsChoice("elderly_care_beds", tuple(default)), "en")
    assert set(view.rows["region_id"].astype(str)) <= set(default)
    # One table row per figure on the chart, and the download is that same frame.
    assert len(view.table) == len(view.shown.rows)
    assert view.years == (int(view.rows["year"].min()), int(view.rows["year"].max()))
    assert view.subject == "elderly_care_beds"
    spec = charts.spec(view.chart(False))
    assert spec["title"]["text"] == [view.title]


def test_too_many_regions_are_cut_with_a_notice_and_others_are_named(dataset):
    indicator = next(
        item
        for item in views.indicator_options(dataset, "en")
        if len(views.reporting_regions(dataset, item)) > 2
    )
    options, _ = trends.region_choices(dataset, indicator)
    notes = trends.region_notes(dataset, indicator, options[:1], "en")
    assert notes.drawn == options[:1] and not notes.too_many
    assert dataset.region_name(options[1], "en") in notes.also_reported
    crowded = trends.region_notes(
        dataset, indicator, options * (trends.TREND_REGIONS_MAX + 1), "en"
    )
    assert len(crowded.drawn) == trends.TREND_REGIONS_MAX and crowded.too_many


def test_per_resident_choice_changes_the_subject_and_the_title(dataset):
    options, default = trends.region_choices(dataset, "elderly_care_beds")
    modes = per_capita.available_modes(dataset, "elderly_care_beds", default)
    per = next(mode for mode in modes if mode != per_capita.RAW)
    view = trends.build(
        dataset, trends.TrendsChoice("elderly_care_beds", tuple(default), per), "en"
    )
    assert view.subject == f"elderly_care_beds-{per}"
    assert view.title != dataset.indicator_name("elderly_care_beds", "en")


def test_an_empty_choice_gives_an_empty_view(dataset):
    view = trends.build(dataset, trends.TrendsChoice("elderly_care_beds", ()), "zh")
    assert view.rows.empty and view.image is None and view.table.empty
