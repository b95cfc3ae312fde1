"""Rank existing indicators for a figure's sentence: jieba tokens scored with BM25."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from functools import lru_cache

import pandas as pd

from civdash.core import units

# Units that describe the same kind of quantity: a figure in 人 may be an indicator in 人次.
COMPATIBLE_UNITS = {
    "persons": {"persons", "person_times", "households"},
    "person_times": {"person_times", "persons"},
    "households": {"households", "persons"},
    "count": {"count", "beds", "households", "persons"},
    "beds": {"beds", "count", "beds_per_100_elderly"},
    "yuan": {
        "yuan",
        "yuan_per_person_month",
        "yuan_per_person_year",
        "yuan_per_person",
        "yuan_per_case",
    },
    "percent": {unit for unit in units.ids() if units.is_percent(unit)},
    "percent_change": {"percent_change", "percent"},
    "percentage_points": {"percentage_points", "percent", "percent_change"},
    "times": {"times"},
    "yuan_per_person_month": {"yuan_per_person_month", "yuan_per_household_month", "yuan"},
    "yuan_per_household_month": {"yuan_per_household_month", "yuan_per_person_month", "yuan"},
    "yuan_per_person_year": {"yuan_per_person_year", "yuan_per_person", "yuan"},
    "beds_per_100_elderly": {"beds_per_100_elderly", "beds"},
    "rank": {"rank"},
}
TOKEN = re.compile(r"[\u4e00-\u9fff]+|[A-Za-z]+")
# Pinyin a web scrape printed after characters: 養(yǎng)老. It splits words; it says nothing.
PINYIN_NOTE = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,8}\)")
# One name for what reports call by several: the query and the index meet on the first.
SYNONYMS = {
    "最低生活保障": "低保",
    "低保户": "低保",
    "低保金": "低保",
    "社会工作者": "社工",
    "社会工作": "社工",
    "五保": "特困",
    "特困人员": "特困",
    "敬老院": "养老机构",
    "福利院": "福利机构",
    "床": "床位",
    "志愿服务": "志愿",
    "志愿者": "志愿",
    "殡仪": "殡葬",
    "公墓": "墓地",
    "婚姻登记": "婚姻",
    "居家养老": "居家",
    "照料中心": "照料",
    "福彩": "福利彩票",
    "彩票": "福利彩票",
}
# How much a figure's unit says about its indicator: the same unit, a unit of the same kind
# (persons for households), or another kind altogether (yuan for a percent).
SAME_UNIT, COMPATIBLE_UNIT, OTHER_UNIT = 1.0, 0.6, 0.15
# An indicator that names one side of a split (城市低保人数, 农村低保标准) fits a figure only when
# its text names that side too; otherwise the whole (城乡, or the split not made) comes first.
SPLIT_WORDS = ("城市", "农村", "城镇")
UNNAMED_SPLIT = 0.5
STOPWORDS = set(
    [
        "的",
        "了",
        "和",
        "与",
        "及",
        "在",
        "是",
        "为",
        "对",
        "等",
        "共",
        "全",
        "市",
        "县",
        "区",
        "年",
        "月",
        "个",
        "家",
        "人",
        "万",
        "亿",
        "元",
        "其中",
        "已",
        "有",
        "达",
        "达到",
        "全市",
    ]
)


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


@lru_cache(maxsize=1)
def _simplifier():
    """Traditional → simplified, so the Nantong text meets the same tokens; None without opencc."""
    try:
        import opencc
    except ImportError:
        return None
    return opencc.OpenCC("t2s")


def tokens(text: str) -> list[str]:
    """Words of a text for the index: simplified, jieba's search segmentation (低保户 gives 低保
    and 低保户), synonyms mapped to one name, stopwords out."""
    return list(_tokens(str(text)))


@lru_cache(maxsize=200_000)
def _tokens(text: str) -> tuple[str, ...]:
    # Cached: the indicator documents are the same for every report, and a worker forked from
    # the warmed forkserver (civdash.jobs.warmup) finds their words already cut.
    simplifier = _simplifier()
    text = PINYIN_NOTE.sub("", text)
    if simplifier is not None:
        text = simplifier.convert(text)
    words = []
    for chunk in TOKEN.findall(text):
        for word in _jieba().cut_for_search(chunk):
            if word.strip() and word not in STOPWORDS:
                words.append(SYNONYMS.get(word, word))
    return tuple(words)


class IndicatorSuggester:
    """BM25 over each indicator's names, definition and the excerpts curated for it."""

    def __init__(self, indicators: pd.DataFrame, observations: pd.DataFrame | None = None):
        from rank_bm25 import BM25Okapi

        excerpts: dict[str, list[str]] = {}
        if observations is not None and len(observations):
            for indicator_id, excerpt in zip(
                observations["indicator_id"], observations["excerpt"], strict=True
            ):
                excerpts.setdefault(str(indicator_id), []).append(str(excerpt))
        self.ids: list[str] = []
        self.units: list[str] = []
        self.splits: list[str] = []
        corpus = []
        for row in indicators.itertuples(index=False):
            # Field by field (a word never spans a space, so this equals cutting the joined
            # text), so that each field's words are cached once.
            fields = [row.name_zh, row.name_zh, row.definition_zh or "", row.name_en]
            document = [
                word
                for field in [*fields, *excerpts.get(row.indicator_id, [])]
                for word in tokens(field)
            ]
            self.ids.append(row.indicator_id)
            self.units.append(row.unit)
            self.splits.append(next((w for w in SPLIT_WORDS if w in str(row.name_zh)), ""))
            corpus.append(document or ["_"])
        self.bm25 = BM25Okapi(corpus)

    def suggest(
        self, sentence: str, unit: str = "", top: int = 3, near: str = "", context: str = ""
    ) -> list[tuple[str, float]]:
        """The `top` indicators for a figure: `sentence` is its clause, `near` the words just
        before it (what it counts, weighted twice), `context` the clauses before (weighted once,
        so that 其中农村332元 still meets the 低保标准 named earlier)."""
        query = tokens(sentence) + tokens(near) * 2 + tokens(context)
        if not query:
            return []
        scores = self.bm25.get_scores(query)
        allowed = COMPATIBLE_UNITS.get(unit, {unit}) if unit else None
        ranked = []
        said = f"{context}{sentence}{near}"
        for indicator_id, indicator_unit, split, score in zip(
            self.ids, self.units, self.splits, scores, strict=True
        ):
            if split and split not in said:
                score *= UNNAMED_SPLIT
            if unit and indicator_unit == unit:
                score *= SAME_UNIT
            elif allowed is not None and indicator_unit in allowed:
                score *= COMPATIBLE_UNIT
            elif allowed is not None:
                score *= OTHER_UNIT  # a unit clash is strong evidence against, not proof
            ranked.append((indicator_id, float(score)))
        ranked.sort(key=lambda pair: pair[1], reverse=True)
        best = ranked[0][1] if ranked and ranked[0][1] > 0 else 1.0
        return [(indicator_id, round(score / best, 2)) for indicator_id, score in ranked[:top]]


def suggester_for(indicators: pd.DataFrame, observations: Iterable | None = None):
    return IndicatorSuggester(indicators, observations)
