"""Several files in one upload: detected per file, checked together, merged all or nothing."""

from __future__ import annotations

import csv
import io
import shutil

import pytest

from civdash.cli import main
from civdash.data.loader import load_dataset, sources_dir
from civdash.data.validate import validate_dataset
from civdash.i18n import text
from civdash.views import contribute as contribute_view
from civdash.workbench import review as workbench
from civdash.workbench.bundle import read_bundle
from tests.conftest import REPO_ROOT


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(REPO_ROOT / "data")


def table(city: str, beds: str) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(
        [
            [f"{city}2024年第四季度民政统计季报"],
            ["指标名称", "单位", "数量"],
            ["养老机构床位", "万张", beds],
            ["基金会", "个", "40"],
        ]
    )
    return buffer.getvalue().encode("utf-8")


def reads(dataset):
    tables = contribute_view.extraction_tables(dataset)
    return [
        (name, workbench.read_file(name, raw, None, None, tables))
        for name, raw in (
            ("hz.csv", table("杭州市", "6.8")),
            ("lishui.csv", table("丽水市", "1.6")),
        )
    ]


def shared():
    return contribute_view.Shared(
        "浙江省民政厅", "Zhejiang Civil Affairs Department", "2025-02", "zh-Hans", ""
    )


def test_each_file_gets_its_region_year_kind_and_an_unused_source_id(dataset):
    files = contribute_view.file_rows(reads(dataset), dataset, "zh")
    assert files["region"].tolist() == ["杭州市", "丽水市"]
    assert files["year"].tolist() == [2024, 2024]
    assert files["kind"].tolist() == ["统计报表", "统计报表"]
    assert files["source_id"].tolist() == [
        "330100_2024_statistical_table",
        "331100_2024_statistical_table",
    ]


def test_two_files_one_bundle_that_add_merges(dataset, tmp_path):
    read = reads(dataset)
    lookups = contribute_view.lookups(dataset, "zh", [])
    files = contribute_view.file_rows(read, dataset, "zh")
    forms = contribute_view.forms_for(files, shared(), lookups, "zh")
    review = workbench.review_frame(
        read, lookups, {}, contribute_view.indicator_units(dataset, []), "zh"
    )
    assert review["accept"].all()  # every cell is certain: unit column, crosswalk row, year
    texts = {name: report.text for name, report in read}
    check = contribute_view.check_many(forms, review, texts, lookups, [], "zh")
    assert check.problems is None and check.bundle, check.problems
    bundle = read_bundle(check.bundle)
    observations = bundle.tables["observations"]
    assert sorted(zip(observations["region_id"], observations["value"], strict=True)) == [
        ("330100", "40"),
        ("330100", "68000"),
        ("331100", "16000"),
        ("331100", "40"),
    ]
    data, sources = tmp_path / "data", tmp_path / "sources"
    shutil.copytree(REPO_ROOT / "data", data, ignore=shutil.ignore_patterns("sources"))
    shutil.copytree(sources_dir(), sources)
    path = tmp_path / "bundle.zip"
    path.write_bytes(check.bundle)
    assert main(["add", str(path), "--data", str(data), "--sources", str(sources)]) == 0
    assert validate_dataset(data, sources).errors == []


def test_two_files_with_one_source_id_are_refused(dataset):
    read = reads(dataset)
    lookups = contribute_view.lookups(dataset, "en", [])
    files = contribute_view.file_rows(read, dataset, "en")
    files["source_id"] = "same_id_twice"
    forms = contribute_view.forms_for(files, shared(), lookups, "en")
    review = workbench.review_frame(read, lookups, {}, {}, "en")
    texts = {name: report.text for name, report in read}
    check = contribute_view.check_many(forms, review, texts, lookups, [], "en")
    assert check.error == text("contribute.duplicate_source_id", "en") and check.bundle is None
