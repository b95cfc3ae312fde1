"""Chart and map summaries, page language and the accessibility settings of chart specs."""

from __future__ import annotations

import pytest

from civdash import views
from civdash.core import colours
from civdash.data.loader import cached_dataset, data_dir
from civdash.figures import accessibility, charts
from civdash.figures.map import legend, style
from civdash.i18n import join
from civdash.views import map as map_view


@pytest.fixture(scope="module")
def dataset():
    return cached_dataset(str(data_dir()))


def comparison_frame(dataset, lang: str):
    result = views.comparison(
        dataset, "dibao_standard_urban", views.focus_regions(dataset), None, None
    )
    return charts.chart_rows(result.rows, dataset, lang)


def test_latest_summary_reads_like_the_issue_example(dataset):
    frame = comparison_frame(dataset, "zh")
    summary = accessibility.latest_summary("城市低保标准", frame, "zh")
    assert summary.startswith("城市低保标准:") and summary.endswith("。")
    assert "南通市 2022年 780元/人/月、衢州市 2013年 480元/人/月" in summary
    # One item per region on the chart, from the highest value down, as the bars are ordered.
    ordered = frame.sort_values("value", ascending=False)
    items = [f"{row.region} {row.period}年 {row.label}" for row in ordered.itertuples()]
    assert summary == f"城市低保标准:{join(items, 'zh')}。"
    english = accessibility.latest_summary(
        "Urban dibao standard", comparison_frame(dataset, "en"), "en"
    )
    assert english.startswith("Urban dibao standard: ") and "Nantong 780" in english
    assert "(2022)" in english and "(2013)" in english and english.endswith(".")
    assert not any("\u4e00" <= char <= "\u9fff" for char in english)


def test_series_summary_gives_first_and_latest_figure_per_region(dataset):
    rows = views.trend_rows(dataset, "dibao_standard_urban", ["320600", "330800"])
    frame = charts.chart_rows(rows, dataset, "zh")
    summary = accessibility.series_summary("城市低保标准", frame, "zh")
    assert summary == (
        "城市低保标准:南通市 2012年 447元/人/月 至 2022年 780元/人/月、衢州市 2013年 480元/人/月。"
    )


def test_approximate_figures_keep_their_qualifier_in_the_summary(dataset):
    approximate = dataset.facts[dataset.facts["qualifier"] != "exact"].iloc[:1]
    frame = charts.chart_rows(approximate, dataset, "zh")
    summary = accessibility.latest_summary("名称", frame, "zh")
    assert frame["label"].iloc[0] in summary
    assert frame["label"].iloc[0][0] in "≈≥≤"


def test_a_long_summary_names_twelve_regions_and_points_to_the_table(dataset):
    frame = comparison_frame(dataset, "zh")
    many = frame.loc[frame.index.repeat(10)].reset_index(drop=True)
    many["region"] = [f"地区{index}" for index in range(len(many))]
    summary = accessibility.latest_summary("标题", many, "zh")
    assert summary.count("年 ") == accessibility.SUMMARY_REGIONS
    assert f"另有 {len(many) - accessibility.SUMMARY_REGIONS} 个地区见下表" in summary


def test_map_summary_lists_figures_then_regions_not_reported(dataset):
    table = map_view.map_table(dataset, "elderly_care_institutions", "zh")
    summary = accessibility.map_summary("养老机构数", table, "zh")
    reported = table[table["reported"]]
    first = reported.sort_values("value", ascending=False).iloc[0]
    assert summary.startswith(f"养老机构数:{first['region']} {first['year']}年 {first['label']}")
    missing = table.loc[~table["reported"], "region"].tolist()
    assert missing and f"未报告:{'、'.join(missing)}。" in summary
    assert "None" not in summary and "nan" not in summary


@pytest.mark.parametrize(
    "build",
    [
        lambda d: charts.trend_chart(
            views.trend_rows(d, "dibao_standard_urban", ["320600", "330800"]), d, "en", "T", "S"
        ),
        lambda d: charts.comparison_chart(
            views.comparison(d, "dibao_standard_urban", views.focus_regions(d), None, None).rows,
            d,
            "en",
            "T",
            "S",
        ),
    ],
)
def test_charts_carry_their_summary_and_leave_english_vega_descriptions_out(dataset, build):
    spec = build(dataset).to_dict(validate=False)
    assert spec["description"].startswith("T: ")
    assert spec["config"]["axis"]["aria"] is False
    assert spec["config"]["legend"]["aria"] is False
    assert spec["title"]["aria"] is False
    for layer in spec["layer"]:
        mark = layer["mark"]
        if mark["type"] in ("line", "text"):
            assert mark["aria"] is False  # field names such as short_label are not for people


def test_trend_labels_are_drawn_in_the_darker_text_shade(dataset):
    rows = views.trend_rows(dataset, "dibao_standard_urban", ["320600"])
    spec = charts.trend_chart(rows, dataset, "zh", "T", "S").to_dict(validate=False)
    text_layer = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "text")
    shade = text_layer["encoding"]["color"]["scale"]["range"][0]
    assert shade == colours.text_colour(dataset.colours["320600"])
    assert colours.contrast_ratio(shade) >= colours.TEXT_CONTRAST


def test_map_legend_is_one_sentence_for_screen_readers(dataset):
    indicator = "elderly_care_institutions"
    table = map_view.map_table(dataset, indicator, "en")
    items = legend.legend_items(table, style.indicator_kind(dataset, indicator), "en")
    spec = legend.legend_chart(items, "en").to_dict(validate=False)
    assert spec["description"].startswith("Legend: ")
    assert items[-1]["label"] in spec["description"]
    assert all(layer["mark"]["aria"] is False for layer in spec["layer"])


def test_page_head_sets_the_document_language():
    assert accessibility.html_lang("zh") == "zh-CN"
    assert accessibility.html_lang("en") == "en"
    head = accessibility.page_head("en")
    assert 'document.documentElement.lang = "en";' in head
    assert head.startswith("<style>") and ":focus-visible" in head


def test_screen_reader_text_is_escaped():
    hostile = accessibility.screen_reader_html("<img src=x onerror=alert(1)> & 南通", "zh")
    assert "<img" not in hostile and "&lt;img" in hostile and "&amp;" in hostile
    assert 'lang="zh-CN"' in hostile
