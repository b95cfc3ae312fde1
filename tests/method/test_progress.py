"""Tests for civdash.method.progress: every status and edge case, with hand-computed numbers."""

import math

import pandas as pd
import pytest

from civdash.method.progress import (
    Assessment,
    Baseline,
    Target,
    assess_from_observations,
    assess_target,
    choose_baseline,
    classify_ratio,
    compound_annual_growth,
    latest_after,
)
from civdash.method.status import STATUSES


def assess(**overrides) -> Assessment:
    """A higher-is-better target: 100 in 2015 -> 121 by 2017, with no reading unless given."""
    arguments = {
        "baseline_year": 2015,
        "baseline_value": 100.0,
        "target_year": 2017,
        "target_value": 121.0,
    }
    arguments.update(overrides)
    latest = (arguments.pop("latest_year", None), arguments.pop("latest_value", None))
    return assess_target(Target(**arguments), latest)


def observe(
    observations, plan_start_year, stated_baseline_year=None, stated_baseline_value=None, **target
) -> Assessment:
    """assess_from_observations for a target with the given stated baseline, if any."""
    stated = Target(
        baseline_year=stated_baseline_year, baseline_value=stated_baseline_value, **target
    )
    return assess_from_observations(stated, observations, plan_start_year)


# compound_annual_growth and classify_ratio


def test_compound_annual_growth_matches_hand_computation():
    # (121 / 100) ** (1 / 2) - 1 = 1.1 - 1 = 0.10
    assert compound_annual_growth(100, 121, 2) == pytest.approx(0.10)
    # (81 / 100) ** (1 / 2) - 1 = 0.9 - 1 = -0.10
    assert compound_annual_growth(100, 81, 2) == pytest.approx(-0.10)
    # (100 / 100) ** (1 / 3) - 1 = 0
    assert compound_annual_growth(100, 100, 3) == 0


@pytest.mark.parametrize(
    ("start", "end", "years"),
    [(0, 5, 2), (-5, 10, 1), (100, 0, 2), (100, -1, 2), (100, 121, 0), (100, 121, -1)],
)
def test_compound_annual_growth_is_undefined_outside_positive_values(start, end, years):
    assert compound_annual_growth(start, end, years) is None


@pytest.mark.parametrize(
    ("ratio", "status"),
    [
        (2.0, "on_track"),
        (0.95, "on_track"),  # boundary: R >= 0.95
        (0.9499, "moderate"),
        (0.60, "moderate"),  # boundary: 0.60 <= R
        (0.5999, "limited"),
        (0.0, "limited"),  # boundary: 0 <= R
        (-0.0, "limited"),
        (-0.0001, "moving_away"),
        (-3.0, "moving_away"),
    ],
)
def test_classify_ratio_boundaries(ratio, status):
    assert classify_ratio(ratio) == status


def test_classify_ratio_absorbs_floating_point_noise_at_a_boundary():
    # 0.095 / 0.10 is 0.9499999999999988 in binary; it is 0.95 on paper.
    assert classify_ratio(0.95 - 1.2e-15) == "on_track"
    assert classify_ratio(0.60 - 1e-12) == "moderate"
    assert classify_ratio(-1e-12) == "limited"


def test_classify_ratio_refuses_missing():
    with pytest.raises(ValueError):
        classify_ratio(float("nan"))


# Ratio statuses, CAGR method


def test_on_track_example_from_the_brief():
    # CAGR_o = (121 / 100) ** (1 / 2) - 1 = 0.10 (2015 -> 2017)
    # CAGR_r = (161.051 / 100) ** (1 / 5) - 1 = 1.61051 ** 0.2 - 1 = 0.10 (2015 -> 2020)
    # R = 0.10 / 0.10 = 1.0 -> on_track
    result = assess(target_year=2020, target_value=161.051, latest_year=2017, latest_value=121.0)
    assert result.status == "on_track"
    assert result.method == "cagr"
    assert result.observed_growth == pytest.approx(0.10)
    assert result.required_growth == pytest.approx(0.10)
    assert result.ratio == pytest.approx(1.0)
    assert result.baseline_source == "stated"
    assert result.threshold == 161.051
    assert result.reason == "pace"


