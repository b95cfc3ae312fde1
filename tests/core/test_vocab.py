"""civdash.core.vocab: the schemas describe data/ as it is, keys point at real columns, ids are
built from the natural key."""

from __future__ import annotations

import csv

import pytest

from civdash.core import units, vocab
from civdash.core.vocab import TABLES, TABLES_BY_NAME, observation_id
from tests.conftest import REPO_ROOT

DATA = REPO_ROOT / "data"


def rows(name: str) -> list[dict]:
    with open(DATA / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_data_csv_has_a_schema_and_every_schema_a_file():
    on_disk = {path.stem for path in DATA.glob("*.csv")}
    assert on_disk == set(TABLES_BY_NAME)


@pytest.mark.parametrize("table", TABLES, ids=lambda table: table.name)
def test_header_of_each_file_is_the_schema_in_order(table):
    with open(DATA / table.file, encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    assert header == table.column_names


@pytest.mark.parametrize("table", TABLES, ids=lambda table: table.name)
def test_keys_name_real_columns_of_real_tables(table):
    names = set(table.column_names)
    assert set(table.primary_key) <= names
    assert set(table.unique_key) <= names
    for column, other_table, other_column in table.foreign_keys:
        assert column in names, (table.name, column)
        assert other_column in TABLES_BY_NAME[other_table].column_names, (other_table, other_column)


@pytest.mark.parametrize("table", TABLES, ids=lambda table: table.name)
def test_curated_values_stay_inside_each_enum(table):
    enums = {column.name: column.enum for column in table.columns if column.enum}
    for row in rows(table.name):
        for name, allowed in enums.items():
            assert row[name] == "" or row[name] in allowed, (table.name, name, row[name])


def test_indicators_use_known_units_and_categories():
    for row in rows("indicators"):
        assert units.get(row["unit"]) is not None, row["indicator_id"]
        assert row["category"] in vocab.CATEGORIES, row["indicator_id"]


def test_every_curated_observation_id_is_built_from_its_natural_key():
    for row in rows("observations"):
        assert row["observation_id"] == observation_id(row)


def test_observation_id_adds_period_and_range_parts_and_skips_missing_ones():
    base = {"source_id": "s", "region_id": "330200", "indicator_id": "beds", "year": 2015}
    assert observation_id(base) == "s:330200:beds:2015"
    assert observation_id({**base, "period_start": float("nan"), "range_part": ""}) == (
        "s:330200:beds:2015"
    )
    spanned = {**base, "period_start": 2011, "range_part": "lower"}
    assert observation_id(spanned) == "s:330200:beds:2015:period2011:rangelower"
    # Two ends of one written range are two observations.
    assert observation_id(spanned) != observation_id({**spanned, "range_part": "upper"})
