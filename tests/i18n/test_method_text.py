"""civdash.i18n.method_text: every section in both languages, in the right script, shown on the
method page, and its count of reports is the data's."""

from __future__ import annotations

import csv
import re

import pytest

from civdash.i18n import LANGUAGES
from civdash.i18n.method_text import SECTIONS
from tests.conftest import REPO_ROOT, run_page

CJK = re.compile(r"[\u4e00-\u9fff]")
NUMBER_WORDS = {"五": 5, "five": 5, "六": 6, "six": 6, "七": 7, "seven": 7}


def test_every_section_has_a_heading_and_body_in_each_language():
    for section in SECTIONS:
        assert set(section) == set(LANGUAGES)
        for heading, body in section.values():
            assert heading.strip() and body.strip()
    for section in SECTIONS:
        assert CJK.search(section["zh"][0]), section["zh"][0]
        assert not CJK.search(section["en"][0]), section["en"][0]
        # English prose may quote Chinese words as examples (截止2011年底); headings never do.
        zh_body, en_body = section["zh"][1], section["en"][1]
        assert len(CJK.findall(zh_body)) > len(zh_body) / 3
        assert len(CJK.findall(en_body)) < len(en_body) / 10


def test_the_number_of_reports_stated_is_the_number_of_sources():
    with open(REPO_ROOT / "data" / "sources.csv", encoding="utf-8", newline="") as handle:
        count = sum(1 for _ in csv.DictReader(handle))
    zh, en = SECTIONS[0]["zh"][1], SECTIONS[0]["en"][1]
    stated_zh = re.search(r"来自([五六七])份", zh)
    stated_en = re.search(r"comes from (five|six|seven) ", en)
    assert stated_zh and stated_en
    assert NUMBER_WORDS[stated_zh.group(1)] == NUMBER_WORDS[stated_en.group(1)] == count


def test_bodies_are_markdown_without_html():
    for section in SECTIONS:
        for _, body in section.values():
            assert "<" not in body and ">" not in body.replace("→", "")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_method_page_shows_every_section(lang):
    app = run_page("method", lang=lang)
    headers = [header.value for header in app.header]
    for section in SECTIONS:
        assert section[lang][0] in headers
