"""The per-resident note names a region's latest figure by the one latest rule
(loader.latest_values): a range's lower end, and a user's own figure in a tie of years."""

from __future__ import annotations

import pandas as pd
import pytest

from civdash.data.loader import load_dataset
from civdash.method import per_capita
from tests.conftest import REPO_ROOT


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(REPO_ROOT / "data")


def row(value, year, range_part=None, user=False, qualifier="exact"):
    return {
        "region_id": "330800",
        "indicator_id": "elderly_care_beds",
        "year": year,
        "period_start": pd.NA,
        "range_part": range_part,
        "user_supplied": user,
        "value": float(value),
        "raw_value": float(value),
        "unit": "beds/per_10k",
        "qualifier": qualifier,
    }


def note(dataset, rows, lang="en"):
    frame = pd.DataFrame(rows)
    frame["year"] = frame["year"].astype("Int64")
    frame["period_start"] = frame["period_start"].astype("Int64")
    view = per_capita.NormalisedView(per_capita.PER_10K, frame.iloc[0:0], frame, ["330800"])
    return per_capita.without_base_note(dataset, view, lang)


def test_a_written_range_is_named_by_its_lower_end(dataset):
    # 2,000–2,500 beds in 2020, listed upper end last: the note says 2,000, as every page does.
    text = note(dataset, [row(1500, 2018), row(2000, 2020, "lower"), row(2500, 2020, "upper")])
    assert "2,000 beds (2020)" in text and "2,500" not in text


def test_a_users_own_figure_wins_a_tie_of_years(dataset):
    text = note(dataset, [row(900, 2021, user=True), row(800, 2021)])
    assert "900 beds (2021)" in text and "800" not in text


def test_the_note_keeps_the_qualifier(dataset):
    text = note(dataset, [row(800, 2021, qualifier="approx")], lang="zh")
    assert "≈800张 (2021)" in text
