"""The one fact formatter: increases, yes/no, missing cells, year spans, CSV numbers."""

import pandas as pd
import pytest

from civdash.core import formatting


@pytest.mark.parametrize(
    ("value", "qualifier", "lang", "expected"),
    [
        (1, "at_least", "zh", "提高一倍多(+100%以上)"),
        (2, "at_least", "zh", "提高两倍多(+200%以上)"),
        (1, "at_least", "en", "more than doubled (+100% or more)"),
        (2, "at_least", "en", "more than tripled (+200% or more)"),
        (1, "exact", "en", "doubled (+100%)"),
        (0.5, "exact", "en", "rose by 50%"),
    ],
)
def test_an_increase_multiple_reads_as_an_increase(value, qualifier, lang, expected):
    assert formatting.fact_value(value, "times", lang, qualifier, period_start=2002) == expected


def test_a_multiple_without_a_baseline_period_keeps_its_sign():
    assert formatting.fact_value(2, "times", "zh", "at_most") == "≤2倍"


@pytest.mark.parametrize("missing", [None, float("nan"), pd.NA])
def test_missing_values_never_read_none(missing):
    assert formatting.fact_value(missing, "beds", "zh") == "未报告"
    assert formatting.fact_value(missing, "beds", "en") == "not reported"
    assert formatting.yes_no(missing, "en") == "–"
    assert formatting.export_number(missing) == ""


def test_yes_no_and_year_spans():
    assert [formatting.yes_no(flag, "zh") for flag in (True, False)] == ["是", "否"]
    assert [formatting.yes_no(flag, "en") for flag in (True, False)] == ["yes", "no"]
    assert formatting.year_span(2013, 2013) == "2013"
    assert formatting.year_span(2012, 2022) == "2012–2022"
    assert formatting.year_span(None, None) == "–"


def test_export_numbers_drop_float_noise_only():
    assert formatting.export_number(320.0) == 320
    assert isinstance(formatting.export_number(87000.0), int)
    assert formatting.export_number(2.86) == 2.86


def test_period_text_names_a_span_or_one_year():
    from civdash.core.formatting import period_text

    assert period_text(2016, 2022) == "2016–2022"
    assert period_text(None, 2022) == "2022"
    assert period_text(float("nan"), 2022.0) == "2022"


def test_fact_text_says_the_figure_with_its_qualifier_unit_and_year():
    from civdash.core.formatting import fact_text

    about = fact_text(1200, "beds", "zh", "approx", None, 2022)
    assert about.endswith("(2022)") and "1,200" in about and about != "1,200 (2022)"
    # A multiple since a baseline reads as an increase over the whole period.
    assert fact_text(1, "times", "en", "at_least", 2012, 2022).endswith("(2012–2022)")
    assert "doubled" in fact_text(1, "times", "en", "at_least", 2012, 2022)
    # Without a year, the value alone; a missing value never borrows a year.
    assert fact_text(5, "percent", "en") == fact_text(5, "percent", "en", year=None)
    assert fact_text(None, "beds", "zh", year=2022) == "–"
