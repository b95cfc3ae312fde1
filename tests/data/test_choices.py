"""Curated choices are data: ranks in indicators.csv and defaults.csv drive the pages, checked."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from civdash import views
from civdash.cli import main
from civdash.data import choices
from civdash.data.loader import load_dataset, sources_dir
from civdash.data.validate import validate_dataset
from civdash.views import map as map_view
from civdash.workbench.bundle import build_bundle
from tests.conftest import CONTRIBUTION_ROWS as ROWS
from tests.conftest import CONTRIBUTION_SOURCE as SOURCE
from tests.conftest import CONTRIBUTION_TEXT as TEXT
from tests.conftest import REPO_ROOT, run_page


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A copy of data/ (report texts included) that a test may change."""
    folder = tmp_path / "data"
    shutil.copytree(REPO_ROOT / "data", folder, ignore=shutil.ignore_patterns("_staging"))
    return folder


def read(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)


def write(folder: Path, name: str, frame: pd.DataFrame) -> None:
    frame.to_csv(folder / f"{name}.csv", index=False)


def set_cells(folder: Path, name: str, key: str, changes: dict[str, dict[str, str]]) -> None:
    """changes: {row key: {column: new value}} in folder/name.csv."""
    frame = read(folder, name)
    for row_key, values in changes.items():
        mask = frame[key] == row_key
        assert mask.sum() == 1, row_key
        for column, value in values.items():
            frame.loc[mask, column] = value
    write(folder, name, frame)


def problems(folder: Path, severity: str = "error") -> list[str]:
    report = validate_dataset(folder)
    found = report.errors if severity == "error" else report.warnings
    return [
        f"{problem.file.rsplit('/', 1)[-1]}: {problem.column}: {problem.message}"
        for problem in found
    ]


# --- the curated data -----------------------------------------------------------------------------


def test_curated_choices_name_known_ids_and_validate():
    dataset = load_dataset(REPO_ROOT / "data")
    headline = choices.headline_indicators(dataset)
    assert headline[0] == "dibao_standard_urban" and len(headline) == len(set(headline))
    assert set(headline) <= set(dataset.indicator_rows)
    stations = choices.station_indicators(dataset)
    assert stations[0] == "community_service_stations_urban"
    # Party-building coverage is no service network, whatever its id says.
    assert "social_organisation_party_building_coverage" not in stations
    for setting in ("trends_indicator", "compare_indicator", "map_indicator"):
        assert choices.default(dataset, setting) in dataset.reported_indicators
    assert choices.default(dataset, "overview_region") in dataset.reported_regions
    assert choices.default(dataset, "plans_plan") in set(dataset.plans["plan_id"])


# --- order follows the data ---------------------------------------------------------------------


def test_headline_cards_follow_headline_rank(data_copy):
    before = views.headline_cards(load_dataset(data_copy), "330200", "en")
    shown = [card["indicator_id"] for card in before]
    assert len(shown) >= 3
    # Reverse the ranks in the CSV: the cards reverse, nothing else changes.
    frame = read(data_copy, "indicators")
    ranked = frame["headline_rank"] != ""
    frame.loc[ranked, "headline_rank"] = (
        100 - frame.loc[ranked, "headline_rank"].astype(int)
    ).astype(str)
    write(data_copy, "indicators", frame)
    after = views.headline_cards(load_dataset(data_copy), "330200", "en")
    assert [card["indicator_id"] for card in after] == shown[::-1]


def test_an_indicator_without_a_headline_rank_leaves_the_cards(data_copy):
    first = views.headline_cards(load_dataset(data_copy), "330200", "en")[0]["indicator_id"]
    set_cells(data_copy, "indicators", "indicator_id", {first: {"headline_rank": ""}})
    dataset = load_dataset(data_copy)
    assert first not in choices.headline_indicators(dataset)
    assert first not in [
        card["indicator_id"] for card in views.headline_cards(dataset, "330200", "en")
    ]


def test_station_rank_orders_the_map_options(data_copy):
    set_cells(
        data_copy,
        "indicators",
        "indicator_id",
        {
            "ecological_cemeteries": {"station_rank": ""},
            "dibao_standard_urban": {"station_rank": "0"},
        },
    )
    assert any("is not a position" in item for item in problems(data_copy))
    set_cells(
        data_copy, "indicators", "indicator_id", {"dibao_standard_urban": {"station_rank": "40"}}
    )
    # Rank 40 sorts after every other station indicator and before every unranked one.
    options = map_view.map_indicator_options(load_dataset(data_copy))
    stations = choices.station_indicators(load_dataset(data_copy))
    assert stations[-1] == "dibao_standard_urban"
    assert options.index("dibao_standard_urban") == len([s for s in stations if s in options]) - 1
    assert "ecological_cemeteries" not in stations
    assert problems(data_copy) == []


# --- the validator ------------------------------------------------------------------------------


def test_an_unknown_id_in_a_default_is_an_error(data_copy):
    set_cells(
        data_copy, "defaults", "setting", {"trends_indicator": {"indicator_id": "dibao_typo"}}
    )
    assert "defaults.csv: indicator_id: 'dibao_typo' is not in indicators.csv" in problems(
        data_copy
    )
    set_cells(
        data_copy,
        "defaults",
        "setting",
        {"trends_indicator": {"indicator_id": "dibao_standard_urban"}},
    )
    set_cells(data_copy, "defaults", "setting", {"overview_region": {"region_id": "999999"}})
    set_cells(data_copy, "defaults", "setting", {"plans_plan": {"plan_id": "no_such_plan"}})
    found = problems(data_copy)
    assert "defaults.csv: region_id: '999999' is not in regions.csv" in found
    assert "defaults.csv: plan_id: 'no_such_plan' is not in plans.csv" in found


