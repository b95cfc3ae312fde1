"""civdash.workbench.suggest: indicators ranked for a figure's sentence by names, definitions and
curated excerpts; a unit clash demotes; traditional characters meet the same words."""

from __future__ import annotations

import pandas as pd
import pytest

from civdash.core.vocab import TABLES_BY_NAME
from civdash.data.loader import data_dir, read_table
from civdash.workbench.suggest import COMPATIBLE_UNITS, IndicatorSuggester, tokens


@pytest.fixture(scope="module")
def curated():
    folder = data_dir()
    indicators = read_table(folder, TABLES_BY_NAME["indicators"])
    observations = read_table(folder, TABLES_BY_NAME["observations"])
    return IndicatorSuggester(indicators, observations), indicators.set_index("indicator_id")


def test_the_urban_dibao_standard_is_suggested_first(curated):
    suggester, _ = curated
    ranked = suggester.suggest("城市低保标准提高到每人每月800元", "yuan")
    assert ranked[0] == ("dibao_standard_urban", 1.0)
    scores = [score for _, score in ranked]
    assert scores == sorted(scores, reverse=True) and len(ranked) == 3


def test_a_unit_clash_demotes_an_otherwise_better_match(curated):
    suggester, indicators = curated
    sentence = "全市养老机构床位15200张"
    as_beds = suggester.suggest(sentence, "beds")
    as_percent = suggester.suggest(sentence, "percent")
    assert indicators.loc[as_beds[0][0], "unit"] in COMPATIBLE_UNITS["beds"]
    assert indicators.loc[as_percent[0][0], "unit"] in COMPATIBLE_UNITS["percent"]
    assert as_beds[0][0] != as_percent[0][0]


def test_traditional_characters_meet_the_same_words():
    assert tokens("養老機構床位") == tokens("养老机构床位")
    assert "全市" not in tokens("全市养老机构床位")  # a stopword says nothing about the indicator


def test_a_sentence_without_words_gets_no_suggestion(curated):
    suggester, _ = curated
    assert suggester.suggest("") == []
    assert suggester.suggest("123,456") == []


def test_curated_excerpts_teach_words_the_names_lack():
    names = ["甲类指标", "乙类指标", "丙类指标", "丁类指标", "戊类指标"]
    ids = [f"indicator_{index}" for index in range(len(names))]
    indicators = pd.DataFrame(
        {
            "indicator_id": ids,
            "name_zh": names,
            "name_en": ids,
            "definition_zh": [""] * len(names),
            "unit": ["count"] * len(names),
        }
    )
    observations = pd.DataFrame(
        {"indicator_id": ["indicator_3"], "excerpt": ["全市建成救助管理站3个"]}
    )
    ranked = IndicatorSuggester(indicators, observations).suggest("新建救助管理站2个", "count")
    assert ranked[0] == ("indicator_3", 1.0)
    assert ranked[1][1] < 1.0
