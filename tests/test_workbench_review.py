"""The review table for a non-programmer: names not codes, evidence, slip checks."""

from __future__ import annotations

import csv
import io

import pytest

from civdash.data.loader import load_dataset
from civdash.views import contribute as contribute_view
from civdash.workbench import review
from tests.conftest import REPO_ROOT

PER_1000 = "黄石港区2020年工作总结。全区每千名老年人拥有养老床位42张。"


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(REPO_ROOT / "data")


def table_file() -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(
        [
            ["宁波市2024年12月民政统计数据", "", ""],
            ["指标名称", "单位", "数量"],
            ["养老机构床位", "万张", "9.5"],
            ["基金会", "个", "45"],
            ["临时救助", "", "8.2"],
        ]
    )
    return buffer.getvalue().encode("utf-8")


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("衢州市民政局2014年工作总结", "annual_summary"),
        ("宁波市2024年度总结", "annual_summary"),
        ("黄石港区民政事业发展第十三个五年规划", "five_year_plan"),
        ("南通民政事业十年回顾", "review"),
        ("宁波市2024年12月民政统计数据", "statistical_table"),
    ],
)
def test_the_kind_comes_from_the_title(title, kind):
    assert review.guess_kind(title) == kind


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_grid_shows_names_and_table_cells_are_preaccepted(dataset, lang):
    tables = contribute_view.extraction_tables(dataset)
    report = review.read_file("宁波.csv", table_file(), None, None, tables)
    lookups = contribute_view.lookups(dataset, lang, [])
    frame = review.review_frame(
        [("宁波.csv", report)],
        lookups,
        contribute_view.latest_by_region(dataset),
        contribute_view.indicator_units(dataset, []),
        lang,
    )
    beds = frame[frame["value_as_written"] == "9.5"].iloc[0]
    assert beds["value"] == 95_000 and bool(beds["accept"])
    assert beds["indicator"] == (
        "养老机构床位数" if lang == "zh" else "Beds in elderly-care institutions"
    )
    assert beds["region"] == ("宁波市" if lang == "zh" else "Ningbo")
    assert beds["unit"] == ("张" if lang == "zh" else "beds")
    # 临时救助 without a unit: the standard table prints 万人次, so it is flagged, not ticked.
    temporary = frame[frame["value_as_written"] == "8.2"].iloc[0]
    assert not bool(temporary["accept"]) and "万人次" in temporary["check"]
    shown = " ".join(
        str(value) for value in frame.drop(columns=["file", "derivation"]).values.ravel()
    )
    assert "_" not in shown and "persons" not in shown
    if lang == "zh":
        assert not any(ch.isascii() and ch.isalpha() for ch in frame["note"].str.cat())
    # Back to ids for the bundle.
    rows = review.reviewed_rows(frame, lookups, {"宁波.csv": "ningbo_2024_table"})["宁波.csv"]
    assert set(rows["indicator_id"]) == {"elderly_care_beds_institutional", "foundations"}
    assert rows.loc[rows["indicator_id"] == "foundations", "region_id"].tolist() == ["330200"]
    assert rows["derivation"].str.contains("万张").any()


def test_confidence_reflects_the_evidence(dataset):
    tables = contribute_view.extraction_tables(dataset)
    summary = (
        "宁波市2024年度总结。全市养老机构126家,养老床位15200张,"
        "发放低保金1.2亿元,开展志愿服务活动300场。"
    )
    prose = review.read_and_extract("q.txt", summary.encode(), "330200", 2024, tables)
    table = review.read_file("宁波.csv", table_file(), None, None, tables)
    confidences = {review.evidence_confidence(candidate) for candidate in prose.candidates}
    assert len(confidences) >= 2  # never one flat number for every guess
    flagged = next(c for c in table.candidates if c.value_as_written == "8.2")
    certain = next(c for c in table.candidates if c.value_as_written == "9.5")
    assert review.evidence_confidence(flagged) < review.evidence_confidence(certain)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_per_1000_for_a_per_100_indicator_is_caught_on_every_row(dataset, lang):
    tables = contribute_view.extraction_tables(dataset)
    report = review.read_and_extract("h.txt", PER_1000.encode(), "420202", 2020, tables)
    lookups = contribute_view.lookups(dataset, lang, [])
    frame = review.review_frame(
        [("h.txt", report)], lookups, {}, contribute_view.indicator_units(dataset, []), lang
    )
    index = frame.index[frame["value_as_written"] == "42"][0]
    frame.loc[index, "accept"] = True
    frame.loc[index, "indicator"] = lookups.indicators["elderly_care_beds_per_100_elderly"]
    checks = review.row_checks(
        review.decoded_review(frame, lookups),
        contribute_view.latest_by_region(dataset),
        contribute_view.indicator_units(dataset, []),
        lang,
    )
    assert index in checks and "4.2" in checks[index]


def test_a_tenfold_value_against_the_latest_figure_is_caught(dataset):
    latest = contribute_view.latest_by_region(dataset)
    (region, indicator), (year, value) = next(
        (key, item) for key, item in latest.items() if item[1] > 100
    )
    message = review.unit_slip(value * 10_000, "count", "", "", (year, value), "zh")
    assert "单位" in message and str(year) in message
    assert review.unit_slip(value * 1.5, "count", "", "", (year, value), "zh") == ""