def test_a_setting_has_at_most_one_default_and_known_names(data_copy):
    frame = read(data_copy, "defaults")
    duplicate = frame[frame["setting"] == "compare_indicator"].assign(
        indicator_id="dibao_recipients"
    )
    unknown = duplicate.assign(setting="sources_source")
    write(data_copy, "defaults", pd.concat([frame, duplicate, unknown]))
    found = problems(data_copy)
    assert any("duplicate key (setting=compare_indicator)" in item for item in found)
    assert any("'sources_source' is not one of" in item for item in found)


def test_a_default_names_exactly_the_id_its_setting_takes(data_copy):
    set_cells(
        data_copy,
        "defaults",
        "setting",
        {
            "map_indicator": {"indicator_id": "", "region_id": "330200"},
            "profile_region": {"indicator_id": "dibao_standard_urban"},
        },
    )
    found = problems(data_copy)
    assert "defaults.csv: indicator_id: map_indicator needs indicator_id" in found
    assert (
        "defaults.csv: region_id: map_indicator takes only indicator_id; leave region_id empty"
        in found
    )
    assert (
        "defaults.csv: indicator_id: profile_region takes only region_id; leave indicator_id empty"
        in found
    )


def test_a_default_without_figures_is_a_warning(data_copy):
    # Huangshi (420200) is listed only as Huangshigang's parent and reports nothing.
    set_cells(data_copy, "defaults", "setting", {"profile_region": {"region_id": "420200"}})
    assert problems(data_copy) == []
    assert any("'420200' has no figures" in item for item in problems(data_copy, "warning"))


def test_ranks_are_unique_and_on_single_year_indicators(data_copy):
    set_cells(
        data_copy,
        "indicators",
        "indicator_id",
        {
            "orphan_allowance": {"headline_rank": "1"},
            "welfare_lottery_sales_cumulative": {"station_rank": "99"},
            "cremation_rate": {"headline_rank": "first"},
        },
    )
    found = problems(data_copy)
    duplicate = [item for item in found if "headline_rank: rank 1 is also given to" in item]
    assert len(duplicate) == 1 and ("orphan_allowance" in duplicate[0]) != (
        "dibao_standard_urban" in duplicate[0]
    )
    assert any("station_rank: a multi-year indicator is never" in item for item in found)
    assert "indicators.csv: headline_rank: 'first' is not an integer" in found


def test_a_data_folder_without_defaults_opens_each_page_on_its_first_option(data_copy):
    (data_copy / "defaults.csv").unlink()
    report = validate_dataset(data_copy)
    assert report.errors == []
    assert any("defaults.csv (optional)" in notice for notice in report.notices)
    assert choices.default(load_dataset(data_copy), "trends_indicator") is None


def test_a_contributed_indicator_needs_no_choice_columns(tmp_path, capsys):
    data, sources = tmp_path / "data", tmp_path / "sources"
    shutil.copytree(REPO_ROOT / "data", data, ignore=shutil.ignore_patterns("sources"))
    shutil.copytree(sources_dir(), sources)
    indicator = {
        "indicator_id": "elderly_care_beds_test_new",
        "name_zh": "测试养老床位",
        "name_en": "Test elderly-care beds",
        "category": "elderly_care",
        "unit": "beds",
        "higher_is_better": "true",
        "definition_zh": "测试用",
        "definition_en": "For a test",
        "period_type": "point",
    }
    rows = [{**ROWS[0], "indicator_id": indicator["indicator_id"]}]
    bundle = tmp_path / "bundle.zip"
    bundle.write_bytes(build_bundle(SOURCE, TEXT, rows, indicators=[indicator]))
    assert main(["add", str(bundle), "--data", str(data), "--sources", str(sources)]) == 0
    assert validate_dataset(data, sources).errors == []
    dataset = load_dataset(data)
    assert indicator["indicator_id"] in dataset.indicator_rows
    assert indicator["indicator_id"] not in choices.headline_indicators(dataset)
    assert indicator["indicator_id"] not in choices.station_indicators(dataset)


# --- the pages open on the data's defaults ------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "setting", "column", "value"),
    [
        ("trends", "trends_indicator", "indicator_id", "welfare_lottery_sales"),
        ("compare", "compare_indicator", "indicator_id", "elderly_care_beds"),
        ("overview", "overview_region", "region_id", "320600"),
        ("profile", "profile_region", "region_id", "420202"),
        ("plans", "plans_plan", "plan_id", "ningbo_home_care_2018_2020"),
    ],
)
def test_a_changed_default_changes_the_page(data_copy, monkeypatch, page, setting, column, value):
    monkeypatch.setenv("CIVDASH_DATA_DIR", str(data_copy))
    before = run_page(page).selectbox(key=setting).value
    assert before != value
    set_cells(data_copy, "defaults", "setting", {setting: {column: value}})
    assert problems(data_copy) == []
    # A fresh folder path: the app's dataset cache is keyed by folder.
    moved = data_copy.parent / "changed"
    shutil.copytree(data_copy, moved)
    monkeypatch.setenv("CIVDASH_DATA_DIR", str(moved))
    app = run_page(page)
    assert not app.exception, [item.value for item in app.exception]
    assert app.selectbox(key=setting).value == value
