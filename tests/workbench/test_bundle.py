"""Contribution bundles: built from reviewed rows, merged all or nothing, conflicts refused."""

import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from civdash.cli import main
from civdash.data import store
from civdash.data.loader import sources_dir
from civdash.data.validate import validate_dataset
from civdash.workbench.bundle import BundleError, build_bundle, read_bundle
from tests.conftest import CONTRIBUTION_ROWS as ROWS
from tests.conftest import CONTRIBUTION_SOURCE as SOURCE
from tests.conftest import CONTRIBUTION_TEXT as TEXT
from tests.conftest import REPO_ROOT
from tests.conftest import contribution_observation as observation


@pytest.fixture
def workspace(tmp_path) -> tuple[Path, Path]:
    """A copy of data/ and of the report texts that a test may change."""
    data, sources = tmp_path / "data", tmp_path / "sources"
    shutil.copytree(REPO_ROOT / "data", data, ignore=shutil.ignore_patterns("sources"))
    shutil.copytree(sources_dir(), sources)
    return data, sources


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}


def add(bundle_path: Path, data: Path, sources: Path) -> int:
    return main(["add", str(bundle_path), "--data", str(data), "--sources", str(sources)])


def test_bundle_holds_text_and_rows_with_ids():
    bundle = read_bundle(build_bundle(SOURCE, TEXT, ROWS))
    assert bundle.texts == {SOURCE["file"]: TEXT.encode("utf-8")}
    observations = bundle.tables["observations"]
    assert observations["observation_id"].tolist()[0] == (
        "quzhou_2014_test_summary:330800:elderly_care_beds:2014"
    )
    assert observations["value"].tolist() == ["15200", "300"]  # no 15200.0


def test_add_merges_into_a_copy_of_data_that_then_validates(workspace, tmp_path, capsys):
    data, sources = workspace
    before = snapshot(data)
    path = tmp_path / "bundle.zip"
    path.write_bytes(build_bundle(SOURCE, TEXT, ROWS))
    assert add(path, data, sources) == 0
    assert "added 1 sources, 2 observations" in capsys.readouterr().out
    after = snapshot(data)
    # Existing rows keep their bytes: the new rows are appended.
    assert after["observations.csv"].startswith(before["observations.csv"])
    assert (sources / SOURCE["file"]).read_text(encoding="utf-8") == TEXT
    assert SOURCE["file"] in after["datapackage.json"].decode("utf-8")
    assert validate_dataset(data, sources).errors == []
    # The Parquet copies follow the merged CSVs, so the app keeps loading the fast path.
    assert store.stale_tables(data) == {}
    merged = pd.read_csv(data / "observations.csv", dtype=str)
    assert set(merged["source_id"]) >= {SOURCE["source_id"]}
    # A second add of the same bundle changes nothing.
    assert add(path, data, sources) == 0
    assert "nothing changed" in capsys.readouterr().out
    assert snapshot(data) == after


def test_a_conflicting_bundle_changes_nothing_and_lists_the_conflict(workspace, tmp_path, capsys):
    data, sources = workspace
    first = tmp_path / "first.zip"
    first.write_bytes(build_bundle(SOURCE, TEXT, ROWS))
    assert add(first, data, sources) == 0
    capsys.readouterr()
    before = snapshot(data)
    changed = [dict(ROWS[0], value=15300, value_as_written="15300")]
    second = tmp_path / "second.zip"
    second.write_bytes(build_bundle(SOURCE, TEXT.replace("15200", "15300"), changed))
    assert add(second, data, sources) == 1
    err = capsys.readouterr().err
    assert "conflict" in err and "elderly_care_beds" in err and "nothing changed" in err
    assert snapshot(data) == before


def test_rows_that_fail_the_validator_change_nothing(workspace, tmp_path, capsys):
    data, sources = workspace
    before = snapshot(data)
    bad = [observation("elderly_care_beds", 15200, "15200", "这句话不在原文里15200张")]
    path = tmp_path / "bad.zip"
    path.write_bytes(build_bundle(SOURCE, TEXT, bad))
    assert add(path, data, sources) == 1
    assert "verbatim" in capsys.readouterr().err
    assert snapshot(data) == before
    assert not (sources / SOURCE["file"]).exists()


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"../evil.csv": b"x"}, "unsafe path"),
        ({"observations.csv": b"a\n"}, "needs sources.csv"),
        ({"sources.csv": b"a\n", "observations.csv": b"a\n", "run.py": b"x"}, "unexpected file"),
    ],
)
def test_hostile_bundles_are_refused(tmp_path, members, message):
    path = tmp_path / "hostile.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    with pytest.raises(BundleError, match=message):
        read_bundle(path.read_bytes())


def test_add_refuses_a_file_that_is_not_a_zip(tmp_path, capsys):
    path = tmp_path / "not.zip"
    path.write_text("hello")
    assert add(path, tmp_path, tmp_path) == 2
    assert "not a zip" in capsys.readouterr().err
