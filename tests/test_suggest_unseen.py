"""Indicator suggestions on sentences no curated excerpt resembles: the index holds only the
indicators' names and definitions (no observations), as for a report on a new subject."""

from __future__ import annotations

import pytest

from civdash.core.vocab import TABLES_BY_NAME
from civdash.data.loader import data_dir, read_table
from civdash.workbench.extract import extract
from civdash.workbench.suggest import IndicatorSuggester, tokens


@pytest.fixture(scope="module")
def unseen() -> IndicatorSuggester:
    return IndicatorSuggester(read_table(data_dir(), TABLES_BY_NAME["indicators"]), None)


def top3(suggester, text: str, written: str, year: int = 2024) -> list[str]:
    candidate = next(
        c
        for c in extract(text, reference_year=year, suggester=suggester)
        if c.value_as_written == written
    )
    return [indicator for indicator, _ in candidate.suggestions]


@pytest.mark.parametrize(
    ("text", "written", "indicator"),
    [
        # The standard is named one clause before the figure: the sentence's context finds it.
        ("全市城乡低保标准统一提高,其中农村每人每月1050元。", "1050", "dibao_standard_rural"),
        # Households and persons in one clause: each figure's own unit decides.
        ("台州市现有最低生活保障对象2.1万户3.4万人。", "2.1万", "dibao_households"),
        ("台州市现有最低生活保障对象2.1万户3.4万人。", "3.4万", "dibao_recipients"),
        ("湖州市共有养老机构162家,床位2.3万张。", "162", "elderly_care_institutions"),
        ("湖州市共有养老机构162家,床位2.3万张。", "2.3万", "elderly_care_beds"),
        ("持证社会工作者达到8600人。", "8600", "certified_social_workers"),
    ],
)
def test_the_right_indicator_is_among_the_first_three(unseen, text, written, indicator):
    assert indicator in top3(unseen, text, written)


def test_a_unit_of_the_same_kind_ranks_below_the_same_unit(unseen):
    """户 and 人 are both head-counts; the indicator in the figure's own unit comes first."""
    text = "台州市现有最低生活保障对象2.1万户3.4万人。"
    assert top3(unseen, text, "3.4万")[0] == "dibao_recipients"
    assert top3(unseen, text, "2.1万")[0] == "dibao_households"


def test_pinyin_notes_of_a_scrape_do_not_split_words():
    assert tokens("養(yǎng)老機(jī)構(gòu)") == tokens("养老机构")
    assert "低保" in tokens("全市低保户")