def test_on_track_at_exactly_095_with_cagr():
    # CAGR_o = 109.5 / 100 - 1 = 0.095 (one year); CAGR_r = (121 / 100) ** (1 / 2) - 1 = 0.10
    # R = 0.095 / 0.10 = 0.95 -> on_track (the boundary belongs to the higher class); in binary
    # floating point R comes out as 0.9499999999999998, which classify_ratio rounds back to 0.95
    result = assess(latest_year=2016, latest_value=109.5)
    assert result.ratio == pytest.approx(0.95)
    assert result.status == "on_track"


def test_moderate_at_exactly_060_with_cagr():
    # CAGR_o = 106 / 100 - 1 = 0.06; CAGR_r = 0.10; R = 0.60 -> moderate
    result = assess(latest_year=2016, latest_value=106.0)
    assert result.ratio == pytest.approx(0.60)
    assert result.status == "moderate"


def test_moderate_inside_the_band():
    # CAGR_o = 108 / 100 - 1 = 0.08; R = 0.08 / 0.10 = 0.80 -> moderate
    result = assess(latest_year=2016, latest_value=108.0)
    assert result.ratio == pytest.approx(0.80)
    assert result.status == "moderate"


def test_limited_just_below_060():
    # CAGR_o = 105.9 / 100 - 1 = 0.059; R = 0.059 / 0.10 = 0.59 -> limited
    result = assess(latest_year=2016, latest_value=105.9)
    assert result.ratio == pytest.approx(0.59)
    assert result.status == "limited"


def test_limited_at_exactly_zero_growth():
    # CAGR_o = 100 / 100 - 1 = 0; R = 0 / 0.10 = 0 -> limited (no progress, but not going back)
    result = assess(latest_year=2016, latest_value=100.0)
    assert result.ratio == 0
    assert result.status == "limited"


def test_moving_away_when_the_series_falls():
    # CAGR_o = 95 / 100 - 1 = -0.05; R = -0.05 / 0.10 = -0.5 -> moving_away
    result = assess(latest_year=2016, latest_value=95.0)
    assert result.ratio == pytest.approx(-0.5)
    assert result.status == "moving_away"
    assert result.reason == "pace"


# achieved


def test_achieved_when_latest_exceeds_target():
    # 125 >= 121 -> achieved; observed growth still reported: (125 / 100) ** (1 / 2) - 1 = 0.1180
    result = assess(latest_year=2017, latest_value=125.0)
    assert result.status == "achieved"
    assert result.ratio is None
    assert result.required_growth is None
    assert result.observed_growth == pytest.approx(math.sqrt(1.25) - 1)
    assert result.method == "cagr"


def test_achieved_when_latest_equals_target():
    # 121 >= 121 -> achieved (the comparison is inclusive)
    assert assess(latest_year=2017, latest_value=121.0).status == "achieved"


def test_achieved_before_the_target_year_is_still_achieved():
    # 122 in 2016 >= 121 due in 2017 -> achieved early
    assert assess(latest_year=2016, latest_value=122.0).status == "achieved"


# lower is better


def test_lower_is_better_on_track():
    # CAGR_o = 90 / 100 - 1 = -0.10; CAGR_r = (81 / 100) ** (1 / 2) - 1 = -0.10
    # R = -1 * -0.10 / |-0.10| = 1.0 -> on_track
    result = assess(target_value=81.0, latest_year=2016, latest_value=90.0, higher_is_better=False)
    assert result.ratio == pytest.approx(1.0)
    assert result.status == "on_track"
    assert result.higher_is_better is False


def test_lower_is_better_moving_away_when_rising():
    # CAGR_o = 110 / 100 - 1 = +0.10; R = -1 * 0.10 / 0.10 = -1.0 -> moving_away
    result = assess(target_value=81.0, latest_year=2016, latest_value=110.0, higher_is_better=False)
    assert result.ratio == pytest.approx(-1.0)
    assert result.status == "moving_away"


def test_lower_is_better_achieved_at_or_below_target():
    # 81 <= 81 and 80 <= 81 -> achieved
    for latest_value in (81.0, 80.0):
        result = assess(
            target_value=81.0, latest_year=2017, latest_value=latest_value, higher_is_better=False
        )
        assert result.status == "achieved"


# Range targets


