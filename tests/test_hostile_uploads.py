"""Hostile and careless files (the reliability review of 57fd356): linear time, limits, honesty."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from civdash.core import limits, numbers
from civdash.data import csv_input
from civdash.data.csv_input import WARNING
from civdash.data.loader import Dataset, load_dataset
from civdash.data.uploads import (
    CHINESE_FIGURE,
    PLAIN_NUMBER,
    _parse_value,
    check_upload,
    validate_upload,
    validate_upload_path,
)
from civdash.data.validate import Report
from civdash.jobs.station_job import analyse
from civdash.method.walking_coverage import read_stations
from tests.conftest import REPO_ROOT, tiny_tables, write_tables

HEADER = "region_id,indicator_id,year,value"
FULL_HEADER = "region_id,indicator_id,year,value,qualifier,source,note"
GOOD = "330200,dibao_households,2013,41000"
STATION_HEADER = "name,type,lon,lat"
STATION = "西湖站,community,120.1551,30.2741"


@pytest.fixture(scope="module")
def data_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tables(tmp_path_factory.mktemp("data"), tiny_tables())


@pytest.fixture(scope="module")
def dataset(data_folder: Path) -> Dataset:
    return load_dataset(data_folder)


def upload(dataset: Dataset, *lines: str, encoding: str = "utf-8"):
    return validate_upload(("\n".join(lines) + "\n").encode(encoding), "obs.csv", dataset)


def messages(result) -> str:
    return "\n".join(problem.format() for problem in result.report.problems)


# --- linear time ---------------------------------------------------------------------------


def best_time(function, text) -> float:
    """CPU seconds of one call: best of five timings of enough calls to last a few ms.

    CPU time of this thread, not wall time: on a shared machine a long measurement is
    preempted more often than a short one, which would look like superlinear growth.
    """
    calls, elapsed = 1, 0.0
    while True:
        start = time.thread_time()
        for _ in range(calls):
            function(text)
        elapsed = time.thread_time() - start
        if elapsed > 0.003:
            break
        calls *= 2
    timings = [elapsed]
    for _ in range(4):
        start = time.thread_time()
        for _ in range(calls):
            function(text)
        timings.append(time.thread_time() - start)
    return min(timings) / calls


def growth(function, small, large) -> float:
    """Time of `large` over time of `small`: the lowest of three measurements, as a benchmark
    would report it, so that one burst of load from other processes cannot fail the test."""
    ratios = []
    for _ in range(3):
        ratios.append(best_time(function, large) / best_time(function, small))
        if ratios[-1] <= 20:
            break
    return min(ratios)


def parse_any(text: str) -> None:
    """Every pattern a value cell meets, without the length cap that normally guards them."""
    cell = csv_input.normalise_cell(text)
    PLAIN_NUMBER.fullmatch(cell)
    CHINESE_FIGURE.fullmatch(cell)
    with contextlib.suppress(numbers.NumberParseError, ValueError, OverflowError):
        numbers.parse_chinese_number(cell)


def grow(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


# Runs of spaces (ASCII and U+3000), digits, 万, punctuation and mixed scripts: the shapes
# that made the old patterns backtrack (H1), each followed by something that fails the match.
PIECES = st.sampled_from(
    [" ", "\u3000", "1", "9", "万", "亿", ",", "，", ".", "/", "%", "约", "多", "x", "١", "２"]
)


def parse_value_cell(text: str) -> None:
    """A value cell as the validator parses it: the length limit first, then the patterns."""
    _parse_value(text, "households", "x.csv", 2, Report())


UNITS_OF_TEXT = st.lists(PIECES, min_size=1, max_size=6).map("".join)


@settings(max_examples=10, deadline=None)
@given(unit=UNITS_OF_TEXT, tail=st.sampled_from("x万/ "))
def test_parse_time_of_a_value_cell_is_within_20x_from_5_to_100_kb(unit, tail):
    """H1: the parse time of a 100 KB cell is within 20x that of a 5 KB cell (a ratio).

    On 57fd356 '1' + 20,000 spaces + 'x' took 14.8 s: the ratio was about 400.
    """
    small = "1" + grow(unit, 5_000) + tail
    large = "1" + grow(unit, 100_000) + tail
    assert growth(parse_value_cell, small, large) <= 20, unit


@settings(max_examples=10, deadline=None)
@given(unit=UNITS_OF_TEXT, tail=st.sampled_from("x万/ "))
def test_every_pattern_is_linear_even_without_the_length_limit(unit, tail):
    """The patterns themselves, on 5 KB and 100 KB, with no cap to hide behind.

    A linear scan takes 20x as long for 20x the text and a backtracking one about 400x; the
    bound is 30x, as a 200 KB string no longer fits the fastest CPU caches.
    """
    small = "1" + grow(unit, 5_000) + tail
    large = "1" + grow(unit, 100_000) + tail
    assert growth(parse_any, small, large) <= 30, unit


def test_whole_file_validation_grows_linearly(dataset):
    """A 100 KB file of hostile value cells validates within 20x the time of a 5 KB file."""
    vocabulary_rows = [
        f'330200,dibao_households,{1990 + index % 40},"1{" " * 40}x"' for index in range(3000)
    ]

    def file_of(size: int) -> bytes:
        body, total = [HEADER], 0
        for row in vocabulary_rows:
            if total > size:
                break
            body.append(row)
            total += len(row) + 1
        return ("\n".join(body) + "\n").encode()

    small, large = file_of(5_000), file_of(100_000)
    vocabulary_check = lambda data: check_upload(data, "x.csv", _vocabulary(dataset))  # noqa: E731
    assert growth(vocabulary_check, small, large) <= 20


def _vocabulary(dataset: Dataset):
    from civdash.data.uploads import Vocabulary

    return Vocabulary.of(dataset)


def test_review_redos_cells_are_refused_by_length(dataset):
    """The review's 20 KB, 60 KB and 130 KB value cells: refused at once, naming the limit."""
    for spaces in (20_000, 60_000, 130_000):
        result = upload(dataset, HEADER, f'330200,dibao_households,2013,"1{" " * spaces}x"')
        assert result.frame is None
        assert "the line is longer than the 20,000-character line limit" in messages(result)
    result = upload(dataset, HEADER, f"330200,dibao_households,2013,{'1' * 100}万")
    assert "is 101 characters long, over the 64-character field limit" in messages(result)


