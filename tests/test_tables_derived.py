"""Tables: the indicator early, a derived figure marked 推算 / derived with a translated
explanation, and one table builder for every page (the map's included) (M8)."""

from __future__ import annotations

import re

import pytest

from civdash.data.loader import cached_dataset, data_dir, with_user_rows
from civdash.views import compare, facts
from civdash.views import map as map_view
from civdash.views import plans as plan_views

DERIVED_BEDS = "nantong_2012_2022_review:320600:elderly_care_beds_institutional:2022"
ENGLISH_WORDS = re.compile(r"[A-Za-z]{3,}")


@pytest.fixture(scope="module")
def dataset():
    return cached_dataset(str(data_dir()))


def derived_rows(dataset):
    return dataset.facts[facts.is_derived(dataset.facts)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_derived_figure_is_marked_beside_the_written_one(dataset, lang):
    rows = derived_rows(dataset)
    assert len(rows) >= 5
    table = facts.display_table(dataset, rows, lang)
    columns = list(table.columns)
    indicator, shown, written = (
        ("指标", "显示值", "原文数字")
        if lang == "zh"
        else (
            "Indicator",
            "Shown as",
            "As written",
        )
    )
    # The indicator is named before the figures, and the shown value sits by the written one.
    assert columns.index(indicator) <= 2
    assert columns.index(written) == columns.index(shown) + 1
    mark = "推算" if lang == "zh" else "derived"
    assert all(value.endswith(mark) for value in table[shown]), table[shown].tolist()
    explanation = "推算说明" if lang == "zh" else "Derivation"
    assert all(table[explanation].str.len() > 0)
    if lang == "zh":
        # No English sentence in the Chinese table or its CSV (the written figure aside).
        for cell in table[explanation]:
            assert not ENGLISH_WORDS.search(cell), cell
    beds = table[table["indicator_id"] == "elderly_care_beds_institutional"].iloc[0]
    assert "3.9萬" in beds[explanation] and "57,353" in beds[explanation]
    assert "57,353" in beds[shown]


def test_written_figures_carry_no_mark(dataset):
    rows = dataset.facts[~facts.is_derived(dataset.facts)].head(50)
    table = facts.display_table(dataset, rows, "zh")
    assert not table["显示值"].str.contains("推算").any()
    assert (table["推算说明"] == "").all()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_compare_chart_marks_a_derived_bar(dataset, lang):
    view = compare.build(dataset, compare.CompareChoice("elderly_care_beds_institutional"), lang)
    spec = view.chart(False).to_dict(validate=False)
    labels = [
        row["bar_label"]
        for data in spec["datasets"].values()
        for row in data
        if row.get("region_id") == "320600" and "bar_label" in row
    ]
    assert labels and ("推算" if lang == "zh" else "derived") in labels[0]


def test_the_map_table_is_the_one_table_with_user_rows_marked(dataset):
    result = plan_views.typed_actual(dataset, "001_t02", "3.2", 2020, "区民政局统计", "zh")
    session = with_user_rows(dataset, result.frame)
    indicator = "elderly_care_beds_per_100_elderly"
    table = map_view.map_table(session, indicator, "zh")
    shown = map_view.display_table(session, table, indicator, "zh")
    reference = facts.display_table(session, session.facts.head(1), "zh")
    assert list(shown.columns) == list(reference.columns)
    user = shown[shown["用户补充"] == "是"]
    assert len(user) == 1
    assert user["查看原文"].tolist() == [""]
    assert not shown.isna().any().any()
