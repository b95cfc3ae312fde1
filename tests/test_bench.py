"""Benchmark helpers: percentiles, ratios against aims and tables that line up."""

import unicodedata

from tools.bench import format_ratio, format_table, percentile, ratio


def test_percentile_interpolates_like_numpy():
    assert percentile([4.0, 1.0, 3.0, 2.0], 50) == 2.5
    assert percentile([1.0, 2.0, 3.0, 4.0, 5.0], 95) == 4.8
    assert percentile([], 50) is None


def test_ratio_is_reported_against_its_aim_not_asserted():
    assert ratio(3.0, 1.5) == 2.0
    assert ratio(1.0, 0) is None
    assert format_ratio(2.0, 3.0) == "2.00× ✓"
    assert format_ratio(4.5, 3.0) == "4.50× ✗"
    assert format_ratio(None) == "–"


def test_table_columns_line_up_with_chinese_text():
    lines = format_table(["页面", "time"], [["总览", "12 ms"], ["overview", None]]).splitlines()
    assert len({columns(line) for line in lines}) == 1
    assert lines[3].startswith("| overview") and "–" in lines[3]


def columns(line: str) -> int:
    """Terminal columns: wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in line)