# --- limits ---------------------------------------------------------------------------------


def test_upload_size_limit_is_exact_and_localised(dataset):
    row = (GOOD + "\n").encode()
    exact = (HEADER + "\n").encode()
    exact += b"#" * (limits.MAX_UPLOAD_BYTES - len(exact) - len(row)) + b"\n" + row
    exact = exact[: limits.MAX_UPLOAD_BYTES]
    assert len(exact) == limits.MAX_UPLOAD_BYTES
    assert not any(
        p.key == "input.too_large" for p in validate_upload(exact, "a.csv", dataset).report.problems
    )
    over = validate_upload(exact + b"\n", "a.csv", dataset)
    problem = over.report.problems[0]
    assert problem.key == "input.too_large" and over.report.exit_code == 2
    assert "10,000,001" in problem.text("en") and "10,000,000" in problem.text("en")
    assert "超过上传上限 10,000,000 字节" in problem.text("zh")


def test_wide_header_is_refused_quickly(dataset):
    """M4: a header of 2.5 M columns cost 1 GB; over 50 fields is refused."""
    result = upload(dataset, ",".join(["a"] * 60), GOOD)
    assert result.frame is None
    assert len(result.report.problems) == 1
    assert "obs.csv:1: -: has 60 fields, over the limit of 50" in messages(result)
    result = upload(dataset, ",".join(["a"] * 2_500_000), GOOD)
    assert len(result.report.problems) == 1
    assert "obs.csv:1: -: the line is longer than the 20,000-character" in messages(result)


def test_problems_stop_at_the_documented_number_with_a_count_of_the_rest(dataset):
    """M2: at most MAX_PROBLEMS problems are kept; a line says how many more there were."""
    rows = [f"9{index:05d},dibao_households,2013,1" for index in range(500)]
    result = upload(dataset, HEADER, *rows)
    assert len(result.report.problems) == limits.MAX_PROBLEMS
    assert result.report.error_count == 500
    assert result.report.omitted_line() == (
        "300 more problem(s) not listed (at most 200 are listed per file)"
    )
    assert result.report.summary().startswith("500 error(s)")


def test_spelling_suggestions_are_capped(dataset):
    """M2: difflib ran once per distinct bad id (597 s for 262k); only the first 50 get one."""
    rows = [f"330200,dibao_households{index},2013,1" for index in range(120)]
    result = upload(dataset, HEADER, *rows)
    suggested = [p for p in result.report.problems if "did you mean" in p.message]
    assert len(suggested) == limits.MAX_SUGGESTIONS
    assert result.report.error_count == 120


