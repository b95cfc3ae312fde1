"""civdash.core.units: one record per unit, read from data/units.csv, and every module asks it."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from civdash.core import formatting, units
from civdash.core.units import unit_name
from civdash.data import validate
from civdash.data.validate import validate_dataset
from civdash.figures.map import style
from civdash.i18n import text
from civdash.method import per_capita
from tests.conftest import REPO_ROOT

DATA = REPO_ROOT / "data"


def test_every_indicator_unit_has_one_record_with_names_and_a_range():
    indicators = pd.read_csv(DATA / "indicators.csv", dtype=str)
    for unit in indicators["unit"].unique():
        record = units.get(unit)
        assert record is not None, unit
        assert record.name_zh and record.name_en
        assert record.floor < record.ceiling


def test_the_percent_family_is_one_set_for_the_map_and_the_upload_check():
    family = {unit for unit in units.ids() if units.is_percent(unit)}
    assert family == {"percent", "percent_change", "percent_ratio", "percentage_points"}
    # The map's fixed fifths follow the same family (it once held only two of the three).
    steps = style.colour_steps(pd.Series([5.0, 55.0, 95.0]), "percent_change")
    assert [step.lower for step in steps] == [0.0, 20.0, 40.0, 60.0, 80.0]


def test_counts_start_axes_at_zero_and_only_divisible_counts_are_divided():
    assert units.is_count("beds") and units.divisible("beds")
    # Floor area adds up (axis from zero) but is not divided by residents.
    assert units.is_count("square_metres") and not units.divisible("square_metres")
    assert per_capita.blocked_reason({"unit": "square_metres", "period_type": "point"}) == "other"
    # A per-household standard is a standard, not an unknown unit.
    assert (
        per_capita.blocked_reason({"unit": "yuan_per_household_month", "period_type": "point"})
        == "standard"
    )
    # A per-resident rate of a count is a rate.
    assert units.kind("beds/per_10k") == units.RATE and not units.divisible("beds/per_10k")


def test_suffixes_and_names_come_from_the_record():
    assert formatting.fact_value(12, "persons_per_10k_population", "en") == (
        "12 " + units.get("persons_per_10k_population").suffix_en
    )
    assert formatting.fact_value(3, "beds/per_1k_60", "zh") == "3张/千名老人"
    assert formatting.fact_value(97.5, "percent", "en") == "97.5%"
    assert formatting.fact_value(2, "times", "en") == "2×"
    assert unit_name("yuan_per_household_month", "zh") == "元/户/月"


def test_every_unit_has_a_ceiling_now_including_per_household_amounts():
    assert units.range_problem(5e6, "yuan_per_household_month") == "ceiling"
    assert units.range_problem(-5, "households") == "negative"
    assert units.range_problem(-150, "percent_change") == "fall"
    assert units.range_problem(-50, "percent_change") is None
    assert units.range_problem(101, "percent") == "share"
    assert units.range_problem(135.8, "percent_ratio") is None


@pytest.fixture
def copied(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder, ignore=shutil.ignore_patterns("parquet"))
    return folder


def test_validator_checks_the_unit_table(copied):
    path = copied / "units.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[frame["unit_id"] == "beds", "kind"] = "volume"
    frame.loc[frame["unit_id"] == "persons", "glued"] = "yes"
    frame.loc[frame["unit_id"] == "households", ["floor", "ceiling"]] = ["10", "5"]
    frame.loc[frame["unit_id"] == "mu", "name_en"] = "亩"
    frame = frame[frame["unit_id"] != "days"]
    frame.to_csv(path, index=False)
    report = validate_dataset(copied, display="data")
    found = {(p.file, p.column) for p in report.errors}
    assert ("data/units.csv", "kind") in found
    assert ("data/units.csv", "glued") in found
    assert ("data/units.csv", "floor") in found
    assert ("data/units.csv", "name_en") in found
    # An indicator whose unit the table lacks is named.
    assert any(
        p.file == "data/indicators.csv" and p.column == "unit" and "'days'" in p.message
        for p in report.errors
    )


def test_the_shipped_unit_table_is_clean():
    report = validate_dataset(DATA, display="data")
    assert not [p for p in report.errors if p.file.endswith("units.csv")]


def test_range_messages_speak_the_page_language():
    key, values = validate.check_value_range(-5, "households")
    zh = text(key, "zh", **values)
    assert "-5" in zh and "negative" not in zh
    assert "negative" in text(key, "en", **values)
