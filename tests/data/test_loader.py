"""Loading and joining: lookups by category, shared derived results, user rows kept apart."""

import pandas as pd

from civdash.data import loader
from civdash.data.loader import load_dataset, lookup, with_user_rows


def test_lookup_matches_a_merge_and_keeps_missing_keys_missing():
    keys = pd.Series(["b", "a", "b", None, "c"], dtype="category")
    names = pd.Series({"a": "甲", "b": "乙"})
    looked_up = lookup(keys, names)
    assert isinstance(looked_up.dtype, pd.CategoricalDtype)
    assert looked_up.tolist()[:3] == ["乙", "甲", "乙"]
    assert looked_up.isna().tolist() == [False, False, False, True, True]
    flags = lookup(keys, pd.Series({"a": True, "b": False}, dtype="boolean"))
    assert str(flags.dtype) == "boolean" and flags.tolist()[:2] == [False, True]


def test_joined_facts_carry_names_of_their_ids(tiny_dataset):
    folder, _ = tiny_dataset
    facts = load_dataset(folder).facts
    ningbo = facts[facts["region_id"] == "330200"]
    assert set(ningbo["region_zh"].astype(str)) == {"宁波市"}
    assert set(ningbo["source_title"].astype(str)) == {"示例报告"}
    assert facts["unit"].notna().all()


def test_memo_computes_once_and_drops_the_least_recently_used(tiny_dataset, monkeypatch):
    folder, _ = tiny_dataset
    dataset = load_dataset(folder)
    calls = []
    assert dataset.memo(("k",), lambda: calls.append(1) or "v") == "v"
    assert dataset.memo(("k",), lambda: calls.append(1) or "w") == "v"
    assert calls == [1]
    monkeypatch.setattr(loader, "MEMO_ENTRIES", 3)
    for index in range(5):
        dataset.memo(("n", index), lambda index=index: index)
    assert dataset.memo(("n", 2), lambda: "recomputed") == 2  # a use makes it the most recent
    dataset.memo(("n", 5), lambda: 5)  # a fourth entry pushes out the least recent, ("n", 3)
    assert dataset.memo(("k",), lambda: "recomputed") == "recomputed"
    assert dataset.memo(("n", 3), lambda: "recomputed") == "recomputed"
    # Three entries fit: the two just computed and ("n", 5), used before them.
    assert dataset.memo(("n", 5), lambda: "recomputed") == 5
    assert dataset.memo(("n", 2), lambda: "recomputed") == "recomputed"


def test_user_rows_get_their_own_derived_results(tiny_dataset):
    folder, _ = tiny_dataset
    shared = load_dataset(folder)
    shared.memo(("count",), lambda: len(shared.facts))
    user = pd.DataFrame(
        {
            "region_id": ["330300"],
            "indicator_id": ["dibao_households"],
            "year": [2013],
            "value": [100.0],
            "qualifier": ["exact"],
            "value_as_written": ["100"],
            "source_id": ["user"],
            "excerpt": [""],
        }
    )
    session = with_user_rows(shared, user)
    assert session.memo(("count",), lambda: len(session.facts)) == len(shared.facts) + 1
    assert "330300" in session.reported_regions
    assert shared.memo(("count",), lambda: -1) == len(shared.facts)


def test_memo_survives_sessions_in_threads(tiny_dataset, monkeypatch):
    from concurrent.futures import ThreadPoolExecutor

    folder, _ = tiny_dataset
    dataset = load_dataset(folder)
    monkeypatch.setattr(loader, "MEMO_ENTRIES", 16)

    def keys(worker: int) -> list[int]:
        return [(worker * 7 + step) % 40 for step in range(500)]

    def work(worker: int) -> list[int]:
        # 40 keys through 16 places: entries are dropped and recomputed while others read.
        return [dataset.memo(("n", key), lambda key=key: key * key) for key in keys(worker)]

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(work, range(8)))
    for worker, values in enumerate(results):
        assert values == [key * key for key in keys(worker)]


def test_latest_in_stored_order_matches_the_general_rule(tiny_dataset):
    folder, _ = tiny_dataset
    dataset = load_dataset(folder)
    extra = dataset.facts.iloc[[0]].assign(year=2099, user_supplied=True)
    facts = loader._finish_facts(pd.concat([dataset.facts, extra], ignore_index=True))
    assert loader.in_order(facts, ["indicator_id", "region_id", "year"])
    shuffled = facts.sample(frac=1, random_state=3)
    assert not loader.in_order(shuffled, ["indicator_id", "region_id", "year"])
    pd.testing.assert_frame_equal(loader.latest_values(facts), loader.latest_values(shuffled))
    assert 2099 in set(loader.latest_values(facts)["year"])
