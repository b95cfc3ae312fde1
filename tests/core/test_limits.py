"""civdash.core.limits: the limits fit together, Streamlit's cap sits above ours, README states
them."""

from __future__ import annotations

import re
import tomllib

import pytest

from civdash.core import limits
from tests.conftest import REPO_ROOT

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
# README's limits table: row -> the limits that row states.
TABLE_ROWS = {
    "upload size": ("MAX_UPLOAD_BYTES", "MAX_UPLOAD_MB"),
    "report length": ("MAX_REPORT_CHARACTERS",),
    "line length": ("MAX_LINE_CHARS",),
    "field length": ("MAX_FIELD_CHARS", "MAX_VALUE_CHARS"),
    "header width": ("MAX_HEADER_FIELDS",),
    "rows per upload": ("MAX_OBSERVATION_ROWS", "MAX_STATION_ROWS"),
    "user rows per session": ("MAX_USER_ROWS_PER_SESSION",),
    "stations per analysis": ("MAX_STATIONS_PER_ANALYSIS",),
    "problems listed": ("MAX_PROBLEMS",),
    "spelling suggestions": ("MAX_SUGGESTIONS",),
    "time budget": (
        "VALIDATION_BUDGET_SECONDS",
        "EXTRACTION_BUDGET_SECONDS",
        "COVERAGE_BUDGET_SECONDS",
    ),
    "worker processes": (
        "MAX_WORKERS",
        "SMALL_JOB_SLOTS",
        "SMALL_JOB_BYTES",
        "WORKER_WAIT_SECONDS",
        "MAX_QUEUED_JOBS",
    ),
    "CPU seconds": ("WORKER_CPU_BASE_SECONDS", "WORKER_CPU_BYTES_PER_SECOND"),
    "memory": ("WORKER_MEMORY_BYTES", "SMALL_JOB_MEMORY_BYTES"),
}
# Limits README states in its prose rather than in the table.
IN_PROSE = {"UPLOADER_BACKSTOP_MB", "INLINE_VALIDATION_BYTES"}


def table_row(name: str) -> str:
    match = re.search(rf"^\| {re.escape(name)} \|(.*)$", README, re.MULTILINE)
    assert match, f"README's limits table has no '{name}' row"
    return match.group(1)


def numbers_in(text: str) -> set[float]:
    return {float(number.replace(",", "")) for number in re.findall(r"[0-9][0-9,]*", text)}


def test_every_limit_is_documented_somewhere():
    constants = {name for name in vars(limits) if name.isupper()}
    documented = {name for names in TABLE_ROWS.values() for name in names} | IN_PROSE
    assert constants == documented


@pytest.mark.parametrize("row", TABLE_ROWS)
def test_readme_table_gives_each_limit_its_value(row):
    written = numbers_in(table_row(row))
    for name in TABLE_ROWS[row]:
        assert float(getattr(limits, name)) in written, (row, name, getattr(limits, name))


def test_prose_limits_match_the_code():
    assert f"{limits.INLINE_VALIDATION_BYTES // 1024} KB" in README
    assert f"server.maxUploadSize = {limits.UPLOADER_BACKSTOP_MB}" in README


def test_streamlit_cap_lets_every_file_just_over_our_limit_reach_our_check():
    config = tomllib.loads((REPO_ROOT / ".streamlit" / "config.toml").read_text("utf-8"))
    cap_mb = config["server"]["maxUploadSize"]
    # Streamlit counts 1,000,000 bytes a megabyte in the browser outside Windows.
    assert cap_mb * 1_000_000 > limits.MAX_UPLOAD_BYTES
    assert limits.MAX_UPLOAD_MB * 1_000_000 == limits.MAX_UPLOAD_BYTES


def test_limits_nest_as_the_module_says():
    # A physical line holds the seven known columns at their longest.
    assert limits.MAX_LINE_CHARS >= 7 * limits.MAX_FIELD_CHARS
    assert limits.MAX_VALUE_CHARS < limits.MAX_FIELD_CHARS
    # One full upload fits in a session; a full station file may exceed one analysis.
    assert limits.MAX_OBSERVATION_ROWS <= limits.MAX_USER_ROWS_PER_SESSION
    assert limits.MAX_STATIONS_PER_ANALYSIS <= limits.MAX_STATION_ROWS
    # Only small uploads validate on the script thread.
    assert limits.INLINE_VALIDATION_BYTES < limits.MAX_UPLOAD_BYTES
    assert limits.MAX_WORKERS >= 1