def test_range_higher_is_better_is_achieved_at_the_lower_bound():
    # 30-35 beds: 30 >= 30 -> achieved, even though 35 is not reached
    result = assess(
        baseline_value=20.0,
        target_value=30.0,
        target_value_upper=35.0,
        latest_year=2017,
        latest_value=30.0,
    )
    assert result.status == "achieved"
    assert result.threshold == 30.0


def test_range_higher_is_better_progress_is_measured_to_the_lower_bound():
    # Baseline 25 (2015), range 36-40 by 2017, latest 30 (2016).
    # CAGR_r to the lower bound = (36 / 25) ** (1 / 2) - 1 = 1.2 - 1 = 0.20
    # CAGR_o = 30 / 25 - 1 = 0.20; R = 1.0 -> on_track
    # (to the upper bound it would be (40 / 25) ** 0.5 - 1 = 0.2649, R = 0.755 -> moderate)
    result = assess(
        baseline_value=25.0,
        target_value=36.0,
        target_value_upper=40.0,
        latest_year=2016,
        latest_value=30.0,
    )
    assert result.required_growth == pytest.approx(0.20)
    assert result.ratio == pytest.approx(1.0)
    assert result.status == "on_track"


def test_range_beyond_the_far_end_is_still_achieved():
    # 38 beds against a 30-35 range, higher is better -> achieved (overshoot is not penalised)
    result = assess(
        baseline_value=20.0,
        target_value=30.0,
        target_value_upper=35.0,
        latest_year=2017,
        latest_value=38.0,
    )
    assert result.status == "achieved"


def test_range_lower_is_better_is_achieved_at_the_upper_bound():
    # A 15-20 minute service circle, baseline 25 minutes: 20 <= 20 -> achieved; 21 is not
    arguments = {
        "baseline_value": 25.0,
        "target_value": 15.0,
        "target_value_upper": 20.0,
        "latest_year": 2017,
        "higher_is_better": False,
    }
    achieved = assess(latest_value=20.0, **arguments)
    assert achieved.status == "achieved"
    assert achieved.threshold == 20.0
    assert assess(latest_value=21.0, **arguments).status != "achieved"


def test_range_lower_is_better_progress_is_measured_to_the_upper_bound():
    # Baseline 25 (2015), range 12-16 by 2017, latest 20 (2016).
    # CAGR_r to the upper bound = (16 / 25) ** (1 / 2) - 1 = 0.8 - 1 = -0.20
    # CAGR_o = 20 / 25 - 1 = -0.20; R = -1 * -0.20 / 0.20 = 1.0 -> on_track
    # (to the lower bound: (12 / 25) ** 0.5 - 1 = -0.3072, R = 0.651 -> moderate)
    result = assess(
        baseline_value=25.0,
        target_value=12.0,
        target_value_upper=16.0,
        latest_year=2016,
        latest_value=20.0,
        higher_is_better=False,
    )
    assert result.required_growth == pytest.approx(-0.20)
    assert result.ratio == pytest.approx(1.0)
    assert result.status == "on_track"


def test_reversed_range_is_an_error():
    with pytest.raises(ValueError):
        assess(target_value=35.0, target_value_upper=30.0, latest_year=2016, latest_value=31.0)


# Baseline of zero or below: linear fallback


def test_zero_baseline_uses_linear_rates_at_exactly_095():
    # Baseline 0 (2015), target 100 (2020), latest 19 (2016): CAGR undefined.
    # observed = (19 - 0) / 1 = 19 a year; required = (100 - 0) / 5 = 20 a year
    # R = 19 / 20 = 0.95 -> on_track
    result = assess(
        baseline_value=0.0,
        target_year=2020,
        target_value=100.0,
        latest_year=2016,
        latest_value=19.0,
    )
    assert result.method == "linear"
    assert result.observed_growth == pytest.approx(19.0)
    assert result.required_growth == pytest.approx(20.0)
    assert result.ratio == pytest.approx(0.95)
    assert result.status == "on_track"


