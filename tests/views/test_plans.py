"""The plans page's view model: what it shows per plan and language, and the typed actual."""

import pytest

from civdash.data.loader import load_dataset
from civdash.i18n import text
from civdash.views import plans as plan_views
from tests.conftest import REPO_ROOT

PLAN = "huangshigang_13fyp_2016_2020"


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(REPO_ROOT / "data")


def test_display_table_localises_status(dataset):
    view = plan_views.plan_view(dataset, PLAN, "en")
    assert "insufficient data" in set(view.table["Status"])
    assert view.table["Target (year)"].str.contains("2020").all()
    assert not view.table.astype(str).isin(["None", "nan", "<NA>"]).any().any()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_plan_view_holds_one_row_per_target_and_a_bullet_per_numeric_target(dataset, lang):
    for plan_id in dataset.plans["plan_id"]:
        view = plan_views.plan_view(dataset, plan_id, lang)
        targets = dataset.targets[dataset.targets["plan_id"] == plan_id]
        assert list(view.table["target_id"]) == list(targets["target_id"])
        numeric = targets[(targets["kind"] == "numeric") & targets["target_value"].notna()]
        assert [bullet.row["target_id"] for bullet in view.bullets] == list(numeric["target_id"])
        assert set(view.baselines) == set(targets["target_id"])
        assert view.last_target_year == int(targets["target_year"].max())
        assert view.source.startswith(text("chart.source_line", lang, sources="")[:2])


def test_plan_choices_name_the_region_and_the_plan(dataset):
    choices = plan_views.plan_choices(dataset, "zh")
    assert list(choices) == list(dataset.plans["plan_id"])
    assert "黄石港" in choices[PLAN]


def test_cross_plan_table_lists_every_target_without_excerpts(dataset):
    table = plan_views.cross_plan_table(dataset, "en")
    assert len(table) == len(dataset.targets)
    assert "Excerpt" not in table.columns and text("label.note", "en") not in table.columns


def test_per_1000_goal_gets_a_unit_note_on_its_bullet(dataset):
    # Huangshigang writes its bed target per 1,000 older people; the indicator is per 100.
    view = plan_views.plan_view(dataset, PLAN, "en")
    notes = {bullet.row["target_id"]: bullet.note for bullet in view.bullets}
    assert "1,000" in notes["001_t02"] or "1000" in notes["001_t02"]


def test_typed_actual_is_accepted_as_a_user_row(dataset):
    result = plan_views.typed_actual(dataset, "001_t02", "3.1", 2019, "", "zh")
    assert result.frame is not None and len(result.frame) == 1
    row = result.frame.iloc[0]
    assert (row["region_id"], row["year"], row["value"]) == ("420202", 2019, 3.1)
    assert bool(row["user_supplied"]) and row["user_source"] == "用户补充"


@pytest.mark.parametrize(("written", "year"), [("abc", 2019), ("3.1", 1800), ("3\x1b[31m", 2019)])
def test_typed_actual_refuses_what_an_upload_would(dataset, written, year):
    result = plan_views.typed_actual(dataset, "001_t02", written, year, "note", "en")
    assert result.frame is None
    table = plan_views.problem_table(result, "zh")
    assert list(table.columns) == [
        text(key, "zh")
        for key in ("plans.problem_line", "plans.problem_column", "plans.problem_message")
    ]
    assert len(table) >= 1