def test_too_many_rows_are_refused_naming_the_limit(dataset):
    rows = [GOOD] * (limits.MAX_OBSERVATION_ROWS + 1)
    result = upload(dataset, HEADER, *rows)
    assert result.frame is None
    first = result.report.problems[0]
    assert first.line == limits.MAX_OBSERVATION_ROWS + 2
    assert "has more than 20,000 data rows, the limit per upload" in first.message


def test_long_field_is_an_error_with_its_line(dataset):
    note = "说明" * (limits.MAX_FIELD_CHARS // 2 + 1)
    result = upload(dataset, FULL_HEADER, GOOD + ",exact,src,ok", GOOD[:-1] + "2,exact,src," + note)
    problem = result.report.errors[0]
    assert (problem.line, problem.column) == (3, "note")
    assert "over the 2,000-character field limit" in problem.message


# --- strictness and honesty -----------------------------------------------------------------


def test_unclosed_quote_is_an_error_at_its_line(dataset):
    """M3: the second row vanished into the first row's note, exit 0, 'Added 1'."""
    result = upload(
        dataset,
        FULL_HEADER,
        '330200,dibao_households,2013,1200,exact,src,"never closed',
        "330300,dibao_households,2013,1100,exact,src,second row",
    )
    assert result.frame is None
    problem = result.report.errors[0]
    assert problem.line == 2
    assert "a quote opened on this line is never closed" in problem.message


@pytest.mark.parametrize(
    ("note", "encoding"),
    [("來源標準說明", "big5"), ("ソース標準の説明", "shift_jis")],
)
def test_big5_and_shift_jis_are_refused_not_read_as_mojibake(dataset, note, encoding):
    """L1: read silently as GB18030 mojibake on 57fd356."""
    data = ("\n".join([FULL_HEADER, f"{GOOD},exact,src,{note}"]) + "\n").encode(encoding)
    result = validate_upload(data, "obs.csv", dataset)
    assert result.frame is None and result.report.exit_code == 2
    assert "save it as CSV UTF-8" in messages(result)


def test_a_file_mixing_utf8_and_gbk_rows_is_refused_with_the_line(dataset):
    """L1: the UTF-8 row became 鏉ユ簮 mojibake on 57fd356."""
    data = (
        (FULL_HEADER + "\n").encode()
        + f"{GOOD},exact,来源,标准\n".encode()
        + "330300,dibao_households,2013,1,exact,来源,标准\n".encode("gbk")
    )
    result = validate_upload(data, "obs.csv", dataset)
    assert result.frame is None
    assert "mixes UTF-8 with another encoding (line 3 is not UTF-8)" in messages(result)


def test_gbk_simplified_chinese_is_still_read(dataset):
    data = ("\n".join([FULL_HEADER, f"{GOOD},exact,统计公报,年末数据"]) + "\n").encode("gbk")
    result = validate_upload(data, "obs.csv", dataset)
    assert result.frame is not None and result.encoding == "gb18030"


def test_a_doubled_bom_is_named_plainly_and_ignored(dataset):
    """Info 2: reported as an unknown column '\\ufeffregion_id' on 57fd356."""
    data = b"\xef\xbb\xbf\xef\xbb\xbf" + (HEADER + "\n" + GOOD + "\n").encode()
    result = validate_upload(data, "obs.csv", dataset)
    assert result.frame is not None
    warning = result.report.warnings[0]
    assert warning.severity == WARNING
    assert "starts with two byte-order marks (BOM)" in warning.message


@pytest.mark.parametrize("year", ["2٠2０", "٢٠١٣", "2O13"])
def test_years_in_mixed_or_foreign_digits_are_refused(dataset, year):
    """L6: '2٠2０' mixes three digit scripts and was accepted as 2020."""
    result = upload(dataset, HEADER, f"330200,dibao_households,{year},41000")
    assert result.frame is None
    assert "is not a four-digit year written in digits 0-9" in messages(result)


def test_full_width_years_and_values_are_read(dataset):
    result = upload(dataset, HEADER, "330200,dibao_households,２０１３,４１０００")
    assert result.frame is not None
    assert int(result.frame["year"][0]) == 2013 and float(result.frame["value"][0]) == 41000


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("330200,dibao_households,2013,1e308", "above 1e+09, more than any value in this unit"),
        (
            "330200,welfare_lottery_sales,2013,1.7976931348623157e308",
            "above 1e+14, more than any value in this unit",
        ),
        ("330200,dibao_households,2013,3e9", "above 1e+09"),
    ],
)
def test_implausible_values_are_errors(dataset, row, message):
    """L5: 1e308 beds were accepted and counted as plan actuals."""
    result = upload(dataset, HEADER, row)
    assert result.frame is None
    assert message in messages(result)