def test_zero_baseline_linear_boundaries_060_and_0():
    # observed 12 a year vs 20 needed -> R = 0.60 -> moderate
    # observed 0 a year vs 20 needed -> R = 0 -> limited
    arguments = {"baseline_value": 0.0, "target_year": 2020, "target_value": 100.0}
    moderate = assess(latest_year=2016, latest_value=12.0, **arguments)
    assert moderate.ratio == pytest.approx(0.60)
    assert moderate.status == "moderate"
    flat = assess(latest_year=2016, latest_value=0.0, **arguments)
    assert flat.ratio == 0
    assert flat.status == "limited"


def test_zero_target_lower_is_better_uses_linear_rates():
    # Baseline 10 (2015), target 0 by 2020, latest 8 (2016).
    # A compound rate can never reach 0 (CAGR_r would be -100%), so linear:
    # observed = (8 - 10) / 1 = -2 a year; required = (0 - 10) / 5 = -2 a year
    # R = -1 * -2 / 2 = 1.0 -> on_track
    result = assess(
        baseline_value=10.0,
        target_year=2020,
        target_value=0.0,
        latest_year=2016,
        latest_value=8.0,
        higher_is_better=False,
    )
    assert result.method == "linear"
    assert result.ratio == pytest.approx(1.0)
    assert result.status == "on_track"


def test_negative_values_use_linear_rates():
    # A change rate: baseline -5 (2015), target 3 (2019), latest -1 (2017).
    # observed = (-1 - -5) / 2 = 2 a year; required = (3 - -5) / 4 = 2 a year; R = 1.0
    result = assess(
        baseline_value=-5.0, target_year=2019, target_value=3.0, latest_year=2017, latest_value=-1.0
    )
    assert result.method == "linear"
    assert result.ratio == pytest.approx(1.0)
    assert result.status == "on_track"


def test_zero_baseline_achieved_reports_linear_observed_growth():
    # Baseline 0 (2015), latest 150 (2017) >= 121 -> achieved; observed (150 - 0) / 2 = 75 a year
    result = assess(baseline_value=0.0, latest_year=2017, latest_value=150.0)
    assert result.status == "achieved"
    assert result.method == "linear"
    assert result.observed_growth == pytest.approx(75.0)


# Target already met at the baseline (required growth zero or negative)


def test_met_at_baseline_and_still_met_is_achieved():
    # Target 90 <= baseline 100 (higher is better); latest 95 >= 90 -> achieved
    result = assess(target_year=2020, target_value=90.0, latest_year=2016, latest_value=95.0)
    assert result.status == "achieved"


def test_met_at_baseline_but_no_longer_met_is_moving_away():
    # Target 90 <= baseline 100; latest 85 < 90: it fell below a target it used to meet.
    # Required growth would be negative, so no ratio; observed = 85 / 100 - 1 = -0.15
    result = assess(target_year=2020, target_value=90.0, latest_year=2016, latest_value=85.0)
    assert result.status == "moving_away"
    assert result.ratio is None
    assert result.required_growth is None
    assert result.observed_growth == pytest.approx(-0.15)
    assert result.reason == "met_at_baseline"


def test_target_equal_to_baseline():
    # Target 100 == baseline 100: latest 100 -> achieved; latest 99 -> moving_away (no division)
    arguments = {"target_year": 2020, "target_value": 100.0, "latest_year": 2016}
    assert assess(latest_value=100.0, **arguments).status == "achieved"
    slipped = assess(latest_value=99.0, **arguments)
    assert slipped.status == "moving_away"
    assert slipped.ratio is None


def test_met_at_baseline_lower_is_better():
    # Target 110 >= baseline 100 (lower is better): latest 105 <= 110 -> achieved;
    # latest 115 > 110 -> moving_away
    arguments = {"target_value": 110.0, "latest_year": 2016, "higher_is_better": False}
    assert assess(latest_value=105.0, **arguments).status == "achieved"
    assert assess(latest_value=115.0, **arguments).status == "moving_away"


# Missing or unusable years


def test_no_reading_is_insufficient_data():
    result = assess()
    assert result.status == "insufficient_data"
    assert result.ratio is None
    assert result.method == "none"
    assert result.reason == "no_reading"


def test_reading_in_the_baseline_year_is_insufficient_data():
    # t == t_0: no time has passed, so there is no observed growth (even if the value moved)
    result = assess(latest_year=2015, latest_value=130.0)
    assert result.status == "insufficient_data"


