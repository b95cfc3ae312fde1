"""datapackage.json is current, describes every table, and validates with frictionless."""

import io
import json
import zipfile

from civdash.core.vocab import ALL_TABLES, TABLES
from civdash.data.package import build_descriptor, package_zip, source_entries
from tests.conftest import REPO_ROOT

DATA = REPO_ROOT / "data"


def test_committed_descriptor_is_current():
    committed = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    assert committed == build_descriptor(source_entries(DATA))


def test_descriptor_has_keys_enums_and_licence():
    descriptor = build_descriptor()
    resources = {resource["name"]: resource for resource in descriptor["resources"]}
    assert set(resources) == {table.name for table in ALL_TABLES}
    observations = resources["observations"]["schema"]
    assert observations["primaryKey"] == ["observation_id"]
    assert {key["fields"] for key in observations["foreignKeys"]} == {
        "region_id",
        "indicator_id",
        "source_id",
    }
    unit = next(f for f in resources["indicators"]["schema"]["fields"] if f["name"] == "unit")
    assert "yuan" in unit["constraints"]["enum"]
    assert descriptor["licenses"]


def test_frictionless_validates_the_package():
    from frictionless import Package

    report = Package(str(DATA / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_frictionless_catches_a_broken_foreign_key(tmp_path):
    from frictionless import Package

    for path in DATA.iterdir():
        if path.is_file():
            (tmp_path / path.name).write_bytes(path.read_bytes())
    text = (tmp_path / "observations.csv").read_text(encoding="utf-8").splitlines()
    header = text[0].split(",")
    first = text[1].split(",")
    first[header.index("region_id")] = "999999"
    text[1] = ",".join(first)
    (tmp_path / "observations.csv").write_text("\n".join(text) + "\n", encoding="utf-8")
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert not report.valid


def test_zip_holds_csvs_descriptor_and_readme():
    archive = zipfile.ZipFile(io.BytesIO(package_zip(DATA)))
    names = {name.split("/", 1)[1] for name in archive.namelist()}
    assert {table.file for table in TABLES} | {"datapackage.json", "README.md"} <= names
    assert package_zip(DATA) == package_zip(DATA)


def test_zip_is_self_contained_and_validates_unzipped(tmp_path):
    """Someone with only the zip has the texts, valid source paths and a passing package."""
    from frictionless import Package

    archive = zipfile.ZipFile(io.BytesIO(package_zip(DATA)))
    archive.extractall(tmp_path)
    root = tmp_path / "civil-affairs-data"
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    assert len(descriptor["sources"]) == 5
    for entry in descriptor["sources"]:
        text = root / entry["path"]
        assert text.is_file(), entry["path"]
        assert text.read_bytes() == (DATA / entry["path"]).read_bytes()
    report = Package(str(root / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert "shared" not in readme and "seeds" not in readme
    assert "frictionless validate datapackage.json" in readme


def test_citation_carries_the_release_not_today():
    from civdash.data.package import DATA_VERSION, RELEASED, release

    descriptor = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["version"] == DATA_VERSION
    assert descriptor["created"].startswith(RELEASED)
    assert release(DATA) == (DATA_VERSION, RELEASED)


def test_committed_parquet_copies_are_current():
    """`python -m civdash package` was run after the last CSV edit (as for datapackage.json)."""
    from civdash.data import store

    assert store.stale_tables(DATA) == {}
    assert {path.name for path in store.parquet_folder(DATA).iterdir()} == {
        path.name for table in TABLES for path in store.table_files(DATA, table)
    }
    assert "observations.excerpt.parquet" in {
        path.name for path in store.parquet_folder(DATA).iterdir()
    }
