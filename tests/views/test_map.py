"""What the map page shows: indicator options, the map table and station tables."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from civdash import views
from civdash.data import choices
from civdash.data.loader import cached_dataset, data_dir
from civdash.figures.map import geometry
from civdash.method.walking_coverage import coverage_by_region, read_stations
from civdash.views import map as map_view


@pytest.fixture(scope="module")
def dataset():
    return cached_dataset(str(data_dir()))


def test_station_like_indicators_come_first(dataset):
    options = map_view.map_indicator_options(dataset)
    assert options[0] == "community_service_stations_urban"
    stations = choices.station_indicators(dataset)
    leading = options[: len([item for item in stations if item in options])]
    assert set(leading) <= set(stations)
    assert "rural_community_service_coverage" in leading
    assert "dibao_standard_urban" in options  # other indicators stay available, later
    assert options.index("dibao_standard_urban") > options.index("elderly_care_beds")
    # A multi-year total is never mapped as if it were a yearly level.
    assert "welfare_lottery_sales_cumulative" not in options


def test_ningbo_urban_service_stations_is_504_in_2012(dataset):
    table = map_view.map_table(dataset, "community_service_stations_urban", "zh").set_index(
        "region_id"
    )
    ningbo = table.loc["330200"]
    assert ningbo["value"] == 504
    assert ningbo["year"] == 2012
    assert ningbo["value_as_written"] == "504"
    assert ningbo["reported"]
    assert "宁波" in ningbo["source"]
    assert ningbo["excerpt"]
    assert ningbo["label"] == "504个"


def test_focus_region_without_a_figure_is_not_reported_never_zero(dataset):
    table = map_view.map_table(dataset, "community_service_stations_urban", "en").set_index(
        "region_id"
    )
    hangzhou = table.loc["330100"]
    assert not hangzhou["reported"]
    assert math.isnan(hangzhou["value"])
    assert hangzhou["label"] == "not reported"
    assert set(views.focus_regions(dataset)) <= set(table.index)
    assert (table["value"].fillna(-1) != 0).all()


def test_county_figures_stay_at_county_level(dataset):
    table = map_view.map_table(dataset, "elderly_care_project_investment", "zh").set_index(
        "region_id"
    )
    assert table.loc["330203", "level"] == "district"
    assert table.loc["330225", "level"] == "county"
    assert table.loc["330200", "level"] == "prefecture"
    assert table.loc["330203", "value"] == 116_000_000


def test_map_table_never_shows_a_gap_as_none(dataset):
    table = map_view.map_table(dataset, "disaster_shelter_coverage_village", "zh")
    shown = map_view.display_table(dataset, table, "disaster_shelter_coverage_village", "zh")
    assert list(shown.columns[:4]) == ["地区", "指标", "年份", "显示值"]
    assert not shown.isna().any().any()
    assert shown["年份"].tolist() == ["2013"]
    assert "None" not in shown.to_csv() and "nan" not in shown.to_csv()
    note = map_view.not_reported_note(table, "zh")
    assert note.startswith("未报告该指标的地区") and "杭州市" in note and "衢州市" not in note


def test_coverage_areas_have_thousands_separators(dataset):
    data = "name,type,lon,lat\n西湖站,community,120.1551,30.2741\n".encode()
    stations, _ = read_stations(data, "stations.csv")
    result = coverage_by_region(stations, geometry.boundary_regions(), 750.0, region_id="330100")
    shown = map_view.coverage_styler(map_view.coverage_table(dataset, result, 10, "zh")).to_html()
    assert "16,8" in shown  # Hangzhou's ~16,850 km²


def test_station_problems_speak_the_pages_language():
    upload = "name,type,lon,lat\na,station,120.1,\nb,station,2.35,48.85\nc,station,abc,30\n"
    _, problems = read_stations(upload.encode("utf-8"), "stations.csv")
    chinese = " ".join(map_view.problems_table(problems, "zh").iloc[:, 2])
    english = " ".join(map_view.problems_table(problems, "en").iloc[:, 2])
    assert "缺少" in chinese and "不在中国境内" in chinese and "不是数字" in chinese
    assert "no lat value" in english and "outside China" in english and "not a number" in english
    assert not any("\u4e00" <= char <= "\u9fff" for char in english)


def test_a_count_defaults_to_per_resident_where_bases_exist(dataset):
    from civdash.method import per_capita

    count = "elderly_care_institutions"
    table = map_view.map_figures(dataset, count, "zh")
    modes = per_capita.available_modes(dataset, count, table.reported["region_id"])
    assert map_view.default_mode(dataset, count, modes) == per_capita.PER_10K
    assert map_view.default_mode(dataset, count, [per_capita.RAW]) == per_capita.RAW
    rate = "rural_community_service_coverage"
    assert map_view.default_mode(dataset, rate, modes) == per_capita.RAW


def test_per_resident_figures_are_shaded_and_named_in_downloads(dataset):
    from civdash.figures.map import style
    from civdash.method import per_capita

    raw = map_view.map_figures(dataset, "elderly_care_institutions", "en")
    per = map_view.map_figures(dataset, "elderly_care_institutions", "en", per_capita.PER_10K)
    assert raw.kind == style.COUNT and per.kind == style.RATE
    assert map_view.download_subject(raw) == "elderly_care_institutions-map"
    assert map_view.download_subject(per) == f"elderly_care_institutions-map-{per_capita.PER_10K}"
    assert raw.years == sorted({int(year) for year in raw.reported["year"]})
    shown = map_view.shown_table(dataset, per)
    assert len(shown) == len(per.reported)


def test_inset_note_names_the_far_region_in_the_page_language(dataset):
    figures = map_view.map_figures(dataset, "elderly_care_institutions", "zh")
    assert map_view.inset_note(dataset, figures).startswith("黄石港区")
    english = map_view.map_figures(dataset, "elderly_care_institutions", "en")
    assert "Huangshigang" in map_view.inset_note(dataset, english)


def test_not_drawn_note_names_reported_regions_without_a_boundary(dataset):
    figures = map_view.map_figures(dataset, "elderly_care_institutions", "en")
    assert map_view.not_drawn_note(dataset, figures) == ""  # every seed region has a boundary
    table = figures.table.copy()
    extra = table[table["reported"]].iloc[[0]].assign(region_id="999999", region="Nowhere")
    invented = map_view.MapFigures(
        figures.indicator_id, "en", figures.per, pd.concat([table, extra]), figures.kind
    )
    note = map_view.not_drawn_note(dataset, invented)
    assert note.startswith("These regions have a figure but no boundary")
    assert note.endswith(dataset.region_name("999999", "en"))
