"""The one CSV reader: encodings, byte-order marks, refusals and the one Problem type."""

import pytest

from civdash.core import limits
from civdash.data import csv_input
from civdash.data.csv_input import ERROR, InputRefused, Problem


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


@pytest.mark.parametrize(
    ("data", "key", "line"),
    [
        ("名稱,數值\n養老院,12\n".encode("big5"), "input.encoding", None),
        ("name\n养老院\n".encode() + "敬老院\n".encode("gbk"), "input.mixed_encoding", 3),
        ("name\nok\nbad\u009bcsi\n".encode(), "input.control", 3),
    ],
)
def test_big5_mixed_encodings_and_control_characters_are_refused_at_their_line(data, key, line):
    with pytest.raises(InputRefused) as refused:
        csv_input.decode(data)
    assert (refused.value.key, refused.value.line) == (key, line)


def test_utf8_and_gb18030_read_as_the_same_text():
    text = "name,value\n养老院,12\n"
    assert csv_input.decode(text.encode("gb18030")).text == text
    assert csv_input.decode(text.encode("utf-8")).text == text


def test_records_start_at_their_own_line_even_when_a_cell_spans_lines():
    text = 'name,note\n"a","two\nlines"\nb,one\n'
    assert list(csv_input.records(text)) == [
        (1, ["name", "note"]),
        (2, ["a", "two\nlines"]),
        (4, ["b", "one"]),
    ]


def test_long_lines_and_wide_headers_are_refused_before_parsing():
    with pytest.raises(InputRefused) as refused:
        list(csv_input.records("name\n" + "x" * (limits.MAX_LINE_CHARS + 1) + "\n"))
    assert (refused.value.key, refused.value.line) == ("input.line_too_long", 2)
    with pytest.raises(InputRefused) as refused:
        list(csv_input.records(",".join(["c"] * (limits.MAX_HEADER_FIELDS + 1)) + "\n"))
    assert refused.value.key == "input.too_many_fields"


def test_cells_are_normalised_and_lines_counted_like_the_csv_reader():
    assert csv_input.normalise_cell("  １２３．５\u3000万 \t") == "123.5 万"
    assert csv_input.normalise_cell("－５") == "-5"
    assert csv_input.line_of("a\r\nb\rc\nd", 7) == 4
