"""Problems reach each page in its own language: upload range errors and the data-problem
banner (which names no Python command: the command goes to the operator's log)."""

from __future__ import annotations

import re
import shutil

import pandas as pd
import pytest

from civdash.data.loader import load_dataset
from civdash.data.uploads import validate_upload
from tests.conftest import REPO_ROOT, run_page

LATIN_WORDS = re.compile(r"[A-Za-z]{3,}(?:\s+[A-Za-z]{2,}){2,}")
CJK = re.compile(r"[\u3400-\u9fff]")


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(REPO_ROOT / "data")


@pytest.mark.parametrize(
    "row",
    [
        "330200,dibao_households,2013,-5",
        "330200,dibao_households,2013,3e9",
        "330200,welfare_lottery_sales,2013,30亿亿",
    ],
)
def test_upload_range_problems_read_in_chinese_on_the_zh_page(dataset, row):
    data = ("region_id,indicator_id,year,value\n" + row + "\n").encode()
    result = validate_upload(data, "obs.csv", dataset)
    value_problems = [p for p in result.report.problems if p.column == "value"]
    assert value_problems
    for problem in value_problems:
        zh, en = problem.text("zh"), problem.text("en")
        assert CJK.search(zh) and not LATIN_WORDS.search(zh), zh
        assert not CJK.search(en.replace("亿", "")) or "“" in en, en


@pytest.fixture
def broken_data(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    shutil.copytree(REPO_ROOT / "data", folder, ignore=shutil.ignore_patterns("parquet"))
    observations = pd.read_csv(folder / "observations.csv", dtype=str, keep_default_na=False)
    households = observations.index[observations["indicator_id"] == "dibao_households"][0]
    observations.loc[households, "value"] = "-5"
    observations.to_csv(folder / "observations.csv", index=False)
    monkeypatch.setenv("CIVDASH_DATA_DIR", str(folder))
    return folder


def test_the_data_problem_banner_is_translated_and_names_no_command(broken_data, caplog):
    shown = {}
    for lang in ("zh", "en"):
        app = run_page("overview", lang=lang)
        assert not app.exception
        shown[lang] = [item.value for item in app.warning]
    zh = [value for value in shown["zh"] if "数据检查" in value]
    en = [value for value in shown["en"] if "data check" in value]
    assert zh and en
    for value in zh + en:
        assert "python" not in value and "validate" not in value
    assert not LATIN_WORDS.search(zh[0])
    assert not CJK.search(en[0])
