"""Chinese figures parse to base units and values format per language."""

import pytest

from civdash.core.numbers import (
    APPROX,
    AT_LEAST,
    AT_MOST,
    EXACT,
    NumberParseError,
    format_value,
    parse_chinese_number,
)


@pytest.mark.parametrize(
    ("written", "value", "qualifier"),
    [
        ("14.27亿", 1_427_000_000, EXACT),
        ("700多万", 7_000_000, AT_LEAST),
        ("近800", 800, APPROX),
        ("230余万", 2_300_000, AT_LEAST),
        ("97.05%", 97.05, EXACT),
        ("95%以上", 95, AT_LEAST),
        ("超37億", 3_700_000_000, AT_LEAST),
        ("275萬余", 2_750_000, AT_LEAST),
        ("約6500萬", 65_000_000, APPROX),
        ("1.81万", 18_100, EXACT),
        ("0.28万", 2_800, EXACT),
        ("3千", 3_000, EXACT),
        ("61195", 61_195, EXACT),
        ("1,000", 1_000, EXACT),
        ("百余", 100, AT_LEAST),
        ("两倍多", 2, AT_LEAST),
        ("十二", 12, EXACT),
        ("一千二百", 1_200, EXACT),
        ("不超过5", 5, AT_MOST),
        ("1/20", 0.05, EXACT),
    ],
)
def test_parse_chinese_number(written, value, qualifier):
    parsed = parse_chinese_number(written)
    assert parsed.value == pytest.approx(value)
    assert parsed.qualifier == qualifier


def test_percent_and_multiple_flags():
    assert parse_chinese_number("57.7%").is_percent
    assert parse_chinese_number("一倍多").is_multiple
    assert not parse_chinese_number("57.7").is_percent


@pytest.mark.parametrize("text", ["", "   ", "abc", "多"])
def test_unparseable_figures_raise(text):
    with pytest.raises(NumberParseError):
        parse_chinese_number(text)


@pytest.mark.parametrize(
    ("value", "unit", "qualifier", "zh", "en"),
    [
        (1_427_000_000, "yuan", EXACT, "14.27亿元", "1.43 billion yuan"),
        (61_195, "persons", EXACT, "61195人".replace("61195", "61,195"), "61,195 persons"),
        (97.05, "percent", EXACT, "97.05%", "97.05%"),
        (7_000_000, "yuan", AT_LEAST, "≥700万元", "≥7 million yuan"),
        (800, "beds", APPROX, "≈800张", "≈800 beds"),
        (780, "yuan_per_person_month", EXACT, "780元/人/月", "780 yuan/person/month"),
        (-32, "percent_change", EXACT, "-32%", "-32%"),
        (25.4, "percent_change", EXACT, "+25.4%", "+25.4%"),
        (2_750_000, "person_times", AT_LEAST, "≥275万人次", "≥2.75 million person-times"),
        (13_743, "count", EXACT, "13,743个", "13,743"),
    ],
)
def test_format_value(value, unit, qualifier, zh, en):
    assert format_value(value, unit, "zh", qualifier) == zh
    assert format_value(value, unit, "en", qualifier) == en


def test_missing_value_is_never_zero():
    assert format_value(None, "yuan", "zh") == "未报告"
    assert format_value(float("nan"), "yuan", "en") == "not reported"