def test_negative_zero_is_stored_as_zero(dataset):
    result = upload(dataset, HEADER, "330200,dibao_households,2013,-0")
    assert str(float(result.frame["value"][0])) == "0.0"


def test_decimal_region_id_gets_the_right_suggestion(dataset):
    """Info 1: '330100.0' was told "did you mean '331000'?"."""
    result = upload(dataset, HEADER, "330200.0,dibao_households,2013,1")
    assert "did you mean '330200'?" in messages(result)


def test_messages_escape_terminal_controls_and_cannot_forge_a_summary(dataset):
    """L4: CR and LF in a quoted cell were printed raw and forged a '0 error(s)' line."""
    forged = '"x\n0 error(s), 0 warning(s); rows: observations 1\r"'
    result = upload(dataset, HEADER, f"{forged},dibao_households,2013,1")
    lines = [problem.format() for problem in result.report.problems]
    assert lines and all("\n" not in line and "\r" not in line for line in lines)
    assert "x\\x0a0 error(s)" in lines[0]


def test_c1_control_characters_are_refused(dataset):
    """L4: ESC was refused but the one-character CSI U+009B was echoed to the terminal."""
    result = upload(dataset, HEADER, "\u009b2J330200,dibao_households,2013,1")
    assert result.report.exit_code == 2
    assert "contains control characters" in messages(result)


# --- station files (L9, H2) -----------------------------------------------------------------


