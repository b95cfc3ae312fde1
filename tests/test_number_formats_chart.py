"""m2: one chart, one number format: no plain 276,194.27 beside 405.17万 or 4.05 million."""

from __future__ import annotations

import pandas as pd
import pytest

from civdash.core.numbers import format_number
from civdash.data.loader import cached_dataset, data_dir
from civdash.figures.charts import chart_rows


@pytest.mark.parametrize(
    ("value", "lang", "unit", "like", "expected"),
    [
        (276_194.27, "zh", "yuan/per_10k", None, "27.62万"),  # 元/万人 is money
        (276_194.27, "en", "yuan", 4_050_000, "0.276 million"),
        (7_000_000, "zh", "yuan", 1_427_000_000, "700万"),  # 700万 beside 14.27亿 stays 700万
        (61_195, "zh", "persons", None, "61,195"),
        (12_300, "en", "yuan", 1_427_000_000, "0.0123 million"),
    ],
)
def test_a_number_takes_its_charts_step(value, lang, unit, like, expected):
    assert format_number(value, lang, unit, like) == expected


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_chart_labels_share_one_format(lang):
    dataset = cached_dataset(str(data_dir()))
    facts = dataset.facts
    rows = facts[facts["unit"].astype(str) == "yuan"].head(0)
    base = facts[facts["unit"].astype(str) == "yuan"].iloc[[0, 0, 0]].copy()
    base["value"] = pd.array([4_051_700.0, 276_194.27, 1_802_300.0], dtype="Float64")
    base["region_id"] = pd.Categorical(["330200", "330300", "330400"])
    base["derivation"] = None
    frame = chart_rows(pd.concat([rows, base]), dataset, lang)
    labels = frame["short_label"].tolist()
    suffix = "万" if lang == "zh" else "million"
    assert all(suffix in label for label in labels), labels


def test_a_wrapped_line_never_breaks_inside_a_number():
    from civdash.figures.charts import wrap

    line = (
        "Huangshigang District 2015: the report itself states ≈27 beds per 1,000 aged 60+ "
        "(of registered elderly); this chart divides by residents and shows ≈16 beds per 1,000"
    )
    for columns in range(40, 120, 7):
        pieces = wrap(line, columns)
        assert not any(piece.endswith("1,") for piece in pieces), pieces
        assert "".join(piece + " " for piece in pieces).count("1,000") == 2
