"""Plans joined with actuals: Huangshigang's targets and their honest statuses."""

import pytest

from civdash.data.loader import load_dataset
from civdash.method import status, targets
from tests.conftest import REPO_ROOT


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(REPO_ROOT / "data")


def test_every_dated_target_is_assessed(dataset):
    for plan_id in dataset.plans["plan_id"]:
        assessed = targets.assess_plan(dataset, plan_id, "en")
        expected = set(dataset.targets.loc[dataset.targets["plan_id"] == plan_id, "target_id"])
        assert set(assessed["target_id"]) == expected
        assert set(assessed["status"]) <= set(status.STATUSES)


def test_huangshigang_statuses_are_honest(dataset):
    assessed = targets.assess_plan(dataset, "huangshigang_13fyp_2016_2020", "zh").set_index(
        "target_id"
    )
    # Beds: a 2015 baseline and no later reading -> insufficient data, never a guess
    assert assessed.loc["001_t02", "status"] == "insufficient_data"
    assert assessed.loc["001_t02", "baseline_value"] == 2.7
    # Milestones without a reading are not measurable and keep their goal text
    assert assessed.loc["001_t04", "status"] == "not_measurable"


def test_ningbo_meal_service_uses_the_2019_baseline(dataset):
    assessed = targets.assess_plan(dataset, "ningbo_home_care_2018_2020", "en").set_index(
        "target_id"
    )
    row = assessed.loc["004b_ningbo_meal_service_2020"]
    assert (row["baseline_value"], row["baseline_year"]) == (73.0, 2019)
    assert row["status"] == "insufficient_data"


def test_explanations_follow_the_language():
    from civdash.method.progress import Target, assess_target

    # Baseline 100 (2015) -> 121 (2017): 10 % a year; target 161.05 in 2020 needs 10 % -> R = 1
    on_track = assess_target(
        Target(target_year=2020, target_value=161.05, baseline_year=2015, baseline_value=100.0),
        (2017, 121.0),
    )
    zh = targets.explain(on_track, "count", "目标", "zh")
    en = targets.explain(on_track, "count", "goal", "en")
    assert zh.startswith("按计划推进") and "+10.0%" in zh and "R = 1.00" in zh
    assert en.startswith("On track") and "+10.0%" in en
    waiting = assess_target(
        Target(
            target_year=2020,
            target_value=3.0,
            target_value_upper=3.5,
            baseline_year=2015,
            baseline_value=2.7,
        )
    )
    assert targets.explain(waiting, "beds_per_100_elderly", "g", "zh") == (
        "数据不足:2015年基期之后没有实际值。"
    )


@pytest.mark.parametrize(
    ("target", "latest", "zh_part", "en_part"),
    [
        # Target year 2015 is the baseline year: no time to compute a required growth.
        (dict(target_year=2015, target_value=120.0), (2016, 110.0), "目标年份", "target year"),
        # Met at the 2015 baseline (100 >= 90), no longer met in 2016 (85 < 90).
        (dict(target_year=2020, target_value=90.0), (2016, 85.0), "已不再达到", "no longer"),
        # No direction on the indicator, and the target equals the baseline.
        (
            dict(target_year=2020, target_value=100.0, higher_is_better=None),
            (2016, 100.0),
            "看不出方向",
            "no direction",
        ),
    ],
)
def test_explanations_say_the_real_reason(target, latest, zh_part, en_part):
    from civdash.method.progress import Target, assess_target

    assessment = assess_target(Target(baseline_year=2015, baseline_value=100.0, **target), latest)
    assert zh_part in targets.explain(assessment, "count", "目标", "zh")
    assert en_part in targets.explain(assessment, "count", "goal", "en")