def stations(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.parametrize("name", ["A\x00B", "A\x01B", "A\x1b[31mB", "A\u009bB"])
def test_station_control_bytes_are_refused(name):
    frame, problems = read_stations(
        stations(STATION_HEADER, f"{name},community,120.1,30.2"), "s.csv"
    )
    assert frame.empty
    assert problems[0].key in ("input.nul", "input.control")


def test_station_coordinates_refuse_underscores_and_foreign_digits():
    frame, problems = read_stations(
        stations(STATION_HEADER, "a,x,1_20.1_5,3_0.2_7", "b,x,١٢٠.١,٣٠.٢", STATION), "s.csv"
    )
    assert len(frame) == 1
    assert {problem.line for problem in problems} == {2, 3}
    assert "lon is not a number: '1_20.1_5'" in [problem.message for problem in problems]


def test_station_long_field_names_its_line():
    frame, problems = read_stations(
        stations(STATION_HEADER, STATION, "x" * 200_000 + ",a,1,2"), "s.csv"
    )
    assert frame.empty
    assert problems[-1].line == 3
    assert "20,000-character line limit" in problems[-1].message
    frame, problems = read_stations(
        stations(STATION_HEADER, STATION, "n" * 3000 + ",a,120.1,30.2"), "s.csv"
    )
    assert len(frame) == 1
    assert (problems[0].line, problems[0].column) == (3, "name")


def test_station_rows_and_stations_per_analysis_are_capped():
    many = [f"s{index},x,120.{index:05d},30.2" for index in range(limits.MAX_STATION_ROWS + 1)]
    frame, problems = read_stations(stations(STATION_HEADER, *many), "s.csv")
    assert frame.empty and "more than 10,000 data rows" in problems[0].message
    county = [
        f"s{index},x,120.{index:05d},30.2" for index in range(limits.MAX_STATIONS_PER_ANALYSIS + 1)
    ]
    result = analyse(stations(STATION_HEADER, *county), "s.csv", 750.0, "330100")
    assert result.result is None and result.stations.empty
    assert "5,001 usable stations, over the limit of 5,000" in result.problems[-1].text("en")
    assert "超过每次分析 5,000 个的上限" in result.problems[-1].text("zh")


def test_station_unclosed_quote_and_encoding_are_checked_like_observations():
    frame, problems = read_stations(
        stations(STATION_HEADER, '"open,x,120.1,30.2', STATION), "s.csv"
    )
    assert frame.empty and problems[-1].key == "input.unclosed_quote" and problems[-1].line == 2
    big5 = ("\n".join([STATION_HEADER, "來源標準站,社區,120.1,30.2"]) + "\n").encode("big5")
    frame, problems = read_stations(big5, "s.csv")
    assert frame.empty and problems[0].key == "input.encoding"


# --- the command line (L2, L3) ---------------------------------------------------------------


def cli(
    *args: str, env: dict | None = None, shell: str | None = None
) -> subprocess.CompletedProcess:
    command = shell or [sys.executable, "-m", "civdash", "validate", *args]
    return subprocess.run(
        command,
        cwd=REPO_ROOT,
        capture_output=True,
        timeout=120,
        env={**os.environ, **(env or {})},
        shell=shell is not None,
    )


def test_cli_refuses_fifos_devices_and_directories(tmp_path, data_folder):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    for path, kind in (
        (fifo, "a named pipe (FIFO)"),
        ("/dev/null", "a device"),
        (tmp_path, "a directory"),
    ):
        done = cli(str(path), "--data", str(data_folder))
        assert done.returncode == 2, done
        assert f"is {kind}, not a regular file" in done.stdout.decode()
        assert b"Traceback" not in done.stderr


def test_cli_broken_pipe_exits_quietly(tmp_path, data_folder):
    path = tmp_path / "many.csv"
    path.write_text(HEADER + "\n" + "\n".join(f"330200,bad{i},2013,1" for i in range(3000)) + "\n")
    done = cli(
        shell=f"'{sys.executable}' -m civdash validate '{path}' --data '{data_folder}' | head -1"
    )
    assert b"Traceback" not in done.stderr and b"BrokenPipe" not in done.stderr, done.stderr
    assert done.stdout.count(b"\n") == 1


def test_cli_prints_a_non_utf8_file_name_in_a_strict_locale(tmp_path, data_folder):
    name = os.fsdecode(b"bad\xffname.csv")
    (tmp_path / name).write_text(HEADER + "\n" + GOOD + "\n", encoding="utf-8")
    done = cli(
        os.path.join(str(tmp_path), name),
        "--data",
        str(data_folder),
        env={"PYTHONIOENCODING": "utf-8", "LANG": "en_US.UTF-8"},
    )
    assert done.returncode == 0, done.stderr
    assert b"bad\\xffname.csv" in done.stdout


def test_cli_names_the_line_of_a_field_over_the_csv_limit(tmp_path, data_folder):
    path = tmp_path / "long.csv"
    path.write_text(FULL_HEADER + "\n" + GOOD + ',exact,src,"' + "x\n" * 70_000 + '"\n')
    report = validate_upload_path(path, data_folder)
    assert report.exit_code == 1
    assert report.errors[0].line == 2 and "field limit" in report.errors[0].message


# --- pages ----------------------------------------------------------------------------------


def test_station_refusals_read_in_the_page_language():
    from civdash.views.map import problems_table

    _, problems = read_stations(b"\x00" * 10, "s.csv")
    assert "含 NUL 字节" in problems_table(problems, "zh").iloc[0, 2]
    assert "contains NUL bytes" in problems_table(problems, "en").iloc[0, 2]


def test_circles_download_says_it_is_not_for_spreadsheets():
    from civdash.i18n import text

    assert "do not open the file in a spreadsheet" in text("map.stations_circles_help", "en")
    assert "请勿用电子表格打开" in text("map.stations_circles_help", "zh")


def test_user_rows_per_session_are_capped(monkeypatch):
    from tests.conftest import run_page

    monkeypatch.setattr(limits, "MAX_USER_ROWS_PER_SESSION", 0)
    app = run_page("plans", lang="en")
    app.selectbox(key="plans_add_target_huangshigang_13fyp_2016_2020").set_value("001_t02")
    app.text_input(key="plans_add_value").set_value("3.2")
    app.number_input(key="plans_add_year").set_value(2019)
    next(button for button in app.button if "Add actual" in str(button.label)).click().run()
    assert "would take this session's user rows over the limit of 0" in app.error[0].value
    assert "user_rows" not in app.session_state


def test_delimiter_detection_is_linear(dataset):
    """csv.Sniffer's patterns backtracked: 16 KB of ',"a' cost over a second of CPU."""
    vocabulary = _vocabulary(dataset)

    def check(data: bytes) -> None:
        check_upload(data, "x.csv", vocabulary)

    small = (HEADER + "\n" + ',"a' * 1_600 + "\n").encode()
    large = (HEADER + "\n" + ',"a' * 32_000 + "\n").encode()
    assert growth(check, small, large) <= 20
