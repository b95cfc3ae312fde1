"""Mixed Chinese numerals (two multipliers, Arabic digits with 万 and 千) parse exactly or are
refused: never a value 10⁴ off."""

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from civdash.core.numbers import NumberParseError, parse_chinese_number


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("一万二千", 12_000),
        ("1万2千", 12_000),
        ("一亿二千万", 120_000_000),
        ("12万5千", 125_000),
        ("两千零五十", 2_050),
        ("3.9万", 39_000),
        ("1.2亿", 120_000_000),
        ("1万2000", 12_000),
        ("3亿2000万", 320_000_000),
        ("十万零一十", 100_010),
        ("二十三万四千五百", 234_500),
        ("兩萬三千", 23_000),
        ("一億零五百萬", 105_000_000),
        ("2.5万亿", 2_500_000_000_000),
        ("一百一十", 110),
        ("近万", 10_000),
        ("1,234.5万", 12_345_000),
        ("１万２千", 12_000),
    ],
)
def test_mixed_numerals(written, value):
    assert parse_chinese_number(written).value == pytest.approx(value)


@pytest.mark.parametrize(
    "written",
    # Shorthand whose place is unsaid (三千五 is 3,500 to one reader and 3,005 to another),
    # digits side by side, units out of order, a section closed twice.
    [
        "一万二",
        "1万5",
        "三千五",
        "三千五万",
        "二〇二四",
        "一二",
        "十百",
        "一万二千万",
        "12千",
        "万万",
    ],
)
def test_ambiguous_or_malformed_numerals_are_refused(written):
    with pytest.raises(NumberParseError):
        parse_chinese_number(written)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_round_trip_through_chinese_numerals(number):
    """integer → cn2an's Chinese numeral (一亿二千万, 十万零一十) → our parser."""
    written = cn2an.an2cn(number)
    assert parse_chinese_number(written).value == number, written


@settings(max_examples=300, deadline=None)
@given(
    st.integers(min_value=0, max_value=9999),
    st.integers(min_value=0, max_value=9999),
    st.integers(min_value=0, max_value=9),
    st.integers(min_value=0, max_value=9),
)
def test_round_trip_through_mixed_digits(yi, wan, thousands, hundreds):
    """integer → a bureau's mixed writing (3亿2000万, 12万5千, 1万2千3百) → our parser."""
    parts = []
    if yi:
        parts.append(f"{yi}亿")
    if wan:
        parts.append(f"{wan}万")
    if thousands:
        parts.append(f"{thousands}千")
    if hundreds:
        parts.append(f"{hundreds}百")
    if not parts:
        return
    written = "".join(parts)
    expected = yi * 10**8 + wan * 10**4 + thousands * 1000 + hundreds * 100
    assert parse_chinese_number(written).value == expected, written


@pytest.mark.parametrize(
    ("written", "value"), [("1万2千", 12_000), ("一亿二千万", 120_000_000), ("12万5千", 125_000)]
)
def test_plans_form_reads_mixed_numerals(written, value):
    """The plans form (and the upload validator, which shares its pattern) reads them too."""
    from civdash.method.actuals import read_value

    assert read_value(written, "persons", "zh").value == value


def test_plans_form_refuses_shorthand():
    from civdash.method.actuals import read_value

    reading = read_value("一万二", "persons", "en")
    assert reading.value is None and reading.error
