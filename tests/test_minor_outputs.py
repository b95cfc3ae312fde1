"""Minor findings on tables and downloads: multi-year periods in the year column (m16),
user rows kept out of the dataset's totals (m9), file names that follow the chosen window
and no all-empty URL column (m11)."""

from __future__ import annotations

import pytest

from civdash.data.loader import cached_dataset, data_dir, with_user_rows
from civdash.data.source_names import source_sheet
from civdash.views import data as data_view
from civdash.views import overview, profile
from civdash.views import plans as plan_views


@pytest.fixture(scope="module")
def dataset():
    return cached_dataset(str(data_dir()))


@pytest.mark.parametrize(("lang", "year"), [("zh", "年份"), ("en", "Year")])
def test_profile_table_gives_a_multi_year_total_its_whole_period(dataset, lang, year):
    view = profile.build(dataset, "420202", lang, False)
    table = view.table()
    multi = dataset.facts[
        (dataset.facts["region_id"] == "420202") & dataset.facts["period_start"].notna()
    ]
    assert len(multi)
    periods = {f"{int(row.period_start)}–{int(row.year)}" for row in multi.itertuples()}
    assert periods <= set(table[year].astype(str))


def test_user_rows_are_not_counted_in_the_dataset_totals(dataset):
    actual = plan_views.typed_actual(dataset, "001_t02", "3.2", 2020, "区民政局统计", "zh")
    session = with_user_rows(dataset, actual.frame)
    assert len(session.facts) == len(dataset.facts) + 1
    assert overview.build(session, "zh").stats == overview.build(dataset, "zh").stats
    cells = overview.coverage_cells(session.curated, "zh")
    assert "2020" not in " ".join(cells[cells["region_id"] == "420202"]["cell"])


def test_a_download_is_named_for_the_chosen_window(dataset):
    choice = data_view.DataChoice((), ("elderly_care",), (), 2010, 2015, ())
    view = data_view.build(dataset, choice, "zh")
    assert view.years == (2010, 2015)
    whole = data_view.year_bounds(dataset)
    full = data_view.build(dataset, data_view.DataChoice((), (), (), *whole, ()), "zh")
    assert full.years == whole


def test_the_sources_sheet_has_no_all_empty_url_column(dataset):
    sheet = source_sheet(dataset, dataset.sources["source_id"], "zh")
    assert "网址" not in sheet.columns or sheet["网址"].astype(str).str.strip().any()
