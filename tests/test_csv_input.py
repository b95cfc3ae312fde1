"""The one CSV reader: encodings, byte-order marks, refusals and the one Problem type."""

import pytest

from civdash import csv_input, limits
from civdash.csv_input import ERROR, InputRefused, Problem


def test_utf8_with_a_bom_reads_without_it():
    decoded = csv_input.decode("\ufeffregion_id,year\n330100,2020\n".encode())
    assert decoded.text.startswith("region_id")
    assert decoded.encoding == "utf-8-sig"
    assert decoded.warnings == []


def test_gbk_chinese_is_read_and_named():
    decoded = csv_input.decode("名称,年份\n杭州市民政局,2020\n".encode("gbk"))
    assert "杭州市民政局" in decoded.text
    assert decoded.encoding == "gb18030"


def test_a_double_bom_is_read_but_reported():
    decoded = csv_input.decode("\ufeff\ufeffa,b\n1,2\n".encode())
    assert decoded.text == "a,b\n1,2\n"
    assert [key for key, _ in decoded.warnings] == ["input.double_bom"]


@pytest.mark.parametrize(
    ("data", "key"),
    [
        (b"PK\x03\x04rest", "input.zip"),
        (b"a,b\n\x00\x01", "input.nul"),
        ("名前,年\n東京,2020\n".encode("shift_jis"), "input.encoding"),
        (b"x" * (limits.MAX_UPLOAD_BYTES + 1), "input.too_large"),
    ],
)
def test_unreadable_files_are_refused_with_a_translatable_reason(data, key):
    with pytest.raises(InputRefused) as refused:
        csv_input.decode(data)
    assert refused.value.key == key
    problem = refused.value.problem("upload.csv")
    assert problem.key == key and problem.line is None
    assert problem.text("zh") != problem.text("en")


def test_an_open_quote_is_an_error_at_the_line_where_it_opened():
    with pytest.raises(InputRefused) as refused:
        list(csv_input.records('a,b\n1,"2\n3,4\n'))
    assert (refused.value.key, refused.value.line) == ("input.unclosed_quote", 2)


def test_problem_speaks_the_page_language_and_keeps_english_for_the_terminal():
    problem = Problem.of(
        "obs.csv", 3, "note", "input.field_too_long", length="2,001", limit="2,000"
    )
    assert problem.severity == ERROR
    assert problem.message == problem.text("en")
    assert "2,000" in problem.text("zh") and problem.text("zh") != problem.message
    assert problem.format().startswith("obs.csv:3: note: ")


def test_a_problem_about_the_whole_file_prints_without_a_line():
    assert Problem("obs.csv", None, "-", "is empty").format() == "obs.csv: -: is empty"
