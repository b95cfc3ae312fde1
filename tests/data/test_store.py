"""The Parquet copy: same data as the CSVs, stale copies caught and skipped, excerpts on demand."""

from __future__ import annotations

import csv
import logging
import os
import shutil

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from civdash.cli import main
from civdash.core.vocab import TABLES, TABLES_BY_NAME
from civdash.data import loader, store
from civdash.data.lazy_text import LazyTextArray
from tests.conftest import REPO_ROOT

DATA = REPO_ROOT / "data"
OBSERVATIONS = TABLES_BY_NAME["observations"]


@pytest.fixture
def data_copy(tmp_path):
    """A copy of data/ with its texts and Parquet copies, free to edit."""
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    return folder


def csv_dataset(folder) -> loader.Dataset:
    """The dataset as read from the CSVs alone, the source of truth."""
    return loader.Dataset(
        folder=folder, **{table.name: loader.read_table(folder, table) for table in TABLES}
    )


def edit_first_value(folder) -> None:
    """Change the first observation's figure in place, keeping the file's size."""
    path = folder / "observations.csv"
    lines = path.read_bytes().decode("utf-8").split("\n")
    header = next(csv.reader([lines[0]]))
    value = next(csv.reader([lines[1]]))[header.index("value")]
    assert f",{value}," in lines[1]
    lines[1] = lines[1].replace(f",{value},", "," + "9" * len(value) + ",", 1)
    path.write_bytes("\n".join(lines).encode("utf-8"))


def test_the_seed_data_reads_the_same_from_parquet_as_from_csv():
    assert store.stale_tables(DATA) == {}
    from_parquet, from_csv = loader.load_dataset(DATA), csv_dataset(DATA)
    for name in [table.name for table in TABLES] + ["facts", "latest"]:
        pd.testing.assert_frame_equal(getattr(from_parquet, name), getattr(from_csv, name))
    assert from_parquet.colours == from_csv.colours
    assert from_parquet.reported_regions == from_csv.reported_regions


def test_the_loader_reads_parquet_when_it_is_current(data_copy, monkeypatch):
    expected = len(csv_dataset(DATA).facts)

    def refuse(folder, table):
        raise AssertionError(f"read {table.file} although its Parquet copy is current")

    monkeypatch.setattr(loader, "read_table", refuse)
    assert len(loader.load_dataset(data_copy).facts) == expected


def test_package_writes_a_copy_per_table_in_the_loaders_order(tiny_dataset):
    folder, _ = tiny_dataset
    assert store.stale_tables(folder) == {
        name: "missing" for name in ("sources", "regions", "indicators", "observations")
    } | {name: "missing" for name in ("plans", "targets")}
    assert main(["package", "--data", str(folder)]) == 0
    assert store.stale_tables(folder) == {}
    stored = pq.read_table(store.parquet_path(folder, OBSERVATIONS)).to_pandas()
    assert loader.in_order(stored, store.OBSERVATION_ORDER)
    stamp = store.read_stamp(store.parquet_path(folder, OBSERVATIONS))
    assert stamp.rows == len(stored) and stamp.source == "observations.csv"
    assert stamp.sha256 == store.csv_digest(folder / "observations.csv")
    # Rewriting unchanged data gives the same bytes, so git sees no change.
    before = store.parquet_path(folder, OBSERVATIONS).read_bytes()
    assert main(["package", "--data", str(folder)]) == 0
    assert store.parquet_path(folder, OBSERVATIONS).read_bytes() == before


def test_an_edited_csv_makes_its_copy_stale_for_the_validator_and_package_check(data_copy, capsys):
    assert main(["validate", "--data", str(data_copy), "--quiet"]) == 0
    assert main(["package", "--data", str(data_copy), "--check"]) == 0
    edit_first_value(data_copy)
    assert store.stale_tables(data_copy) == {"observations": "stale"}
    capsys.readouterr()
    assert main(["validate", "--data", str(data_copy)]) == 1
    assert "parquet/observations.parquet: : stale" in capsys.readouterr().out
    assert main(["package", "--data", str(data_copy), "--check"]) == 1
    assert main(["package", "--data", str(data_copy)]) == 0
    assert store.stale_tables(data_copy) == {}
    capsys.readouterr()
    main(["validate", "--data", str(data_copy)])
    # The edited figure no longer matches its excerpt; the copy itself is current again.
    assert "parquet" not in capsys.readouterr().out


