"""views/facts.py: figures as pages show and export them (tiny fixture and curated data)."""

import pandas as pd
import pytest

from civdash import views
from civdash.data.loader import load_dataset, with_user_rows
from tests.conftest import REPO_ROOT


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(REPO_ROOT / "data")


def test_comparison_lists_not_reported_regions_and_years(dataset):
    result = views.comparison(dataset, "dibao_standard_urban", views.focus_regions(dataset))
    # Jiaxing's unified urban-rural standard stands in the urban series, as Nantong's does.
    assert set(result.rows["region_id"].astype(str)) == {"320600", "330800", "330400"}
    assert result.years == [2013, 2018, 2022]
    assert "330100" in result.not_reported and "420202" in result.not_reported
    assert len(result.not_reported) == 10


def test_comparison_year_window(dataset):
    result = views.comparison(
        dataset, "dibao_standard_urban", views.focus_regions(dataset), 2012, 2013
    )
    values = dict(zip(result.rows["region_id"].astype(str), result.rows["value"], strict=True))
    assert values == {"320600": 447.0, "330800": 480.0}


def test_headline_cards_carry_year_and_source(dataset):
    cards = views.headline_cards(dataset, "330200", "en")
    by_id = {card["indicator_id"]: card for card in cards}
    assert by_id["elderly_care_institutions"]["year"] == 2011
    assert by_id["elderly_care_institutions"]["value"] == "205"
    assert "Ningbo" in by_id["elderly_care_institutions"]["source"]


def test_filter_rows_combines_every_filter(dataset):
    rows = views.filter_rows(
        dataset, ["330800"], ["social_assistance"], None, 2013, 2013, ["quzhou_2013_summary"]
    )
    assert len(rows) > 10
    assert set(rows["region_id"].astype(str)) == {"330800"}
    assert views.filter_rows(dataset, ["330800"], None, None, 2030, 2035).empty


def test_display_table_keeps_sources_excerpts_and_qualifiers(dataset):
    rows = views.trend_rows(dataset, "welfare_lottery_sales", ["330200"])
    table = views.display_table(dataset, rows, "en")
    first = table.iloc[0]
    assert first["Excerpt"].startswith("福彩销量")
    assert first["Qualifier"] == "at least"
    assert first["As written"] == "700多万"
    assert "Ningbo" in first["Source"]


def test_user_rows_are_marked_and_latest(dataset):
    user = pd.DataFrame(
        [
            {
                "region_id": "330800",
                "indicator_id": "dibao_standard_urban",
                "year": 2015,
                "value": 600.0,
                "qualifier": "exact",
                "value_as_written": "600",
                "source_id": "user",
                "excerpt": "my note",
                "period_start": pd.NA,
                "range_part": pd.NA,
                "derivation": pd.NA,
                "note": pd.NA,
                "user_source": "my note",
            }
        ]
    ).astype({"year": "Int64", "value": "Float64", "period_start": "Int64"})
    session = with_user_rows(dataset, user)
    assert len(session.facts) == len(dataset.facts) + 1
    assert len(dataset.facts) == len(load_dataset(REPO_ROOT / "data").facts)  # shared untouched
    latest = session.latest.set_index(["region_id", "indicator_id"]).loc[
        ("330800", "dibao_standard_urban")
    ]
    assert latest["value"] == 600.0 and bool(latest["user_supplied"])
    table = views.display_table(
        session, views.trend_rows(session, "dibao_standard_urban", ["330800"]), "zh"
    )
    assert table["用户补充"].tolist() == ["否", "是"]
    assert table["来源"].iloc[-1] == "用户补充: my note"
