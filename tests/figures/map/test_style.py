"""How the map marks a figure: rate or count, colour classes, symbol sizes."""

from __future__ import annotations

import pytest

from civdash.data.loader import cached_dataset, data_dir
from civdash.figures.map import style


@pytest.fixture(scope="module")
def dataset():
    return cached_dataset(str(data_dir()))


def test_kind_follows_the_unit(dataset):
    assert style.indicator_kind(dataset, "community_service_stations_urban") == style.COUNT
    assert style.indicator_kind(dataset, "elderly_care_beds") == style.COUNT
    assert style.indicator_kind(dataset, "rural_community_service_coverage") == style.RATE


def test_percentages_shade_in_fixed_fifths_and_every_value_finds_its_class():
    import pandas as pd

    steps = style.colour_steps(pd.Series([12.0, 77.0, None]), "percent")
    assert [(step.lower, step.upper) for step in steps][0] == (0.0, 20.0)
    assert len(steps) == 5 and steps[-1].upper == 100.0
    assert style.step_colour(77.0, steps) == style.RAMP[3]
    assert style.step_colour(100.0, steps) == style.RAMP[-1]


def test_two_values_still_span_dark_to_light():
    import pandas as pd

    steps = style.colour_steps(pd.Series([3.0, 9.0]), "count")
    assert steps[0].colour == style.RAMP[0] and steps[-1].colour == style.RAMP[-1]
    assert steps[0].lower <= 3.0 and steps[-1].upper >= 9.0


def test_symbol_area_reads_as_the_count_and_a_gap_has_no_symbol():
    largest = style.symbol_radius_px(400.0, 400.0)
    assert largest == style.MAX_SYMBOL_PX
    assert style.symbol_radius_px(100.0, 400.0) == pytest.approx(largest / 2)
    assert style.symbol_radius_px(float("nan"), 400.0) == 0.0
    assert style.symbol_radius_px(5.0, 0.0) == 0.0
    assert style.nice_below(730.0) == 500.0 and style.nice_below(0.0) == 0.0
