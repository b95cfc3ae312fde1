"""civdash.text_input: uploaded CSV bytes read honestly (UTF-8, or GB18030 that reads as Chinese),
refused with the line and reason otherwise, and split into records with their starting lines."""

from __future__ import annotations

import pytest

from civdash import limits
from civdash.text_input import InputRefused, decode, line_of, normalise_cell, records

CSV = "name,value\n养老院,12\n"


def refusal(data: bytes) -> InputRefused:
    with pytest.raises(InputRefused) as refused:
        decode(data)
    return refused.value


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (CSV.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + CSV.encode("utf-8"), "utf-8-sig"),
        (CSV.encode("gb18030"), "gb18030"),
    ],
)
def test_utf8_with_or_without_bom_and_gb18030_read_as_the_same_text(data, encoding):
    decoded = decode(data)
    assert decoded.text == CSV and decoded.encoding == encoding and not decoded.warnings


def test_a_doubled_bom_is_removed_and_said():
    decoded = decode(b"\xef\xbb\xbf\xef\xbb\xbf" + CSV.encode("utf-8"))
    assert decoded.text == CSV and [key for key, _ in decoded.warnings] == ["input.double_bom"]


@pytest.mark.parametrize(
    ("data", "key", "line"),
    [
        ("名稱,數值\n養老院,12\n".encode("big5"), "input.encoding", None),
        ("name\n养老院\n".encode() + "敬老院\n".encode("gbk"), "input.mixed_encoding", 3),
        (b"PK\x03\x04 a workbook", "input.zip", None),
        (b"name\nx\x00y\n", "input.nul", None),
        ("name\nok\nbad\u009bcsi\n".encode(), "input.control", 3),
    ],
)
def test_unreadable_files_are_refused_with_line_and_reason(data, key, line):
    refused = refusal(data)
    assert (refused.key, refused.line, refused.unreadable) == (key, line, True)
    assert refused.message("en") and refused.message("zh") != refused.message("en")


def test_a_file_over_the_upload_limit_is_refused_before_it_is_read():
    refused = refusal(b"a" * (limits.MAX_UPLOAD_BYTES + 1))
    assert refused.key == "input.too_large" and f"{limits.MAX_UPLOAD_BYTES:,}" in refused.message()


def test_records_start_at_their_own_line_even_when_a_cell_spans_lines():
    text = 'name,note\n"a","two\nlines"\nb,one\n'
    assert list(records(text)) == [
        (1, ["name", "note"]),
        (2, ["a", "two\nlines"]),
        (4, ["b", "one"]),
    ]


def test_an_unclosed_quote_is_an_error_where_it_opens():
    with pytest.raises(InputRefused) as refused:
        list(records('name,note\nok,fine\n"open,x\nb,c\n'))
    assert (refused.value.key, refused.value.line) == ("input.unclosed_quote", 3)


def test_long_lines_and_wide_headers_are_refused_before_parsing():
    with pytest.raises(InputRefused) as refused:
        list(records("name\n" + "x" * (limits.MAX_LINE_CHARS + 1) + "\n"))
    assert (refused.value.key, refused.value.line) == ("input.line_too_long", 2)
    with pytest.raises(InputRefused) as refused:
        list(records(",".join(["c"] * (limits.MAX_HEADER_FIELDS + 1)) + "\n"))
    assert refused.value.key == "input.too_many_fields"


def test_cells_are_normalised_and_lines_counted_like_the_csv_reader():
    assert normalise_cell("  １２３．５\u3000万 \t") == "123.5 万"
    assert normalise_cell("－５") == "-5"
    assert line_of("a\r\nb\rc\nd", 7) == 4