def test_reading_before_the_baseline_is_insufficient_data():
    assert assess(latest_year=2014, latest_value=130.0).status == "insufficient_data"


def test_half_a_reading_is_no_reading():
    assert assess(latest_year=2016, latest_value=None).status == "insufficient_data"
    assert assess(latest_year=None, latest_value=110.0).status == "insufficient_data"


def test_target_year_equal_to_baseline_year_cannot_give_required_growth():
    # T == t_0 = 2020: required growth divides by zero -> insufficient_data if not yet achieved
    arguments = {"baseline_year": 2020, "target_year": 2020, "target_value": 120.0}
    result = assess(latest_year=2021, latest_value=110.0, **arguments)
    assert result.status == "insufficient_data"
    assert result.reason == "target_year_not_after_baseline"
    # ... but a reading that meets the target is still achieved: 125 >= 120
    assert assess(latest_year=2021, latest_value=125.0, **arguments).status == "achieved"


def test_target_year_before_baseline_year_is_treated_like_equal_years():
    result = assess(baseline_year=2016, target_year=2015, latest_year=2017, latest_value=110.0)
    assert result.status == "insufficient_data"


def test_reading_after_the_target_year_is_still_assessed():
    # Baseline 100 (2015), target 121 by 2017, latest 104.04 in 2019 (past the deadline):
    # CAGR_o = 1.0404 ** (1 / 4) - 1 = (1.02 ** 2) ** 0.25 - 1 = 1.02 ** 0.5 - 1 = 0.0099505
    # R = 0.0099505 / 0.10 = 0.0995 -> limited
    result = assess(latest_year=2019, latest_value=104.04)
    assert result.ratio == pytest.approx((1.0404**0.25 - 1) / 0.10)
    assert result.status == "limited"


# No baseline


def test_no_baseline_but_target_met_is_achieved():
    # 130 >= 121 needs no baseline
    result = assess(baseline_year=None, baseline_value=None, latest_year=2017, latest_value=130.0)
    assert result.status == "achieved"
    assert result.baseline_source == "none"
    assert result.observed_growth is None
    assert result.method == "none"


def test_no_baseline_and_target_not_met_is_insufficient_data():
    result = assess(baseline_year=None, baseline_value=None, latest_year=2017, latest_value=110.0)
    assert result.status == "insufficient_data"
    assert result.reason == "no_baseline"


def test_half_a_baseline_is_no_baseline():
    result = assess(baseline_year=2015, baseline_value=None, latest_year=2017, latest_value=110.0)
    assert result.baseline_source == "none"
    assert result.baseline_year is None
    assert result.status == "insufficient_data"


def test_missing_values_from_pandas_count_as_missing():
    # The loader gives pandas.NA (nullable dtypes) and NaN for empty cells.
    result = assess(baseline_year=pd.NA, baseline_value=float("nan"), latest_year=2017)
    assert result.baseline_source == "none"
    assert result.status == "insufficient_data"
    with_na_upper = assess(target_value_upper=pd.NA, latest_year=2016, latest_value=109.5)
    assert with_na_upper.status == "on_track"


# Milestones


def test_milestone_without_numeric_target_is_not_measurable():
    result = assess(kind="milestone", target_value=None, latest_year=2017, latest_value=50.0)
    assert result.status == "not_measurable"
    assert result.method == "none"


def test_milestone_without_a_reading_is_not_measurable():
    result = assess(
        kind="milestone",
        baseline_year=None,
        baseline_value=None,
        target_value=100.0,
    )
    assert result.status == "not_measurable"
    assert result.reason == "no_reading"


def test_milestone_with_a_baseline_reading_but_nothing_since_is_insufficient_data():
    # Ningbo meal service: 73% in 2019, full coverage by 2020, no later reading.
    result = assess(
        kind="milestone",
        baseline_year=2019,
        baseline_value=73.0,
        target_year=2020,
        target_value=100.0,
    )
    assert result.status == "insufficient_data"


