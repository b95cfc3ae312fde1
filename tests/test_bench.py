"""Benchmark results: percentiles, ratios against aims, before/after tables that line up."""

import json
import unicodedata

from civdash.i18n import PAGE_KEYS
from tools.bench import (
    before_note,
    error_lines,
    format_ratio,
    format_table,
    kept_sections,
    percentile,
    ratio,
    read_before,
    scale_table,
    server_table,
)


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


def figures(reference: float, **reruns: float | str) -> dict:
    """A server run's figures as bench/server_timing.py writes them; a str is an error."""
    pages = {"reference": {"first": 0.5, "rerun": reference}}
    for page, value in reruns.items():
        pages[page] = {"error": value} if isinstance(value, str) else {"first": 1.0, "rerun": value}
    return {"load_s": 2.0, "peak_rss_bytes": 3 * 2**30, "pages": pages}


def row(table: str, page: str) -> list[str]:
    line = next(line for line in table.splitlines() if line.startswith(f"| {page} "))
    return [cell.strip() for cell in line.strip("|").split("|")]


def test_server_table_shows_before_and_after_each_against_its_own_reference():
    after = figures(0.020, overview=0.040, trends=0.100)
    before = figures(0.010, overview=0.050)
    table = server_table(after, before, aim=3.0)
    # page, first run, rerun before, rerun after, ratio before, ratio after (against the aim)
    assert row(table, "overview") == ["overview", "1.00 s", "50 ms", "40 ms", "5.00×", "2.00× ✓"]
    assert row(table, "trends")[2:] == ["–", "100 ms", "–", "5.00× ✗"]
    # Every page has a row, measured or not.
    assert all(row(table, page) for page in PAGE_KEYS)
    assert row(table, "contribute")[1:] == ["–"] * 5


def test_a_failed_page_says_error_and_its_message_is_listed():
    after = figures(0.020, overview="overview: MaxRowsError: 23000 rows")
    table = server_table(after, None, aim=10.0)
    assert row(table, "overview")[3] == "error"
    assert error_lines(after, None) == ["- after, overview: overview: MaxRowsError: 23000 rows", ""]
    assert error_lines(figures(0.02), None) == []


def test_scale_table_reports_load_and_memory_against_their_aims():
    table = scale_table({"load_s": 1.5, "peak_rss_bytes": 2**30}, figures(0.01))
    assert row(table, "load and join")[1:] == ["2.00 s", "1.50 s", "< 3 s ✓"]
    assert row(table, "peak resident memory")[1:] == ["3.00 GB", "1.00 GB", "< 2 GB ✓"]
    assert row(scale_table(figures(0.01), None), "load and join")[1:] == ["–", "2.00 s", "< 3 s ✓"]


def test_before_figures_come_from_an_earlier_runs_json(tmp_path):
    saved = tmp_path / "before.json"
    saved.write_text(json.dumps({"label": "main at 56cad0b", "seed": figures(0.01)}), "utf-8")
    assert read_before(saved)["seed"]["pages"]["reference"]["rerun"] == 0.01
    assert read_before(tmp_path / "missing.json") == {}
    assert "56cad0b" in before_note(read_before(saved))


def test_a_new_run_keeps_the_sections_other_scripts_wrote():
    previous = (
        "# Benchmark results\n\n## Machine\n\nold\n\n## Seed data: server side\n\nold\n\n"
        "## Hostile uploads: memory\n\nkept 1\n\n## National scale: server side\n\nold\n\n"
        "## Report extraction (`python bench/extraction.py`)\n\nkept 2\n"
    )
    kept = kept_sections(previous)
    assert kept == (
        "## Hostile uploads: memory\n\nkept 1\n\n"
        "## Report extraction (`python bench/extraction.py`)\n\nkept 2\n"
    )
    assert kept_sections("") == ""
