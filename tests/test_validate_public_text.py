"""Public text never shows an internal id or a column name (snake_case), in any public column."""

import pytest

from civdash.data.validate import PUBLIC_TEXT_COLUMNS, validate_dataset
from tests.conftest import tiny_tables, write_tables

POPULATION_ROW = {  # a valid row, so the file itself raises nothing
    "region_id": "330200",
    "year": "2020",
    "measure": "resident_total",
    "value": "9404283",
    "value_as_written": "9404283",
    "source_title": "宁波市第七次全国人口普查主要数据公报",
    "publisher": "宁波市统计局",
    "published": "2021-05-17",
    "url": "http://tjj.ningbo.gov.cn/art/2021/5/17/art_1229042825_58913572.html",
    "source_kind": "official",
    "quote": "全市常住人口为9404283人。",
    "note": "",
}


PAIRS = {
    "note": "note_zh",
    "note_zh": "note",
    "comparability": "comparability_zh",
    "comparability_zh": "comparability",
}


def problems_in(tmp_path, table, column, value):
    tables = tiny_tables()
    tables["population"] = [dict(POPULATION_ROW)]
    row = tables[table][0]
    # Paired columns (note/note_zh, comparability/comparability_zh) are filled together.
    partner = PAIRS.get(column)
    if partner and (partner in row or table in ("indicators", "observations", "targets")):
        row[partner] = "A plain note." if partner in ("note", "comparability") else "中文说明。"
    row[column] = value
    folder = write_tables(tmp_path / "data", tables)
    report = validate_dataset(folder, display="data")
    return [problem for problem in report.errors if problem.column == column]


@pytest.mark.parametrize(
    ("table", "column", "value", "found"),
    [
        ("indicators", "comparability", "Subset of day_care_centres.", "day_care_centres"),
        (
            "indicators",
            "comparability_zh",
            "为social_organisations的子项。",
            "social_organisations",
        ),  # noqa: E501
        ("indicators", "definition_en", "Stock; see elderly_care_beds.", "elderly_care_beds"),
        ("indicators", "name_en", "Beds (elderly_care_beds)", "elderly_care_beds"),
        ("observations", "note", "Start not stated; period_start 2012 assumed.", "period_start"),
        ("observations", "note_zh", "起始年份按period_start计。", "period_start"),
        ("observations", "derivation", "sum of shelters_township and village", "shelters_township"),
        ("targets", "goal_en", "See target 001_t05.", "001_t05"),
        ("targets", "note", "Stored against demo_communities.", "demo_communities"),
        ("sources", "notes", "Same text as ningbo_2012_review.", "ningbo_2012_review"),
        ("regions", "note", "Parent of huangshigang_13fyp.", "huangshigang_13fyp"),
        ("plans", "name_en", "Plan huangshigang_13fyp_2016_2020", "huangshigang_13fyp_2016_2020"),
        ("population", "note", "Same as the aged_60_plus row.", "aged_60_plus"),
    ],
)
def test_ids_and_column_names_are_refused_in_public_text(tmp_path, table, column, value, found):
    assert column in PUBLIC_TEXT_COLUMNS[table]
    problems = problems_in(tmp_path, table, column, value)
    assert len(problems) == 1, [problem.format() for problem in problems]
    assert f"shows an internal id or column name ('{found}')" in problems[0].message


@pytest.mark.parametrize(
    ("table", "column", "value"),
    [
        # A web address may hold underscores; the words around it are what a reader reads.
        (
            "population",
            "note",
            "Totals on http://tjj.ningbo.gov.cn/art/2021/5/17/art_1229042825_58913572.html too.",
        ),
        ("indicators", "comparability", "A part of all social organisations (社会组织)."),
        ("observations", "note", "Read as 2011–2015, like the review's other totals."),
    ],
)
def test_plain_words_and_web_addresses_pass(tmp_path, table, column, value):
    assert problems_in(tmp_path, table, column, value) == []


def test_a_working_note_is_reported_once_not_twice(tmp_path):
    problems = problems_in(tmp_path, "observations", "note", "See skipped_003.md.")
    assert len(problems) == 1 and "working note" in problems[0].message
