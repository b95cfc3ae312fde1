"""How the map marks a figure: rate or count, colour classes, symbol sizes."""

from __future__ import annotations

import pytest

from civdash import map_style
from civdash.loader import cached_dataset, data_dir


@pytest.fixture(scope="module")
def dataset():
    return cached_dataset(str(data_dir()))


def test_kind_follows_the_unit(dataset):
    assert map_style.indicator_kind(dataset, "community_service_stations_urban") == map_style.COUNT
    assert map_style.indicator_kind(dataset, "elderly_care_beds") == map_style.COUNT
    assert map_style.indicator_kind(dataset, "rural_community_service_coverage") == map_style.RATE


def test_percentages_shade_in_fixed_fifths_and_every_value_finds_its_class():
    import pandas as pd

    steps = map_style.colour_steps(pd.Series([12.0, 77.0, None]), "percent")
    assert [(step.lower, step.upper) for step in steps][0] == (0.0, 20.0)
    assert len(steps) == 5 and steps[-1].upper == 100.0
    assert map_style.step_colour(77.0, steps) == map_style.RAMP[3]
    assert map_style.step_colour(100.0, steps) == map_style.RAMP[-1]


def test_two_values_still_span_dark_to_light():
    import pandas as pd

    steps = map_style.colour_steps(pd.Series([3.0, 9.0]), "count")
    assert steps[0].colour == map_style.RAMP[0] and steps[-1].colour == map_style.RAMP[-1]
    assert steps[0].lower <= 3.0 and steps[-1].upper >= 9.0


def test_symbol_area_reads_as_the_count_and_a_gap_has_no_symbol():
    largest = map_style.symbol_radius_px(400.0, 400.0)
    assert largest == map_style.MAX_SYMBOL_PX
    assert map_style.symbol_radius_px(100.0, 400.0) == pytest.approx(largest / 2)
    assert map_style.symbol_radius_px(float("nan"), 400.0) == 0.0
    assert map_style.symbol_radius_px(5.0, 0.0) == 0.0
    assert map_style.nice_below(730.0) == 500.0 and map_style.nice_below(0.0) == 0.0
