"""The denominator rule, what may be divided, missing bases, and the population table's checks."""

from __future__ import annotations

import math
import shutil

import pandas as pd
import pytest

from civdash.core.formatting import fact_value
from civdash.data.loader import load_dataset
from civdash.data.validate import validate_dataset
from civdash.method import per_capita
from civdash.method.per_capita import HELD, INTERPOLATED, Anchor, denominator
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
    assert result.method == per_capita.EXACT_YEAR


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
    anchors = per_capita.anchors_by_region(population, "resident_total")
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
    assert per_capita.blocked_reason({"unit": unit, "period_type": period_type}) == reason


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(REPO_ROOT / "data")


def test_rates_offer_only_the_raw_view(dataset):
    assert per_capita.available_modes(dataset, "elderly_care_beds_per_100_elderly", ["330200"]) == [
        per_capita.RAW
    ]
    assert "比率" in per_capita.unavailable_note(dataset, "elderly_population_share", "zh")


def test_beds_per_thousand_elderly_by_hand(dataset):
    rows = dataset.facts[
        (dataset.facts["indicator_id"] == "elderly_care_beds")
        & (dataset.facts["region_id"] == "420202")
    ]
    view = per_capita.normalise(dataset, rows, per_capita.PER_1K_60, "en")
    row = view.rows.iloc[-1]
    # Huangshigang: ≈800 beds (2015) ÷ 49,725 aged 60+ (2020 census, held) × 1,000 = 16.09.
    assert row["raw_value"] == 800
    assert row["denominator"] == 49_725
    # Rounded to the precision of 近800 (two significant digits): ≈16, not 16.09.
    assert row["value"] == pytest.approx(round(800 / 49_725 * 1_000))
    assert row["unit"] == "beds/per_1k_60"
    assert row["denominator_method"] == "2020 figure held"
    assert fact_value(row["value"], row["unit"], "en", row["qualifier"]) == (
        "≈16 beds per 1,000 aged 60+"
    )
    assert any("aged 60+" in line and "2020" in line for line in view.subtitle)
    assert any("Huangshigang District 2020 census communiqué" in line for line in view.subtitle)
    zh = per_capita.normalise(dataset, rows, per_capita.PER_1K_60, "zh")
    assert any("《黄石港区第七次全国人口普查数据——全区人口情况》" in line for line in zh.subtitle)


def test_a_region_without_a_base_keeps_its_raw_value_and_is_named(dataset):
    # Elderly-care project investment: Haishu (no base: its area changed in 2016) and Ningbo.
    rows = dataset.facts[
        (dataset.facts["indicator_id"] == "elderly_care_project_investment")
        & dataset.facts["region_id"].isin(["330203", "330200"])
    ]
    view = per_capita.normalise(dataset, rows, per_capita.PER_10K, "zh")
    assert view.without_base == ["330203"]
    assert set(view.rows["region_id"].astype(str)) == {"330200"}
    haishu = view.all_rows[view.all_rows["region_id"].astype(str) == "330203"]
    assert haishu["value"].isna().all()
    assert (haishu["raw_value"] == 116_000_000).any()
    note = per_capita.without_base_note(dataset, view, "zh")
    assert "海曙区" in note and "无人口基数" in note
    table = per_capita.rate_table(view, pd.DataFrame({"地区": ["x"] * len(rows)}), "zh")
    assert "分母(人)" in table.columns
    assert "无人口基数" in set(table["折算值(显示)"])
    # A missing base is an empty cell (never 0, never "nan") in the files.
    assert table["分母(人)"].isna().sum() == len(haishu)
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
        "source_kind": "official",
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
    rates = per_capita.map_table(dataset, table, per_capita.PER_10K, "zh").set_index("region_id")
    # Ningbo 205 institutions in 2011; residents 2011 = 7,605,689 + 0.1 × (9,404,283 − 7,605,689).
    residents_2011 = 7_605_689 + 0.1 * (9_404_283 - 7_605_689)
    # Three significant digits, as 205 was written.
    assert rates.loc["330200", "value"] == pytest.approx(205 / residents_2011 * 10_000, rel=2e-3)
    assert rates.loc["330200", "unit"] == "count/per_10k"
    # Quzhou's base comes from a reprint of its 2020 communiqué (2010 and 2020 totals).
    residents_2013 = 2_122_661 + 0.3 * (2_276_184 - 2_122_661)
    assert rates.loc["330800", "value"] == pytest.approx(112 / residents_2013 * 10_000, rel=2e-3)
    reprint = "普查公报(转载)《衢州市第七次全国人口普查公报》"
    assert rates.loc["330800", "denominator_source"] == reprint
    # A region that reports nothing stays "not reported", never "no base".
    hangzhou = rates.loc["330100"]
    assert not hangzhou["reported"] and hangzhou["gap_label"] == ""


def test_map_table_marks_a_reported_region_without_a_base(tmp_path):
    from civdash.views import map as map_view

    # The same data with Quzhou's population rows taken out: its figure has no base.
    data = tmp_path / "data"
    shutil.copytree(REPO_ROOT / "data", data, ignore=shutil.ignore_patterns("parquet"))
    population = pd.read_csv(data / "population.csv", dtype=str, keep_default_na=False)
    population[population["region_id"] != "330800"].to_csv(
        data / "population.csv", index=False, encoding="utf-8"
    )
    dataset = load_dataset(data)
    table = map_view.map_table(dataset, "elderly_care_institutions", "zh")
    rates = per_capita.map_table(dataset, table, per_capita.PER_10K, "zh").set_index("region_id")
    quzhou = rates.loc["330800"]
    assert not quzhou["reported"] and math.isnan(quzhou["value"])
    assert quzhou["label"] == "无人口基数" and quzhou["raw_label"] == "112个"
    assert "无人口基数" in quzhou["gap_label"]
    assert "衢州市 112个 (2013)" in per_capita.no_base_regions(dataset, rates.reset_index(), "zh")
