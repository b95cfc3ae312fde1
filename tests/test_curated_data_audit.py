"""The data audit of 2026-12-07: its errors stay fixed in the shipped data."""

import re

import pandas as pd
import pytest

from civdash.data.loader import load_dataset
from civdash.data.source_names import source_sheet
from civdash.method import per_capita
from civdash.method.progress import Target, assess_target
from civdash.method.targets import assess_plan
from civdash.views.data import source_cards
from tests.conftest import REPO_ROOT

DATA = REPO_ROOT / "data"


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(DATA)


def read(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / f"{name}.csv", dtype=str, keep_default_na=False)


def test_both_same_article_yoy_changes_describe_the_previous_full_year():
    observations = read("observations")
    article = observations[
        (observations["source_id"] == "zhejiang_2019_features")
        & observations["excerpt"].str.contains("同比")
    ]
    assert set(article["region_id"]) >= {"330100", "330300"}
    assert set(article["year"]) == {"2018"}
    petition = article[article["indicator_id"] == "petition_complaints_yoy_change"]
    assert petition["observation_id"].tolist() == [
        "zhejiang_2019_features:330100:petition_complaints_yoy_change:2018"
    ]
    assert petition["value"].tolist() == ["-32"]


def test_the_demonstration_community_target_counts_three_new_on_top_of_six():
    targets = read("targets").set_index("target_id")
    target = targets.loc["001_t05"]
    assert (target["baseline_year"], target["baseline_value"], target["target_value"]) == (
        "2015",
        "6",
        "9",
    )
    # The baseline is the plan's own 2015 stock: 3 national + 3 provincial communities.
    observations = read("observations").set_index("observation_id")
    stock = sum(
        float(observations.loc[f"huangshigang_13fyp:420202:{level}:2015", "value"])
        for level in ("disaster_demo_communities_national", "disaster_demo_communities_provincial")
    )
    assert stock == float(target["baseline_value"])
    plan = Target(2020, 9.0, kind="numeric", baseline_year=2015, baseline_value=6.0)
    # Still 6 in 2020 would be no progress, not "achieved" (a target of 3 read as achieved).
    assert assess_target(plan, (2020, 6.0)).status != "achieved"
    assert assess_target(plan, (2020, 9.0)).status == "achieved"


def test_the_plans_page_rates_the_demonstration_target_against_its_stated_baseline(dataset):
    assessed = assess_plan(dataset, "huangshigang_13fyp_2016_2020", "en").set_index("target_id")
    row = assessed.loc["001_t05"]
    assert (row["baseline_value"], row["baseline_year"], row["target_value"]) == (6.0, 2015, 9.0)
    assert row["baseline_source"] == "stated"
    assert row["status"] == "insufficient_data"


def test_the_ningbo_2021_goal_is_its_own_plan_and_its_note_says_so():
    targets = read("targets").set_index("target_id")
    target = targets.loc["004b_ningbo_elderly_university_2021"]
    plans = read("plans").set_index("plan_id")
    plan = plans.loc[target["plan_id"]]
    assert (plan["start_year"], plan["end_year"]) == ("2019", "2021")
    assert "filed with that plan" not in target["note"]
    assert "归入该计划" not in target["note_zh"]
    assert "its own" in target["note"] and "单列" in target["note_zh"]


def test_volunteer_person_times_share_one_indicator_and_no_reference_is_left_dangling():
    indicators = read("indicators")
    assert "social_service_participants_social_orgs" not in set(indicators["indicator_id"])
    observations = read("observations")
    volunteers = observations[observations["indicator_id"] == "volunteer_participation"]
    assert set(zip(volunteers["region_id"], volunteers["year"], strict=True)) == {
        ("331000", "2018"),
        ("330600", "2018"),
    }
    ids = set(indicators["indicator_id"])
    for name in ("observations", "targets"):
        assert set(read(name)["indicator_id"]) <= ids
    defaults = read("defaults")
    assert set(defaults["indicator_id"]) - {""} <= ids