def test_percent_milestone_is_evaluated_numerically():
    # Coverage: baseline 64% (2015), 100% by 2019, latest 80% (2017).
    # CAGR_o = (80 / 64) ** (1 / 2) - 1 = 1.25 ** 0.5 - 1 = 0.1180
    # CAGR_r = (100 / 64) ** (1 / 4) - 1 = 1.5625 ** 0.25 - 1 = 1.25 ** 0.5 - 1 = 0.1180
    # R = 1.0 -> on_track
    result = assess(
        kind="milestone",
        baseline_value=64.0,
        target_year=2019,
        target_value=100.0,
        latest_year=2017,
        latest_value=80.0,
    )
    assert result.observed_growth == pytest.approx(math.sqrt(1.25) - 1)
    assert result.required_growth == pytest.approx(math.sqrt(1.25) - 1)
    assert result.ratio == pytest.approx(1.0)
    assert result.status == "on_track"


def test_percent_milestone_achieved_at_100():
    result = assess(
        kind="milestone",
        baseline_value=64.0,
        target_value=100.0,
        latest_year=2017,
        latest_value=100.0,
    )
    assert result.status == "achieved"


def test_numeric_target_without_value_is_not_measurable():
    assert (
        assess(target_value=None, latest_year=2016, latest_value=110.0).status == "not_measurable"
    )


def test_unknown_kind_is_an_error():
    with pytest.raises(ValueError):
        assess(kind="qualitative")


# Direction missing from the indicator


def test_missing_direction_is_read_from_the_plan():
    # Target 121 above baseline 100 -> higher is better: 109.5 in 2016 gives R = 0.95
    rising = assess(higher_is_better=None, latest_year=2016, latest_value=109.5)
    assert rising.higher_is_better is True
    assert rising.status == "on_track"
    # Target 81 below baseline 100 -> lower is better: 90 in 2016 gives R = 1.0
    falling = assess(higher_is_better=pd.NA, target_value=81.0, latest_year=2016, latest_value=90.0)
    assert falling.higher_is_better is False
    assert falling.status == "on_track"


def test_missing_direction_that_the_plan_does_not_imply_is_insufficient_data():
    # Target equal to the baseline, or no baseline at all: nothing says which way is better
    flat = assess(higher_is_better=None, target_value=100.0, latest_year=2016, latest_value=100.0)
    assert flat.status == "insufficient_data"
    unanchored = assess(
        higher_is_better=None,
        baseline_year=None,
        baseline_value=None,
        latest_year=2016,
        latest_value=130.0,
    )
    assert unanchored.status == "insufficient_data"


def test_direction_as_a_string_is_refused():
    with pytest.raises(TypeError):
        assess(higher_is_better="false", latest_year=2016, latest_value=110.0)


# choose_baseline and latest_after

OBSERVATIONS = [(2012, 50.0), (2014, 60.0), (2016, 70.0), (2018, 80.0)]


def test_choose_baseline_prefers_the_stated_one():
    assert choose_baseline(2015, 65.0, OBSERVATIONS, 2016) == Baseline(2015, 65.0, "stated")


def test_choose_baseline_falls_back_to_the_earliest_observation_by_the_plan_start():
    # In or before 2016: 2012, 2014, 2016 -> the earliest, 2012
    assert choose_baseline(None, None, OBSERVATIONS, 2016) == Baseline(2012, 50.0, "observation")
    # In or before 2013: only 2012
    assert choose_baseline(None, None, OBSERVATIONS, 2013) == Baseline(2012, 50.0, "observation")


def test_choose_baseline_ignores_half_a_stated_baseline():
    assert choose_baseline(2015, None, OBSERVATIONS, 2015).source == "observation"
    assert choose_baseline(None, 65.0, OBSERVATIONS, 2015).source == "observation"


def test_choose_baseline_reports_none_when_nothing_fits():
    # Every observation is after the plan start -> no baseline
    assert choose_baseline(None, None, OBSERVATIONS, 2011) == Baseline(None, None, "none")
    assert choose_baseline(None, None, [], 2016) == Baseline(None, None, "none")
    assert choose_baseline(None, None, OBSERVATIONS, None) == Baseline(None, None, "none")


def test_choose_baseline_reads_a_dataframe_with_gaps():
    frame = pd.DataFrame({"year": [2013, 2015, 2017], "value": [40.0, float("nan"), 70.0]}).astype(
        {"year": "Int64", "value": "Float64"}
    )
    # 2015 has no value; the earliest usable reading in or before 2016 is 2013
    assert choose_baseline(pd.NA, pd.NA, frame, 2016) == Baseline(2013, 40.0, "observation")


