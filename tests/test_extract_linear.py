"""N6: extraction time grows linearly with the text, whatever the text is made of.

The old extractor looked for every sentence-end mark across the whole text once per figure,
and re-read a figure's whole sentence for its year and region: a text of numbers with no
punctuation took 24.7 s for 48,000 characters. The ratio below is what proves linearity: 20x
the text must take at most 30x the time (a quadratic scan takes about 400x).
"""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from civdash.workbench.extract import CLAUSE_WINDOW, clause_for, extract
from tests.test_hostile_uploads import growth

REGIONS = pd.DataFrame(
    [
        ("330000", "浙江省", "province"),
        ("330200", "宁波市", "prefecture"),
        ("331100", "丽水市", "prefecture"),
        ("330523", "安吉县", "county"),
    ],
    columns=["region_id", "name_zh", "level"],
)

# Pieces of report text: figures, numerals, years, places, lists, and stretches with no
# sentence end at all (the shape that made the old scans quadratic).
PIECES = st.sampled_from(
    [
        "12 ",
        "1万2千人",
        "一万二千",
        "2020年",
        "宁波、",
        "丽水等",
        "安吉县",
        "床位15200张",
        "增长5%",
        "第一",
        "“四个意识”",
        "。",
        "\n",
        "，",
        "目前",
        "累计",
        "x",
    ]
)
UNITS_OF_TEXT = st.lists(PIECES, min_size=1, max_size=6).map("".join)


def grow(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def run_extract(text: str) -> None:
    extract(text, region_id="330000", reference_year=2020, regions=REGIONS)


@settings(max_examples=4, deadline=None)
@given(unit=UNITS_OF_TEXT)
def test_extraction_time_grows_linearly_from_2_to_40_kb(unit):
    small, large = grow(unit, 2_000), grow(unit, 40_000)
    assert growth(run_extract, small, large) <= 30, unit


def test_the_text_behind_a_suggestion_is_bounded():
    """The indicator index reads a clause; a text without commas is not one long clause."""
    text = "12 " * 20_000
    assert len(clause_for(text, 30_000, 30_002)) <= 2 * CLAUSE_WINDOW + 2