def test_the_four_cities_with_most_rows_have_a_2020_base_from_a_named_reprint():
    population = read("population")
    for region in ("330800", "330400", "331100", "330700"):
        rows = population[
            (population["region_id"] == region)
            & (population["year"] == "2020")
            & (population["measure"] == "resident_total")
        ]
        assert len(rows) == 1, region
        row = rows.iloc[0]
        assert row["source_kind"] == "reprint"
        assert "普查" in row["source_title"] and row["url"].startswith("http")
        assert row["value_as_written"] in row["quote"]
    # Read on the publisher's own site means official; anything else is a reprint.
    official = population["url"].str.contains("gov.cn")
    assert (population.loc[~official, "source_kind"] == "reprint").all()


def test_a_reprinted_base_is_named_as_a_reprint_in_both_languages(dataset):
    rows = dataset.facts[
        (dataset.facts["indicator_id"] == "elderly_care_institutions")
        & (dataset.facts["region_id"] == "330800")
    ]
    zh = per_capita.normalise(dataset, rows, per_capita.PER_10K, "zh")
    en = per_capita.normalise(dataset, rows, per_capita.PER_10K, "en")
    assert any("普查公报(转载)《衢州市第七次全国人口普查公报》" in line for line in zh.subtitle)
    assert any("Quzhou 2020 census communiqué (reprint)" in line for line in en.subtitle)
    assert not any(ch for line in en.subtitle for ch in line if "\u4e00" <= ch <= "\u9fff")
    table = per_capita.rate_table(en, pd.DataFrame({"region": ["x"] * len(rows)}), "en")
    assert set(table["Denominator source"]) == {"Quzhou 2020 census communiqué (reprint)"}


def test_a_provincial_communique_is_named_for_the_province_not_the_city(dataset):
    names = per_capita.source_names(dataset, "en")
    assert names[per_capita.source_key("浙江省第七次人口普查主要数据公报", "reprint")] == (
        "Zhejiang 2020 census communiqué (reprint)"
    )


def test_an_empty_source_url_shows_as_nothing_and_a_found_one_is_cited(dataset):
    for lang in ("zh", "en"):
        sheet = source_sheet(dataset, dataset.sources["source_id"], lang)
        urls = sheet.set_index("source_id").iloc[:, -1]
        assert not urls.astype(str).isin(["nan", "None", "<NA>"]).any()
        assert urls["ningbo_2012_review"] == ""
        assert urls["quzhou_2013_summary"].startswith("https://")
        cards = {card.source_id: card.citation for card in source_cards(dataset, lang)}
        assert not any(re.search(r"\b(?:nan|None|NaN)\b", text) for text in cards.values())
        assert "https://" in cards["quzhou_2013_summary"]
        assert "http" not in cards["ningbo_2012_review"]


def test_public_notes_read_as_information_not_curation_history():
    # Phrases the audit found: curation remarks, jargon and an unexplained abbreviation.
    remarks = re.compile(
        r"Kept because|保留该行|\(same sentence\)|\uff08同一句\uff09|\bFYP\b|the scrape|抓取|"
        r"no period start|不填起始年|^2018\.$|^2018年。$"
    )
    columns = {
        "observations": ("note", "note_zh", "derivation"),
        "targets": ("note", "note_zh", "goal_zh", "goal_en"),
        "indicators": ("comparability", "comparability_zh", "definition_en", "definition_zh"),
        "sources": ("notes",),
        "defaults": ("note",),
    }
    found = [
        (name, column, text)
        for name, names in columns.items()
        for column in names
        for text in read(name)[column]
        if remarks.search(text)
    ]
    assert found == []
    # The comparability note of a subset names an indicator that exists, in words.
    indicators = read("indicators").set_index("indicator_id")
    note = indicators.loc["day_care_centres_institution_operated", "comparability"]
    assert "day-care centres" in note and "_" not in note
