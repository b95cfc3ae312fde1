"""Rank existing indicators for a figure's sentence: jieba tokens scored with BM25."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from functools import lru_cache

import pandas as pd

from civdash import units

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
    "times": {"times"},
}
TOKEN = re.compile(r"[\u4e00-\u9fff]+|[A-Za-z]+")
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
    simplifier = _simplifier()
    if simplifier is not None:
        text = simplifier.convert(text)
    words = []
    for chunk in TOKEN.findall(text):
        words.extend(word for word in _jieba().cut(chunk) if word.strip() and word not in STOPWORDS)
    return words


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
        corpus = []
        for row in indicators.itertuples(index=False):
            names = f"{row.name_zh} {row.name_zh} {row.definition_zh or ''} {row.name_en}"
            document = tokens(names + " " + " ".join(excerpts.get(row.indicator_id, [])))
            self.ids.append(row.indicator_id)
            self.units.append(row.unit)
            corpus.append(document or ["_"])
        self.bm25 = BM25Okapi(corpus)

    def suggest(self, sentence: str, unit: str = "", top: int = 3) -> list[tuple[str, float]]:
        query = tokens(sentence)
        if not query:
            return []
        scores = self.bm25.get_scores(query)
        allowed = COMPATIBLE_UNITS.get(unit, {unit}) if unit else None
        ranked = []
        for indicator_id, indicator_unit, score in zip(self.ids, self.units, scores, strict=True):
            if allowed is not None and indicator_unit not in allowed:
                score *= 0.3  # a unit clash is strong evidence against, not proof
            ranked.append((indicator_id, float(score)))
        ranked.sort(key=lambda pair: pair[1], reverse=True)
        best = ranked[0][1] if ranked and ranked[0][1] > 0 else 1.0
        return [(indicator_id, round(score / best, 2)) for indicator_id, score in ranked[:top]]


def suggester_for(indicators: pd.DataFrame, observations: Iterable | None = None):
    return IndicatorSuggester(indicators, observations)
