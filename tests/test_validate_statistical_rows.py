"""The validator checks the statistical-table crosswalk against the indicators it names."""

from __future__ import annotations

import shutil

import pytest

from civdash.data.validate import validate_dataset

DATA = __import__("civdash.data.loader", fromlist=["data_dir"]).data_dir()


@pytest.fixture
def data_copy(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder, ignore=shutil.ignore_patterns("parquet"))
    return folder


def messages(folder):
    report = validate_dataset(folder)
    return [
        f"{problem.column}: {problem.message}"
        for problem in report.errors
        if "statistical_rows" in problem.file
    ]


def append(folder, line: str) -> None:
    path = folder / "statistical_rows.csv"
    path.write_text(path.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")


def test_the_shipped_crosswalk_is_clean(data_copy):
    assert messages(data_copy) == []


def test_a_printed_unit_that_means_another_scale_is_an_error(data_copy):
    append(data_copy, "示例床位行,,,elderly_care_beds,beds,万张,1,")
    assert any(message.startswith("scale:") for message in messages(data_copy))


def test_a_unit_that_is_not_the_indicators_is_an_error(data_copy):
    append(data_copy, "示例人数行,,,elderly_care_beds,persons,万人,10000,")
    assert any(message.startswith("unit:") for message in messages(data_copy))


def test_an_unknown_indicator_and_a_duplicate_row_are_errors(data_copy):
    append(data_copy, "示例行,,,no_such_indicator,count,个,1,")
    append(data_copy, "养老机构,,,elderly_care_institutions,count,个,1,")
    found = messages(data_copy)
    assert any("no_such_indicator" in message for message in found)
    assert any("养老机构" in message for message in found)


def test_an_indicator_only_the_crosswalk_uses_is_not_unused(data_copy):
    report = validate_dataset(data_copy)
    assert not [p for p in report.errors if "foundations" in p.message]