def test_a_missing_copy_beside_others_fails_the_validator(data_copy):
    store.parquet_path(data_copy, TABLES_BY_NAME["regions"]).unlink()
    assert store.stale_tables(data_copy) == {"regions": "missing"}
    assert main(["validate", "--data", str(data_copy), "--quiet"]) == 1


def test_the_quick_check_hashes_an_edit_of_the_same_size(data_copy):
    edit_first_value(data_copy)
    path = store.parquet_path(data_copy, OBSERVATIONS)
    csv = data_copy / "observations.csv"
    assert csv.stat().st_size == store.read_stamp(path).bytes
    # The edit is newer than the copy, so the quick check cannot trust the size alone.
    os.utime(path, ns=(csv.stat().st_mtime_ns - 10**9,) * 2)
    assert store.table_state(data_copy, OBSERVATIONS, thorough=False) == "stale"


def test_the_app_falls_back_to_an_edited_csv_and_says_so(data_copy, caplog):
    edit_first_value(data_copy)
    with caplog.at_level(logging.WARNING, logger="civdash"):
        dataset = loader.load_dataset(data_copy)
    assert "observations is stale" in caplog.text
    pd.testing.assert_frame_equal(dataset.facts, csv_dataset(data_copy).facts)
    edited = csv_dataset(data_copy).observations
    assert (edited["value"] == dataset.observations["value"]).all()


def test_an_unreadable_copy_is_skipped_not_fatal(data_copy, caplog):
    store.parquet_path(data_copy, OBSERVATIONS).write_bytes(b"not parquet")
    assert store.table_state(data_copy, OBSERVATIONS) == "missing"
    dataset = loader.load_dataset(data_copy)
    pd.testing.assert_frame_equal(dataset.facts, csv_dataset(DATA).facts)


def test_without_any_copy_the_csvs_load_as_before(tiny_dataset):
    folder, _ = tiny_dataset
    assert not store.parquet_folder(folder).exists()
    assert len(loader.load_dataset(folder).facts) == len(csv_dataset(folder).facts)


@pytest.fixture
def lazy(monkeypatch):
    """Excerpts left in the file whatever the size (national scale, on the seed data)."""
    monkeypatch.setattr(loader, "LAZY_TEXT_ROWS", 0)


def test_lazy_excerpts_read_as_the_csv_excerpts(lazy):
    dataset, expected = loader.load_dataset(DATA), csv_dataset(DATA)
    assert isinstance(dataset.facts["excerpt"].array, LazyTextArray)
    for name in ("facts", "latest", "observations"):
        frame = getattr(dataset, name)
        pd.testing.assert_frame_equal(frame.astype({"excerpt": "str"}), getattr(expected, name))
    ningbo = dataset.facts[dataset.facts["region_id"] == "330200"].sort_values("year")
    wanted = expected.facts[expected.facts["region_id"] == "330200"].sort_values("year")
    assert ningbo["excerpt"].tolist() == wanted["excerpt"].tolist()
    assert [row["excerpt"] for row in ningbo.to_dict("records")] == wanted["excerpt"].tolist()
    ids = wanted["observation_id"].astype(str).tolist()[:3]
    assert dataset.excerpts(ids).to_dict() == dict(
        zip(ids, wanted["excerpt"].tolist()[:3], strict=True)
    )


def test_lazy_excerpts_read_only_the_row_groups_of_the_rows_shown(tmp_path, monkeypatch):
    path = tmp_path / "texts.parquet"
    texts = [f"摘录{index}" for index in range(100)]
    pq.write_table(pd.DataFrame({"excerpt": texts}).pipe(pa_table), path, row_group_size=10)
    groups_read = []
    original = pq.ParquetFile.read_row_groups

    def spy(self, row_groups, *args, **kwargs):
        groups_read.extend(row_groups)
        return original(self, row_groups, *args, **kwargs)

    monkeypatch.setattr(pq.ParquetFile, "read_row_groups", spy)
    column = pd.Series(LazyTextArray.stored(path, "excerpt", len(texts)))
    shown = column.iloc[[95, 3, 41, 97]]
    assert groups_read == []
    assert shown.tolist() == ["摘录95", "摘录3", "摘录41", "摘录97"]
    assert sorted(groups_read) == [0, 4, 9]


