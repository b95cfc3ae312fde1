"""The one missing-number rule (numbers.is_missing / as_number), used by the formatter, plans,
the progress method and the charts alike."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from civdash.core import formatting
from civdash.core.numbers import as_number, is_missing
from civdash.figures import charts
from civdash.method import progress, targets


@pytest.mark.parametrize(
    "value", [None, math.nan, np.nan, math.inf, -math.inf, np.float32("nan"), pd.NA, pd.NaT]
)
def test_every_form_of_a_missing_number_is_missing(value):
    assert is_missing(value)
    assert as_number(value) is None
    assert formatting.fact_text(value, "beds", "en", year=2020) == formatting.MISSING


@pytest.mark.parametrize("value", [0, 0.0, -3, "x", "12", np.int64(4)])
def test_real_values_are_not_missing(value):
    assert not is_missing(value)


def test_as_number_reads_numbers_and_refuses_text():
    assert as_number("12.5") == 12.5
    assert as_number(np.int64(4)) == 4.0
    assert as_number("abc") is None
    assert as_number("inf") is None


def test_an_infinite_target_is_missing_in_the_plans_table_never_inf():
    row = {"unit": "beds", "target_value": math.inf, "target_value_upper": None}
    assert targets.target_text({**row, "target_year": 2020}, "en") == formatting.MISSING


def test_progress_and_charts_share_the_rule():
    # The progress method reads an infinite stated value as no value, as the charts do.
    assert progress.as_number(math.inf) is None
    assert charts._column_values(pd.Series([1.0, math.inf, pd.NA], dtype=object)) == [
        1.0,
        None,
        None,
    ]
