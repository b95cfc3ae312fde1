"""'About this data' and the data vintage say what the figures on screen are and are not."""

import pytest

from civdash.data.loader import load_dataset
from civdash.figures import about_panel
from tests.conftest import REPO_ROOT


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(REPO_ROOT / "data")


def test_about_gives_definition_unit_sources_latest_and_limits(dataset):
    info = about_panel.about(dataset, "dibao_standard_urban", "zh")
    assert info.definition == "城市居民最低生活保障标准(每人每月)"
    assert info.unit == "元/人/月"
    assert "平均" in info.comparability
    assert info.latest_year == 2022
    assert any(
        source.startswith("南通市民政局") and "2012–2022年" in source for source in info.sources
    )
    assert any("不同(2013–2022年)" in limit for limit in info.limits)
    assert any("名义值" in limit for limit in info.limits)


def test_about_follows_the_rows_shown_and_the_language(dataset):
    rows = dataset.facts[
        (dataset.facts["indicator_id"] == "dibao_standard_urban")
        & (dataset.facts["region_id"] == "330800")
    ]
    info = about_panel.about(dataset, "dibao_standard_urban", "en", rows)
    assert info.definition.startswith("Urban minimum living allowance")
    assert info.latest_year == 2013
    assert len(info.sources) == 1 and "2013, 1 figures" in info.sources[0]
    assert any("Only one region" in limit for limit in info.limits)


def test_multi_year_and_derived_figures_are_named_as_limits(dataset):
    info = about_panel.about(dataset, "home_community_care_centres_new_cumulative", "en")
    assert any("multi-year" in limit for limit in info.limits)
    derived = about_panel.about(dataset, "disaster_shelters", "en")
    assert any("derived" in limit for limit in derived.limits)


def test_vintage_names_each_regions_latest_year_per_source(dataset):
    table = about_panel.vintage(dataset, "en").set_index("Region")
    assert table.loc["Ningbo", "Latest year"] == 2019
    assert "Ningbo review (2012) 2002–2012" in table.loc["Ningbo", "Years by source"]
    assert table.loc["Huangshigang District", "Latest year"] == 2015
    assert "None" not in table.to_string() and "nan" not in table.to_string()
