"""Data text reaches Markdown widgets inert."""

from civdash.core.safe_text import escape_markdown


def test_html_and_markdown_payloads_are_escaped():
    for payload in (
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[click](javascript:alert(1))",
        "**bold** _it_ `code`",
        ":red[x] $x^2$",
    ):
        escaped = escape_markdown(payload)
        for special in "<>[]()*_`:$":
            assert special not in escaped.replace("\\" + special, "")


def test_newlines_cannot_start_a_block_and_chinese_is_untouched():
    assert "\n" not in escape_markdown("a\n# heading")
    assert escape_markdown("宁波市 2.86张") == "宁波市 2\\.86张"
    assert escape_markdown(None) == ""


def test_printable_escapes_terminal_controls_bidi_and_undecodable_bytes():
    from civdash.core.safe_text import printable

    assert printable("a\rb\nc\x1b[2J\x9b2J") == "a\\x0db\\x0ac\\x1b[2J\\x9b2J"
    assert printable("\u202eevil") == "\\u202eevil"
    assert printable("bad\udcffname.csv") == "bad\\xffname.csv"
    assert printable("宁波市 2.86张") == "宁波市 2.86张"
