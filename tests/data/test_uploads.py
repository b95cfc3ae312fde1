"""civdash.data.uploads: reading, refusing and converting an analyst's observations CSV."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from civdash.cli import main
from civdash.data.csv_input import INFO, WARNING, Problem
from civdash.data.loader import Dataset, load_dataset
from civdash.data.uploads import (
    MAX_UPLOAD_BYTES,
    UploadResult,
    validate_upload,
    validate_upload_path,
)

REPO_DATA = Path(__file__).resolve().parents[2] / "data"

# Header rows copied from data/*.csv so the tiny dataset loads exactly like the real one.
TINY_DATASET = {
    "sources.csv": [
        "source_id,file,title,publisher,published,region_id,language,kind,notes,url",
        "demo,demo.txt,示例报告,示例局,2012-09-13,330200,zh-Hans,review,,",
    ],
    "regions.csv": [
        "region_id,name_zh,name_en,level,parent_id,focus,note",
        "330000,浙江省,Zhejiang,province,,false,",
        "330200,宁波市,Ningbo,prefecture,330000,true,",
        "330300,温州市,Wenzhou,prefecture,330000,true,",
    ],
    "indicators.csv": [
        "indicator_id,name_zh,name_en,category,unit,higher_is_better,definition_zh,definition_en,"
        "comparability,period_type",
        "dibao_households,低保户数,Dibao households,social_assistance,households,,低保户,"
        "Households,,point",
        "lottery_market_share,福彩市场份额,Lottery market share,charity_lottery,percent,true,"
        "份额,Share,,point",
        "welfare_lottery_sales,福利彩票销售额,Welfare-lottery sales,charity_lottery,yuan,true,"
        "销售额,Sales,,point",
    ],
    "observations.csv": [
        "observation_id,region_id,indicator_id,year,value,qualifier,value_as_written,source_id,"
        "excerpt,period_start,range_part,derivation,note",
        "demo:330200:dibao_households:2012,330200,dibao_households,2012,40520,exact,40520,demo,"
        "目前全市有低保户40520户,,,,",
    ],
    "plans.csv": ["plan_id,region_id,name_zh,name_en,start_year,end_year,source_id"],
    "targets.csv": [
        "target_id,plan_id,region_id,indicator_id,baseline_year,baseline_value,target_year,"
        "target_value,target_value_upper,kind,source_id,excerpt,note,goal_zh,goal_en"
    ],
}
HEADER = "region_id,indicator_id,year,value"
GOOD_ROW = "330200,dibao_households,2013,41000"
FORMATTED_PROBLEM = re.compile(r"^\S+:\d+: [^:]+: ")


@pytest.fixture(scope="module")
def data_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("data")
    for name, lines in TINY_DATASET.items():
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def dataset(data_folder: Path) -> Dataset:
    return load_dataset(data_folder)


def csv_bytes(*lines: str, encoding: str = "utf-8") -> bytes:
    return ("\n".join(lines) + "\n").encode(encoding)


def check(dataset: Dataset, *lines: str) -> UploadResult:
    return validate_upload(csv_bytes(*lines), "obs.csv", dataset)


def single_error(result: UploadResult) -> Problem:
    """The one error of a refused file, which also gives no rows."""
    errors = result.report.errors
    assert len(errors) == 1, [problem.format() for problem in result.report.problems]
    assert result.frame is None
    assert result.report.exit_code == 1
    return errors[0]


def assert_at(problem: Problem, line: int | None, column: str) -> None:
    assert (problem.file, problem.line, problem.column) == ("obs.csv", line, column)


# Accepted files


def test_valid_utf8_file_gives_typed_rows(dataset: Dataset) -> None:
    result = check(
        dataset,
        HEADER + ",qualifier,source,note",
        "330200,dibao_households,2013,41000,approx,宁波民政年报 2013,rounded",
        "330300,lottery_market_share,2011,57.7,,,",
    )
    assert result.report.problems == []
    assert result.report.exit_code == 0
    assert (result.encoding, result.delimiter) == ("utf-8", ",")
    frame = result.frame
    assert list(frame.columns) == [
        "region_id",
        "indicator_id",
        "year",
        "value",
        "qualifier",
        "value_as_written",
        "source_id",
        "excerpt",
        "period_start",
        "range_part",
        "derivation",
        "note",
        "user_supplied",
        "user_source",
    ]
    assert frame["year"].tolist() == [2013, 2011]
    assert frame["value"].tolist() == [41000.0, 57.7]
    assert frame["qualifier"].tolist() == ["approx", "exact"]
    assert frame["value_as_written"].tolist() == ["41000", "57.7"]
    assert set(frame["source_id"]) == {"user"}
    assert frame["excerpt"].tolist() == ["宁波民政年报 2013", ""]
    assert frame["user_source"].tolist() == ["宁波民政年报 2013", ""]
    assert frame["user_supplied"].tolist() == [True, True]
    assert frame["note"].iloc[0] == "rounded"
    for column in ("period_start", "range_part", "derivation"):
        assert frame[column].isna().all(), column
    assert result.report.row_counts == {"observations": 2}


def test_accepted_rows_combine_with_the_dataset(dataset: Dataset) -> None:
    frame = check(dataset, HEADER, GOOD_ROW).frame
    combined = pd.concat([dataset.observations, frame], ignore_index=True)
    assert str(combined["year"].dtype) == "Int64"
    assert str(combined["value"].dtype) == "Float64"
    assert combined["year"].tolist() == [2012, 2013]


def test_utf8_with_bom_reads_the_first_column(dataset: Dataset) -> None:
    data = b"\xef\xbb\xbf" + csv_bytes(HEADER, GOOD_ROW)
    result = validate_upload(data, "obs.csv", dataset)
    assert result.report.problems == []
    assert result.encoding == "utf-8-sig"
    assert result.frame["region_id"].tolist() == ["330200"]


def test_gbk_file_with_chinese_note(dataset: Dataset) -> None:
    data = csv_bytes(HEADER + ",note", GOOD_ROW + ",含农村低保户", encoding="gbk")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    result = validate_upload(data, "obs.csv", dataset)
    assert result.report.problems == []
    assert result.encoding == "gb18030"
    assert result.report.notices == ["read obs.csv as gb18030, comma-separated"]
    assert result.frame["note"].tolist() == ["含农村低保户"]


@pytest.mark.parametrize("delimiter", ["\t", ";"])
def test_tab_and_semicolon_delimiters(dataset: Dataset, delimiter: str) -> None:
    result = check(
        dataset,
        HEADER.replace(",", delimiter) + f"{delimiter}note",
        GOOD_ROW.replace(",", delimiter) + f"{delimiter}a note, with a comma",
    )
    assert result.report.problems == []
    assert result.delimiter == delimiter
    assert result.frame["value"].tolist() == [41000.0]
    assert result.frame["note"].tolist() == ["a note, with a comma"]


def test_chinese_figure_is_converted_with_a_notice(dataset: Dataset) -> None:
    result = check(dataset, HEADER, "330200,dibao_households,2013,1.2万")
    assert result.report.errors == []
    (notice,) = result.report.problems
    assert_at(notice, 2, "value")
    assert notice.severity == INFO
    assert "1.2万" in notice.message and "12,000" in notice.message
    assert result.frame["value"].tolist() == [12000.0]
    assert result.frame["value_as_written"].tolist() == ["1.2万"]
    assert result.frame["qualifier"].tolist() == ["exact"]
    assert result.report.exit_code == 0


def test_chinese_figure_sets_an_empty_qualifier_only(dataset: Dataset) -> None:
    result = check(
        dataset,
        HEADER + ",qualifier",
        "330200,welfare_lottery_sales,2002,700多万,",
        "330200,welfare_lottery_sales,2011,14.27亿,approx",
    )
    assert result.report.errors == []
    assert result.frame["value"].tolist() == [7_000_000.0, 1_427_000_000.0]
    assert result.frame["qualifier"].tolist() == ["at_least", "approx"]


def test_unknown_extra_column_is_only_a_warning(dataset: Dataset) -> None:
    result = check(dataset, HEADER + ",comment", GOOD_ROW + ",checked")
    (warning,) = result.report.problems
    assert_at(warning, 1, "comment")
    assert warning.severity == WARNING
    assert result.report.exit_code == 0
    assert result.frame is not None and "comment" not in result.frame.columns


def test_blank_rows_are_skipped_and_lines_keep_counting(dataset: Dataset) -> None:
    result = check(dataset, HEADER, "", GOOD_ROW, ",,,", "330200,dibao_households,2014,abc")
    assert_at(single_error(result), 5, "value")


def test_quoted_cell_over_two_lines_is_reported_where_its_row_starts(dataset: Dataset) -> None:
    result = check(
        dataset,
        HEADER + ",note",
        '330200,dibao_households,2013,abc,"first line',
        'second line"',
        "330200,dibao_households,2014,xyz,",
    )
    assert [(problem.line, problem.column) for problem in result.report.errors] == [
        (2, "value"),
        (4, "value"),
    ]


# Refused files: one test per kind of problem, each naming its line and column


@pytest.mark.parametrize(
    "row",
    [
        GOOD_ROW.replace(",", "|") + "|plain note",
        # The sniffer reads ;"..."; as a quoted semicolon field; the header shows it is not.
        GOOD_ROW.replace(",", "|") + '|see;"p";q',
    ],
)
def test_unsniffable_delimiter_is_refused(dataset: Dataset, row: str) -> None:
    result = check(dataset, HEADER.replace(",", "|") + "|note", row)
    problem = single_error(result)
    assert_at(problem, 1, "-")
    assert "comma" in problem.message and "semicolon" in problem.message


def test_empty_file_is_refused(dataset: Dataset) -> None:
    problem = single_error(validate_upload(b"", "obs.csv", dataset))
    assert_at(problem, 1, "-")
    assert "empty" in problem.message


def test_header_only_file_is_refused(dataset: Dataset) -> None:
    problem = single_error(check(dataset, HEADER))
    assert_at(problem, 1, "-")
    assert "no data rows" in problem.message


def test_binary_file_is_unreadable(dataset: Dataset) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10"
    result = validate_upload(png, "chart.png", dataset)
    assert result.report.unreadable
    assert result.report.exit_code == 2
    assert result.frame is None


def test_undecodable_text_is_unreadable(dataset: Dataset) -> None:
    result = validate_upload(HEADER.encode() + b"\n\xff\xff\xff\n", "obs.csv", dataset)
    assert result.report.exit_code == 2


def test_too_large_is_unreadable_before_parsing(dataset: Dataset) -> None:
    # A valid file that is merely too long: only the size can be the reason for refusing it.
    row = (GOOD_ROW + "\n").encode()
    data = (HEADER + "\n").encode() + row * (MAX_UPLOAD_BYTES // len(row) + 1)
    assert len(data) > MAX_UPLOAD_BYTES
    result = validate_upload(data, "obs.csv", dataset)
    assert result.report.exit_code == 2
    assert "10 MB" in result.report.problems[0].message
    assert result.report.row_counts == {}


def test_missing_required_column_is_refused(dataset: Dataset) -> None:
    problem = single_error(
        check(dataset, "region_id,indicator_id,year", "330200,dibao_households,2013")
    )
    assert_at(problem, 1, "value")
    assert "missing" in problem.message


def test_ragged_row_is_refused(dataset: Dataset) -> None:
    problem = single_error(check(dataset, HEADER, GOOD_ROW, "330200,dibao_households,2014,41,000"))
    assert_at(problem, 3, "field 5")
    assert "5 fields" in problem.message and "4" in problem.message


def test_short_row_names_the_first_missing_column(dataset: Dataset) -> None:
    problem = single_error(check(dataset, HEADER, "330200,dibao_households,2014"))
    assert_at(problem, 2, "value")


@pytest.mark.parametrize("written", ["abc", "12abc", "一万二", "nan", "inf"])
def test_non_numeric_value_is_refused(dataset: Dataset, written: str) -> None:
    problem = single_error(check(dataset, HEADER, f"330200,dibao_households,2013,{written}"))
    assert_at(problem, 2, "value")
    assert f"'{written}' is not a number" in problem.message


def test_percentage_for_a_money_indicator_is_refused(dataset: Dataset) -> None:
    problem = single_error(check(dataset, HEADER, "330200,welfare_lottery_sales,2013,50%"))
    assert_at(problem, 2, "value")


@pytest.mark.parametrize(("written", "reason"), [("20x9", "four-digit"), ("1989", "1990-2035")])
def test_bad_year_is_refused(dataset: Dataset, written: str, reason: str) -> None:
    problem = single_error(check(dataset, HEADER, f"330200,dibao_households,{written},41000"))
    assert_at(problem, 2, "year")
    assert reason in problem.message


def test_unknown_region_is_refused(dataset: Dataset) -> None:
    problem = single_error(check(dataset, HEADER, GOOD_ROW, "999999,dibao_households,2013,41000"))
    assert_at(problem, 3, "region_id")
    assert "'999999'" in problem.message


def test_unknown_indicator_is_refused_with_a_suggestion(dataset: Dataset) -> None:
    problem = single_error(check(dataset, HEADER, "330200,dibao_houshold,2013,41000"))
    assert_at(problem, 2, "indicator_id")
    assert "did you mean 'dibao_households'" in problem.message


def test_percentage_above_100_is_refused(dataset: Dataset) -> None:
    problem = single_error(check(dataset, HEADER, "330300,lottery_market_share,2011,120"))
    assert_at(problem, 2, "value")
    assert "0-100" in problem.message


def test_negative_count_is_refused(dataset: Dataset) -> None:
    problem = single_error(check(dataset, HEADER, "330200,dibao_households,2013,-3"))
    assert_at(problem, 2, "value")
    assert "negative" in problem.message


def test_unknown_qualifier_is_refused(dataset: Dataset) -> None:
    problem = single_error(check(dataset, HEADER + ",qualifier", GOOD_ROW + ",about"))
    assert_at(problem, 2, "qualifier")


def test_duplicate_rows_name_both_lines(dataset: Dataset) -> None:
    result = check(
        dataset,
        HEADER,
        GOOD_ROW,
        "330300,dibao_households,2013,9",
        "330200,dibao_households,2013,1",
    )
    problem = single_error(result)
    assert_at(problem, 4, "region_id/indicator_id/year")
    assert "lines 2 and 4" in problem.message


def test_one_bad_row_refuses_the_whole_file(dataset: Dataset) -> None:
    result = check(dataset, HEADER, GOOD_ROW, "330200,dibao_households,2014,abc")
    assert result.frame is None
    assert [problem.line for problem in result.report.errors] == [3]


# The command line: python -m civdash validate FILE.csv


def run_cli(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str]:
    code = main(["validate", *args])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return code, captured.out


def test_cli_accepts_a_valid_file(tmp_path: Path, data_folder: Path, capsys) -> None:
    path = tmp_path / "good.csv"
    path.write_bytes(csv_bytes(HEADER, GOOD_ROW))
    code, out = run_cli(capsys, str(path), "--data", str(data_folder))
    assert code == 0
    assert out.splitlines()[-1] == "0 error(s), 0 warning(s); rows: observations 1"


def test_cli_prints_file_line_column_for_each_problem(
    tmp_path: Path, data_folder: Path, capsys
) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(
        csv_bytes(HEADER + ",extra", GOOD_ROW + ",x", "330200,dibao_households,1989,abc,")
    )
    code, out = run_cli(capsys, str(path), "--data", str(data_folder))
    assert code == 1
    lines = out.splitlines()
    assert f"{path}:1: extra: warning: unknown column" in out
    assert f"{path}:3: year: 1989 is outside 1990-2035" in lines
    assert any(line.startswith(f"{path}:3: value: 'abc'") for line in lines)
    problem_lines = [line for line in lines if line.startswith(str(path) + ":")]
    assert len(problem_lines) == 3
    assert all(FORMATTED_PROBLEM.match(line) for line in problem_lines)
    assert lines[-1] == "2 error(s), 1 warning(s); rows: observations 2"


def test_cli_binary_file_exits_2(tmp_path: Path, data_folder: Path, capsys) -> None:
    path = tmp_path / "chart.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    code, out = run_cli(capsys, str(path), "--data", str(data_folder))
    assert code == 2
    assert f"{path}: -: contains NUL bytes" in out


def test_cli_too_large_file_exits_2(tmp_path: Path, data_folder: Path, capsys) -> None:
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:
        handle.truncate(MAX_UPLOAD_BYTES + 1)
    code, out = run_cli(capsys, str(path), "--data", str(data_folder))
    assert code == 2
    assert "is 10,000,001 bytes, over the upload limit of 10,000,000 bytes (10 MB)" in out


@pytest.mark.parametrize("name", ["missing.csv", "."])
def test_cli_unreadable_path_exits_2(tmp_path: Path, data_folder: Path, capsys, name) -> None:
    code, out = run_cli(capsys, str(tmp_path / name), "--data", str(data_folder))
    assert code == 2
    assert "cannot be read" in out


def test_cli_unloadable_dataset_exits_2(tmp_path: Path, capsys) -> None:
    path = tmp_path / "good.csv"
    path.write_bytes(csv_bytes(HEADER, GOOD_ROW))
    code, out = run_cli(capsys, str(path), "--data", str(tmp_path / "no-data"))
    assert code == 2
    assert "dataset cannot be loaded" in out


def test_path_function_reports_like_the_bytes_function(tmp_path: Path, data_folder: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes(HEADER, "330200,dibao_households,20x9,1"))
    report = validate_upload_path(path, data_folder)
    assert [(problem.file, problem.line, problem.column) for problem in report.errors] == [
        (str(path), 2, "year")
    ]


def test_cli_against_the_real_data_folder(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.delenv("CIVDASH_DATA_DIR", raising=False)
    path = tmp_path / "ningbo.csv"
    path.write_bytes(
        csv_bytes(
            "region_id,indicator_id,year,value,qualifier,source,note",
            "330200,dibao_standard_urban,2024,1250,exact,宁波市民政局公告,analyst entry",
            "330200,dibao_standard_urban,2025,1300,,,",
        )
    )
    code, out = run_cli(capsys, str(path))
    assert code == 0, out
    assert out.splitlines()[-1] == "0 error(s), 0 warning(s); rows: observations 2"
    assert REPO_DATA.joinpath("observations.csv").is_file()


def test_row_and_header_problems_read_in_the_page_language(dataset):
    result = check(
        dataset,
        HEADER + ",colour",
        "330200.0,dibao_households,2013,41000,red",
        "330200,dibao_househlds,13,abc,red",
        "330200,dibao_households,2013,1,200,red",
    )
    problems = [problem for problem in result.report.problems if problem.severity != INFO]
    assert len(problems) >= 5
    for problem in problems:
        # Apart from check_value_range's reasons (shared with the curated validator), every
        # message a page shows has a Chinese text; the English one stays for the terminal.
        assert problem.key, problem.message
        assert any("\u4e00" <= character <= "\u9fff" for character in problem.text("zh"))
        assert problem.text("en") == problem.message
