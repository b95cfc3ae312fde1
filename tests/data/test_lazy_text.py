"""A lazy text column behaves like text under the pandas operations pages use."""

from __future__ import annotations

import pickle

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from civdash.data.lazy_text import LazyTextArray, LazyTextDtype

TEXTS = [f"第{index}条摘录" for index in range(30)]


@pytest.fixture
def frame(tmp_path):
    """Thirty rows whose `excerpt` stays in a Parquet file of 4-row groups."""
    path = tmp_path / "texts.parquet"
    pq.write_table(pa.table({"excerpt": TEXTS}), path, row_group_size=4)
    return pd.DataFrame(
        {
            "key": range(30),
            "group": [index % 3 for index in range(30)],
            "excerpt": LazyTextArray.stored(path, "excerpt", len(TEXTS)),
        }
    )


def test_filtering_sorting_and_taking_keep_each_row_with_its_text(frame):
    assert isinstance(frame["excerpt"].dtype, LazyTextDtype)
    picked = frame[frame["group"] == 1].sort_values("key", ascending=False)
    assert isinstance(picked["excerpt"].array, LazyTextArray)
    assert picked["excerpt"].tolist() == [TEXTS[key] for key in picked["key"]]
    assert frame["excerpt"].iloc[7] == TEXTS[7]
    last = frame.groupby("group").tail(1)
    assert dict(zip(last["key"], last["excerpt"], strict=True)) == {
        key: TEXTS[key] for key in (27, 28, 29)
    }


def test_reading_out_gives_plain_text_everywhere(frame):
    rows = frame.iloc[[2, 9]]
    assert rows["excerpt"].astype(str).tolist() == [TEXTS[2], TEXTS[9]]
    assert rows["excerpt"].astype(object).tolist() == [TEXTS[2], TEXTS[9]]
    assert list(rows["excerpt"].to_numpy()) == [TEXTS[2], TEXTS[9]]
    assert [row["excerpt"] for row in rows.to_dict("records")] == [TEXTS[2], TEXTS[9]]
    assert pa.Table.from_pandas(rows)["excerpt"].to_pylist() == [TEXTS[2], TEXTS[9]]
    assert rows.to_csv(index=False).splitlines()[1].endswith(TEXTS[2])
    assert (rows["excerpt"] == TEXTS[9]).tolist() == [False, True]


def test_concatenating_plain_text_keeps_the_column_lazy_and_the_new_texts(frame):
    added = pd.DataFrame({"key": [30], "group": [0], "excerpt": ["新的摘录"]})
    both = pd.concat([frame.iloc[:3], added], ignore_index=True)
    assert isinstance(both["excerpt"].array, LazyTextArray)
    assert both["excerpt"].tolist() == TEXTS[:3] + ["新的摘录"]
    twice = pd.concat([both, both], ignore_index=True)
    assert twice["excerpt"].tolist() == (TEXTS[:3] + ["新的摘录"]) * 2


def test_missing_rows_read_as_missing_and_fill(frame):
    widened = frame.set_index("key").reindex([0, 99, 1])
    assert widened["excerpt"].isna().tolist() == [False, True, False]
    assert widened["excerpt"].fillna("").tolist() == [TEXTS[0], "", TEXTS[1]]
    assert widened["excerpt"].astype(object).fillna("").tolist() == [TEXTS[0], "", TEXTS[1]]


def test_a_pickled_copy_carries_its_texts(frame):
    copied = pickle.loads(pickle.dumps(frame.iloc[[5, 6]]))
    assert copied["excerpt"].tolist() == TEXTS[5:7]
