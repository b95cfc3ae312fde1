"""The denominator rule, what may be divided, missing bases, and the population table's checks."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from civdash import normalise
from civdash.loader import load_dataset
from civdash.normalise import HELD, INTERPOLATED, Anchor, denominator
from civdash.validate import validate_dataset
from civdash.wording import fact_value
from tests.conftest import REPO_ROOT, SOURCE_TEXT, tiny_tables, write_tables

CENSUSES = [Anchor(2010, 1_000_000, "六普"), Anchor(2020, 1_200_000, "七普")]


def test_interpolation_between_censuses_by_hand():
    # 2013 is 3/10 of the way from 2010 to 2020: 1,000,000 + 0.3 × 200,000 = 1,060,000.
    result = denominator(CENSUSES, 2013)
    assert result.value == pytest.approx(1_060_000)
    assert result.method == INTERPOLATED
    assert result.years == (2010, 2020)
    assert result.sources == ("六普", "七普")
    # 2015 is half way: 1,100,000.
    assert denominator(CENSUSES, 2015).value == pytest.approx(1_100_000)


def test_the_method_page_example_ningbo_2012():
    ningbo = [Anchor(2010, 7_605_689, "六普"), Anchor(2020, 9_404_283, "七普")]
    assert denominator(ningbo, 2012).value == pytest.approx(7_965_407.8)


def test_nearest_census_is_held_outside_the_census_years():
    after = denominator(CENSUSES, 2022)
    before = denominator(CENSUSES, 2002)
    assert (after.value, after.method, after.years) == (1_200_000, HELD, (2020,))
    assert (before.value, before.method, before.years) == (1_000_000, HELD, (2010,))


def test_a_census_year_uses_its_own_figure():
    result = denominator(CENSUSES, 2020)
    assert result.value == 1_200_000
    assert result.method == normalise.EXACT_YEAR


def test_a_single_census_is_held_both_ways_and_none_gives_none():
    only = [Anchor(2020, 241_589, "七普")]
    assert denominator(only, 2015).value == 241_589
    assert denominator(only, 2015).method == HELD
    assert denominator([], 2015) is None


def test_census_wins_a_same_year_tie_with_a_bulletin():
    population = pd.DataFrame(
        {
            "region_id": ["330200", "330200"],
            "year": [2020, 2020],
            "measure": ["resident_total", "resident_total"],
            "value": [9_420_000.0, 9_404_283.0],
            "source_title": [
                "2020年宁波市国民经济和社会发展统计公报",
                "宁波市第七次全国人口普查主要数据公报",
            ],
        }
    )
    anchors = normalise.anchors_by_region(population, "resident_total")
    assert anchors["330200"] == [Anchor(2020, 9_404_283.0, "宁波市第七次全国人口普查主要数据公报")]


@pytest.mark.parametrize(
    ("unit", "period_type", "reason"),
    [
        ("percent", "point", "rate"),
        ("percent_change", "point", "rate"),
        ("beds_per_100_elderly", "point", "rate"),
        ("persons_per_10k_population", "point", "rate"),
        ("yuan_per_person_month", "point", "standard"),
        ("yuan_per_case", "point", "standard"),
        ("hours", "point", "other"),
        ("beds", "multi_year", "multi_year"),
        ("beds", "point", None),
        ("yuan", "point", None),
        ("count", "point", None),
    ],
)
def test_rates_standards_and_multi_year_totals_are_never_divided(unit, period_type, reason):
    assert normalise.blocked_reason({"unit": unit, "period_type": period_type}) == reason


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(REPO_ROOT / "data")


def test_rates_offer_only_the_raw_view(dataset):
    assert normalise.available_modes(dataset, "elderly_care_beds_per_100_elderly", ["330200"]) == [
        normalise.RAW
    ]
    assert "比率" in normalise.unavailable_note(dataset, "elderly_population_share", "zh")


def test_beds_per_thousand_elderly_by_hand(dataset):
    rows = dataset.facts[
        (dataset.facts["indicator_id"] == "elderly_care_beds")
        & (dataset.facts["region_id"] == "420202")
    ]
    view = normalise.normalise(dataset, rows, normalise.PER_1K_60, "en")
    row = view.rows.iloc[-1]
    # Huangshigang: ≈800 beds (2015) ÷ 49,725 aged 60+ (2020 census, held) × 1,000 = 16.09.
    assert row["raw_value"] == 800
    assert row["denominator"] == 49_725
    assert row["value"] == pytest.approx(800 / 49_725 * 1_000)
    assert row["unit"] == "beds/per_1k_60"
    assert row["denominator_method"] == "2020 figure held"
    assert fact_value(row["value"], row["unit"], "en", row["qualifier"]) == (
        "≈16.09 beds per 1,000 aged 60+"
    )
    assert any("aged 60+" in line and "2020" in line for line in view.subtitle)
    assert any("Huangshigang District 2020 census communiqué" in line for line in view.subtitle)
    zh = normalise.normalise(dataset, rows, normalise.PER_1K_60, "zh")
    assert any("《黄石港区第七次全国人口普查数据——全区人口情况》" in line for line in zh.subtitle)


def test_a_region_without_a_base_keeps_its_raw_value_and_is_named(dataset):
    # Institutional beds: Quzhou (no published base) and Nantong (census totals).
    rows = dataset.facts[
        (dataset.facts["indicator_id"] == "elderly_care_beds_institutional")
        & dataset.facts["region_id"].isin(["330800", "320600"])
    ]
    view = normalise.normalise(dataset, rows, normalise.PER_10K, "zh")
    assert view.without_base == ["330800"]
    assert set(view.rows["region_id"].astype(str)) == {"320600"}
    quzhou = view.all_rows[view.all_rows["region_id"].astype(str) == "330800"]
    assert quzhou["value"].isna().all()
    assert (quzhou["raw_value"] == 14_820).any()
    note = normalise.without_base_note(dataset, view, "zh")
    assert "衢州市" in note and "14,820张" in note and "无人口基数" in note
    table = normalise.rate_table(view, pd.DataFrame({"地区": ["x"] * len(rows)}), "zh")
    assert "分母(人)" in table.columns
    assert "无人口基数" in set(table["折算值(显示)"])
    # A missing base is an empty cell (never 0, never "nan") in the files.
    assert table["分母(人)"].isna().sum() == len(quzhou)
    assert not table["分母来源"].isin(["nan", "None"]).any()


def population_rows(**changes) -> list[dict]:
    row = {
        "region_id": "330200",
        "year": "2020",
        "measure": "resident_total",
        "value": "9404283",
        "value_as_written": "9404283",
        "source_title": "宁波市第七次全国人口普查主要数据公报",
        "publisher": "宁波市统计局",
        "published": "2021-05-17",
        "url": "http://example.invalid/nb",
        "quote": "全市常住人口为9404283人。",
        "note": "",
    }
    row.update(changes)
    return [row]


def population_report(tmp_path, rows):
    tables = tiny_tables()
    tables["population"] = rows
    sources = tmp_path / "data" / "sources"
    sources.mkdir(parents=True)
    (sources / "demo.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    return validate_dataset(write_tables(tmp_path / "data", tables), None, display="data")


def test_a_good_population_row_passes(tmp_path):
    report = population_report(tmp_path, population_rows())
    assert report.errors == []
    assert report.row_counts["population"] == 1


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"quote": "全市常住人口为940万人。"}, "'9404283' does not stand in the quote"),
        ({"value": "9404000"}, "9.404e+06 does not equal '9404283' parsed"),
        ({"year": "2019"}, "2019 is not a census year"),
        (
            {"year": "2021", "source_title": "2022年宁波市国民经济和社会发展统计公报"},
            "2021 is neither a census year nor the year in the bulletin's title",
        ),
        ({"measure": "elderly"}, "'elderly' is not one of"),
        ({"region_id": "999999"}, "'999999' is not in regions.csv"),
    ],
)
def test_population_rules(tmp_path, changes, expected):
    report = population_report(tmp_path, population_rows(**changes))
    assert any(expected in problem.format() for problem in report.errors), [
        problem.format() for problem in report.errors
    ]


def test_a_bulletin_year_from_its_title_passes(tmp_path):
    rows = population_rows(
        year="2022",
        source_title="2022年宁波市国民经济和社会发展统计公报",
        value_as_written="961.8万",
        value="9618000",
        quote="年末全市常住人口961.8万人。",
    )
    assert population_report(tmp_path, rows).errors == []


def test_disagreeing_sources_warn(tmp_path):
    rows = population_rows() + population_rows(
        source_title="2020年宁波市国民经济和社会发展统计公报",
        value="9420000",
        value_as_written="942.0万",
        quote="年末常住人口942.0万人。",
    )
    report = population_report(tmp_path, rows)
    assert report.errors == []
    assert any("sources disagree" in warning.message for warning in report.warnings)


def test_an_age_group_larger_than_the_whole_is_an_error(tmp_path):
    rows = population_rows() + population_rows(
        measure="aged_60_plus",
        value="9999999",
        value_as_written="9999999",
        quote="60岁及以上人口为9999999人。",
    )
    report = population_report(tmp_path, rows)
    assert any("aged_60_plus (1e+07) exceeds resident_total" in p.format() for p in report.errors)


def test_population_table_is_optional(tiny_dataset):
    data, sources = tiny_dataset
    report = validate_dataset(data, sources, display="data")
    assert report.exit_code == 0
    assert any("population.csv (optional)" in notice for notice in report.notices)
    assert load_dataset(data).population.empty


def test_map_table_divides_reported_figures_and_marks_missing_bases(dataset):
    from civdash.views import map as map_view

    table = map_view.map_table(dataset, "elderly_care_institutions", "zh")
    rates = normalise.map_table(dataset, table, normalise.PER_10K, "zh").set_index("region_id")
    # Ningbo 205 institutions in 2011; residents 2011 = 7,605,689 + 0.1 × (9,404,283 − 7,605,689).
    residents_2011 = 7_605_689 + 0.1 * (9_404_283 - 7_605_689)
    assert rates.loc["330200", "value"] == pytest.approx(205 / residents_2011 * 10_000)
    assert rates.loc["330200", "unit"] == "count/per_10k"
    quzhou = rates.loc["330800"]
    assert not quzhou["reported"] and math.isnan(quzhou["value"])
    assert quzhou["label"] == "无人口基数" and quzhou["raw_label"] == "112个"
    assert "无人口基数" in quzhou["gap_label"]
    assert "衢州市 112个 (2013)" in normalise.no_base_regions(dataset, rates.reset_index(), "zh")
    # A region that reports nothing stays "not reported", never "no base".
    hangzhou = rates.loc["330100"]
    assert not hangzhou["reported"] and hangzhou["gap_label"] == ""
