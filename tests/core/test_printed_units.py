"""civdash.core.printed_units: a table's printed unit gives its base unit and its 万/亿 scale."""

import pytest

from civdash.core.printed_units import parse_unit


@pytest.mark.parametrize(
    ("text", "base", "scale"),
    [
        ("万人", "persons", 1e4),
        ("万张", "beds", 1e4),
        ("亿元", "yuan", 1e8),
        ("万人次", "person_times", 1e4),
        ("元/人·月", "yuan_per_person_month", 1.0),
        ("元/人、年", "yuan_per_person_year", 1.0),
        ("张/千人", "beds_per_100_elderly", 0.1),
        ("个", "count", 1.0),
    ],
)
def test_parse_unit(text, base, scale):
    unit = parse_unit(text)
    assert (unit.base, unit.scale) == (base, scale)


def test_parse_unit_refuses_words():
    assert parse_unit("养老机构") is None
    assert parse_unit("") is None
