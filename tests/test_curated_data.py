"""The committed data answers the 2026-11-29 audit: its error fixed, its decisions kept."""

import csv

import pytest

from civdash.figures.source_text import to_simplified
from tests.conftest import REPO_ROOT

DATA = REPO_ROOT / "data"


def table(name: str) -> list[dict]:
    with open(DATA / f"{name}.csv", encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def observations() -> dict[str, dict]:
    return {row["observation_id"]: row for row in table("observations")}


@pytest.fixture(scope="module")
def indicators() -> dict[str, dict]:
    return {row["indicator_id"]: row for row in table("indicators")}


@pytest.mark.parametrize(
    ("indicator", "value"),
    [
        ("home_community_care_centres_new_cumulative", "12"),
        ("day_care_centres_new_cumulative", "2"),
        ("home_community_care_stations_new_cumulative", "32"),
    ],
)
def test_huangshigang_newly_built_facilities_are_2011_15_flows(
    observations, indicators, indicator, value
):
    row = observations[f"huangshigang_13fyp:420202:{indicator}:2015:period2011"]
    assert row["value"] == value and row["period_start"] == "2011"
    assert indicators[indicator]["period_type"] == "multi_year"
    stocks = [
        obs
        for obs in observations.values()
        if obs["region_id"] == "420202"
        and obs["indicator_id"] in ("home_community_care_centres", "home_community_care_stations")
    ]
    assert stocks == []


def test_split_series_no_longer_mix_concepts(observations):
    by_indicator: dict[str, set[str]] = {}
    for row in observations.values():
        by_indicator.setdefault(row["indicator_id"], set()).add(row["region_id"])
    assert "330800" not in by_indicator["elderly_care_beds"]  # Quzhou counts institutions only
    assert by_indicator["elderly_care_beds_institutional"] == {"330800", "320600"}
    assert by_indicator["social_organisations_rated"] == {"320600"}
    assert by_indicator["social_organisations_rated_3a_plus"] == {"330600"}
    assert {"330400", "320600", "330800"} <= by_indicator["dibao_standard_urban"]


def test_derived_merge_rows_show_their_arithmetic(observations):
    shelters = observations["quzhou_2013_summary:330800:disaster_shelters:2013"]
    assert shelters["value"] == "598" and "106" in shelters["derivation"]
    facilities = observations["ningbo_2012_review:330200:community_elderly_care_facilities:2011"]
    assert facilities["value"] == "1415" and "269" in facilities["derivation"]


def test_every_public_chinese_text_is_simplified(indicators):
    """Traditional characters belong in Nantong's excerpts, never in our own Chinese text."""
    for row in indicators.values():
        for column in ("name_zh", "definition_zh", "comparability_zh"):
            assert to_simplified(row[column]) == row[column], (row["indicator_id"], column)


def test_observation_notes_come_in_both_languages(observations):
    for row in observations.values():
        assert bool(row["note"]) == bool(row["note_zh"]), row["observation_id"]