def test_latest_after():
    assert latest_after(OBSERVATIONS, 2014) == (2018, 80.0)
    assert latest_after(OBSERVATIONS, 2018) is None
    assert latest_after(OBSERVATIONS, None) == (2018, 80.0)
    assert latest_after([], 2010) is None
    # order of input does not matter
    assert latest_after(list(reversed(OBSERVATIONS)), 2012) == (2018, 80.0)


def test_latest_after_reads_a_dataframe():
    frame = pd.DataFrame({"year": [2016, 2019, 2020], "value": [1.0, 2.0, None]})
    # 2020 has no value, so the latest reading is 2019
    assert latest_after(frame, 2016) == (2019, 2.0)


def test_conflicting_values_for_one_year_are_an_error():
    with pytest.raises(ValueError, match="conflicting"):
        latest_after([(2016, 30.0), (2016, 35.0)], 2015)
    # a repeated identical reading is not a conflict
    assert latest_after([(2016, 30.0), (2016, 30.0)], 2015) == (2016, 30.0)


def test_dataframe_without_year_and_value_is_an_error():
    with pytest.raises(ValueError):
        latest_after(pd.DataFrame({"yr": [2016], "val": [1.0]}), 2015)


# assess_from_observations


def test_assess_from_observations_with_a_stated_baseline():
    # Stated 100 (2015); readings 110 (2016) and 121 (2017); target 161.051 by 2020
    # CAGR_o = (121 / 100) ** (1 / 2) - 1 = 0.10; CAGR_r = 0.10; R = 1.0 -> on_track
    result = observe(
        observations=[(2015, 99.0), (2016, 110.0), (2017, 121.0)],
        plan_start_year=2016,
        stated_baseline_year=2015,
        stated_baseline_value=100.0,
        target_year=2020,
        target_value=161.051,
    )
    assert result.baseline_source == "stated"
    assert (result.baseline_year, result.baseline_value) == (2015, 100.0)
    assert (result.latest_year, result.latest_value) == (2017, 121.0)
    assert result.status == "on_track"


def test_assess_from_observations_says_when_the_baseline_is_an_observation():
    # No stated baseline; plan starts 2016; readings 100 (2015) and 121 (2017)
    # baseline = 2015 reading; CAGR_o = 0.10; target 161.051 by 2020 -> R = 1.0 -> on_track
    result = observe(
        observations=[(2015, 100.0), (2017, 121.0)],
        plan_start_year=2016,
        target_year=2020,
        target_value=161.051,
    )
    assert result.baseline_source == "observation"
    assert (result.baseline_year, result.baseline_value) == (2015, 100.0)
    assert result.status == "on_track"


def test_assess_from_observations_with_only_a_baseline_reading():
    # The only reading is the baseline itself -> no actual after it -> insufficient_data
    result = observe(
        observations=[(2015, 100.0)], plan_start_year=2016, target_year=2020, target_value=150.0
    )
    assert result.status == "insufficient_data"
    assert result.baseline_source == "observation"


def test_assess_from_observations_with_no_baseline_uses_the_latest_reading():
    # All readings after the plan start: no baseline; 2018 reading 160 >= 150 -> achieved
    result = observe(
        observations=[(2017, 120.0), (2018, 160.0)],
        plan_start_year=2016,
        target_year=2020,
        target_value=150.0,
    )
    assert result.baseline_source == "none"
    assert result.latest_year == 2018
    assert result.status == "achieved"


def test_assess_from_observations_milestone_without_readings():
    result = observe(
        observations=[],
        plan_start_year=2016,
        target_year=2020,
        target_value=100.0,
        kind="milestone",
    )
    assert result.status == "not_measurable"
    assert result.reason == "no_reading"


def test_every_status_is_reachable():
    reached = {
        assess(latest_year=2017, latest_value=125.0).status,
        assess(latest_year=2016, latest_value=110.0).status,
        assess(latest_year=2016, latest_value=108.0).status,
        assess(latest_year=2016, latest_value=103.0).status,
        assess(latest_year=2016, latest_value=95.0).status,
        assess().status,
        assess(kind="milestone", target_value=None).status,
    }
    assert reached == set(STATUSES)