def pa_table(frame: pd.DataFrame):
    import pyarrow as pa

    return pa.Table.from_pandas(frame, preserve_index=False)


def test_user_rows_keep_their_excerpts_beside_lazy_ones(lazy):
    shared = loader.load_dataset(DATA)
    first = shared.facts.iloc[0]
    user = pd.DataFrame(
        {
            "region_id": [first["region_id"]],
            "indicator_id": [first["indicator_id"]],
            "year": [2030],
            "value": [1.0],
            "qualifier": ["exact"],
            "value_as_written": ["1"],
            "source_id": [first["source_id"]],
            "excerpt": ["分析员的摘录"],
        }
    )
    session = loader.with_user_rows(shared, user)
    assert isinstance(session.facts["excerpt"].array, LazyTextArray)
    mine = session.facts[session.facts["user_supplied"]]
    assert mine["excerpt"].tolist() == ["分析员的摘录"]
    curated = session.facts[~session.facts["user_supplied"]].astype({"excerpt": "str"})
    expected = shared.facts.astype({"excerpt": "str"})
    assert sorted(curated["excerpt"]) == sorted(expected["excerpt"])
    latest = session.latest[session.latest["user_supplied"]]
    assert latest["excerpt"].tolist() == ["分析员的摘录"]


def test_every_page_renders_with_lazy_excerpts(lazy, data_copy, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from civdash.i18n import PAGE_KEYS

    monkeypatch.setenv("CIVDASH_DATA_DIR", str(data_copy))
    for page in PAGE_KEYS:
        app = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=120)
        if page != "overview":
            app.switch_page(f"pages/{page}.py")
        app.run()
        assert not app.exception, (page, app.exception)
    dataset = loader.cached_dataset(str(data_copy))
    assert isinstance(dataset.facts["excerpt"].array, LazyTextArray)


def test_read_rows_follows_the_order_asked(tmp_path):
    path = tmp_path / "numbers.parquet"
    pq.write_table(pa_table(pd.DataFrame({"n": np.arange(50)})), path, row_group_size=7)
    rows = np.array([49, 0, 8, 7, 48, 8])
    assert store.read_rows(path, rows, "n").tolist() == rows.tolist()


def test_loaded_excerpts_survive_a_repackaging_and_travel_to_workers(lazy, data_copy, monkeypatch):
    import pickle

    # Many small groups and no cache beyond the last group: reads after the rewrite hit the file.
    monkeypatch.setattr(store, "ON_DEMAND_GROUP_ROWS", 50)
    monkeypatch.setattr(store, "CACHED_GROUP_BYTES", 0)
    loader.write_store(data_copy)
    dataset = loader.load_dataset(data_copy)
    before = dataset.facts["excerpt"].astype(str).tolist()
    # Re-packaging after a row was removed shifts every later row of the file under the app.
    path = data_copy / "observations.csv"
    lines = path.read_bytes().split(b"\n")
    path.write_bytes(b"\n".join(lines[:1] + lines[2:]))
    loader.write_store(data_copy)
    assert dataset.facts["excerpt"].astype(str).tolist() == before
    copied = pickle.loads(pickle.dumps(dataset.facts[["observation_id", "excerpt"]]))
    assert copied["excerpt"].astype(str).tolist() == before


def test_the_on_demand_copy_must_match_its_table(data_copy, tmp_path):
    excerpts = store.on_demand_path(data_copy, OBSERVATIONS, "excerpt")
    assert store.read_stamp(excerpts) == store.read_stamp(
        store.parquet_path(data_copy, OBSERVATIONS)
    )
    saved = excerpts.read_bytes()
    excerpts.unlink()
    assert store.stale_tables(data_copy) == {"observations": "missing"}
    # A copy written from another version of observations.csv is stale.
    other = tmp_path / "other"
    shutil.copytree(data_copy, other)
    edit_first_value(other)
    loader.write_store(other)
    shutil.copyfile(store.on_demand_path(other, OBSERVATIONS, "excerpt"), excerpts)
    assert store.stale_tables(data_copy) == {"observations": "stale"}
    excerpts.write_bytes(saved)
    assert store.stale_tables(data_copy) == {}
