"""views/indicators.py: indicator choices and their comparability notes in each language."""

import pytest

from civdash import views
from civdash.data.loader import load_dataset
from tests.conftest import REPO_ROOT


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(REPO_ROOT / "data")


def test_comparability_note_follows_language(dataset):
    with_note = dataset.indicators[dataset.indicators["comparability"].fillna("") != ""]
    indicator = with_note["indicator_id"].iloc[0]
    english = views.comparability_note(dataset, indicator, "en")
    chinese = views.comparability_note(dataset, indicator, "zh")
    assert english == with_note["comparability"].iloc[0]
    assert chinese == with_note["comparability_zh"].iloc[0]
    assert chinese != english and any("\u4e00" <= char <= "\u9fff" for char in chinese)
    without_note = dataset.indicators[dataset.indicators["comparability"].fillna("") == ""]
    assert views.comparability_note(dataset, without_note["indicator_id"].iloc[0], "zh") == ""
