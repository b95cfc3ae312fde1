"""District and county marks, never-sum notes, peer context and the indicator search."""

from __future__ import annotations

import pandas as pd
import pytest

from civdash.data.loader import load_dataset
from civdash.method import peers as levels
from tests.conftest import REPO_ROOT


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(REPO_ROOT / "data")


def test_a_district_is_marked_only_beside_cities():
    assert levels.lower_level_regions({"420202": "district", "320600": "prefecture"}) == {"420202"}
    assert levels.lower_level_regions({"420202": "district", "330211": "district"}) == set()


def test_marked_labels_carry_the_level_in_each_language():
    frame = pd.DataFrame({"region_id": ["420202", "320600"], "region": ["黄石港区", "南通市"]})
    levels_by_region = {"420202": "district", "320600": "prefecture"}
    zh = levels.mark_levels(frame, levels_by_region, "zh")
    en = levels.mark_levels(
        frame.assign(region=["Huangshigang", "Nantong"]), levels_by_region, "en"
    )
    assert zh["region"].tolist() == ["黄石港区(区)", "南通市"]
    assert en["region"].tolist() == ["Huangshigang (district)", "Nantong"]
    assert zh["lower_level"].tolist() == [True, False]


def test_parent_and_child_shown_together_are_never_summed(dataset):
    notes = levels.level_notes(dataset, ["420200", "420202", "320600"], "zh")
    assert any("黄石港区属于黄石市" in note and "不可相加" in note for note in notes)
    english = levels.level_notes(dataset, ["420200", "420202"], "en")
    assert any("must never be added" in note for note in english)
    assert levels.level_notes(dataset, ["320600", "330200"], "zh") == []


def test_peer_summary_names_the_others_with_years_and_the_rank(dataset):
    # Quzhou's 14,820 are institutional beds since the audit split (data/README.md, A6).
    summary = levels.peer_summary(dataset, "elderly_care_beds", "420202", "en")
    assert summary.startswith("2 regions report this: Nantong 2022")
    assert "ranks 2 of 2" in summary and "years differ" in summary
    institutional = levels.peer_summary(dataset, "elderly_care_beds_institutional", "330800", "en")
    assert institutional.startswith("2 regions report this: Nantong 2022")


def test_a_figure_only_one_region_reports_says_so(dataset):
    only = levels.peer_table(dataset)
    indicator = next(key for key, peers in only.items() if len(peers) == 1)
    region = only[indicator][0]["region_id"]
    assert levels.peer_summary(dataset, indicator, region, "zh") == "只有本地区报告此指标"


@pytest.mark.parametrize(
    ("query", "lang"), [("床位", "zh"), ("beds", "en"), ("BEDS elderly", "en")]
)
def test_search_finds_elderly_care_beds_in_either_language(dataset, query, lang):
    results, more = levels.search_indicators(dataset, query, lang)
    ids = [result.indicator_id for result in results]
    assert "elderly_care_beds" in ids
    beds = results[ids.index("elderly_care_beds")]
    assert beds.region_count == 2
    assert "2022" in beds.regions and "2015" in beds.regions
    # Quzhou's beds are institutional beds (data/README.md, A6): a separate match of the search.
    assert "elderly_care_beds_institutional" in ids


def test_search_is_capped_and_empty_queries_find_nothing(dataset):
    assert levels.search_indicators(dataset, "   ", "zh") == ([], 0)
    results, more = levels.search_indicators(dataset, "a", "en")
    assert len(results) == levels.SEARCH_MAX_RESULTS and more > 0
    # A long query is cut to SEARCH_MAX_CHARS before matching, and special characters are text.
    assert levels.search_indicators(dataset, "(" * 10_000, "en") == ([], 0)
