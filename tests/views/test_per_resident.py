"""civdash.views.per_resident: a rate is never divided again; a count with based regions offers
per 10,000 residents; the raw value is always first and the default."""

from __future__ import annotations

import pytest

from civdash.data.loader import load_dataset
from civdash.method.per_capita import PER_10K, RAW
from civdash.views import per_resident
from tests.conftest import REPO_ROOT


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(REPO_ROOT / "data")


def test_a_count_with_based_regions_offers_per_10k(dataset):
    rows = dataset.facts[dataset.facts["indicator_id"] == "elderly_care_institutions"]
    found = per_resident.options(dataset, "elderly_care_institutions", rows["region_id"], "zh")
    assert found.modes[0] == RAW and PER_10K in found.modes and found.default == RAW


def test_a_rate_offers_only_the_raw_value_and_says_why(dataset):
    rate = next(
        row.indicator_id
        for row in dataset.indicators.itertuples()
        if row.unit == "beds_per_100_elderly"
    )
    rows = dataset.facts[dataset.facts["indicator_id"] == rate]
    for lang in ("zh", "en"):
        found = per_resident.options(dataset, rate, rows["region_id"], lang)
        assert found.modes == [RAW] and found.blocked_note
